"""Field work, part 2: visit drafts (local), amendments of finished visits, photo previews, my officer.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:

    op.create_table('visit_draft',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('visit_amendment',
    sa.Column('visit_id', sa.String(length=32), nullable=False),
    sa.Column('field', sa.String(length=32), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('device_id', sa.String(length=32), nullable=False),
    sa.Column('author_officer_id', sa.String(length=32), nullable=True),
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(length=32), nullable=False),
    sa.Column('updated_by', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['author_officer_id'], ['officer.id'], ),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('visit_amendment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_amendment_visit_id'), ['visit_id'], unique=False)

    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('preview_sha256', sa.String(length=64), nullable=True))

    with op.batch_alter_table('local_device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('officer_id', sa.String(length=32), nullable=True))



def downgrade() -> None:

    with op.batch_alter_table('local_device', schema=None) as batch_op:
        batch_op.drop_column('officer_id')

    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_column('preview_sha256')

    with op.batch_alter_table('visit_amendment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_amendment_visit_id'))

    op.drop_table('visit_amendment')
    op.drop_table('visit_draft')
