"""The ledger's date index once, not twice.

`ix_issue_raised_on` (raised_on), made in 0002 by the column's `index=True`, is a prefix of
`ix_issue_raised_id` (raised_on, id, migration 0005), which answers every query the first one could (a range
or an order on the date raised, then the id for ties) and is the one the ledger walks. The duplicate cost a
write on every issue insert and every change of its date, and a choice the planner had to weigh. Local and
derived: indexes are not replicated, nothing to re-sign or re-digest.

Revision ID: 0030
Revises: 0028
Create Date: 2026-12-03
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0030"
down_revision: Union[str, Sequence[str], None] = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_issue_raised_on")


def downgrade() -> None:
    op.execute("CREATE INDEX IF NOT EXISTS ix_issue_raised_on ON issue (raised_on)")
