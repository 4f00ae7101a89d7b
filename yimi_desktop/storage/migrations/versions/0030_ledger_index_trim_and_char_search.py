"""The ledger's date index once, not twice; one-character searches through indexes, not a scan.

* `ix_issue_raised_on` (raised_on), made in 0002 by the column's `index=True`, is a prefix of
  `ix_issue_raised_id` (raised_on, id, migration 0005), which answers every query the first one could (a
  range or an order on the date raised, then the id for ties) and is the one the ledger walks. The
  duplicate cost a write on every issue insert and every change of its date. Dropped.
* `ix_<table>_<column>_last`: the last character of each searched column (lower-cased as LIKE compares).
  A one-character term is in a text when one of its two-character windows (migration 0013) starts with it,
  or when it is the text's last character, which starts no window: these indexes find those rows
  (storage/search.py). Before, such a term read every issue and its enterprise with LIKE (358 ms at 100,000
  issues for a character in none of them).

Local and derived: indexes are not replicated, nothing to re-sign or re-digest.

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

# as storage/search.py has them now (a migration keeps its own copy: it must not change when that module does)
LAST_CHAR = {"issue": ("title", "description"), "enterprise": ("search_text",)}


def upgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_issue_raised_on")
    for table, cols in LAST_CHAR.items():
        for col in cols:
            op.execute(f"CREATE INDEX ix_{table}_{col}_last ON {table} (lower(substr({col}, -1)))")


def downgrade() -> None:
    for table, cols in LAST_CHAR.items():
        for col in cols:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_{col}_last")
    op.execute("CREATE INDEX IF NOT EXISTS ix_issue_raised_on ON issue (raised_on)")
