"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25 01:20:29.791036
"""

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cafe',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=6), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('moderator_token', sa.String(length=64), nullable=False),
    sa.Column('screen_token', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('rounds', sa.Integer(), nullable=False),
    sa.Column('round_minutes', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=10), nullable=False),
    sa.Column('current_round', sa.Integer(), nullable=False),
    sa.Column('round_ends_at', sa.BigInteger(), nullable=True),
    sa.Column('paused_remaining_ms', sa.BigInteger(), nullable=True),
    sa.Column('created_at', app.models.base.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cafe')),
    sa.UniqueConstraint('code', name=op.f('uq_cafe_code')),
    sa.UniqueConstraint('moderator_token', name=op.f('uq_cafe_moderator_token')),
    sa.UniqueConstraint('screen_token', name=op.f('uq_cafe_screen_token'))
    )
    op.create_table('pillar',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cafe_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('question', sa.String(length=300), nullable=False),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_pillar_cafe_id_cafe'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pillar'))
    )
    with op.batch_alter_table('pillar', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pillar_cafe_id'), ['cafe_id'], unique=False)

    op.create_table('cafe_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cafe_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('pillar_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_cafe_table_cafe_id_cafe'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pillar_id'], ['pillar.id'], name=op.f('fk_cafe_table_pillar_id_pillar'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cafe_table')),
    sa.UniqueConstraint('cafe_id', 'number', name=op.f('uq_cafe_table_cafe_id'))
    )
    with op.batch_alter_table('cafe_table', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cafe_table_cafe_id'), ['cafe_id'], unique=False)

    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cafe_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('organisation', sa.String(length=120), nullable=False),
    sa.Column('role', sa.String(length=60), nullable=False),
    sa.Column('host_table_id', sa.Integer(), nullable=True),
    sa.Column('joined_at', app.models.base.UTCDateTime(), nullable=False),
    sa.Column('left_after_round', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_participant_cafe_id_cafe'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['host_table_id'], ['cafe_table.id'], name=op.f('fk_participant_host_table_id_cafe_table'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('host_table_id', name=op.f('uq_participant_host_table_id')),
    sa.UniqueConstraint('token', name=op.f('uq_participant_token'))
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_cafe_id'), ['cafe_id'], unique=False)

    op.create_table('idea',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cafe_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=64), nullable=False),
    sa.Column('pillar_id', sa.Integer(), nullable=True),
    sa.Column('table_id', sa.Integer(), nullable=True),
    sa.Column('round_index', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_idea_cafe_id_cafe'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_idea_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pillar_id'], ['pillar.id'], name=op.f('fk_idea_pillar_id_pillar'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['table_id'], ['cafe_table.id'], name=op.f('fk_idea_table_id_cafe_table'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea')),
    sa.UniqueConstraint('participant_id', 'client_id', name=op.f('uq_idea_participant_id'))
    )
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_cafe_id'), ['cafe_id'], unique=False)

    op.create_table('seat',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cafe_id', sa.Integer(), nullable=False),
    sa.Column('round_index', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_seat_cafe_id_cafe'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_seat_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['cafe_table.id'], name=op.f('fk_seat_table_id_cafe_table'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_seat')),
    sa.UniqueConstraint('participant_id', 'round_index', name=op.f('uq_seat_participant_id'))
    )
    with op.batch_alter_table('seat', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seat_cafe_id'), ['cafe_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_seat_participant_id'), ['participant_id'], unique=False)



def downgrade():
    with op.batch_alter_table('seat', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seat_participant_id'))
        batch_op.drop_index(batch_op.f('ix_seat_cafe_id'))

    op.drop_table('seat')
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_cafe_id'))

    op.drop_table('idea')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_cafe_id'))

    op.drop_table('participant')
    with op.batch_alter_table('cafe_table', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cafe_table_cafe_id'))

    op.drop_table('cafe_table')
    with op.batch_alter_table('pillar', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pillar_cafe_id'))

    op.drop_table('pillar')
    op.drop_table('cafe')
