"""The figures from maintained counters (migration 0020, storage/counts.py) equal the counts over the
tables after every kind of write: inserts, voids, un-voids, status changes, deletes (tombstones), sync
imports both ways, on both replicas; the CLI's read-only sqlite3 path gives the same figures; the
unacknowledged count from the version vectors equals the count of the log's rows; an upgrade from the
previous revision with unsynced work counts what it holds and keeps counting."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, time, timedelta

from sync_helpers import enrol, make_hub

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm, OfficerForm, PolicyForm
from yimi_desktop.domain.visits import RaisedIssue, VisitForm
from yimi_desktop.domain.vocabulary import Satisfaction
from yimi_desktop.services.context import open_services
from yimi_desktop.services.issues import IssueQuery
from yimi_desktop.services.quick import quick_stats
from yimi_desktop.storage import counts
from yimi_desktop.storage.database import head_revision
from yimi_desktop.storage.models import Enterprise, Policy, Team
from yimi_desktop.sync.acks import first_unacked_at
from yimi_desktop.sync.log import VIEW
from yimi_desktop.sync.merge import common_ack, count_unacked, unacked_sql

TODAY = date.today()


def _code(n: int) -> str:
    return creditcode.make_code("9", "1", "410223", f"CT{n:06d}")


def _equal(svc) -> None:
    """Counters, the scan over the tables and the read-only path: the same figures, for two days."""
    for day in (TODAY, TODAY - timedelta(days=40)):
        kept = svc.stats.compute(day)
        assert kept == svc.stats.scanned(day), day
        assert quick_stats(svc.db.path, day) == kept


def _scanned_unacked(svc, acked: dict[str, int]) -> int:
    where, params = unacked_sql(acked)
    with svc.db.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {VIEW} WHERE {where}", tuple(params)).scalar())


def _earliest_unacked(svc, acked: dict[str, int]):
    """The stamp of the earliest change lacked, as the minimum over every change lacked (the definition)."""
    from datetime import datetime, timezone

    from yimi_desktop.sync import hlc

    where, params = unacked_sql(acked)
    with svc.db.engine.connect() as conn:
        top = conn.exec_driver_sql(f"SELECT min(hlc) FROM {VIEW} WHERE {where}", tuple(params)).scalar()
    return datetime.fromtimestamp(hlc.decode(top)[0] / 1000, timezone.utc).replace(tzinfo=None) if top else None


def _unacked_equal(svc, rng: random.Random) -> None:
    vec = svc.sync.vector()
    vectors = [{}, vec, {d: 0 for d in vec}, {d: rng.randint(0, s + 2) for d, s in vec.items()},
               {"f" * 32: 3, **{d: s - 1 for d, s in list(vec.items())[:1]}}]
    with svc.db.session() as s:
        for acked in vectors:
            assert count_unacked(s, acked) == _scanned_unacked(svc, acked), acked
            assert first_unacked_at(s, acked) == _earliest_unacked(svc, acked), acked
    st = svc.sync.status()
    for p in st.peers:
        assert p.unacknowledged == _scanned_unacked(svc, p.acknowledged)


def _team_with_members(svc):
    team = svc.teams.list()[0]
    if not svc.teams.get(team.id).members:
        for k in range(2):
            svc.officers.add(OfficerForm(f"计数团员{k}", "县商务局", "", ""), team_id=team.id)
    return team, svc.teams.get(team.id).members


def _visit(svc, eid: str, on: date, note: str, issues: int = 1) -> str:
    team, members = _team_with_members(svc)
    cat = svc.categories.list()[0].id
    return svc.visits.finish(VisitForm(enterprise_id=eid, visit_date=on, start_time=time(9, 0), end_time=time(10, 0),
                                       team_id=team.id, officer_ids=[members[0].id], notes=note,
                                       issues=[RaisedIssue(cat, f"{note}问题{k}", note) for k in range(issues)]))


def test_the_counting_triggers_are_installed_on_every_counted_table(services):
    con = sqlite3.connect(services.db.path)
    try:
        got = {(name, table) for name, table in con.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stat\\_count\\_%' ESCAPE '\\'")}
        rows = dict(con.execute("SELECT name, n FROM stat_count"))
    finally:
        con.close()
    tables = {t for t, _ in counts.COUNTERS.values()} | set(counts.GROUPED)
    for t in tables:  # a rebuilt table loses its triggers: install() must run again
        assert (f"stat_count_{t}_ai", t) in got and (f"stat_count_{t}_ad", t) in got
    assert {("stat_count_enterprise_au", "enterprise"), ("stat_count_issue_status_au", "issue"),
            ("stat_count_visit_au", "visit"), ("stat_count_officer_au", "officer")} <= got
    assert set(counts.COUNTERS) <= set(rows)
    _equal(services)


def test_every_write_path_keeps_the_counters_equal_to_the_counts(tmp_path):
    rng = random.Random(20)
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "计数笔记本")
    stick = tmp_path / "stick"
    stick.mkdir()
    try:
        _equal(lap)
        eids = []
        for n in range(8):  # inserts, above size or not
            eids.append(lap.enterprises.add(EnterpriseForm(name=f"尉氏县计数{n}有限公司", credit_code=_code(n),
                                                           township="城关镇", above_size=n % 2 == 0)))
        _equal(lap)
        form = lap.enterprises.get(eids[1]).form
        form.above_size = True  # an update of a counted column
        lap.enterprises.update(eids[1], form)
        lap.enterprises.void(eids[0], "录重了")
        lap.enterprises.void(eids[2], "录错了")
        _equal(lap)
        with lap.db.session() as s:  # un-void (as a settled conflict or a later edit writes it)
            e = s.get(Enterprise, eids[2])
            e.voided_at, e.void_reason = None, ""
        _equal(lap)
        vids = [_visit(lap, eids[k], TODAY - timedelta(days=k * 20), f"第{k}次", issues=2) for k in (1, 2, 3)]
        _equal(lap)
        lap.visits.void(vids[1], "录错了")
        _equal(lap)
        team, members = _team_with_members(lap)
        issues = lap.issues.ids(IssueQuery())
        lap.issues.assign(issues[0], team.id, TODAY - timedelta(days=1), on=TODAY - timedelta(days=3))  # overdue
        lap.issues.assign(issues[1], team.id, TODAY + timedelta(days=9))
        lap.issues.resolve(issues[1], "已解决")
        lap.issues.follow_up(issues[1], Satisfaction.SATISFIED)
        _equal(lap)
        oid = lap.officers.add(OfficerForm("计数新团员", "县财政局", "", ""), team_id=team.id)
        lap.officers.void(oid, "重复录入")
        pid = lap.policies.add(PolicyForm(title="计数政策", issuer="县政府", summary="测试"))
        _equal(lap)
        # sync imports both ways (the Applier's DB-API writes), twice for the acknowledgements
        for _ in range(2):
            hub.sync.import_file(lap.sync.export(stick))
            _equal(hub)
            lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
            _equal(lap)
            _unacked_equal(hub, rng)
            _unacked_equal(lap, rng)
        assert hub.stats.compute() == lap.stats.compute()
        # deletes: tombstones written here, applied as DELETEs at the hub
        with lap.db.session() as s:
            s.delete(s.get(Policy, pid))
            extra = Team(name="临时分团", kind=s.get(Team, team.id).kind)
            s.add(extra)
        _equal(lap)
        with lap.db.session() as s:
            s.delete(s.get(Team, extra.id))
        _equal(lap)
        _unacked_equal(lap, rng)
        hub.sync.import_file(lap.sync.export(stick))
        _equal(hub)
        _unacked_equal(hub, rng)
        lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
        assert hub.stats.compute() == lap.stats.compute() and lap.stats.compute().policies == hub.stats.scanned().policies
        assert lap.sync.status().unacknowledged == 0
    finally:
        lap.close()
        hub.close()


def test_the_figures_of_the_demo_county(demo_services):
    _equal(demo_services)
    _unacked_equal(demo_services, random.Random(3))
    st = demo_services.stats.compute()
    assert st.enterprises > 0 and st.issues == sum(st.issues_by_status.values()) and 0 not in st.issues_by_status.values()


def test_a_laptops_unacknowledged_count_is_what_its_hub_lacks(tmp_path):
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "确认笔记本")
    stick = tmp_path / "stick"
    stick.mkdir()
    try:
        hub.sync.import_file(lap.sync.export(stick))
        lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
        assert lap.sync.status().unacknowledged == 0
        eid = lap.enterprises.add(EnterpriseForm(name="尉氏县确认有限公司", credit_code=_code(50), township="城关镇"))
        _visit(lap, eid, TODAY, "未发")
        acked = common_ack([p.acknowledged for p in lap.sync.status().peers])
        pending = lap.sync.status().unacknowledged
        assert pending == _scanned_unacked(lap, acked) > 0
    finally:
        lap.close()
        hub.close()


def test_a_database_of_the_previous_revision_with_unsynced_work_counts_on_upgrade(tmp_path, monkeypatch):
    from test_storage import _downgrade
    from yimi_desktop.services.trust import Trust

    # the release before 0020 had no key roster (0022): going down to 0019 would drop rows the log holds
    monkeypatch.setattr(Trust, "_roster_rows", lambda self, s, devices: 0)
    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "旧笔记本")
    path = lap.db.path
    try:
        eids = [lap.enterprises.add(EnterpriseForm(name=f"尉氏县升级{n}有限公司", credit_code=_code(100 + n),
                                                   township="城关镇", above_size=n == 0)) for n in range(3)]
        lap.enterprises.void(eids[2], "录错了")
        _visit(lap, eids[0], TODAY, "升级前", issues=2)
        before = lap.stats.compute()
        unacked, vector, digest = lap.sync.status().unacknowledged, lap.sync.vector(), lap.sync.digest()
        assert unacked > 0
    finally:
        lap.close()
        hub.close()
    _downgrade(path, "0019")
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'stat_count%'").fetchone() == (0,)
    con.close()
    assert quick_stats(path) is None  # a migration is due: the full path takes it
    lap = open_services(path)
    try:
        assert lap.db.revision() == head_revision() and lap.db.backup is not None
        assert lap.stats.compute() == before
        _equal(lap)
        st = lap.sync.status()
        assert (st.unacknowledged, lap.sync.vector(), lap.sync.digest()) == (unacked, vector, digest)
        _visit(lap, eids[1], TODAY, "升级后")
        after = lap.stats.compute()
        assert after.visits == before.visits + 1 and after.issues == before.issues + 1
        _equal(lap)
        assert lap.sync.status().unacknowledged > unacked
    finally:
        lap.close()
    hub = open_services(tmp_path / "hub.db")
    lap = open_services(path)
    try:  # and it keeps syncing
        stick = tmp_path / "stick2"
        stick.mkdir()
        hub.sync.import_file(lap.sync.export(stick))
        assert hub.stats.compute().enterprises == lap.stats.compute().enterprises == 2
        _equal(hub)
    finally:
        lap.close()
        hub.close()


def test_after_a_renewal_the_counts_of_what_peers_lack_still_equal_the_rows(tmp_path):
    """Renewal (a clock found far ahead) drops the old device's unacknowledged tail and re-issues it under a
    new device: the version vector follows, so the counts from it still equal the rows."""
    from test_sync import exchange
    from test_sync_recovery import DAY_MS, Clock, county_with

    rng = random.Random(7)
    stick = tmp_path / "stick"
    stick.mkdir()
    clock = Clock()
    hub, lap = county_with(tmp_path, lap_clock=clock)
    path = lap.db.path
    try:
        exchange(stick, hub, [lap])
        clock.offset_ms = 400 * DAY_MS  # the year typed wrong
        lap.simulation.run(seed=5, visits=2, today=date(2026, 11, 2))
        clock.offset_ms = 0  # fixed: the next start renews
        lap.close()
        lap = open_services(path, clock)
        assert lap.notices and "时钟" in lap.notices[0].zh
        _unacked_equal(lap, rng)
        _equal(lap)
        assert lap.sync.status().unacknowledged == _scanned_unacked(
            lap, common_ack([p.acknowledged for p in lap.sync.status().peers])) > 0
        exchange(stick, hub, [lap])
        _unacked_equal(hub, rng)
        _unacked_equal(lap, rng)
        _equal(hub)
        assert lap.sync.status().unacknowledged == 0 and hub.stats.compute() == lap.stats.compute()
    finally:
        lap.close()
        hub.close()


def test_the_read_only_path_reads_a_file_whose_name_needs_quoting_in_a_uri(services, tmp_path):
    services.enterprises.add(EnterpriseForm(name="尉氏县路径有限公司", credit_code=_code(70), township="城关镇"))
    folder = tmp_path / "县 中心?#%"
    folder.mkdir()
    dest = folder / "一米 团#1.db"
    src, out = sqlite3.connect(services.db.path), sqlite3.connect(dest)
    src.backup(out)  # the open database's WAL included
    src.close()
    out.close()
    got = counts.read_current(dest, TODAY)
    assert got is not None and got == services.stats.compute(TODAY).as_dict() and got["enterprises"] == 1
