"""Planning ahead in the background: coalesced, ended by a newer change, two searches at most,
the stored plan used by Start, a printed plan kept."""

import os
import subprocess
import sys
import threading
import time

import pytest

from app.extensions import db
from app.models import Cafe
from app.rotation import plan_rotation
from app.services import people, printouts, reads, replanning, rounds, seating
from app.services.errors import ServiceError


class FakeEngine:
    """Stands in for seating.run_engine: a real child process (so it can be killed) that
    sleeps `seconds` (`long_seconds` for the longer search), then the real engine's plan made
    quickly in the test process."""

    def __init__(self, seconds: float = 0.3):
        self.seconds = seconds
        self.long_seconds = seconds
        self.calls = 0
        self.limits: list[float | None] = []
        self.processes: list[subprocess.Popen] = []
        self.running = 0
        self.most_running = 0
        self._lock = threading.Lock()

    def __call__(self, scenario, time_limit=None, started=None):
        with self._lock:
            self.calls += 1
            self.limits.append(time_limit)
            self.running += 1
            self.most_running = max(self.most_running, self.running)
        try:
            seconds = self.seconds if time_limit is None else self.long_seconds
            process = subprocess.Popen(
                [sys.executable, "-c", f"import time; time.sleep({seconds})"])
            self.processes.append(process)
            if started is not None:
                started(process)
            process.wait(timeout=60)
        finally:
            with self._lock:
                self.running -= 1
        if process.returncode != 0:
            raise ServiceError("cannot_seat", "ended", status=409)
        return plan_rotation(scenario, time_limit=0.2)


@pytest.fixture
def engine(monkeypatch):
    fake = FakeEngine()
    monkeypatch.setattr(seating, "run_engine", fake)
    return fake


@pytest.fixture
def ahead(app):
    app.config.update(PLAN_AHEAD_TIME_LIMIT=5, REPLAN_DELAY=0.05)


def filled(make_cafe, make_participant, count=8):
    cafe = make_cafe(tables=2, seats_per_table=6, rounds=3)
    for _ in range(count):
        make_participant(cafe)
    return cafe


def wait_until(condition, timeout=20.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def settled(cafe_id: int) -> bool:
    return not replanning.is_searching(cafe_id)


def planned(cafe: Cafe) -> dict[int, int]:
    db.session.rollback()  # see what the background task committed
    return reads.round_seats(cafe, cafe.current_round + 1)


def test_a_burst_of_changes_plans_once_in_two_searches(app, make_cafe, make_participant,
                                                        engine, published):
    cafe = filled(make_cafe, make_participant)
    assert engine.calls == 0  # not planning ahead: the first round is planned at Start
    app.config.update(PLAN_AHEAD_TIME_LIMIT=5, REPLAN_DELAY=0.2)
    for _ in range(5):
        replanning.replan_soon(cafe)
    wait_until(lambda: settled(cafe.id))
    assert engine.limits == [None, 5]  # a quick plan, then the longer one, once for the burst
    assert len(planned(cafe)) == 8
    planning = published.events("planning")
    assert planning[0] == {"searching": True, "printed": False}
    assert planning[-1] == {"searching": False, "printed": False}


def test_a_new_plan_sends_phones_their_seats_but_not_the_settings(app, make_cafe,
                                                                   make_participant, engine,
                                                                   published, ahead):
    cafe = filled(make_cafe, make_participant)
    published.sent.clear()  # what the joins sent
    replanning.replan_soon(cafe)
    wait_until(lambda: settled(cafe.id))
    states = published.events("state")
    # Each phone hears its next table, with the timer; the café's summary (its tables,
    # pillars and texts: 8 KB in a hall) is not sent again for seats that moved.
    phone_states = [s for s in states if "next_seat" in s]
    assert len(phone_states) >= 8
    assert all(s["next_seat"] and "timer" in s and "cafe" not in s for s in phone_states)
    assert published.events("cafe") == []


def test_the_background_search_runs_below_the_server(app, make_cafe, make_participant,
                                                      engine, ahead):
    cafe = filled(make_cafe, make_participant)
    engine.long_seconds = 30
    replanning.replan_soon(cafe)
    wait_until(lambda: len(engine.processes) == 2)
    search = engine.processes[1]
    # Nobody waits for it: the consoles' and phones' answers come first (issue 18).
    assert (os.getpriority(os.PRIO_PROCESS, search.pid)
            == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10))
    engine.long_seconds = 0.1
    replanning.replan_soon(cafe)  # a newer change ends the long search
    wait_until(lambda: settled(cafe.id))


def test_a_newer_change_ends_the_long_search(app, make_cafe, make_participant, engine,
                                            published):
    cafe = filled(make_cafe, make_participant)
    app.config.update(PLAN_AHEAD_TIME_LIMIT=5, REPLAN_DELAY=0.05)
    engine.long_seconds = 30
    replanning.replan_soon(cafe)
    wait_until(lambda: len(engine.processes) == 2)  # the quick plan is stored, the long runs
    long = engine.processes[1]
    engine.long_seconds = 0.1
    make_participant(cafe)
    wait_until(lambda: settled(cafe.id))
    assert long.returncode is not None and long.returncode < 0  # killed, not waited out
    assert engine.limits == [None, 5, None, 5]
    assert len(planned(cafe)) == 9  # the newer search planned the newcomer too
    assert not published.events("replan_failed")


def test_a_change_lets_the_quick_search_finish(app, make_cafe, make_participant, engine,
                                              published):
    cafe = filled(make_cafe, make_participant)
    app.config.update(PLAN_AHEAD_TIME_LIMIT=5, REPLAN_DELAY=0.05)
    engine.seconds = 1.5
    replanning.replan_soon(cafe)
    wait_until(lambda: engine.processes)
    newcomer = make_participant(cafe)  # joins while the quick search runs
    engine.seconds = 0.1
    wait_until(lambda: settled(cafe.id))
    assert engine.processes[0].returncode == 0  # let finish: people joining all the time
    assert engine.limits == [None, None, 5]  # stored, then searched again for the newcomer
    assert newcomer.id in planned(cafe)
    assert len(published.events("state")) >= 2


def test_at_most_two_searches_at_a_time(make_cafe, make_participant, engine, ahead):
    engine.seconds = 0.5
    cafes = [filled(make_cafe, make_participant, count=4) for _ in range(3)]
    wait_until(lambda: all(settled(c.id) for c in cafes))
    assert engine.most_running == 2
    assert all(len(planned(c)) == 4 for c in cafes)


def test_start_uses_the_stored_plan_and_seats_only_the_newcomer(
        app, make_cafe, make_participant, engine, ahead, monkeypatch):
    cafe = filled(make_cafe, make_participant)
    wait_until(lambda: settled(cafe.id))
    before = planned(cafe)
    app.config["PLAN_AHEAD_TIME_LIMIT"] = 0  # the newcomer comes just before Start
    newcomer = make_participant(cafe)
    gone = people.member_of(cafe, next(iter(before)))
    people.set_present(cafe, {"participant_id": gone.id, "present": False})
    calls = engine.calls
    started = time.monotonic()
    rounds.start_round(cafe)
    assert time.monotonic() - started < 1
    assert engine.calls == calls  # nothing planned at Start
    seats = reads.round_seats(cafe, 0)
    assert newcomer.id in seats and gone.id not in seats
    assert {pid: t for pid, t in seats.items() if pid != newcomer.id} == {
        pid: t for pid, t in before.items() if pid != gone.id}
    wait_until(lambda: settled(cafe.id))  # the departure's re-plan, ended by Start
    assert reads.round_seats(cafe, 0) == seats


def test_start_ends_a_search_still_running(make_cafe, make_participant, engine, ahead,
                                           published):
    cafe = filled(make_cafe, make_participant, count=2)
    wait_until(lambda: settled(cafe.id))
    engine.seconds = 30
    make_participant(cafe)
    wait_until(lambda: len(engine.processes) == 3)
    rounds.start_round(cafe)
    wait_until(lambda: settled(cafe.id))
    assert engine.processes[-1].returncode < 0
    assert len(reads.round_seats(cafe, 0)) == 3  # the newcomer has a free seat
    assert not published.events("replan_failed")


def test_a_printed_plan_is_kept_until_the_moderator_replaces_it(
        app, make_cafe, make_participant, engine):
    app.config["PLAN_AHEAD_TIME_LIMIT"] = 5  # REPLAN_DELAY stays 0: planned before answering
    cafe = filled(make_cafe, make_participant)
    printed = planned(cafe)
    printouts.print_route_cards(cafe)
    assert cafe.plan_printed
    calls = engine.calls
    latecomer = make_participant(cafe)
    assert engine.calls == calls  # no silent re-plan
    assert {p: t for p, t in planned(cafe).items() if p != latecomer.id} == printed
    with pytest.raises(ServiceError) as refused:
        rounds.replan(cafe, {})
    assert refused.value.code == "plan_printed"
    rounds.start_round(cafe)
    rounds.end_round(cafe)  # the latecomer has no later seats: kept, and they get free ones
    assert engine.calls == calls
    assert latecomer.id in reads.round_seats(cafe, 1)
    rounds.replan(cafe, {"replace_printed": True})
    assert engine.calls == calls + 1 and not cafe.plan_printed


def test_a_printed_plan_stays_through_host_and_attendance_changes(
        app, make_cafe, make_participant, engine):
    app.config["PLAN_AHEAD_TIME_LIMIT"] = 5
    cafe = filled(make_cafe, make_participant)
    printouts.print_route_cards(cafe)
    calls = engine.calls
    before = reads.seatings(cafe)
    host = next(iter(before[0]))
    table = cafe.tables[0]
    people.set_host(cafe, {"participant_id": host, "table_id": table.id})
    after = reads.seatings(cafe)
    assert all(after[r][host] == table.id for r in range(3))  # the new host at their table
    others = {r: {p: t for p, t in seats.items() if p != host} for r, seats in before.items()}
    assert {r: {p: t for p, t in seats.items() if p != host}
            for r, seats in after.items()} == others
    rounds.start_round(cafe)
    gone = next(p for p in before[0] if p != host)
    people.set_present(cafe, {"participant_id": gone, "present": False})  # during the round
    rounds.end_round(cafe)
    seats = reads.seatings(cafe)
    assert gone not in seats[1] and gone not in seats[2]
    assert seats[2] == {p: t for p, t in others[2].items() if p != gone} | {host: table.id}
    assert cafe.plan_printed and engine.calls == calls  # nothing planned anew
