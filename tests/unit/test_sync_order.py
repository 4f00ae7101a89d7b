"""Wrong clocks and copied files: an issue's state follows the hybrid clock (causal order), never a
device's wall clock, the same on every replica; every replica of a copied laptop catches up."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from yimi_desktop.domain import creditcode
from yimi_desktop.domain.forms import EnterpriseForm
from yimi_desktop.domain.lifecycle import EventKind, IssueEventData, derive
from yimi_desktop.domain.vocabulary import IssueStatus, Satisfaction
from yimi_desktop.services.context import Services
from sync_helpers import DAY, HOUR, OffsetClock, copy_replica, enrol, make_hub

S = IssueStatus


def code(n: int) -> str:
    return creditcode.make_code("9", "1", "410223", f"MC{n:06d}")


def add_enterprise(svc: Services, n: int) -> str:
    return svc.enterprises.add(EnterpriseForm(name=f"尉氏县时钟{n}号有限公司", credit_code=code(n), township="城关镇"))


def exchange(stick: Path, hub: Services, laptops: list[Services], rounds: int = 2) -> None:
    """Every replica sends to the hub, the hub sends one package to every replica (addressed to its
    laptop's name: a copy of a laptop opens its original's packages)."""
    for _ in range(rounds):
        for lap in laptops:
            r = hub.sync.import_file(lap.sync.export(stick))
            assert r.ok, r.message
        for lap in laptops:
            r = lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
            assert r.ok, r.message


def raise_issue(svc: Services, n: int) -> str:
    eid = add_enterprise(svc, n)
    cat = svc.categories.list()[0]
    return svc.issues.raise_issue(eid, cat.id, f"流动资金短缺{n}")


def team_of(svc: Services) -> str:
    return svc.categories.list()[0].default_team_id


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def test_derive_skips_a_transition_that_no_longer_fits():
    day = date(2026, 3, 1)
    evs = [IssueEventData(EventKind.RAISED, day, "x"),
           IssueEventData(EventKind.FOLLOWED_UP, day, satisfaction=Satisfaction.SATISFIED),  # concurrent, too early
           IssueEventData(EventKind.ASSIGNED, day, team_id="t", deadline=day + timedelta(days=7)),
           IssueEventData(EventKind.RESOLVED, day, "已解决")]
    st = derive(evs)
    assert st.status is S.RESOLVED and st.team_id == "t" and st.satisfaction is None


def test_three_hours_slow_laptop_follows_up_a_resolution_and_every_replica_agrees(tmp_path, stick):
    """The laptop's clock is 3 h slow: its follow-up carries a wall time before the resolution it
    answers. By the hybrid clock it comes after, on the laptop, at the hub and on the other laptop."""
    hub = make_hub(tmp_path)
    slow = enrol(hub, tmp_path, "慢3小时", clock=OffsetClock(-3 * HOUR))
    other = enrol(hub, tmp_path, "其他")
    try:
        iid = raise_issue(hub, 1)
        hub.issues.assign(iid, team_of(hub), date.today() + timedelta(days=7))
        exchange(stick, hub, [slow, other])
        other.issues.resolve(iid, "已协调贷款")
        exchange(stick, hub, [slow, other])
        assert slow.issues.get(iid).status is S.RESOLVED
        slow.issues.follow_up(iid, Satisfaction.SATISFIED, "电话回访")
        # the follow-up's wall time is earlier than the resolution's
        hist = slow.issues.history(iid)
        assert hist[-1].kind is EventKind.FOLLOWED_UP and hist[-1].at < hist[-2].at
        exchange(stick, hub, [slow, other])
        for svc in (hub, slow, other):
            row = svc.issues.get(iid)
            assert (row.status, row.satisfaction) == (S.FOLLOWED_UP, Satisfaction.SATISFIED), svc.device.name
            assert [e.kind for e in svc.issues.history(iid)][-2:] == [EventKind.RESOLVED, EventKind.FOLLOWED_UP]
        assert len({svc.sync.digest() for svc in (hub, slow, other)}) == 1
        assert hub.stats.compute() == other.stats.compute()  # the follow-up counts at the hub
    finally:
        for svc in (hub, slow, other):
            svc.close()


def test_laptop_400_days_slow_ends_with_the_hubs_statuses(tmp_path, stick):
    """A dead CMOS battery: the laptop's clock is 400 days slow after enrolment. What it does after
    receiving the hub's assignment orders after it; hub and laptop show the same statuses."""
    hub = make_hub(tmp_path)
    clock = OffsetClock()
    lap = enrol(hub, tmp_path, "慢400天", clock=clock)
    try:
        first, second = raise_issue(hub, 1), raise_issue(hub, 2)
        for iid in (first, second):
            hub.issues.assign(iid, team_of(hub), date.today() + timedelta(days=15))
        exchange(stick, hub, [lap])
        clock.offset = -400 * DAY
        lap.issues.resolve(first, "已解决")
        lap.issues.progress(second, "已对接")
        lap.issues.resolve(second, "已办结")
        exchange(stick, hub, [lap])
        for svc in (hub, lap):
            assert svc.issues.get(first).status is S.RESOLVED, svc.device.name
            assert svc.issues.get(second).status is S.RESOLVED, svc.device.name
        hub.issues.follow_up(first, Satisfaction.SATISFIED)
        hub.issues.follow_up(second, Satisfaction.UNSATISFIED)
        # the hub's new stamps are 400 days "ahead" of the laptop's clock: the incoming bound refuses
        # them with a line that names both clocks, and changes nothing
        before = lap.sync.digest()
        r = lap.sync.import_file(hub.sync.export(stick, to=lap.device.name))
        assert not r.ok and "本机的时钟偏慢" in r.message
        assert lap.sync.digest() == before
        clock.offset = 0  # the clock is set right: the next exchange goes through
        exchange(stick, hub, [lap])
        for svc in (hub, lap):
            assert svc.issues.get(first).status is S.FOLLOWED_UP
            assert svc.issues.get(second).status is S.IN_PROGRESS
        assert hub.sync.digest() == lap.sync.digest()
    finally:
        hub.close()
        lap.close()


def test_copied_laptop_and_its_original_both_catch_up(tmp_path, stick):
    """A data folder copied to a second machine: the copy syncs as its own device under the same
    identity. The hub's packages for that laptop bring each replica what it lacks."""
    hub = make_hub(tmp_path)
    orig = enrol(hub, tmp_path, "金融-笔记本1")
    other = enrol(hub, tmp_path, "其他")
    copy = None
    try:
        add_enterprise(orig, 1)
        exchange(stick, hub, [orig, other])
        orig, copy = copy_replica(orig, tmp_path / "copy.db")
        assert copy.device.device_id != orig.device.device_id and copy.device.identity == orig.device.identity
        for n in range(3):  # both keep working and syncing
            add_enterprise(orig, 10 + n)
            add_enterprise(copy, 20 + n)
            add_enterprise(other, 30 + n)
            exchange(stick, hub, [orig, copy, other], rounds=1)
        exchange(stick, hub, [orig, copy, other], rounds=1)
        assert len({svc.sync.digest() for svc in (hub, orig, copy, other)}) == 1
        assert orig.enterprises.count() == 1 + 9
        row = next(r for r in hub.trust.devices() if r.name == "金融-笔记本1")
        assert {r.device_id for r in row.replicas} == {orig.device.device_id, copy.device.device_id}
        assert row.unacknowledged == 0 and all(r.unacknowledged == 0 for r in row.replicas)
    finally:
        for svc in (hub, orig, other, copy):
            if svc is not None:
                svc.close()


def test_database_from_revision_0007_gets_its_issues_rederived(tmp_path):
    """0008: an issue whose columns the old wall-clock fold left wrong (a follow-up stamped before the
    resolution it answers) is re-derived on open; unsynced changes stay, nothing new is logged, and
    conflicts on derived columns go."""
    import sqlite3

    from test_storage import _downgrade
    from yimi_desktop.storage import digest_sql
    from yimi_desktop.services.context import open_services
    from yimi_desktop.storage.database import head_revision

    hub = make_hub(tmp_path)
    lap = enrol(hub, tmp_path, "旧笔记本", clock=OffsetClock(-3 * HOUR))
    path = lap.db.path
    try:
        iid = raise_issue(lap, 1)
        lap.issues.assign(iid, team_of(lap), date.today() + timedelta(days=7))
        lap.issues.resolve(iid, "已解决")
        lap.issues.follow_up(iid, Satisfaction.SATISFIED)
        hist = lap.issues.history(iid)
        vector, pending = lap.sync.vector(), lap.sync.status().unacknowledged
        assert pending > 0  # unsynced work
    finally:
        lap.close()
        hub.close()
    con = sqlite3.connect(path)
    digest_sql.register(con)  # a raw connection that writes replicated tables needs the digest functions
    # what 0007 left: the follow-up's wall time before the resolution's, the issue folded by wall time
    # (the follow-up refused, so 已办结), and a conflict recorded on its status
    resolved, followed = hist[-2].id, hist[-1].id
    con.execute("UPDATE issue_event SET at = (SELECT datetime(at, '-1 hour') FROM issue_event WHERE id = ?) WHERE id = ?",
                (resolved, followed))
    con.execute("UPDATE issue SET status = 'resolved', satisfaction = NULL WHERE id = ?", (iid,))
    con.execute("INSERT INTO sync_conflict(id, entity, record_id, field, base, detected_at) "
                "VALUES ('c1', 'issue', ?, 'status', 'x@y', '2026-01-01')", (iid,))
    con.commit()
    con.close()
    _downgrade(path, "0007")

    svc = open_services(path)
    try:
        assert svc.db.revision() == head_revision() and svc.db.backup is not None
        row = svc.issues.get(iid)
        assert (row.status, row.satisfaction) == (S.FOLLOWED_UP, Satisfaction.SATISFIED)
        assert svc.sync.vector() == vector and svc.sync.status().unacknowledged == pending
        assert svc.sync.status().conflicts == 0
    finally:
        svc.close()
