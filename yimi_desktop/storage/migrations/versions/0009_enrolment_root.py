"""An enrolment file works once: laptops remember the root they were enrolled on, the hub the first
root it heard from per enrolled identity, and the second computers it refused.

A laptop enrolled before this revision has no recorded root. It gets one derived from what its
database file carries since it was made (its identity and the creation time of its device row): a
copy of the file made before the upgrade derives the same root (it is a replica of the same laptop),
another computer set up from the same enrolment file derives another (its file was made elsewhere).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
import hashlib
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: Union[str, Sequence[str], None] = "0008"
branch_labels = None
depends_on = None


def legacy_root(identity_id: str, created_at: str) -> str:
    return hashlib.sha256(f"yimi enrolment root v1|{identity_id}|{created_at}".encode()).hexdigest()[:32]


def upgrade() -> None:
    with op.batch_alter_table("local_device") as batch_op:
        batch_op.add_column(sa.Column("enrolment_root", sa.String(length=32), nullable=True))
    with op.batch_alter_table("enrolled_device") as batch_op:
        batch_op.add_column(sa.Column("root_device_id", sa.String(length=32), nullable=True))
    op.create_table(
        "enrolment_reuse",
        sa.Column("identity_id", sa.String(length=32), nullable=False),
        sa.Column("root_device_id", sa.String(length=32), nullable=False),
        sa.Column("sender_name", sa.String(length=100), nullable=False),
        sa.Column("first_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("last_file", sa.String(length=255), nullable=False),
        sa.Column("packages", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("identity_id", "root_device_id"),
    )
    conn = op.get_bind()
    rows = conn.exec_driver_sql("SELECT device_id, identity_id, created_at FROM local_device "
                                "WHERE role = 'laptop' AND enrolled_at IS NOT NULL").fetchall()
    for device_id, identity_id, created_at in rows:
        conn.exec_driver_sql("UPDATE local_device SET enrolment_root = ? WHERE device_id = ?",
                             (legacy_root(identity_id or device_id, str(created_at)), device_id))


def downgrade() -> None:
    op.drop_table("enrolment_reuse")
    with op.batch_alter_table("enrolled_device") as batch_op:
        batch_op.drop_column("root_device_id")
    with op.batch_alter_table("local_device") as batch_op:
        batch_op.drop_column("enrolment_root")
