"""The database handle: one engine and one scoped session, bound in create_app."""

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import scoped_session, sessionmaker


def _set_sqlite_pragmas(dbapi_connection, _record):
    # WAL lets the screen and console read while a phone's idea is written. The busy
    # timeout stays short: SQLite waits inside C, where eventlet and gevent cannot switch
    # to other clients; longer waits happen in Python (realtime/base.py).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: a commit is on disk (WAL synced) before any client is told it is stored; group
    # commit (realtime/batching.py) pays that sync once per batch, not once per idea.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=50")
    # Deleted and overwritten text (a deleted café, an edited idea) is zeroed on its page,
    # not left in free space of the database file.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str, **options) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **options)
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


class Database:
    """Holds the engine and a session per greenlet/thread; works in every async mode."""

    def __init__(self):
        self.engine: Engine | None = None
        self.session = scoped_session(sessionmaker(expire_on_commit=False))

    def init_app(self, app):
        self.engine = make_engine(app.config["DATABASE_URL"])
        self.session.configure(bind=self.engine)
        app.teardown_appcontext(self._remove_session)

    def _remove_session(self, _exc=None):
        self.session.remove()
