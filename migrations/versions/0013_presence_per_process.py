"""presence per process: connections counted per server process, with a heartbeat

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 20:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'server_process',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('heartbeat_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_server_process')),
    )
    with op.batch_alter_table('server_process', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_server_process_heartbeat_at'), ['heartbeat_at'],
                              unique=False)
    op.create_table(
        'presence',
        sa.Column('process_id', sa.String(length=32), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('connections', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('process_id', 'participant_id', name=op.f('pk_presence')),
    )
    with op.batch_alter_table('presence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_presence_participant_id'), ['participant_id'],
                              unique=False)
    # The counts so far belong to no process: the upgrade restarts every process, and the
    # phones count themselves in again as they reconnect.
    op.execute("UPDATE participant SET connections = 0")


def downgrade():
    with op.batch_alter_table('presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_presence_participant_id'))
    op.drop_table('presence')
    with op.batch_alter_table('server_process', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_server_process_heartbeat_at'))
    op.drop_table('server_process')
