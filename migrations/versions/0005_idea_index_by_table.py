"""ideas found by table and round

A reconnecting phone reads the earlier ideas of its table; without this index SQLite scans
every idea of the café for each of a thousand reconnects.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 04:50:00
"""

from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_idea_table_round', 'idea', ['table_id', 'round_index'])


def downgrade():
    op.drop_index('ix_idea_table_round', table_name='idea')
