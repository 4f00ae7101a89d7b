"""Counters for the 工作台 and `yimi stats`, kept by triggers (storage/counts.py).

`yimi stats` counted the enterprises not voided over the widest covering index (every enterprise's
search text): at 100,000 enterprises most of the command's time, and the 工作台 paid the same at every
start. The figures that do not depend on the day are now rows of `stat_count`, counted here once from
the tables and then kept by triggers on every write; the two of the day stay range counts on indexes.

Nothing replicated changes: no change-log entry, the digest is untouched.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02
"""
from typing import Sequence, Union

from alembic import op

from yimi_desktop.storage import counts

revision: str = "0020"
down_revision: Union[str, Sequence[str], None] = "0019"
branch_labels = None
depends_on = None


# the definitions at this revision (storage/counts.py then), not whatever the current module holds
SPEC: counts.Spec = (
    {"enterprises": ("enterprise", "X.voided_at IS NULL"),
     "above_size_enterprises": ("enterprise", "X.voided_at IS NULL AND X.above_size = 1"),
     "visits": ("visit", "X.state = 'final'"),
     "policies": ("policy", "1"),
     "teams": ("team", "1"),
     "officers": ("officer", "X.voided_at IS NULL")},
    {"enterprise": ("voided_at", "above_size"), "visit": ("state",), "officer": ("voided_at",)},
    {"issue": "status"},
)


def upgrade() -> None:
    counts.install(op.get_bind().exec_driver_sql, SPEC)


def downgrade() -> None:
    counts.uninstall(op.get_bind().exec_driver_sql)
