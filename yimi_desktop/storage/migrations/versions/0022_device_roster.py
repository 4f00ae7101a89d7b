"""The roster of enrolled laptops' signing keys, signed by the hub (sync/roster.py), so that a laptop can
check the paper another laptop printed (its QR code is signed with that laptop's key). The table starts
empty: the hub fills it when it next opens (a row for every enrolled laptop, revoked ones with their
revocation) and the rows travel in its packages; a laptop answers `unknown` for another laptop's paper, as
before, until the hub's next package brings the rows.

The table replicates: the digest triggers and accumulators are installed again with it (storage/digest_sql).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

from yimi_desktop.storage import digest_sql

revision: str = "0022"
down_revision: Union[str, Sequence[str], None] = "0021"
branch_labels = None
depends_on = None

# the replicated tables before this revision (0019's list), and with it
BEFORE = ("team", "officer", "team_membership", "enterprise", "policy", "issue_category", "visit",
          "visit_officer", "visit_attendee", "visit_policy", "attachment", "visit_amendment", "issue",
          "issue_event", "calendar_year", "calendar_day", "deadline_rule", "liaison", "coverage_rule",
          "visit_plan", "hub_device")
REPLICATED = (*BEFORE, "roster_device")
LOCAL = {"id", "updated_at", "updated_by"}


def _install(tables: Sequence[str]) -> None:
    conn = op.get_bind()
    digest_sql.install(conn, {t: [r[1] for r in conn.exec_driver_sql(f'PRAGMA table_info("{t}")') if r[1] not in LOCAL]
                              for t in tables})


def upgrade() -> None:
    op.create_table("roster_device",
                    sa.Column("identity_id", sa.String(length=32), nullable=False),
                    sa.Column("name", sa.String(length=100), nullable=False),
                    sa.Column("signing_public", sa.String(length=64), nullable=False),
                    sa.Column("revoked_at", sa.DateTime(), nullable=True),
                    sa.Column("hub_identity_id", sa.String(length=32), nullable=False),
                    sa.Column("hub_key", sa.String(length=64), nullable=False),
                    sa.Column("signature", sa.String(length=128), nullable=False),
                    sa.Column("id", sa.String(length=32), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("updated_at", sa.DateTime(), nullable=False),
                    sa.Column("created_by", sa.String(length=32), nullable=False),
                    sa.Column("updated_by", sa.String(length=32), nullable=False),
                    sa.PrimaryKeyConstraint("id"))
    op.create_index("ix_roster_device_signing_public", "roster_device", ["signing_public"], unique=False)
    _install(REPLICATED)


def downgrade() -> None:
    op.drop_index("ix_roster_device_signing_public", table_name="roster_device")
    op.drop_table("roster_device")
    _install(BEFORE)
