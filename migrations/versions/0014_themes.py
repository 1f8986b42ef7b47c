"""themes: the harvest's themes per pillar, merge suggestions, votes on themes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 22:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'theme',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cafe_id', sa.Integer(), nullable=False),
        sa.Column('pillar_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('keywords', sa.JSON(), nullable=False),
        sa.Column('renamed', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('locked', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_theme_cafe_id_cafe'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['pillar_id'], ['pillar.id'],
                                name=op.f('fk_theme_pillar_id_pillar'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_theme')),
        sa.UniqueConstraint('cafe_id', 'key', name=op.f('uq_theme_cafe_id')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_cafe_id'), ['cafe_id'], unique=False)
    op.create_table(
        'merge_suggestion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cafe_id', sa.Integer(), nullable=False),
        sa.Column('first_id', sa.Integer(), nullable=False),
        sa.Column('second_id', sa.Integer(), nullable=False),
        sa.Column('rejected', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'],
                                name=op.f('fk_merge_suggestion_cafe_id_cafe'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['first_id'], ['idea.id'],
                                name=op.f('fk_merge_suggestion_first_id_idea'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['second_id'], ['idea.id'],
                                name=op.f('fk_merge_suggestion_second_id_idea'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_merge_suggestion')),
        sa.UniqueConstraint('first_id', 'second_id', name=op.f('uq_merge_suggestion_first_id')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('merge_suggestion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merge_suggestion_cafe_id'), ['cafe_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_merge_suggestion_first_id'), ['first_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_merge_suggestion_second_id'), ['second_id'],
                              unique=False)
    op.create_table(
        'theme_vote',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cafe_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('dots', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_theme_vote_cafe_id_cafe'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_theme_vote_participant_id_participant'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['theme_id'], ['theme.id'],
                                name=op.f('fk_theme_vote_theme_id_theme'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_theme_vote')),
        sa.UniqueConstraint('participant_id', 'theme_id',
                            name=op.f('uq_theme_vote_participant_id')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('theme_vote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_theme_vote_cafe_id'), ['cafe_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_theme_vote_theme_id'), ['theme_id'], unique=False)
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('idea', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('theme_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('theme_pinned', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.create_index(batch_op.f('ix_idea_theme_id'), ['theme_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_idea_theme_id_theme'), 'theme', ['theme_id'],
                                    ['id'], ondelete='SET NULL')
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('vote_on', sa.String(length=6), server_default='ideas',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('vote_on')
    with op.batch_alter_table('idea', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_idea_theme_id_theme'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_idea_theme_id'))
        batch_op.drop_column('theme_pinned')
        batch_op.drop_column('theme_id')
    with op.batch_alter_table('theme_vote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_vote_theme_id'))
        batch_op.drop_index(batch_op.f('ix_theme_vote_cafe_id'))
    op.drop_table('theme_vote')
    with op.batch_alter_table('merge_suggestion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merge_suggestion_second_id'))
        batch_op.drop_index(batch_op.f('ix_merge_suggestion_first_id'))
        batch_op.drop_index(batch_op.f('ix_merge_suggestion_cafe_id'))
    op.drop_table('merge_suggestion')
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theme_cafe_id'))
    op.drop_table('theme')
