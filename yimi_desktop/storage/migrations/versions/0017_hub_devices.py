"""Device roles that replicate: the device ids the county hub writes under, each signed by the hub's
key (sync/roles.py), so every replica folds hub-only acts (批准/驳回延期) the same way, whoever relayed
them. The table starts empty: the hub fills it when it next opens (its present device id and every
earlier one bound to its identity) and the rows travel in its packages. Until a replica holds a
verified row it folds as before (no role check), so nothing changes on a laptop before the hub's
first package after the upgrade; then every issue with such an act is folded again.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: Union[str, Sequence[str], None] = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("hub_device",
                    sa.Column("device_id", sa.String(length=32), nullable=False),
                    sa.Column("identity_id", sa.String(length=32), nullable=False),
                    sa.Column("signing_public", sa.String(length=64), nullable=False),
                    sa.Column("signature", sa.String(length=128), nullable=False),
                    sa.Column("id", sa.String(length=32), nullable=False),
                    sa.Column("created_at", sa.DateTime(), nullable=False),
                    sa.Column("updated_at", sa.DateTime(), nullable=False),
                    sa.Column("created_by", sa.String(length=32), nullable=False),
                    sa.Column("updated_by", sa.String(length=32), nullable=False),
                    sa.PrimaryKeyConstraint("id"))


def downgrade() -> None:
    op.drop_table("hub_device")
