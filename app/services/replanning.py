"""Planning the coming rounds in the background, so that Start only has to seat people.

While the café fills up (the lobby) and between rounds, every change the plan depends on
(someone joins or is added, attendance, hosts, the set-up) is written and acknowledged at
once; then the engine searches a new plan in the background with no transaction open: first
a quick one (ROTATION_TIME_LIMIT), stored at once, then a longer one (PLAN_AHEAD_TIME_LIMIT)
that replaces it, so the best plan found so far is always stored and phones and consoles get
its seats. A change that comes meanwhile ends the longer search (its child process is
killed); the quick one is let finish and stored (who came meanwhile gets a free seat). Then
the search starts again once the changes settle. One search per café at a time, and at most
MAX_SEARCHES per server process: the machine running a café is usually one laptop. Several
processes on one PostgreSQL database take turns through a lease (services/leases.py): one
search per café at a time across all of them, and a dead process's turn ends with it.

With PLAN_AHEAD_TIME_LIMIT 0 only a plan already made is made again after a change (the
first round is planned when it starts). A plan printed on route cards is never re-planned
here: the moderator decides (rounds.replan).

REPLAN_DELAY is how long to wait for more changes first; 0 plans at once, before the caller
returns (the service tests use it).
"""

import logging
import subprocess
import threading
from dataclasses import dataclass, field

from flask import current_app, g

from app.extensions import db, socketio
from app.models import Cafe, Phase
from app.services import leases, notify, seating
from app.services.errors import ServiceError
from app.services.helpers import run_below_server
from app.services.locking import retry_while_locked

log = logging.getLogger(__name__)

MAX_SEARCHES = 2


@dataclass
class _Search:
    again: bool = False  # another change came: the running search is out of date
    # The running search may be ended by a change: the long one. The quick one (seconds) is
    # let finish and stored, or a café whose people join faster than it searches would
    # never get a plan.
    ending: bool = False
    process: subprocess.Popen | None = field(default=None, repr=False)


# café id -> its background search; guarded by _guard (green under eventlet and gevent:
# run.py patches first)
_searches: dict[int, _Search] = {}
_guard = threading.Lock()
_slots = threading.BoundedSemaphore(MAX_SEARCHES)


def replan_soon(cafe: Cafe) -> None:
    """Plan the rounds after the current one again, soon, if the café is between rounds and
    wants it (planning ahead, or a plan made already)."""
    if not _wanted(cafe):
        return
    delay = current_app.config["REPLAN_DELAY"]
    if not delay:
        _replan(cafe.id, [None])
        return
    with _guard:
        search = _searches.get(cafe.id)
        if search is not None:
            search.again = True
            if search.ending:
                _end(search)
            return
        _searches[cafe.id] = _Search()
    socketio.start_background_task(_replan_until_settled, current_app._get_current_object(),
                                   cafe.id, delay)


def plan_ahead(cafe: Cafe) -> None:
    """A change that matters to the plan but does not outdate a plan made (a join, an edit):
    searched again only when planning ahead."""
    if current_app.config["PLAN_AHEAD_TIME_LIMIT"]:
        replan_soon(cafe)


def cancel(cafe: Cafe) -> None:
    """The café moved on (a round starts): a search for the rounds it had is not needed."""
    with _guard:
        search = _searches.get(cafe.id)
        if search is not None:
            _end(search)


def is_searching(cafe_id: int) -> bool:
    with _guard:
        return cafe_id in _searches


def _end(search: _Search) -> None:
    if search.process is not None and search.process.poll() is None:
        search.process.kill()


def _plannable(cafe: Cafe) -> bool:
    return cafe.phase in (Phase.LOBBY, Phase.BETWEEN) and cafe.current_round + 1 < cafe.rounds


def _wanted(cafe: Cafe) -> bool:
    if not _plannable(cafe) or cafe.plan_printed:
        return False
    return (bool(current_app.config["PLAN_AHEAD_TIME_LIMIT"])
            or seating.is_planned(cafe, cafe.current_round + 1))


def _time_limits(app) -> list[float | None]:
    """The searches of one re-planning: quick (the default limit), then long if planning ahead."""
    ahead = app.config["PLAN_AHEAD_TIME_LIMIT"]
    return [None, ahead] if ahead else [None]


def _replan_until_settled(app, cafe_id: int, delay: float) -> None:
    search = _searches[cafe_id]
    with app.app_context():
        notify.planning(cafe_id, searching=True, printed=False)
    try:
        while True:
            socketio.sleep(delay)
            with _guard:
                search.again = False
            with _slots, app.app_context(), leases.held(leases.REPLANNING, cafe_id) as mine:
                if mine:
                    _replan(cafe_id, _time_limits(app), search)
                else:
                    # Another server process is searching for this café: when it is done,
                    # plan again here, with the change this process got.
                    with _guard:
                        search.again = True
            with _guard:
                if not search.again:
                    del _searches[cafe_id]
                    break
    except Exception:
        with _guard:
            _searches.pop(cafe_id, None)
        log.exception("re-planning café %s failed", cafe_id)
    with app.app_context():
        cafe = db.session.get(Cafe, cafe_id)
        notify.planning(cafe_id, searching=False, printed=bool(cafe and cafe.plan_printed))
        db.session.remove()


def _replan(cafe_id: int, time_limits: list[float | None], search: _Search | None = None) -> None:
    """Plan and store once per time limit, each plan replacing the one before; stops early
    when the café is no longer to be planned or a newer change came."""

    def started(process: subprocess.Popen) -> None:
        run_below_server(process.pid)  # nobody waits for a background search
        with _guard:
            search.process = process
            if search.again and search.ending:
                process.kill()  # the change came while the process was being started

    for time_limit in time_limits:
        cafe = db.session.get(Cafe, cafe_id)
        if cafe is None or not _plannable(cafe) or cafe.plan_printed:
            return
        if search is not None:
            with _guard:
                if search.again:
                    return
                search.ending = time_limit is not None
        g.cafe_language = cafe.language  # for a refusal's words, outside any request
        try:
            plan = seating.plan_rounds(cafe, cafe.current_round + 1, time_limit,
                                       started if search is not None else None)
            if search is not None and search.again and search.ending:
                db.session.rollback()
                return
            retry_while_locked(_store, cafe, plan)  # a quick plan is stored, even if outdated
        except ServiceError as exc:
            # Nobody present, a plan that cannot be made, the café moved on (a round was
            # started meanwhile, with the seats it had) or the search was ended for a newer
            # change: the console hears why only when it is news.
            db.session.rollback()
            if exc.code != "cafe_moved_on" and not _was_ended(search):
                notify.replan_failed(cafe_id, exc.to_dict())
            return
        finally:
            if search is not None:
                with _guard:
                    search.process = None
                    search.ending = False
        # A plan moves seats only: phones get their states (the timer with them), not the
        # café's settings again; a hall's thousand summaries are 8 MB on the venue Wi-Fi.
        notify.cafe_changed(cafe, settings=False)


def _was_ended(search: _Search | None) -> bool:
    """True when the search's process was killed (a newer change, or the round started)."""
    if search is None:
        return False
    process = search.process
    return search.again or (process is not None and (process.returncode or 0) < 0)


def _store(cafe: Cafe, plan: seating.Plan) -> None:
    if cafe.plan_printed:
        # Printed while the engine searched: the cards win.
        raise ServiceError("cafe_moved_on", "")
    seating.store_plan(cafe, plan)
    db.session.commit()
