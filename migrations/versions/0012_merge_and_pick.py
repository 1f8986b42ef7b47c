"""merge and pick: a merged duplicate's personal link; picking oneself from the list

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 20:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'merged_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cafe_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('personal_code', sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_merged_link_cafe_id_cafe'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_merged_link_participant_id_participant'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_merged_link')),
        sa.UniqueConstraint('personal_code', name=op.f('uq_merged_link_personal_code')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('merged_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merged_link_cafe_id'), ['cafe_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_merged_link_participant_id'), ['participant_id'],
                              unique=False)
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('pick_from_list', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('pick_from_list')
    with op.batch_alter_table('merged_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merged_link_participant_id'))
        batch_op.drop_index(batch_op.f('ix_merged_link_cafe_id'))
    op.drop_table('merged_link')
