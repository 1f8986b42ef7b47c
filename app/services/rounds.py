"""The café's clock: start, pause, resume, extend and end rounds, and finish the café.

Each function checks the phase, changes the café in one commit, then announces.
"""

from flask_babel import lazy_gettext as _l

from app.agenda import MINUTE_MS
from app.extensions import db
from app.models import Cafe, Phase
from app.services import notify, replanning, seating, validate
from app.services.clock import now_ms
from app.services.errors import ServiceError, require_phase


def start_round(cafe: Cafe) -> Cafe:
    """Seat everyone for the next round and start its clock.

    The round is usually planned already (in the background, replanning): then only those
    who came after the plan was made get a free seat, everyone else keeps theirs (those who
    left lost their seats when they were marked gone), and Start answers at once.

    The first round seats only those who are here: people on the list who are not checked
    in are left out (seating.leave_out_not_here). A plan that counted on them is made again
    for those here, unless it is on printed route cards: then those here keep their
    printed seats and the absent ones' seats stay empty.
    """
    require_phase(cafe, Phase.LOBBY, Phase.BETWEEN)
    next_round = cafe.current_round + 1
    if next_round >= cafe.rounds:
        raise ServiceError(
            "no_rounds_left", _l("All rounds have been played. Finish the café."), status=409
        )
    replanning.cancel(cafe)  # a search still running is for a moment that is over
    left_out = seating.leave_out_not_here(cafe) if next_round == 0 else []
    if left_out:
        # Planning ends the transaction before the engine searches (plan_rounds): who is
        # left out is written first.
        db.session.commit()
    if seating.is_planned(cafe, next_round) and (cafe.plan_printed or not left_out):
        seating.seat_missing(cafe, next_round)
    else:
        seating.store_plan(cafe, seating.plan_rounds(cafe, next_round))
    cafe.current_round = next_round
    cafe.phase = Phase.ROUND
    cafe.round_ends_at = now_ms() + cafe.round_length(next_round) * MINUTE_MS
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
        if cafe.plan_printed:
            # The route cards stay right for everyone on them; latecomers get free seats.
            seating.keep_printed(cafe, next_round)
        else:
            # Someone came late: plan the rest again around the rounds played.
            seating.store_plan(cafe, seating.plan_rounds(cafe, next_round))
    cafe.phase = Phase.BETWEEN
    cafe.paused_remaining_ms = None
    # Between rounds the clock counts down this change-over's time for changing tables.
    changeover = cafe.transition_after(cafe.current_round)
    cafe.round_ends_at = now_ms() + changeover * MINUTE_MS if changeover else None
    db.session.commit()
    notify.cafe_changed(cafe, settings=False)
    return cafe


def replan(cafe: Cafe, data: dict | None = None) -> Cafe:
    """Plan the rounds not played yet again, before the next one starts.

    A plan on printed route cards is replaced only when the moderator says so
    (replace_printed): the console asks first.
    """
    require_phase(cafe, Phase.LOBBY, Phase.BETWEEN)
    data = validate.payload({} if data is None else data)
    if cafe.current_round + 1 >= cafe.rounds:
        raise ServiceError(
            "no_rounds_left", _l("All rounds have been played. Finish the café."), status=409
        )
    if cafe.plan_printed and data.get("replace_printed") is not True:
        raise ServiceError(
            "plan_printed",
            _l("This plan is on the printed route cards. A new plan makes them wrong."),
            status=409,
        )
    replanning.cancel(cafe)
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
