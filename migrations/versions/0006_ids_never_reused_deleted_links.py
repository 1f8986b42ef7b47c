"""ids never reused; links of deleted cafés

On SQLite every table becomes AUTOINCREMENT: without it the id of the newest deleted row is
handed to the next one, and a deleted café's open sockets, listening in rooms named by id,
would hear the next café. PostgreSQL's sequences never reuse an id, so there only the new
table is made.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:10:00
"""

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Parents before children, as the tables are copied (foreign keys are off while migrating).
TABLES = ('cafe', 'pillar', 'cafe_table', 'participant', 'seat', 'idea', 'vote',
          'table_summary')


def _recreate(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    for table in TABLES:
        with op.batch_alter_table(table, recreate='always',
                                  table_kwargs={'sqlite_autoincrement': autoincrement}):
            pass


def upgrade():
    op.create_table(
        'deleted_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('deleted_at', app.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deleted_link')),
        sa.UniqueConstraint('digest', name=op.f('uq_deleted_link_digest')),
        sqlite_autoincrement=True,
    )
    _recreate(autoincrement=True)


def downgrade():
    _recreate(autoincrement=False)
    op.drop_table('deleted_link')
