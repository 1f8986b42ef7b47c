"""results held back until voting closes; words hidden from the word cloud

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 14:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.add_column(sa.Column('hold_results', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
        batch_op.add_column(sa.Column('hidden_words', sa.JSON(), server_default='[]',
                                      nullable=False))


def downgrade():
    # A table batch mode recreates must stay AUTOINCREMENT (0006): ids are never reused.
    with op.batch_alter_table('cafe', schema=None,
                              table_kwargs={'sqlite_autoincrement': True}) as batch_op:
        batch_op.drop_column('hidden_words')
        batch_op.drop_column('hold_results')
