"""Ledger: index (raised_on, id) so the default newest-first order of 100,000 issues needs no sort step.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_issue_raised_id", "issue", ["raised_on", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_issue_raised_id", table_name="issue")
