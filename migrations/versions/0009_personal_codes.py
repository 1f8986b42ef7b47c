"""personal codes: each person's own join link, how many phones claimed it, checked in

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 17:00:00
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('participant', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('personal_code', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('claims', sa.Integer(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('checked_in', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    # Everyone already in a café gets a code of their own (as the model makes them), before
    # the column may no longer be empty.
    participant = sa.table('participant', sa.column('id', sa.Integer),
                           sa.column('personal_code', sa.String))
    connection = op.get_bind()
    for (row_id,) in connection.execute(sa.select(participant.c.id)).all():
        connection.execute(participant.update().where(participant.c.id == row_id)
                           .values(personal_code=secrets.token_urlsafe(12)))
    with op.batch_alter_table('participant', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.alter_column('personal_code', existing_type=sa.String(length=32),
                              nullable=False)
        batch_op.create_unique_constraint('uq_participant_personal_code', ['personal_code'])


def downgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('participant', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_constraint('uq_participant_personal_code', type_='unique')
        batch_op.drop_column('checked_in')
        batch_op.drop_column('claims')
        batch_op.drop_column('personal_code')
