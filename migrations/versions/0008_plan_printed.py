"""the coming rounds' plan is on printed route cards

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 17:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('plan_printed', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('plan_printed')
