"""Background work once per café across server processes: while another process holds a
café's planning lease this one does not search; when that process dies, this one plans."""

import subprocess
import sys
import time

import pytest
from sqlalchemy.engine import make_url

from app.schema import upgrade_database
from app.services import leases, replanning, seating
from tests.services.test_replanning import FakeEngine, filled, planned, settled, wait_until


@pytest.fixture
def database_url(postgres_server, request):
    """Always PostgreSQL: the lease is PostgreSQL's (SQLite serves one process)."""
    url = postgres_server.create_database(f"leases_{request.node.name[-40:]}")
    upgrade_database(url)
    return url


@pytest.fixture
def engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(seating, "run_engine", fake)
    return fake


def other_process_holding(url: str, cafe_id: int) -> subprocess.Popen:
    """Another server process, as far as the lease is concerned: it takes the café's
    planning lock and keeps it until it is killed."""
    parts = make_url(url)
    code = (
        "import psycopg, time\n"
        f"c = psycopg.connect(host={parts.host!r}, port={parts.port}, user={parts.username!r},"
        f" dbname={parts.database!r}, autocommit=True)\n"
        f"c.execute('SELECT pg_advisory_lock({leases.REPLANNING}, {cafe_id})')\n"
        "print('held', flush=True)\n"
        "time.sleep(120)\n")
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_planning_waits_for_another_process_and_survives_its_death(
        app, make_cafe, make_participant, engine, database_url):
    cafe = filled(make_cafe, make_participant)
    app.config.update(PLAN_AHEAD_TIME_LIMIT=5, REPLAN_DELAY=0.05)
    other = other_process_holding(database_url, cafe.id)
    try:
        replanning.replan_soon(cafe)
        time.sleep(1)  # many turns of REPLAN_DELAY: each finds the lease taken
        assert engine.calls == 0
        assert not settled(cafe.id)  # still waiting for its turn, not given up
    finally:
        other.kill()  # dies without letting go: PostgreSQL ends its session and its lock
        other.wait()
    wait_until(lambda: settled(cafe.id))
    assert engine.limits == [None, 5]
    assert len(planned(cafe)) == 8


def test_the_lease_is_held_once_and_free_again_after(app, ctx):
    with leases.held(leases.REPLANNING, 7) as first, \
            leases.held(leases.REPLANNING, 7) as second, \
            leases.held(leases.REPLANNING, 8) as other_cafe:
        assert (first, second, other_cafe) == (True, False, True)
    with leases.held(leases.REPLANNING, 7) as again:
        assert again
