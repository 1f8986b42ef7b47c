"""Shared fixtures: an app on a fresh SQLite file per test, and factories for cafés and people.

Migrating an empty database costs about 2 s: it is done once per session, and each test gets
a copy of that migrated file (the migrations themselves are tested in tests/test_migrations.py).

`pytest --database=postgresql` runs the same tests on a throwaway PostgreSQL server instead
(tests/support/services.py): one database, migrated once, emptied before each test.
"""

import shutil

import pytest
from sqlalchemy import create_engine, text

from app import create_app
from app.config import Config
from app.extensions import db
from app.realtime.publisher import RecordingPublisher
from app.schema import upgrade_database
from app.services import cafes, people
from tests.support.browser import browser, open_page  # noqa: F401  (shared fixtures)
from tests.support.live_server import LiveServer
from tests.support.services import PostgresServer, RedisServer, start_or_require


def pytest_addoption(parser):
    parser.addoption("--database", choices=("sqlite", "postgresql"), default="sqlite",
                     help="the database the app fixture runs on (default: a SQLite file)")


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for the session, started on first use."""
    server = start_or_require("PostgreSQL", PostgresServer)
    yield server
    server.remove()


@pytest.fixture(scope="session")
def redis_server():
    """A throwaway Redis server for the session, started on first use."""
    server = start_or_require("Redis", RedisServer)
    yield server
    server.remove()


@pytest.fixture(scope="session")
def _postgres_tests_url(postgres_server):
    """The database the app fixture uses under --database=postgresql, migrated once."""
    url = postgres_server.create_database("tests")
    upgrade_database(url)
    return url


def _empty_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        tables = connection.scalars(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'alembic_version'")).all()
        connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory):
    path = tmp_path_factory.mktemp("migrated") / "template.db"
    upgrade_database(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(request, tmp_path):
    """A fresh, migrated database for one test: a SQLite file, or the PostgreSQL test
    database emptied."""
    if request.config.getoption("--database") == "postgresql":
        if request.node.get_closest_marker("sqlite_only"):
            pytest.skip("about SQLite's own files, not run on PostgreSQL")
        url = request.getfixturevalue("_postgres_tests_url")
        _empty_postgres(url)
        return url
    shutil.copyfile(request.getfixturevalue("_migrated_sqlite"), tmp_path / "test.db")
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def app(tmp_path, database_url):
    config = Config(
        INSTANCE_DIR=tmp_path,
        DATABASE_URL=database_url,
        SECRET_KEY="test",
        ASYNC_MODE="threading",
        MESSAGE_QUEUE=None,
        PUBLIC_URL=None,
        ROTATION_TIME_LIMIT=1,
        CAFES_PER_HOUR=1000,
        WORD_CLOUD_DELAY=0,
        REPLAN_DELAY=0,
        PLAN_AHEAD_TIME_LIMIT=0,  # tests that plan ahead say so
        HARVEST="off",  # tests of the harvest in the app say so (tests/services/test_harvesting.py)
        AUTO_MIGRATE=False,  # the database was migrated once for the session (above)
        TESTING=True,
    )
    app = create_app(config)
    app.extensions["publisher"] = RecordingPublisher()
    yield app
    app.extensions["harvester"].stop()
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def ctx(app):
    """A request context, as views and socket handlers run in one."""
    with app.test_request_context("/"):
        yield app


@pytest.fixture
def published(app) -> RecordingPublisher:
    return app.extensions["publisher"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_cafe(ctx):
    def make(**settings):
        settings.setdefault("tables", 4)
        settings.setdefault("seats_per_table", 5)
        settings.setdefault("rounds", 3)
        return cafes.create_cafe(settings, "de")

    return make


@pytest.fixture
def make_participant(ctx):
    counter = iter(range(1, 10_000))

    def make(cafe, name=None, **fields):
        phone = people.join(cafe.code, {"name": name or f"Person {next(counter)}", **fields})
        return phone.participant

    return make


@pytest.fixture
def live_server(request, tmp_path, _migrated_sqlite):
    """Start run.py for real (eventlet unless asked otherwise); stopped after the test. Its
    SQLite file starts as a copy of the migrated one; the server's own migration on start
    then finds nothing to do (tests/e2e/test_async_modes.py starts on an empty file). Under
    --database=postgresql it runs on the PostgreSQL test database, emptied for the test."""
    servers = []
    on_postgresql = request.config.getoption("--database") == "postgresql"

    def start(async_mode="eventlet", **env):
        live_db = tmp_path / "live.db"
        if "DATABASE_URL" not in env and on_postgresql:
            env["DATABASE_URL"] = request.getfixturevalue("database_url")
        if "DATABASE_URL" not in env and not live_db.exists():
            shutil.copyfile(_migrated_sqlite, live_db)
        server = LiveServer(tmp_path, async_mode, **env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
