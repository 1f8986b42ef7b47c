"""The café's clock: start, pause, resume, extend and end rounds, and finish the café.

Each function checks the phase, changes the café in one commit, then announces.
"""

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Cafe, Phase
from app.services import notify, seating, validate
from app.services.clock import now_ms
from app.services.errors import ServiceError, require_phase

MINUTE_MS = 60_000


def start_round(cafe: Cafe) -> Cafe:
    """Seat everyone for the next round (planned earlier or now) and start its clock."""
    require_phase(cafe, Phase.LOBBY, Phase.BETWEEN)
    next_round = cafe.current_round + 1
    if next_round >= cafe.rounds:
        raise ServiceError(
            "no_rounds_left", _l("All rounds have been played. Finish the café."), status=409
        )
    if not seating.is_planned(cafe, next_round):
        seating.store_plan(cafe, seating.plan_rounds(cafe, next_round))
    cafe.current_round = next_round
    cafe.phase = Phase.ROUND
    cafe.round_ends_at = now_ms() + cafe.round_minutes * MINUTE_MS
    cafe.paused_remaining_ms = None
    db.session.commit()
    notify.cafe_changed(cafe, settings=False)
    return cafe


def pause(cafe: Cafe) -> Cafe:
    require_phase(cafe, Phase.ROUND)
    cafe.paused_remaining_ms = max(0, cafe.round_ends_at - now_ms())
    cafe.round_ends_at = None
    cafe.phase = Phase.PAUSED
    db.session.commit()
    notify.timer_changed(cafe)
    return cafe


def resume(cafe: Cafe) -> Cafe:
    require_phase(cafe, Phase.PAUSED)
    cafe.round_ends_at = now_ms() + cafe.paused_remaining_ms
    cafe.paused_remaining_ms = None
    cafe.phase = Phase.ROUND
    db.session.commit()
    notify.timer_changed(cafe)
    return cafe


def extend(cafe: Cafe, data: dict) -> Cafe:
    """Give the running (or paused) round more minutes; from 0:00 it counts from now."""
    require_phase(cafe, *Phase.RUNNING)
    minutes = validate.integer(validate.payload(data), "minutes", _l("Minutes"), low=1,
                               high=60, default=1)
    if cafe.phase == Phase.PAUSED:
        cafe.paused_remaining_ms += minutes * MINUTE_MS
    else:
        cafe.round_ends_at = max(cafe.round_ends_at, now_ms()) + minutes * MINUTE_MS
    db.session.commit()
    notify.timer_changed(cafe)
    return cafe


def end_round(cafe: Cafe) -> Cafe:
    """Stop the round; plan the next ones at once so phones show where to go next."""
    require_phase(cafe, *Phase.RUNNING)
    next_round = cafe.current_round + 1
    if next_round < cafe.rounds and not seating.covers_everyone(cafe, next_round):
        # Someone came late: plan the rest again around the rounds played.
        seating.store_plan(cafe, seating.plan_rounds(cafe, next_round))
    cafe.phase = Phase.BETWEEN
    cafe.paused_remaining_ms = None
    # Between rounds the clock counts down the time for changing tables.
    more = next_round < cafe.rounds and cafe.transition_minutes > 0
    cafe.round_ends_at = now_ms() + cafe.transition_minutes * MINUTE_MS if more else None
    db.session.commit()
    notify.cafe_changed(cafe, settings=False)
    return cafe


def replan(cafe: Cafe) -> Cafe:
    """Plan the rounds not played yet again, before the next one starts."""
    require_phase(cafe, Phase.LOBBY, Phase.BETWEEN)
    if cafe.current_round + 1 >= cafe.rounds:
        raise ServiceError(
            "no_rounds_left", _l("All rounds have been played. Finish the café."), status=409
        )
    seating.store_plan(cafe, seating.plan_rounds(cafe, cafe.current_round + 1))
    db.session.commit()
    notify.cafe_changed(cafe, settings=False)
    return cafe


def finish(cafe: Cafe) -> Cafe:
    require_phase(cafe, *Phase.OPEN)
    cafe.phase = Phase.CLOSED
    cafe.voting_open = False
    cafe.stop_clock()
    db.session.commit()
    notify.cafe_changed(cafe)
    return cafe
