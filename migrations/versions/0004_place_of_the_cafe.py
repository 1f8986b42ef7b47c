"""place of the cafe

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 03:04:59.526000
"""

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cafe', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=200), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('cafe', schema=None) as batch_op:
        batch_op.drop_column('place')

