"""The content digest maintained with each write: `sync_digest` holds, per replicated table and for
`tombstone`, the XOR of its rows' hashes, kept current by triggers (storage/digest_sql.py).

`yimi digest` hashed every replicated row in order: 12.5 s on the demo county x30. It now reads
21 accumulators (20 tables and the tombstones). The initial accumulators are computed here in
one set-based pass per table.

The column lists are those of the tables as they are at this revision (every column but id and the
local stamps updated_at/updated_by), read from the schema, not from the current models.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02
"""
from typing import Sequence, Union

from alembic import op

from yimi_desktop.storage import digest_sql

revision: str = "0019"
down_revision: Union[str, Sequence[str], None] = "0018"
branch_labels = None
depends_on = None

# the replicated tables at this revision (sync.registry.replicated_tables() then)
REPLICATED = ("team", "officer", "team_membership", "enterprise", "policy", "issue_category", "visit",
              "visit_officer", "visit_attendee", "visit_policy", "attachment", "visit_amendment", "issue",
              "issue_event", "calendar_year", "calendar_day", "deadline_rule", "liaison", "coverage_rule",
              "visit_plan", "hub_device")
LOCAL = {"id", "updated_at", "updated_by"}


def upgrade() -> None:
    conn = op.get_bind()
    tables = {t: [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{t}")') if r[1] not in LOCAL]
              for t in REPLICATED}
    digest_sql.install(conn, tables)


def downgrade() -> None:
    digest_sql.uninstall(op.get_bind())
