"""The hub's 简报 register keeps the figures each briefing was issued with, so a reprint is the same paper.

A reprint of 第5期 kept its number and masthead date but counted the period again on the day it was printed:
issues resolved since showed as resolved, so two copies of one 期号 said different things. `figures` holds,
per language, the figures as first printed (reports.data.summary_to_json); NULL for a briefing issued before
this revision, whose reprint counts anew as it did (its first paper's figures were never kept).
Local to the hub and never replicated: nothing to re-sign or re-digest.

Revision ID: 0029
Revises: 0023
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0029"
down_revision: Union[str, Sequence[str], None] = "0023"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("briefing_issue", sa.Column("figures", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("briefing_issue") as batch:
        batch.drop_column("figures")
