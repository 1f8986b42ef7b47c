"""moderation, announcements, screen view, presence

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 01:44:01.629248
"""

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cafe', schema=None) as batch_op:
        batch_op.add_column(sa.Column('transition_minutes', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('screen_view', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('announcement', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('announcement_at', app.models.base.UTCDateTime(), nullable=True))

    with op.batch_alter_table('cafe_table', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=60), server_default='', nullable=False))

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('original_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('pinned', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_idea_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_idea_merged_into_id_idea'), 'idea', ['merged_into_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('connections', sa.Integer(), server_default='0', nullable=False))



def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('connections')

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_idea_merged_into_id_idea'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_idea_merged_into_id'))
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('pinned')
        batch_op.drop_column('original_text')
        batch_op.drop_column('hidden')

    with op.batch_alter_table('cafe_table', schema=None) as batch_op:
        batch_op.drop_column('name')

    with op.batch_alter_table('cafe', schema=None) as batch_op:
        batch_op.drop_column('announcement_at')
        batch_op.drop_column('announcement')
        batch_op.drop_column('screen_view')
        batch_op.drop_column('transition_minutes')

