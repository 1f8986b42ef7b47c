"""Planning the coming rounds again after attendance or hosts changed, once for many changes.

A facilitator ticks attendance boxes one every half second. Each change is written and
acknowledged at once; the seating engine (seconds) then runs in the background for all the
changes made meanwhile, with no transaction open, and phones and consoles get the new seats
when it is done. A change that comes while the engine searches makes it plan once more.

REPLAN_DELAY is how long to wait for more changes first; 0 plans at once, before the caller
returns (the service tests use it).
"""

import logging
import threading

from flask import current_app, g

from app.extensions import db, socketio
from app.models import Cafe, Phase
from app.services import notify, seating
from app.services.errors import ServiceError
from app.services.locking import retry_while_locked

log = logging.getLogger(__name__)

# café id -> whether another change came while its plan was being made
_again: dict[int, bool] = {}
_guard = threading.Lock()  # green under eventlet and gevent (run.py patches first)


def replan_soon(cafe: Cafe) -> None:
    """Plan the rounds after the current one again, soon, if the café is between rounds."""
    if not _plannable(cafe):
        return
    delay = current_app.config["REPLAN_DELAY"]
    if not delay:
        _replan(cafe.id)
        return
    with _guard:
        if cafe.id in _again:
            _again[cafe.id] = True
            return
        _again[cafe.id] = False
    socketio.start_background_task(_replan_until_settled, current_app._get_current_object(),
                                   cafe.id, delay)


def _plannable(cafe: Cafe) -> bool:
    return cafe.phase in (Phase.LOBBY, Phase.BETWEEN) and cafe.current_round + 1 < cafe.rounds


def _replan_until_settled(app, cafe_id: int, delay: float) -> None:
    try:
        while True:
            socketio.sleep(delay)
            with _guard:
                _again[cafe_id] = False
            with app.app_context():
                _replan(cafe_id)
            with _guard:
                if not _again[cafe_id]:
                    del _again[cafe_id]
                    return
    except Exception:
        with _guard:
            _again.pop(cafe_id, None)
        log.exception("re-planning café %s failed", cafe_id)


def _replan(cafe_id: int) -> None:
    cafe = db.session.get(Cafe, cafe_id)
    if cafe is None or not _plannable(cafe):
        return
    g.cafe_language = cafe.language  # for a refusal's words, outside any request
    try:
        plan = seating.plan_rounds(cafe, cafe.current_round + 1)
        retry_while_locked(_store, cafe, plan)
    except ServiceError as exc:
        # Nobody present, a plan that cannot be made, or the café moved on (a round was
        # started meanwhile, with the seats it had): the console hears why.
        db.session.rollback()
        if exc.code != "cafe_moved_on":
            notify.replan_failed(cafe_id, exc.to_dict())
        return
    notify.cafe_changed(cafe)


def _store(cafe: Cafe, plan: seating.Plan) -> None:
    seating.store_plan(cafe, plan)
    db.session.commit()
