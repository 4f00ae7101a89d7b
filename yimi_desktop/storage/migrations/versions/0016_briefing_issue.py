"""工作简报 期号: the hub's register of issued briefings (year, number, period, when and by whom).

Local to the hub and never replicated (the county office is the one issuer of 期号; see
models.BriefingIssue). A new, empty table: nothing else changes, unsynced work is untouched.

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: Union[str, Sequence[str], None] = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "briefing_issue",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("scope_name", sa.String(length=100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("made_by", sa.String(length=100), nullable=False),
        sa.Column("by_hand", sa.Boolean(), nullable=False),
        sa.Column("prints", sa.Integer(), nullable=False),
        sa.Column("last_printed_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("year", "number", name="uq_briefing_issue_number"),
        sa.UniqueConstraint("period_from", "period_to", "scope", name="uq_briefing_issue_period"),
    )


def downgrade() -> None:
    op.drop_table("briefing_issue")
