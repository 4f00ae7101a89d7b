"""Re-derive every issue's state from its events in causal order.

Until 0007 an issue's status (and team, deadline, result, satisfaction) was folded from its events
in the order of the recording device's wall clock (`at`), and the device that recorded an event
applied it at once: a laptop whose clock was slow could show another status than the hub, for good.
From now on the fold orders events by the hybrid-clock stamp of the change that created them
(`sync.merge.issue_states`, the same on every replica). The re-derived columns are the same fold on
every replica, so they are written without change-log entries (nothing new to send). Conflicts
recorded on these derived columns (two replicas moving an issue at once) are not a person's to settle
and are removed: the fold settles them.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from datetime import date
from typing import Sequence, Union

from alembic import op

from yimi_desktop.domain import lifecycle
from yimi_desktop.domain.lifecycle import EventKind, IssueEventData
from yimi_desktop.domain.vocabulary import Satisfaction

revision: str = "0008"
down_revision: Union[str, Sequence[str], None] = "0007"
branch_labels = None
depends_on = None

DERIVED = ("status", "team_id", "officer_id", "deadline", "resolved_on", "result", "amount", "satisfaction")


def _day(value):
    return date.fromisoformat(value[:10]) if value else None


def upgrade() -> None:
    conn = op.get_bind()
    stamps: dict[str, tuple] = {}
    for rid, h, d, n in conn.exec_driver_sql(
            "SELECT record_id, hlc, device_id, seq FROM change WHERE entity = 'issue_event' AND field = 'issue_id'"):
        k = (h, d, int(n))
        if rid not in stamps or k < stamps[rid]:
            stamps[rid] = k
    events: dict[str, list] = {}
    for row in conn.exec_driver_sql(
            'SELECT issue_id, id, at, kind, "on", text, team_id, officer_id, deadline, amount, satisfaction '
            "FROM issue_event"):
        events.setdefault(row[0], []).append(row)
    for (iid,) in conn.exec_driver_sql("SELECT id FROM issue").fetchall():
        evs = sorted(events.get(iid, []), key=lambda r: (*(stamps.get(r[1]) or ("", "", 0)), str(r[2] or ""), r[1]))
        st = lifecycle.derive(
            IssueEventData(EventKind(r[3]), _day(r[4]), r[5] or "", r[6], r[7], _day(r[8]), r[9],
                           Satisfaction(r[10]) if r[10] else None) for r in evs)
        conn.exec_driver_sql(
            "UPDATE issue SET status=?, team_id=?, officer_id=?, deadline=?, resolved_on=?, result=?, amount=?, "
            "satisfaction=? WHERE id=?",
            (st.status.value, st.team_id, st.officer_id, st.deadline.isoformat() if st.deadline else None,
             st.resolved_on.isoformat() if st.resolved_on else None, st.result or "", st.amount,
             st.satisfaction.value if st.satisfaction else None, iid))
    marks = ", ".join("?" * len(DERIVED))
    conn.exec_driver_sql(f"DELETE FROM sync_conflict WHERE entity = 'issue' AND field IN ({marks})", DERIVED)


def downgrade() -> None:
    pass  # the columns keep their (correctly derived) values; the old fold will re-derive on its next import
