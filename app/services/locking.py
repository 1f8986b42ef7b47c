"""While the database cannot take a write for a moment: wait, then run the whole service call
again.

On SQLite that is another writer's lock. On PostgreSQL writers wait for each other's row
locks inside the server; what comes back is a deadlock (two batches touching the same rows in
opposite order) or a lost connection (the server restarting, a fail-over): both pass.

Services commit once at the end, so a failed attempt wrote nothing. The waits use
time.sleep, which yields to other clients in eventlet and gevent: SQLite's own busy wait
(kept short in app/db.py) would stall the whole server. Socket events and HTTP requests
share this, so both answer 'busy' (never a crash) when the lock stays.
"""

import time

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from app.extensions import db
from app.services.errors import busy

# About 3 s in all.
LOCK_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.2)
# PostgreSQL's SQLSTATEs worth another attempt: serialization failure, deadlock, lock not
# available, and the server shutting down or refusing connections while it starts.
RETRY_SQLSTATES = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03", "08000", "08001",
                   "08003", "08004", "08006"}


def _is_transient(exc: DBAPIError) -> bool:
    if exc.connection_invalidated:  # the connection was lost: the pool makes a new one
        return True
    if db.engine.dialect.name == "sqlite":
        return "locked" in str(exc.orig).lower()
    sqlstate = getattr(exc.orig, "sqlstate", None)
    # psycopg's errors without a SQLSTATE come from the client side: no connection at all
    # (the server is restarting, or refused it).
    return sqlstate in RETRY_SQLSTATES or (isinstance(exc, OperationalError) and sqlstate is None)


def _unless_transient(exc: DBAPIError) -> None:
    try:
        db.session.rollback()
    except DBAPIError:
        db.session.remove()  # the connection is gone: rolling back on it fails too
    if not _is_transient(exc):
        raise exc


def retry_while_locked(call, *args):
    """call(*args); again after each wait while the database is locked or unreachable; then
    'busy' (503). With every pooled connection in use for the pool's whole timeout (a crowd
    joining at once on PostgreSQL), the call was kept waiting long enough: 'busy' at once."""
    try:
        for delay in LOCK_RETRY_DELAYS:
            try:
                return call(*args)
            except DBAPIError as exc:
                _unless_transient(exc)
                time.sleep(delay)
        try:
            return call(*args)
        except DBAPIError as exc:
            _unless_transient(exc)
            raise busy() from None
    except PoolTimeout:
        db.session.remove()
        raise busy() from None
