"""While SQLite is locked by another writer: wait, then run the whole service call again.

Services commit once at the end, so a failed attempt wrote nothing. The waits use
time.sleep, which yields to other clients in eventlet and gevent: SQLite's own busy wait
(kept short in app/db.py) would stall the whole server. Socket events and HTTP requests
share this, so both answer 'busy' (never a crash) when the lock stays.
"""

import time

from sqlalchemy.exc import OperationalError

from app.extensions import db
from app.services.errors import busy

# About 3 s in all.
LOCK_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8, 1.2)


def _unless_locked(exc: OperationalError) -> None:
    db.session.rollback()
    if "locked" not in str(exc).lower():
        raise exc


def retry_while_locked(call, *args):
    """call(*args); again after each wait while the database is locked; then 'busy' (503)."""
    for delay in LOCK_RETRY_DELAYS:
        try:
            return call(*args)
        except OperationalError as exc:
            _unless_locked(exc)
            time.sleep(delay)
    try:
        return call(*args)
    except OperationalError as exc:
        _unless_locked(exc)
        raise busy() from None
