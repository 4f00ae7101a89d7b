"""Sync: change log, field versions, tombstones, conflicts, peers, package history; replicated
tables lose UNIQUE constraints that two devices working apart can violate.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Unnamed UNIQUE constraints get these names when the table is reflected for a batch rebuild.
_NAMING = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
_UNIQUES = (("enterprise", "credit_code"), ("team_membership", "team_id"), ("visit_officer", "visit_id"),
            ("visit_policy", "visit_id"))


def upgrade() -> None:
    for table, column in _UNIQUES:
        with op.batch_alter_table(table, naming_convention=_NAMING, recreate="always") as batch_op:
            batch_op.drop_constraint(f"uq_{table}_{column}", type_="unique")
    op.create_table('change',
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.String(length=24), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('base', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('device_id', 'seq')
    )
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.create_index('ix_change_record', ['entity', 'record_id', 'field'], unique=False)

    op.create_table('field_version',
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('hlc', sa.String(length=24), nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'record_id', 'field')
    )
    op.create_table('package_log',
    sa.Column('package_id', sa.String(length=32), nullable=False),
    sa.Column('direction', sa.String(length=3), nullable=False),
    sa.Column('peer_device_id', sa.String(length=32), nullable=False),
    sa.Column('peer_name', sa.String(length=100), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('changes', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('package_id')
    )
    op.create_table('peer',
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('acked', sa.Text(), nullable=False),
    sa.Column('last_in_at', sa.DateTime(), nullable=True),
    sa.Column('last_out_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('device_id')
    )
    op.create_table('sync_clock',
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('next_seq', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.String(length=24), nullable=False),
    sa.PrimaryKeyConstraint('device_id')
    )
    op.create_table('sync_conflict',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('base', sa.String(length=60), nullable=False),
    sa.Column('detected_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('tombstone',
    sa.Column('entity', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.String(length=32), nullable=False),
    sa.Column('hlc', sa.String(length=24), nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('entity', 'record_id')
    )
    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprise_credit_code'), ['credit_code'], unique=False)

    with op.batch_alter_table('local_device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('install_fingerprint', sa.String(length=200), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('local_device', schema=None) as batch_op:
        batch_op.drop_column('install_fingerprint')

    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprise_credit_code'))

    op.drop_table('tombstone')
    op.drop_table('sync_conflict')
    op.drop_table('sync_clock')
    op.drop_table('peer')
    op.drop_table('package_log')
    op.drop_table('field_version')
    with op.batch_alter_table('change', schema=None) as batch_op:
        batch_op.drop_index('ix_change_record')

    op.drop_table('change')
