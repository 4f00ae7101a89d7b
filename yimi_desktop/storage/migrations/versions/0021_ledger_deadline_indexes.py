"""Ledger: indexes in the deadline orders, so the first screen of a ledger sorted by deadline needs no sort step.

LIMIT first (the page shows 200 rows before it reads every id) is only fast when an index gives the rows in
the asked order: sorted by 办结时限 the ledger sorted every matching issue to show 200 of them (未办结 by
deadline, 16,000 issues of 100,000: 100–150 ms; 本年办结 by deadline, 35,000: 260 ms).
- ix_issue_deadline_first: `deadline IS NULL, deadline, raised_on DESC, id DESC` is the ascending order
  with the issues without a deadline last (the service orders by the same expressions); status at the end
  covers the open/overdue filters without a table look-up.
- ix_issue_deadline_raised: (deadline, raised_on, id) walked backwards is the descending order (SQLite puts
  NULLs last going down); resolved_on and status at the end cover 本年办结 and the status filters.
Local and derived: indexes are not replicated, nothing to re-sign or re-digest.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0021"
down_revision: Union[str, Sequence[str], None] = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_issue_deadline_first ON issue ((deadline IS NULL), deadline, raised_on DESC, "
               "id DESC, status)")
    op.execute("CREATE INDEX ix_issue_deadline_raised ON issue (deadline, raised_on, id, resolved_on, status)")


def downgrade() -> None:
    op.execute("DROP INDEX ix_issue_deadline_raised")
    op.execute("DROP INDEX ix_issue_deadline_first")
