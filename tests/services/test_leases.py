"""Background work once per café across server processes: while another process holds a
café's planning (or regrouping) lease this one does not search; when that process dies, this
one plans."""

import subprocess
import sys
import time

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.extensions import db
from app.models import Idea
from app.schema import upgrade_database
from app.services import harvesting, ideas, leases, replanning, rounds, seating
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


def other_process_holding(url: str, cafe_id: int,
                          kind: int = leases.REPLANNING) -> subprocess.Popen:
    """Another server process, as far as the lease is concerned: it takes the café's
    lock of that kind (planning by default) and keeps it until it is killed."""
    parts = make_url(url)
    code = (
        "import psycopg, time\n"
        f"c = psycopg.connect(host={parts.host!r}, port={parts.port}, user={parts.username!r},"
        f" dbname={parts.database!r}, autocommit=True)\n"
        f"c.execute('SELECT pg_advisory_lock({kind}, {cafe_id})')\n"
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


def test_regrouping_runs_once_after_another_process_let_go_by_dying(
        app, make_cafe, make_participant, database_url, monkeypatch):
    cafe = make_cafe(tables=1, seats_per_table=4, rounds=2)
    people = [make_participant(cafe) for _ in range(3)]
    rounds.start_round(cafe)
    for n, text in enumerate(["Sprachkurse mit Kinderbetreuung", "Sprachkurse für Eltern",
                              "Fest der Kulturen"]):
        ideas.post_idea(people[n], {"client_id": f"lease-{n:04d}", "text": text})
    app.config.update(HARVEST="wording", REGROUP_DELAY=0.05)
    runs = []
    regroup = harvesting.regroup
    monkeypatch.setattr(harvesting, "regroup", lambda cafe_id: runs.append(cafe_id)
                        or regroup(cafe_id))
    other = other_process_holding(database_url, cafe.id, leases.HARVEST)
    try:
        harvesting.regroup_soon(cafe.id)
        time.sleep(1)  # many turns of REGROUP_DELAY: each finds the lease taken
        assert runs == []
        assert harvesting.is_regrouping(cafe.id)  # still waiting for its turn
    finally:
        other.kill()
        other.wait()
    wait_until(lambda: not harvesting.is_regrouping(cafe.id))
    assert runs == [cafe.id]
    db.session.rollback()  # see what the background task committed
    assert all(idea.theme_id is not None for idea in
               db.session.scalars(select(Idea).where(Idea.cafe_id == cafe.id)))


def test_the_lease_is_held_once_and_free_again_after(app, ctx):
    with leases.held(leases.REPLANNING, 7) as first, \
            leases.held(leases.REPLANNING, 7) as second, \
            leases.held(leases.REPLANNING, 8) as other_cafe:
        assert (first, second, other_cafe) == (True, False, True)
    with leases.held(leases.REPLANNING, 7) as again:
        assert again
