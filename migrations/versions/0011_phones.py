"""phones: each phone of a person has its own token, so one can be signed out

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 19:30:00
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'phone',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cafe_id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['cafe_id'], ['cafe.id'], name=op.f('fk_phone_cafe_id_cafe'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participant.id'],
                                name=op.f('fk_phone_participant_id_participant'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_phone')),
        sa.UniqueConstraint('token', name=op.f('uq_phone_token')),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_phone_cafe_id'), ['cafe_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_participant_id'), ['participant_id'],
                              unique=False)
    # The token every phone of a person shared becomes one phone of theirs: phones that
    # joined before keep working. Whether a phone holds it cannot be told (people who joined
    # before 0009 have no claims counted), so everyone gets the row.
    op.execute(
        "INSERT INTO phone (cafe_id, participant_id, token, number, created_at)"
        " SELECT cafe_id, id, token, 1, joined_at FROM participant ORDER BY id")
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('participant', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint('uq_participant_token', type_='unique')
        batch_op.drop_column('token')
        batch_op.drop_column('claims')


def downgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('participant', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('token', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('claims', sa.Integer(), server_default='0',
                                      nullable=False))
    # One token per person again: their first phone's (the others are signed out), or a new
    # one nobody holds.
    connection = op.get_bind()
    phones: dict[int, list[str]] = {}
    for participant_id, token in connection.execute(sa.text(
            "SELECT participant_id, token FROM phone ORDER BY id")).all():
        phones.setdefault(participant_id, []).append(token)
    participant = sa.table('participant', sa.column('id', sa.Integer),
                           sa.column('token', sa.String), sa.column('claims', sa.Integer))
    for (row_id,) in connection.execute(sa.select(participant.c.id)).all():
        tokens = phones.get(row_id) or [secrets.token_urlsafe(24)]  # as cafes.new_token
        connection.execute(participant.update().where(participant.c.id == row_id)
                           .values(token=tokens[0], claims=len(phones.get(row_id, ()))))
    with op.batch_alter_table('participant', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.alter_column('token', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint('uq_participant_token', ['token'])
    with op.batch_alter_table('phone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_participant_id'))
        batch_op.drop_index(batch_op.f('ix_phone_cafe_id'))
    op.drop_table('phone')
