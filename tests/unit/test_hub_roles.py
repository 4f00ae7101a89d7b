"""Who may do what in the fold (sync/roles.py): 批准/驳回延期 are the hub's; one written on a laptop and
carried in its package is kept everywhere, has no effect anywhere and is listed for a person; the hub's
own approvals count on every replica, also after the hub took a new device id (a restore)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from yimi_desktop.domain.lifecycle import EventKind, IssueEventData, apply
from yimi_desktop.domain.errors import DomainError
from yimi_desktop.domain.vocabulary import IssueStatus
from yimi_desktop.services.context import Services, open_services
from yimi_desktop.storage.models import HubDevice
from yimi_desktop.sync import roles
from sync_helpers import enrol, make_hub
from test_sync_order import add_enterprise, exchange
from test_sync_recovery import restore_in_place, snapshot

TUE = date(2026, 9, 29)
ASKED = date(2026, 10, 30)
DUE = date(2026, 10, 14)  # 一般问题: 办结 on the 7th working day after TUE (National Day, 调休 counted)


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def _hub(tmp_path: Path) -> Services:
    hub = make_hub(tmp_path)
    if 2026 not in hub.calendar.years():
        hub.calendar.import_year(2026)
    return hub


def _assigned_issue(hub: Services, n: int) -> str:
    cat = next(c for c in hub.categories.list() if c.code == "funds")
    iid = hub.issues.raise_issue(add_enterprise(hub, n), cat.id, f"流动资金短缺{n}", on=date(2026, 9, 28))
    team = next(t.id for t in hub.teams.list() if t.name == "金融专业一米团")
    hub.issues.assign(iid, team, on=TUE, rule="general")
    return iid


def _state(svc: Services, iid: str):
    row = svc.issues.get(iid, TUE)
    return row.status, row.deadline, row.duty.extended, row.duty.extension_to


def test_the_domain_refuses_a_hub_only_act_not_written_by_the_hub():
    from yimi_desktop.domain.lifecycle import IssueState
    state = IssueState(status=IssueStatus.ASSIGNED, team_id="t", deadline=date(2026, 10, 13), extension_to=ASKED)
    ev = IssueEventData(EventKind.EXTENSION_APPROVED, date(2026, 10, 12))
    assert apply(state, ev).deadline == ASKED
    with pytest.raises(DomainError, match="只能由县级中心"):
        apply(state, IssueEventData(EventKind.EXTENSION_APPROVED, date(2026, 10, 12), by_hub=False))
    # acts that are not the hub's alone are unaffected
    assert apply(state, IssueEventData(EventKind.PROGRESS, date(2026, 10, 12), "在办", by_hub=False)).status \
        is IssueStatus.IN_PROGRESS


def test_an_approval_forged_on_a_laptop_has_no_effect_anywhere_and_is_listed(tmp_path, stick):
    hub = _hub(tmp_path)
    lap, other = enrol(hub, tmp_path, "笔记本"), enrol(hub, tmp_path, "其他")
    try:
        iid = _assigned_issue(hub, 1)
        exchange(stick, hub, [lap, other])
        lap.issues.request_extension(iid, ASKED, "需银行总行审批", on=date(2026, 10, 9))
        # an old version, or a hand-edited file: the service's own check is bypassed
        lap.issues.approve_extension(iid, on=date(2026, 10, 9), hub=True)
        exchange(stick, hub, [lap, other])
        states = {_state(s, iid) for s in (hub, lap, other)}
        assert states == {(IssueStatus.ASSIGNED, DUE, False, ASKED)}, states
        for s in (hub, lap, other):
            history = s.issues.history(iid)
            assert [e.kind for e in history][-2:] == [EventKind.EXTENSION_REQUESTED, EventKind.EXTENSION_APPROVED]
            assert history[-1].refusal is not None and "只能由县级中心" in history[-1].refusal.zh
            acts = [c for c in s.sync.conflicts() if c.refusal is not None]
            assert [(c.record_id, c.candidates[0].value) for c in acts] == [(iid, "批准延期")]
            assert s.sync.status().conflicts >= 1
        assert len({s.sync.digest() for s in (hub, lap, other)}) == 1
        # the genuine approval at the hub still works, and moves the deadline everywhere
        hub.issues.approve_extension(iid, on=date(2026, 10, 12))
        exchange(stick, hub, [lap, other])
        assert {_state(s, iid) for s in (hub, lap, other)} == {(IssueStatus.ASSIGNED, ASKED, True, None)}
    finally:
        for s in (hub, lap, other):
            s.close()


def test_a_hub_row_forged_on_a_laptop_counts_nowhere(tmp_path, stick):
    hub = _hub(tmp_path)
    lap, other = enrol(hub, tmp_path, "笔记本"), enrol(hub, tmp_path, "其他")
    try:
        iid = _assigned_issue(hub, 2)
        exchange(stick, hub, [lap, other])
        lap.issues.request_extension(iid, ASKED, "等材料", on=date(2026, 10, 9))
        with lap.db.session() as s:  # the laptop claims to be a hub device, signing with its own key
            me = lap.device.device_id
            s.add(HubDevice(id="f" * 32, device_id=me, identity_id=hub.device.identity,
                            signing_public=lap.trust.keys().signing_public,
                            signature=lap.trust.keys().sign(roles.statement(hub.device.identity, me)).hex()))
        lap.issues.approve_extension(iid, on=date(2026, 10, 9), hub=True)
        exchange(stick, hub, [lap, other])
        assert {_state(s, iid) for s in (hub, lap, other)} == {(IssueStatus.ASSIGNED, DUE, False, ASKED)}
    finally:
        for s in (hub, lap, other):
            s.close()


def test_a_hub_renewed_after_a_restore_still_approves_and_its_old_approvals_stand(tmp_path, stick):
    hub = _hub(tmp_path)
    lap, later = enrol(hub, tmp_path, "笔记本"), None
    try:
        first, second = _assigned_issue(hub, 3), _assigned_issue(hub, 4)
        exchange(stick, hub, [lap])
        lap.issues.request_extension(first, ASKED, "等材料", on=date(2026, 10, 9))
        lap.issues.request_extension(second, ASKED, "等审批", on=date(2026, 10, 9))
        exchange(stick, hub, [lap])
        hub.issues.approve_extension(first, on=date(2026, 10, 12))  # under the hub's first device id
        exchange(stick, hub, [lap])
        path, old_device = hub.db.path, hub.device.device_id
        hub.close()
        backup = snapshot(path)
        hub = open_services(path)
        hub.issues.comment(second, "备份之后写的,恢复后没有了", on=date(2026, 10, 12))  # never sent
        hub.close()
        restore_in_place(path, backup)
        hub = open_services(path)
        assert hub.device.device_id != old_device and "备份恢复" in hub.notices[0].zh
        with hub.db.session() as s:  # opening the renewed file wrote no record: its new id has done nothing yet
            assert roles.hub_devices(s.connection()) == {old_device}
        hub.issues.approve_extension(second, on=date(2026, 10, 13))  # under the new device id
        with hub.db.session() as s:
            assert roles.hub_devices(s.connection()) == {old_device, hub.device.device_id}
        later = enrol(hub, tmp_path, "后来的笔记本")  # enrolled after the renewal: knows both ids the same way
        exchange(stick, hub, [lap, later])
        for s in (hub, lap, later):
            for iid in (first, second):
                assert _state(s, iid) == (IssueStatus.ASSIGNED, ASKED, True, None), (s.device.name, iid)
            assert not [c for c in s.sync.conflicts() if c.refusal is not None]
        assert len({s.sync.digest() for s in (hub, lap, later)}) == 1
    finally:
        for s in (hub, lap, *([later] if later else [])):
            s.close()


def test_databases_from_revision_0013_with_unsynced_work_learn_the_hubs_devices(tmp_path, stick, monkeypatch):
    """0017: a hub and a laptop of the previous release (no hub_device rows ever written); the laptop holds
    an unsent approval it should not have made. After the upgrade nothing unsent is lost, the hub's earlier
    approval still stands everywhere, and once the hub's package arrives the laptop's approval stands nowhere."""
    from yimi_desktop.services.trust import Trust
    from test_storage import _downgrade

    with monkeypatch.context() as m:  # the previous release wrote no rows
        m.setattr(Trust, "_register", lambda self, current_only: 0)
        hub = _hub(tmp_path)
        lap = enrol(hub, tmp_path, "旧笔记本")
        genuine, forged = _assigned_issue(hub, 5), _assigned_issue(hub, 6)
        exchange(stick, hub, [lap])
        lap.issues.request_extension(genuine, ASKED, "等材料", on=date(2026, 10, 9))
        lap.issues.request_extension(forged, ASKED, "等审批", on=date(2026, 10, 9))
        exchange(stick, hub, [lap])
        hub.issues.approve_extension(genuine, on=date(2026, 10, 12))
        exchange(stick, hub, [lap])
        lap.issues.approve_extension(forged, on=date(2026, 10, 12), hub=True)  # not sent yet
        vector = lap.sync.vector()
        paths = [hub.db.path, lap.db.path]
        hub.close()
        lap.close()
    for p in paths:
        _downgrade(p, "0013")
    hub, lap = open_services(paths[0]), open_services(paths[1])
    try:
        assert lap.sync.vector() == vector  # the unsent approval is still there to send
        assert _state(lap, forged)[2]  # no hub rows here yet: folded as before
        exchange(stick, hub, [lap])
        for s in (hub, lap):
            assert _state(s, genuine) == (IssueStatus.ASSIGNED, ASKED, True, None)
            assert _state(s, forged) == (IssueStatus.ASSIGNED, DUE, False, ASKED)
            assert [c.record_id for c in s.sync.conflicts() if c.refusal is not None] == [forged]
        assert hub.sync.digest() == lap.sync.digest()
    finally:
        hub.close()
        lap.close()


def test_the_verified_hub_devices_are_kept_on_the_connection_and_verified_anew_when_a_row_changes(tmp_path, monkeypatch):
    """sync/roles.py keeps no module state: the ids it verified are kept on the database connection, keyed by the
    rows and keys they came from; a forged row (a signature that does not hold) is verified when it appears and
    counts for nothing, and another database's connection verifies its own rows."""
    from sqlalchemy import update

    from yimi_desktop.sync import keys as keylib

    hub = _hub(tmp_path)
    (tmp_path / "other").mkdir()
    other = make_hub(tmp_path / "other")
    checks: list[str] = []
    real = keylib.verify
    monkeypatch.setattr(keylib, "verify", lambda public, sig, data: checks.append(public) or real(public, sig, data))
    try:
        with hub.db.engine.connect() as conn:
            first = roles.hub_devices(conn)
            assert first == {hub.device.device_id} and len(checks) == 1
            assert roles.hub_devices(conn) == first and len(checks) == 1  # kept: not verified again
            row = conn.execute(HubDevice.__table__.select()).first()
            conn.execute(update(HubDevice).values(signature="00" * 64))  # forged
            assert roles.hub_devices(conn) is None and len(checks) == 2  # the changed row verified anew
            conn.execute(update(HubDevice).values(signature=row.signature))
            assert roles.hub_devices(conn) == first and len(checks) == 2  # the first answer, still kept
            conn.rollback()
        with other.db.engine.connect() as conn:
            assert roles.hub_devices(conn) == {other.device.device_id} and len(checks) == 3
        from yimi_desktop.storage.database import make_engine

        engine = make_engine(hub.db.path)  # another opening of the same file: its connection verifies for itself
        try:
            with engine.connect() as conn:
                assert roles.hub_devices(conn) == first and len(checks) == 4
        finally:
            engine.dispose()
    finally:
        hub.close()
        other.close()
