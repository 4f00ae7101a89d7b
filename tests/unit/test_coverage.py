"""包联 and coverage (domain.coverage, services.coverage): periods, the verdict, the hub's rule and liaisons
travelling to a laptop, and the list of enterprises due, overdue or visited often without an open issue."""

from __future__ import annotations

from datetime import date

import pytest

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.coverage import CoveragePeriod, CoverageSpec, CoverageState, period_of, previous_period, verdict
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.storage.models import Visit
from sync_helpers import enrol, make_hub
from test_sync_order import exchange

Q = CoveragePeriod.QUARTER


def test_periods():
    assert period_of(date(2026, 11, 15), Q) == (date(2026, 10, 1), date(2026, 12, 31))
    assert previous_period(date(2026, 1, 5), Q) == (date(2025, 10, 1), date(2025, 12, 31))
    assert period_of(date(2024, 2, 10), CoveragePeriod.MONTH) == (date(2024, 2, 1), date(2024, 2, 29))
    assert period_of(date(2026, 7, 1), CoveragePeriod.YEAR) == (date(2026, 1, 1), date(2026, 12, 31))


def test_verdict_and_validation():
    spec = CoverageSpec("每季度一次", Q, 1, True, 4)
    assert verdict(spec, 0, 1, 0) is CoverageState.DUE
    assert verdict(spec, 0, 0, 2) is CoverageState.OVERDUE
    assert verdict(spec, 4, 0, 0) is CoverageState.OFTEN
    assert verdict(spec, 4, 0, 1) is CoverageState.COVERED  # 有事就到: visits for an open issue are not "often"
    with pytest.raises(DomainError):
        CoverageSpec("x", Q, 2, True, 2).validate()


def _enterprise(svc, n: int, above: bool) -> str:
    return svc.enterprises.add(EnterpriseForm(name=f"尉氏县覆盖{n}有限公司", township="城关镇", above_size=above,
                                              credit_code=creditcode.make_code("9", "1", "410223", f"MC{900 + n:06d}")))


def _visits(svc, eid: str, *days: date) -> None:
    with svc.db.session() as s:
        for d in days:
            s.add(Visit(enterprise_id=eid, visit_date=d, visit_type="problem_collection", state="final",
                        created_by=svc.device.device_id, updated_by=svc.device.device_id))


def test_coverage_list_at_the_hub_and_on_a_laptop(tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "笔记本")
    try:
        a, b, c, d, small = (_enterprise(hub, n, n < 4) for n in range(5))
        _visits(hub, a, date(2026, 10, 20))  # covered this quarter
        _visits(hub, b, date(2026, 8, 1))  # last quarter only: due
        _visits(hub, d, *(date(2026, 10, k) for k in (1, 8, 15, 22, 29, 30)))  # six times, no open issue
        _visits(hub, small, date(2026, 1, 1))  # not above-size: outside the rule
        team = hub.teams.list()[0]
        hub.coverage.set_liaison(c, team.id)
        report = hub.coverage.report(date(2026, 11, 2))
        states = {r.enterprise_id: r.state for r in report.rows}
        assert states == {b: CoverageState.DUE, c: CoverageState.OVERDUE, d: CoverageState.OFTEN}
        assert report.counts == {"covered": 1, "due": 1, "overdue": 1, "often": 1}
        assert [r.enterprise_id for r in hub.coverage.report(date(2026, 11, 2), team.id).rows] == [c]
        with pytest.raises(DomainError, match="县级中心"):
            lap.coverage.set_liaison(a, team.id)
        exchange(stick, hub, [lap])
        mine = lap.coverage.report(date(2026, 11, 2))
        assert mine.rule == report.rule and {r.enterprise_id: r.state for r in mine.rows} == states
        assert next(r for r in mine.rows if r.enterprise_id == c).liaison_team == team.name
    finally:
        hub.close()
        lap.close()


def test_visit_plan_made_at_the_hub_shows_on_the_laptop(tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "笔记本")
    try:
        team = next(t for t in hub.teams.list() if t.name == "金融专业一米团")
        a, b, c = (_enterprise(hub, 10 + n, True) for n in range(3))
        with hub.db.session() as s:
            s.add(Visit(enterprise_id=a, visit_date=date(2026, 12, 3), visit_type="problem_collection", state="final",
                        team_id=team.id, created_by=hub.device.device_id, updated_by=hub.device.device_id))
        hub.plans.set_plan(team.id, "2026-12", [a, b, c])
        view = hub.plans.set_plan(team.id, "2026-12", [a, b])  # c taken off again
        assert {r.enterprise_id for r in view.rows} == {a, b}
        assert view.done == 1 and len(view.rows) == 2
        with pytest.raises(DomainError, match="县级中心"):
            lap.plans.set_plan(team.id, "2026-12", [a])
        with pytest.raises(DomainError, match="YYYY-MM"):
            hub.plans.plan(team.id, "2026-13")
        exchange(stick, hub, [lap])
        mine = lap.plans.plan(team.id, "2026-12")
        assert {r.enterprise_id: r.visited_on for r in mine.rows} == {a: date(2026, 12, 3), b: None}
        hub.plans.set_plan(team.id, "2026-12", [a, b, c])  # c back on the plan: the same record, active again
        exchange(stick, hub, [lap])
        assert len(lap.plans.plan(team.id, "2026-12").rows) == 3
    finally:
        hub.close()
        lap.close()
