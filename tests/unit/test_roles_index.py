"""Hub-only acts through the partial index ix_issue_event_hub_acts (migration 0028): sync/roles.py's queries
hold the index's very WHERE term, so SQLite reads the few such events from it instead of scanning
issue_event; a database of revision 0023 with unsynced work (a forged approval not yet sent) upgrades in
place, finds the same acts and converges with its hub."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from yimi_desktop.domain.lifecycle import HUB_ONLY
from yimi_desktop.services.context import open_services
from yimi_desktop.storage.database import head_revision
from yimi_desktop.storage.models import HUB_ACTS_WHERE, IssueEvent
from yimi_desktop.sync import roles
from sync_helpers import enrol
from test_hub_roles import ASKED, _assigned_issue, _hub, _state
from test_storage import _downgrade
from test_sync_order import exchange

INDEX = "ix_issue_event_hub_acts"


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "stick"
    p.mkdir()
    return p


def test_the_index_term_is_the_hub_only_acts_in_order():
    assert HUB_ACTS_WHERE == "kind IN (" + ", ".join(f"'{k.value}'" for k in sorted(HUB_ONLY, key=lambda k: k.value)) + ")"


def _plans(path) -> list[str]:
    """The query plan of each of roles.py's queries for hub-only acts, as SQLAlchemy compiles them."""
    from sqlalchemy import select

    con = sqlite3.connect(path)
    try:
        out = []
        for stmt in (select(IssueEvent.issue_id).where(roles._hub_acts()), select(IssueEvent.id).where(roles._hub_acts()),
                     select(IssueEvent.id, IssueEvent.issue_id, IssueEvent.kind).where(roles._hub_acts())):
            sql = str(stmt.compile(compile_kwargs={"literal_binds": True}))
            out.append(" ".join(r[-1] for r in con.execute(f"EXPLAIN QUERY PLAN {sql}")))
        return out
    finally:
        con.close()


def test_a_database_of_revision_0023_with_unsynced_work_gets_the_index_and_finds_the_same_acts(tmp_path, stick):
    hub = _hub(tmp_path)
    lap = enrol(hub, tmp_path, "笔记本")
    try:
        forged, genuine = _assigned_issue(hub, 1), _assigned_issue(hub, 2)
        exchange(stick, hub, [lap])
        hub.issues.request_extension(genuine, ASKED, "需银行总行审批", on=date(2026, 10, 9))
        hub.issues.approve_extension(genuine, on=date(2026, 10, 9))
        exchange(stick, hub, [lap])
        lap.issues.request_extension(forged, ASKED, "等材料", on=date(2026, 10, 9))
        lap.issues.approve_extension(forged, on=date(2026, 10, 9), hub=True)  # unsynced, and refused in the fold
        with lap.db.engine.connect() as conn:
            before = (roles.refused_acts(conn), roles.issues_with_hub_acts(conn), roles.hub_act_authors(conn))
        assert [a[1] for a in before[0]] == [forged] and before[1] == sorted([forged, genuine])
        status = lap.sync.status()
        assert status.unacknowledged > 0
        path = lap.db.path
        lap.close()
        _downgrade(path, "0026")
        assert all(INDEX not in p for p in _plans(path))  # a scan of issue_event before
        lap = open_services(path)
        assert lap.db.revision() == head_revision() and lap.db.backup is not None
        assert all(f"USING INDEX {INDEX}" in p or f"USING COVERING INDEX {INDEX}" in p for p in _plans(path)), _plans(path)
        with lap.db.engine.connect() as conn:
            assert (roles.refused_acts(conn), roles.issues_with_hub_acts(conn), roles.hub_act_authors(conn)) == before
        assert lap.sync.status().conflicts == status.conflicts
        exchange(stick, hub, [lap])
        assert hub.sync.digest() == lap.sync.digest()
        assert _state(hub, forged) == _state(lap, forged) and _state(hub, genuine) == _state(lap, genuine)
        with hub.db.engine.connect() as conn:
            assert [a[1] for a in roles.refused_acts(conn)] == [forged]
    finally:
        hub.close()
        lap.close()
