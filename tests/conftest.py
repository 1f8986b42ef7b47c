"""Shared fixtures: an app on a fresh SQLite file per test, and factories for cafés and people."""

import pytest

from app import create_app
from app.config import Config
from app.extensions import db
from app.realtime.publisher import RecordingPublisher
from app.services import cafes, people
from tests.support.browser import browser, open_page  # noqa: F401  (shared fixtures)
from tests.support.live_server import LiveServer


@pytest.fixture
def app(tmp_path):
    config = Config(
        INSTANCE_DIR=tmp_path,
        DATABASE_URL=f"sqlite:///{tmp_path / 'test.db'}",
        SECRET_KEY="test",
        ASYNC_MODE="threading",
        MESSAGE_QUEUE=None,
        PUBLIC_URL=None,
        ROTATION_TIME_LIMIT=1,
        CAFES_PER_HOUR=1000,
        WORD_CLOUD_DELAY=0,
        REPLAN_DELAY=0,
        PLAN_AHEAD_TIME_LIMIT=0,  # tests that plan ahead say so
        TESTING=True,
    )
    app = create_app(config)
    app.extensions["publisher"] = RecordingPublisher()
    yield app
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
def live_server(tmp_path):
    """Start run.py for real (eventlet unless asked otherwise); stopped after the test."""
    servers = []

    def start(async_mode="eventlet", **env):
        server = LiveServer(tmp_path, async_mode, **env).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
