"""round agenda: each round and each change-over its own minutes; a planned start time

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 19:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('round_minutes_list', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('transition_minutes_list', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('planned_start', sa.DateTime(), nullable=True))
    # Every café keeps its one length for each of its rounds and change-overs.
    cafe = sa.table('cafe', sa.column('id', sa.Integer), sa.column('rounds', sa.Integer),
                    sa.column('round_minutes', sa.Integer),
                    sa.column('transition_minutes', sa.Integer),
                    sa.column('round_minutes_list', sa.JSON),
                    sa.column('transition_minutes_list', sa.JSON))
    connection = op.get_bind()
    rows = connection.execute(sa.select(cafe.c.id, cafe.c.rounds, cafe.c.round_minutes,
                                        cafe.c.transition_minutes)).all()
    for row_id, rounds, round_minutes, transition_minutes in rows:
        connection.execute(cafe.update().where(cafe.c.id == row_id).values(
            round_minutes_list=[round_minutes] * rounds,
            transition_minutes_list=[transition_minutes] * max(0, rounds - 1)))
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.alter_column('round_minutes_list', existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column('transition_minutes_list', existing_type=sa.JSON(),
                              nullable=False)
        batch_op.drop_column('transition_minutes')
        batch_op.drop_column('round_minutes')


def downgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('round_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('transition_minutes', sa.Integer(), server_default='3',
                                      nullable=False))
    # One value must stand for the agenda: the first round's and first change-over's.
    cafe = sa.table('cafe', sa.column('id', sa.Integer), sa.column('round_minutes', sa.Integer),
                    sa.column('transition_minutes', sa.Integer),
                    sa.column('round_minutes_list', sa.JSON),
                    sa.column('transition_minutes_list', sa.JSON))
    connection = op.get_bind()
    rows = connection.execute(sa.select(cafe.c.id, cafe.c.round_minutes_list,
                                        cafe.c.transition_minutes_list)).all()
    for row_id, round_list, transition_list in rows:
        connection.execute(cafe.update().where(cafe.c.id == row_id).values(
            round_minutes=round_list[0], transition_minutes=(transition_list or [3])[0]))
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.alter_column('round_minutes', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('planned_start')
        batch_op.drop_column('transition_minutes_list')
        batch_op.drop_column('round_minutes_list')

