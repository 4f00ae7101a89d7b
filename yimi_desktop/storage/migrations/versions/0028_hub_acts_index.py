"""Hub-only acts found through a partial index, not a scan of issue_event.

sync/roles.py looks for the hub-only acts (批准/驳回延期, lifecycle.HUB_ONLY) at every hub start (which device
ids wrote such acts, trust.register), at every `sync-status` / 同步 page status (the refused acts counted with
the conflicts) and on an import that changes the hub's device ids. Without an index on kind each was a scan
of every event: the demo county ×30 (160,000 events) 100-340 ms each on the 2-core machine, growing with the
history, for a handful of rows. A partial index holds only those events (nearly always none: a few pages);
SQLite uses it for a query whose WHERE holds the same term, literals in the same order
(storage.models.HUB_ACTS_WHERE, frozen here as it was written).
Local and derived: indexes are not replicated, nothing to re-sign or re-digest.

Revision ID: 0028
Revises: 0026
Create Date: 2026-12-02
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0028"
down_revision: Union[str, Sequence[str], None] = "0026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_issue_event_hub_acts ON issue_event (issue_id) "
               "WHERE kind IN ('ext_approved', 'ext_rejected')")


def downgrade() -> None:
    op.execute("DROP INDEX ix_issue_event_hub_acts")
