"""Ledger: the filter indexes also hold the date raised and the id, so a filtered first screen reads no issue row.

With a filter, the ledger finds the matching issues by the filter's index and sorts them by the date raised (or
by status, team, category, then the date raised); the sort keys were read from each issue's row, one table
look-up per match: 已超期 (9,600 of 100,000 issues) 37 ms for its first screen, 金融团 by status (6,500) 23 ms,
用工类 raised in the last 90 days 12 ms (the category's 14,000 issues read to test the date). With
(raised_on, id) at the end of the filter indexes the matches and their sort keys come from the index alone:
2 ms, 1 ms, 0.8 ms (bench/ledger.py). The counters of 本年办结 (35,000 issues resolved this year) read
status and deadline from each row found by the date resolved: 185 ms, 31 ms from the index. Each index
replaces the one it extends (the same leading columns):
- ix_issue_status_deadline (status, deadline) -> ix_issue_status_deadline_raised (+ raised_on, id)
- ix_issue_team_status (team_id, status) -> ix_issue_team_status_raised (+ raised_on, id)
- ix_issue_category_id (category_id) -> ix_issue_category_raised (category_id, raised_on, id)
- ix_issue_resolved_on (resolved_on) -> ix_issue_resolved_status (resolved_on, status, deadline)
Local and derived: indexes are not replicated, nothing to re-sign or re-digest.

Revision ID: 0026
Revises: 0029
Create Date: 2026-12-02
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0026"
down_revision: Union[str, Sequence[str], None] = "0029"
branch_labels = None
depends_on = None

# (old name, old columns, new name, new columns); a migration keeps its own copy of what it changes
_INDEXES = (
    ("ix_issue_status_deadline", "status, deadline", "ix_issue_status_deadline_raised",
     "status, deadline, raised_on, id"),
    ("ix_issue_team_status", "team_id, status", "ix_issue_team_status_raised", "team_id, status, raised_on, id"),
    ("ix_issue_category_id", "category_id", "ix_issue_category_raised", "category_id, raised_on, id"),
    ("ix_issue_resolved_on", "resolved_on", "ix_issue_resolved_status", "resolved_on, status, deadline"),
)


def upgrade() -> None:
    for old, _old_cols, new, new_cols in _INDEXES:
        op.execute(f"CREATE INDEX {new} ON issue ({new_cols})")
        op.execute(f"DROP INDEX {old}")


def downgrade() -> None:
    for old, old_cols, new, _new_cols in _INDEXES:
        op.execute(f"CREATE INDEX {old} ON issue ({old_cols})")
        op.execute(f"DROP INDEX {new}")
