"""督办 across devices: the calendar and the rules travel from the hub, every replica shows the same stage
deadlines, an extension asked on a laptop and approved at the hub moves the deadline everywhere, and
concurrent acts on two devices converge to one state (the fold in hybrid-clock order)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.rules import StageKind
from yimi_desktop.domain.vocabulary import IssueStatus, Satisfaction
from yimi_desktop.domain.workdays import CalendarMissing
from yimi_desktop.services.context import Services
from yimi_desktop.services.issues import IssueQuery
from sync_helpers import enrol, make_hub
from test_sync_order import add_enterprise, exchange

S = IssueStatus
TUE = date(2026, 9, 29)  # the Tuesday before National Day 2026


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def _hub(tmp_path: Path) -> Services:
    hub = make_hub(tmp_path)
    if 2026 not in hub.calendar.years():  # seeded for the current and next year; these tests need 2026
        hub.calendar.import_year(2026)
    return hub


def _issue(svc: Services, n: int) -> str:
    cat = next(c for c in svc.categories.list() if c.code == "funds")
    return svc.issues.raise_issue(add_enterprise(svc, n), cat.id, f"流动资金短缺{n}", on=date(2026, 9, 28))


def _team(svc: Services, name: str) -> str:
    return next(t.id for t in svc.teams.list() if t.name == name)


def _stages(svc: Services, iid: str) -> list[tuple[StageKind, date]]:
    row = svc.issues.get(iid, TUE)
    return [(st.kind, st.due) for st in row.duty.stages]


def test_13710_before_national_day_reads_the_same_on_every_laptop(tmp_path, stick):
    hub = _hub(tmp_path)
    a, b = enrol(hub, tmp_path, "笔记本甲"), enrol(hub, tmp_path, "笔记本乙")
    try:
        assert 2026 in a.calendar.years() and [r.code for r in a.calendar.rules()] == \
            [r.code for r in hub.calendar.rules()]
        iid = _issue(hub, 1)
        hub.issues.assign(iid, _team(hub, "金融专业一米团"), on=TUE, rule="13710",
                          co_team_ids=(_team(hub, "人社专业一米团"),))
        exchange(stick, hub, [a, b])
        want = [(StageKind.TRANSFER, date(2026, 9, 30)), (StageKind.PROGRESS, date(2026, 10, 9)),
                (StageKind.RESOLVE, date(2026, 10, 14))]  # 1-7 October off, Saturday 10 October works
        for svc in (hub, a, b):
            assert _stages(svc, iid) == want
            row = svc.issues.get(iid, date(2026, 10, 8))
            assert row.deadline == date(2026, 10, 14) and row.duty.co_teams == ("人社专业一米团",)
            assert row.duty.current.kind is StageKind.TRANSFER and row.duty.current.workdays_left == -1
            assert row.duty.countdown() == "转办 超期1个工作日"
        assert len({s.sync.digest() for s in (hub, a, b)}) == 1
        # the ledger PDF names 主办 and 协办, and marks the escalation
        b.issues.escalate(iid, "企业多次反映", on=date(2026, 10, 9))
        pdf = b.reports.ledger(IssueQuery(), tmp_path / "ledger.pdf")
        # -raw: in drawing order, so a cell's wrapped lines follow each other; joined without the line breaks
        text = "".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout.split())
        assert "主办：金融专业一米团" in text and "协办：人社专业一米团" in text and "升级督办" in text, text
    finally:
        for s in (hub, a, b):
            s.close()


def test_hub_calendar_edits_travel_and_a_laptop_cannot_edit(tmp_path, stick):
    hub = _hub(tmp_path)
    lap = enrol(hub, tmp_path, "笔记本")
    try:
        hub.calendar.set_day(date(2026, 10, 12), False, "县里临时调整")
        exchange(stick, hub, [lap])
        cal = lap.calendar.calendar()
        assert not cal.is_workday(date(2026, 10, 12)) and cal.is_workday(date(2026, 10, 10))
        with pytest.raises(DomainError, match="县级中心"):
            lap.calendar.set_day(date(2026, 10, 13), False)
        with pytest.raises(DomainError, match="县级中心"):
            lap.calendar.set_rule("自定", "resolve:5")
    finally:
        hub.close()
        lap.close()


def test_a_laptop_without_next_years_calendar_says_so(tmp_path, stick):
    hub = _hub(tmp_path)
    lap = enrol(hub, tmp_path, "笔记本")
    try:
        iid = _issue(lap, 2)
        year = max(lap.calendar.years()) + 1
        with pytest.raises(CalendarMissing, match=str(year)):
            lap.issues.assign(iid, _team(lap, "金融专业一米团"), on=date(year - 1, 12, 24), rule="general")
        assert lap.issues.get(iid).status is S.NEW  # nothing written
        # planned within the year it holds; counted down on a day of the year it lacks: said, not guessed
        lap.issues.assign(iid, _team(lap, "金融专业一米团"), on=date(year - 1, 12, 1), rule="general")
        row = lap.issues.get(iid, date(year, 1, 5))
        assert row.duty.current.workdays_left is None and row.duty.current.missing_year == year
        assert f"日历缺 {year} 年" in row.duty.countdown()
        # a deadline typed by hand stays a calendar date, shown as before
        other = _issue(lap, 3)
        row = lap.issues.assign(other, _team(lap, "金融专业一米团"), date(year, 1, 8), on=date(year - 1, 12, 24))
        assert row.duty is None and row.deadline == date(year, 1, 8)
    finally:
        hub.close()
        lap.close()


def test_extension_asked_on_a_laptop_and_approved_at_the_hub_moves_the_deadline_everywhere(tmp_path, stick):
    hub = _hub(tmp_path)
    lap, other = enrol(hub, tmp_path, "笔记本"), enrol(hub, tmp_path, "其他")
    try:
        iid = _issue(hub, 3)
        hub.issues.assign(iid, _team(hub, "金融专业一米团"), on=TUE, rule="general")
        exchange(stick, hub, [lap, other])
        lap.issues.request_extension(iid, date(2026, 10, 30), "需银行总行审批", on=date(2026, 10, 9))
        with pytest.raises(DomainError, match="县级中心"):
            lap.issues.approve_extension(iid, hub=False)
        exchange(stick, hub, [lap, other])
        assert hub.issues.get(iid).duty.extension_to == date(2026, 10, 30)
        hub.issues.approve_extension(iid, on=date(2026, 10, 12))
        exchange(stick, hub, [lap, other])
        for svc in (hub, lap, other):
            row = svc.issues.get(iid, TUE)
            assert row.deadline == date(2026, 10, 30) and row.duty.extended and row.duty.extension_to is None
            assert [e.kind.zh for e in svc.issues.history(iid)][-2:] == ["延期申请", "批准延期"]
    finally:
        for s in (hub, lap, other):
            s.close()


def test_concurrent_approval_and_resolution_and_reassignments_converge(tmp_path, stick):
    hub = _hub(tmp_path)
    a, b = enrol(hub, tmp_path, "甲"), enrol(hub, tmp_path, "乙")
    try:
        one, two = _issue(hub, 4), _issue(hub, 5)
        for iid in (one, two):
            hub.issues.assign(iid, _team(hub, "金融专业一米团"), on=TUE, rule="general")
        exchange(stick, hub, [a, b])
        a.issues.request_extension(one, date(2026, 10, 30), "等材料", on=date(2026, 10, 9))
        exchange(stick, hub, [a, b])
        # at the same time: the hub approves the extension, laptop 乙 (not yet told) resolves the issue
        hub.issues.approve_extension(one, on=date(2026, 10, 12))
        b.issues.resolve(one, "已发放贷款", on=date(2026, 10, 12))
        # two laptops reassign the same issue to different teams, and one escalates it
        a.issues.reassign(two, _team(a, "人社专业一米团"), "属用工问题", on=date(2026, 10, 9), rule="general")
        b.issues.reassign(two, _team(b, "科技工信专业一米团"), "属技改问题", on=date(2026, 10, 9), rule="general")
        b.issues.escalate(two, "企业多次反映", on=date(2026, 10, 9))
        a.issues.escalate(two, "超期", on=date(2026, 10, 9))  # both escalate at once: one takes effect
        exchange(stick, hub, [a, b], rounds=3)
        states = [(s.issues.get(one).status, s.issues.get(one).deadline, s.issues.get(two).team,
                   s.issues.get(two).duty.escalated_on, s.sync.digest()) for s in (hub, a, b)]
        assert len(set(states)) == 1, states
        st = states[0]
        assert st[0] is S.RESOLVED and st[2] in ("人社专业一米团", "科技工信专业一米团")
        assert st[3] == date(2026, 10, 9)
        assert hub.issues.get(two).duty.escalation_reason in ("企业多次反映", "超期")
        # every act is in every timeline, the one that lost too
        assert sum(e.kind.zh == "改派" for e in hub.issues.history(two)) == 2
        # the escalation that came second in causal order did not take effect, and says why, on every replica
        lost = [[e.refusal.zh for e in s.issues.history(two) if e.refusal] for s in (hub, a, b)]
        assert lost[0] == lost[1] == lost[2] and lost[0] == ["该诉求已升级督办。"]
        # a satisfied follow-up, then 销号, read everywhere
        hub.issues.follow_up(one, Satisfaction.SATISFIED, "电话回访", on=date(2026, 10, 13))
        hub.issues.close_off(one, on=date(2026, 10, 14))
        exchange(stick, hub, [a, b])
        assert {s.issues.get(one).duty.closed_on for s in (hub, a, b)} == {date(2026, 10, 14)}
    finally:
        for s in (hub, a, b):
            s.close()


def test_a_rule_asking_extensions_a_working_day_ahead(tmp_path):
    hub = _hub(tmp_path)
    try:
        iid = _issue(hub, 6)
        row = hub.issues.assign(iid, _team(hub, "金融专业一米团"), on=TUE, rule="lead_support",
                                co_team_ids=(_team(hub, "人社专业一米团"),))
        assert row.deadline == date(2026, 10, 14)
        with pytest.raises(DomainError, match="至少 1 个工作日"):
            hub.issues.request_extension(iid, date(2026, 10, 30), "来不及", on=date(2026, 10, 14))
        assert len(hub.issues.history(iid)) == 2  # nothing written
        row = hub.issues.request_extension(iid, date(2026, 10, 30), "需协调", on=date(2026, 10, 13))
        assert row.duty.extension_to == date(2026, 10, 30)
    finally:
        hub.close()


def _nth_workday_after(day: date, n: int) -> date:
    """Independently of domain.workdays: the package's own is_workday, day by day."""
    import chinese_calendar
    from datetime import timedelta
    while n:
        day += timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


def test_xuchang_resolve_in_15_working_days_at_most_30(tmp_path, stick):
    """许昌: 办结 within 15 working days, at most 30: an extension past the 30th working day is refused, on the
    laptop that asks, at the hub that approves, and in the fold wherever the request arrives."""
    hub = _hub(tmp_path)
    lap = enrol(hub, tmp_path, "笔记本")
    try:
        iid = _issue(hub, 7)
        row = hub.issues.assign(iid, _team(hub, "金融专业一米团"), on=TUE, rule="xuchang")
        cap = _nth_workday_after(TUE, 30)
        assert row.deadline == _nth_workday_after(TUE, 15)
        assert dict(_stages(hub, iid))[StageKind.CAP] == cap
        assert row.duty.current.kind is StageKind.TRANSFER  # the cap is never the stage counted down
        exchange(stick, hub, [lap])
        with pytest.raises(DomainError, match="最长时限"):
            lap.issues.request_extension(iid, date(2026, 12, 31), "来不及", on=date(2026, 10, 9))
        assert len(lap.issues.history(iid)) == 2  # nothing written
        lap.issues.request_extension(iid, cap, "需协调", on=date(2026, 10, 9))
        exchange(stick, hub, [lap])
        with pytest.raises(DomainError, match="最长时限"):  # the hub granting a later date than the rule allows
            hub.issues.approve_extension(iid, on=date(2026, 10, 12), to=date(2026, 12, 31))
        hub.issues.approve_extension(iid, on=date(2026, 10, 12))
        exchange(stick, hub, [lap])
        assert {s.issues.get(iid).deadline for s in (hub, lap)} == {cap}
    finally:
        hub.close()
        lap.close()


def test_a_rule_whose_cap_is_shorter_than_its_resolve_time_is_refused(tmp_path):
    from yimi_desktop.domain.rules import RuleInvalid, parse_stages
    with pytest.raises(RuleInvalid, match="最长时限"):
        parse_stages("resolve:15,cap:10")
    assert [s.kind for s in parse_stages("transfer:3,resolve:15,最长时限:30")][-1] is StageKind.CAP
