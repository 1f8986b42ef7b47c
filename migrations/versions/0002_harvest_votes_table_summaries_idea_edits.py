"""harvest votes, table summaries, idea edits

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 01:26:11.509354
"""

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('table_summary',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cafe_id', sa.Integer(), nullable=False),
    sa.Column('table_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', app.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['participant.id'], name=op.f('fk_table_summary_author_id_participant'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_table_summary_cafe_id_cafe'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['table_id'], ['cafe_table.id'], name=op.f('fk_table_summary_table_id_cafe_table'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_table_summary')),
    sa.UniqueConstraint('table_id', name=op.f('uq_table_summary_table_id'))
    )
    with op.batch_alter_table('table_summary', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_table_summary_cafe_id'), ['cafe_id'], unique=False)

    op.create_table('vote',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cafe_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('dots', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_vote_cafe_id_cafe'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_vote_idea_id_idea'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_vote_participant_id_participant'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vote')),
    sa.UniqueConstraint('participant_id', 'idea_id', name=op.f('uq_vote_participant_id'))
    )
    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vote_cafe_id'), ['cafe_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vote_idea_id'), ['idea_id'], unique=False)

    with op.batch_alter_table('cafe', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dots_per_person', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('max_dots_per_idea', sa.Integer(), server_default='3', nullable=False))
        batch_op.add_column(sa.Column('voting_open', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edited_at', app.models.base.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_column('withdrawn')
        batch_op.drop_column('edited_at')

    with op.batch_alter_table('cafe', schema=None) as batch_op:
        batch_op.drop_column('voting_open')
        batch_op.drop_column('max_dots_per_idea')
        batch_op.drop_column('dots_per_person')

    with op.batch_alter_table('vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vote_idea_id'))
        batch_op.drop_index(batch_op.f('ix_vote_cafe_id'))

    op.drop_table('vote')
    with op.batch_alter_table('table_summary', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_table_summary_cafe_id'))

    op.drop_table('table_summary')
