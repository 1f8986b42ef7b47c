"""Work that must run once per café however many server processes share the database.

On PostgreSQL (several processes behind nginx) it is a session-level advisory lock, held on a
connection of its own for as long as the work runs. PostgreSQL lets go of it when that
connection ends, so a process that dies (killed, out of memory, its machine gone) never leaves
a café's work locked. SQLite is served by one process, whose own guards suffice: there the
lease is always granted.
"""

import contextlib
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.extensions import db

# The first key of each kind of work's lock (the café's id is the second): apart from
# anything else that may take advisory locks in a shared database.
REPLANNING = 1_917_001
HARVEST = 1_917_002  # the full regroup of a café's themes (services/harvesting.py)


@contextlib.contextmanager
def held(kind: int, cafe_id: int) -> Iterator[bool]:
    """Yields whether this process holds the café's lease for `kind` (until the block ends)."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    connection = db.engine.connect()
    try:
        mine = bool(connection.execute(text("SELECT pg_try_advisory_lock(:kind, :cafe)"),
                                       {"kind": kind, "cafe": cafe_id}).scalar())
        connection.commit()  # the lock outlives transactions: none stays open meanwhile
        yield mine
        if mine:
            connection.execute(text("SELECT pg_advisory_unlock(:kind, :cafe)"),
                               {"kind": kind, "cafe": cafe_id})
            connection.commit()
    except DBAPIError:
        # The connection broke: the server dropped the lock with it. This one must not go
        # back to the pool.
        connection.invalidate()
        raise
    finally:
        connection.close()
