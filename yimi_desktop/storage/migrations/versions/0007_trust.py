"""Trust: identities that survive a copied file, the hub's key chain, enrolled devices with
revocation, and which enrolled identity each replicating device belongs to.

Databases from before this revision have no keys and are not enrolled: their keys are made on
the next open, and a laptop joins with `yimi init --enroll` (its data and unsent changes kept).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("local_device") as batch_op:
        batch_op.add_column(sa.Column("identity_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("enrolled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("hub_identity_id", sa.String(length=32), nullable=True))
    # a hub keeps its identity from its first device id
    op.execute("UPDATE local_device SET identity_id = device_id WHERE role = 'hub'")
    with op.batch_alter_table("peer") as batch_op:
        batch_op.add_column(sa.Column("identity_id", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_peer_identity_id", ["identity_id"], unique=False)
    op.create_table(
        "hub_key",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("identity_id", sa.String(length=32), nullable=False),
        sa.Column("signing_public", sa.String(length=64), nullable=False),
        sa.Column("age_recipient", sa.String(length=100), nullable=False),
        sa.Column("endorsement", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("signing_public"),
    )
    op.create_table(
        "enrolled_device",
        sa.Column("identity_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("signing_public", sa.String(length=64), nullable=False),
        sa.Column("age_recipient", sa.String(length=100), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=False),
        sa.Column("last_package_id", sa.String(length=32), nullable=True),
        sa.Column("last_package_at", sa.DateTime(), nullable=True),
        sa.Column("last_package_file", sa.String(length=255), nullable=True),
        sa.PrimaryKeyConstraint("identity_id"),
    )
    op.create_index("ix_enrolled_device_name", "enrolled_device", ["name"], unique=False)
    op.create_table(
        "device_binding",
        sa.Column("device_id", sa.String(length=32), nullable=False),
        sa.Column("identity_id", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("device_id"),
    )
    op.create_index("ix_device_binding_identity_id", "device_binding", ["identity_id"], unique=False)


def downgrade() -> None:
    op.drop_table("device_binding")
    op.drop_table("enrolled_device")
    op.drop_table("hub_key")
    with op.batch_alter_table("peer") as batch_op:
        batch_op.drop_index("ix_peer_identity_id")
        batch_op.drop_column("identity_id")
    with op.batch_alter_table("local_device") as batch_op:
        batch_op.drop_column("hub_identity_id")
        batch_op.drop_column("enrolled_at")
        batch_op.drop_column("identity_id")
