"""作废 (void) for an enterprise or an officer entered by mistake: when and why, kept with the record.

A voided record leaves the lists and reports and stays in the history; the columns replicate like
any other (a voided visit needs no column: its state becomes "void").

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: Union[str, Sequence[str], None] = "0010"
branch_labels = None
depends_on = None

TABLES = ("enterprise", "officer")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("voided_at", sa.DateTime(), nullable=True))
        op.add_column(table, sa.Column("void_reason", sa.Text(), nullable=False, server_default=""))
    # the directory search stays on the covering index: it now also tests "not voided" there
    op.drop_index("ix_enterprise_sort_search", table_name="enterprise")
    op.create_index("ix_enterprise_sort_search", "enterprise", ["sort_key", "id", "search_text", "voided_at"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_enterprise_sort_search", table_name="enterprise")
    op.create_index("ix_enterprise_sort_search", "enterprise", ["sort_key", "id", "search_text"], unique=False)
    for table in TABLES:  # SQLite drops a column in place (3.35+): no table rebuild, no foreign keys to mind
        op.drop_column(table, "void_reason")
        op.drop_column(table, "voided_at")
