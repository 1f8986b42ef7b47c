"""Who sits where: turns the café into a rotation scenario, asks the engine, stores seats.

The engine runs in a child process (`python -m app.rotation`): planning is pure CPU work
that would otherwise stall every connection of an eventlet or gevent server while it runs.
"""

import json
import subprocess
import sys
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, insert, select

from app.extensions import db
from app.models import Cafe, Participant, Seat
from app.rotation import score_plan
from app.services import reads
from app.services.errors import ServiceError

APP_ROOT = Path(__file__).resolve().parents[2]
# left_after_round of someone absent from the first round on: marked absent in the lobby, or
# on the list but not checked in when the café started (leave_out_not_here).
ABSENT_FROM_START = -1


def is_planned(cafe: Cafe, round_index: int) -> bool:
    return db.session.scalar(
        select(Seat.id).where(Seat.cafe_id == cafe.id, Seat.round_index == round_index).limit(1)
    ) is not None


def covers_everyone(cafe: Cafe, first_round: int) -> bool:
    """True when every participant has a seat in every round from first_round on.

    Then the plan stands: printed route cards stay right. A late arrival (seated only in
    the round they came to) or a departure (future seats dropped) makes it false, and the
    rest is planned again.
    """
    participants = reads.participants(cafe)
    per_round = dict(db.session.execute(
        select(Seat.round_index, func.count(Seat.id))
        .where(Seat.cafe_id == cafe.id, Seat.round_index >= first_round)
        .group_by(Seat.round_index)
    ).tuples().all())
    return all(
        per_round.get(r) == sum(p.present_in(r) for p in participants)
        for r in range(first_round, cafe.rounds)
    )


def _attr(value: str, participant_id: int) -> str:
    # An unknown organisation must not count as one big shared organisation.
    return value or f"unknown-{participant_id}"


def build_scenario(cafe: Cafe, participants: list[Participant] | list[reads.PlanPerson],
                   first_round: int,
                   played: dict[int, dict[int, int]] | None = None) -> dict:
    """The SPEC scenario for planning rounds from `first_round` on; earlier rounds are fixed.

    played: the stored seats (reads.seatings), when the caller has read them already.
    """
    played = reads.seatings(cafe) if played is None else played
    fixed = [
        {str(p.id): _str(played.get(r, {}).get(p.id)) for p in participants}
        for r in range(first_round)
    ]
    return {
        "name": f"cafe-{cafe.code}",
        "rounds": cafe.rounds,
        "tables": [
            {"id": str(t.id), "pillar": _str(t.pillar_id), "capacity": t.capacity}
            for t in cafe.tables
        ],
        "participants": [
            {
                "id": str(p.id),
                "host_of": _str(p.host_table_id),
                "attrs": {
                    "organisation": _attr(p.organisation, p.id),
                    "role": _attr(p.role, p.id),
                },
                "absent_rounds": [r for r in range(first_round) if fixed[r][str(p.id)] is None]
                + [r for r in range(first_round, cafe.rounds) if not p.present_in(r)],
            }
            for p in participants
        ],
        "diversify": ["organisation", "role"],
        "fixed": fixed,
        "seed": cafe.id,
    }


def _str(value: int | None) -> str | None:
    return None if value is None else str(value)


def run_engine(scenario: dict, time_limit: float | None = None,
               started: Callable[[subprocess.Popen], None] | None = None) -> dict:
    """The engine's plan for the scenario, searched for `time_limit` seconds (default:
    ROTATION_TIME_LIMIT) in a child process; `started` is given the process, so a search
    no longer wanted can be ended (replanning)."""
    if time_limit is None:
        time_limit = current_app.config.get("ROTATION_TIME_LIMIT", 3)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as scenario_file:
        json.dump(scenario, scenario_file)
        scenario_file.flush()
        process = subprocess.Popen(
            [sys.executable, "-m", "app.rotation", scenario_file.name,
             "--time-limit", str(time_limit)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=APP_ROOT,
        )
        if started is not None:
            started(process)
        try:
            stdout, stderr = process.communicate(timeout=float(time_limit) + 30)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
    if process.returncode != 0:
        reason = stderr.strip().splitlines()[-1] if stderr.strip() else ""
        raise ServiceError(
            "cannot_seat",
            _l("The seating could not be planned: %(reason)s", reason=reason),
            status=409,
        )
    return json.loads(stdout)


def drop_future_seats(cafe: Cafe, after_round: int,
                      participant: Participant | None = None) -> None:
    """Delete the seats of the rounds after `after_round`: everyone's, or one person's."""
    query = delete(Seat).where(Seat.cafe_id == cafe.id, Seat.round_index > after_round)
    if participant is not None:
        query = query.where(Seat.participant_id == participant.id)
    db.session.execute(query)


def plan_outdated(cafe: Cafe) -> bool:
    """The one re-planning rule, after a change the coming rounds were planned without
    (attendance, a host, the tables). The rounds played stay as they were.

    While a round runs, the seats of the rounds after it go now (unless they are on printed
    route cards); end_round plans them again around the rounds played (covers_everyone).
    Otherwise the coming rounds keep their seats, so phones still show a next table, until a
    new plan replaces them: True says there is such a plan, which the caller has made again
    after its commit (replanning.replan_soon), or drops when the tables it names are gone.
    """
    if cafe.is_running():
        if not cafe.plan_printed:  # a printed plan stays; end_round seats around it
            drop_future_seats(cafe, cafe.current_round)
        return False
    return is_planned(cafe, cafe.current_round + 1)


def not_here(cafe: Cafe) -> list[Participant]:
    """People on the list, not marked absent, whom no phone became and nobody ticked."""
    return list(db.session.scalars(select(Participant).where(
        Participant.cafe_id == cafe.id, Participant.checked_in.is_(False),
        Participant.left_after_round.is_(None)).order_by(Participant.id)))


def leave_out_not_here(cafe: Cafe) -> list[Participant]:
    """The first round starts: those on the list who are not here (not_here) are absent
    from it on, as if marked gone in the lobby, and lose the seats planned for them (and a
    table they were to host). Checking in later seats them as latecomers
    (people.check_in, claim). Adds to the session; returns them. Nobody here at all is
    refused before anything is written: most likely the check-in was not used."""
    missing = not_here(cafe)
    if missing and not any(p.checked_in and p.left_after_round is None
                           for p in reads.participants(cafe)):
        raise ServiceError(
            "nobody_checked_in",
            _l("Nobody on the list is checked in, so nobody can be seated. Please tick "
               "those who are here."),
            status=409,
        )
    for participant in missing:
        participant.left_after_round = ABSENT_FROM_START
        participant.host_table_id = None
    if missing:
        db.session.execute(delete(Seat).where(
            Seat.cafe_id == cafe.id, Seat.participant_id.in_([p.id for p in missing])))
    return missing


def seat_newcomer(cafe: Cafe, participant: Participant) -> None:
    """Someone new, or back: a free seat in the round running, or in the coming one when
    it is planned already (phones show it), moving nobody."""
    round_index = cafe.round_to_show()
    if cafe.is_running() or is_planned(cafe, round_index):
        seat_late_arrival(cafe, participant, round_index)

@dataclass(frozen=True)
class Plan:
    """Seats for the rounds from `first_round` on, and the moment of the café it was made for."""

    first_round: int
    rounds: list[dict[str, str | None]]
    phase: str
    current_round: int


def plan_rounds(cafe: Cafe, first_round: int, time_limit: float | None = None,
                started: Callable[[subprocess.Popen], None] | None = None) -> Plan:
    """Work out every round from `first_round` on, keeping the rounds before it; writes nothing.

    The engine searches for seconds: the read transaction ends before it starts, so no
    lock or snapshot is held meanwhile (the café's objects are read again when next used).
    time_limit and started: as run_engine's.
    """
    participants = reads.plan_people(cafe)
    if not any(p.present_in(first_round) for p in participants):
        raise ServiceError(
            "nobody_joined", _l("Nobody has joined yet, so nobody can be seated."), status=409
        )
    scenario = build_scenario(cafe, participants, first_round)
    basis = (cafe.phase, cafe.current_round)
    db.session.rollback()
    return Plan(first_round, run_engine(scenario, time_limit, started)["rounds"], *basis)


def store_plan(cafe: Cafe, plan: Plan) -> None:
    """Replace the seats of the plan's rounds; adds to the session, the caller commits.

    Someone who joined while the engine searched is not in the plan: they get a free seat
    in its first round, as any late arrival, and the next re-plan includes them.
    """
    if (cafe.phase, cafe.current_round) != (plan.phase, plan.current_round):
        raise ServiceError(
            "cafe_moved_on",
            _l("The café moved on while the seating was being planned. Please try again."),
            status=409,
        )
    drop_future_seats(cafe, plan.first_round - 1)
    seats = [{"cafe_id": cafe.id, "round_index": round_index, "participant_id": int(pid),
              "table_id": int(table_id)}
             for round_index in range(plan.first_round, cafe.rounds)
             for pid, table_id in plan.rounds[round_index].items() if table_id is not None]
    # One statement for all (executemany), without ORM objects: a hall's 3,000 seats as
    # objects held the server (and under eventlet every client) for a quarter of a second.
    if seats:
        db.session.execute(insert(Seat), seats)
    # A plan made anew is not the one on the route cards any more.
    cafe.plan_printed = False
    db.session.flush()
    seat_missing(cafe, plan.first_round)


def seat_missing(cafe: Cafe, round_index: int) -> None:
    """A free seat in a planned round for everyone present in it who has none (they came
    after the plan was made), moving nobody."""
    # Only the unseated are read: at a round's start that is a few people of a thousand,
    # and loading everyone's object held the start for 20-30 ms.
    seated = select(Seat.participant_id).where(Seat.cafe_id == cafe.id,
                                               Seat.round_index == round_index)
    unseated = list(db.session.scalars(
        select(Participant).where(Participant.cafe_id == cafe.id,
                                  Participant.id.not_in(seated)).order_by(Participant.id)))
    for participant in unseated:
        if participant.present_in(round_index):
            seat_late_arrival(cafe, participant, round_index)


def keep_printed(cafe: Cafe, first_round: int) -> None:
    """The printed plan stays: people it does not cover get free seats in each coming round."""
    for round_index in range(first_round, cafe.rounds):
        seat_missing(cafe, round_index)
        db.session.flush()


def plan_view(cafe: Cafe) -> dict:
    """The whole seating as people x rounds (table numbers), with the plan's figures.

    Consoles ask for it again and again (after joins, during a reconnect storm) while the
    seats rarely change; building it for a thousand people takes about 70 ms, scoring
    included, all of it holding up every other client of the server. So each café's latest
    view is kept with what it was made from, and made again only when that changed."""
    people = reads.plan_people(cafe)
    by_round = reads.seatings(cafe)
    tables = cafe.tables
    made_from = (cafe.id, cafe.code, cafe.rounds,
                 tuple((t.id, t.number, t.pillar_id, t.capacity) for t in tables),
                 tuple(people),
                 tuple((r, tuple(seats.items())) for r, seats in sorted(by_round.items())))
    kept = _views.get(cafe.id)
    if kept is not None and kept[0] == made_from:
        _views.move_to_end(cafe.id)
        return kept[1]
    number = {t.id: t.number for t in tables}
    rows = [
        {
            "id": p.id,
            "name": p.name,
            "host_table_id": p.host_table_id,
            "left_after_round": p.left_after_round,
            "tables": [number.get(by_round.get(r, {}).get(p.id)) for r in range(cafe.rounds)],
        }
        for p in people
    ]
    planned = [r for r in range(cafe.rounds) if by_round.get(r)]
    figures = None
    if planned:
        scenario = build_scenario(cafe, people, max(planned) + 1, by_round)
        scenario["rounds"] = max(planned) + 1
        figures = score_plan(scenario, {"rounds": scenario["fixed"]})
    view = {"rounds": cafe.rounds, "planned_rounds": planned, "rows": rows, "figures": figures}
    _views[cafe.id] = (made_from, view)
    _views.move_to_end(cafe.id)
    if len(_views) > VIEWS_KEPT:
        _views.popitem(last=False)
    return view


# The latest plan view of the cafés whose plan was looked at last, each with what it was
# made from (the café's fields and tables, its people and seats, as plan_view read them):
# a view is never served for other contents.
VIEWS_KEPT = 16
_views: OrderedDict[int, tuple[tuple, dict]] = OrderedDict()


def seat_late_arrival(cafe: Cafe, participant: Participant, round_index: int) -> None:
    """Give one newcomer a seat in a round already planned, without moving anyone else.

    Picks the emptiest table with room (a host: their own table); the next re-plan spreads
    them over the later rounds.
    """
    seats = reads.round_seats(cafe, round_index)
    if participant.id in seats:
        return  # Back in the round they left: their seat was kept.
    occupancy = {table.id: 0 for table in cafe.tables}
    for table_id in seats.values():
        occupancy[table_id] += 1
    free = [t for t in cafe.tables if occupancy[t.id] < t.capacity
            and participant.host_table_id in (None, t.id)]
    if not free:
        return  # No seat free: the person waits and the moderator sees it.
    best = min(free, key=lambda t: (occupancy[t.id] / t.capacity, t.number))
    db.session.add(Seat(cafe_id=cafe.id, round_index=round_index,
                        participant_id=participant.id, table_id=best.id))
