"""The visible idea list as one ready body per café and version: when voting opens, every
phone in the hall asks for it at once, and a thousand phones must not make a thousand lists.

The version is a fingerprint of the visible ideas read with one aggregate query, so the cache
needs no notice from the code paths that change ideas and stays right with several server
processes (each keeps its own copy of the same bytes, with the same ETag).
"""

import gzip
import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import has_app_context
from sqlalchemy import case, event, func, inspect, select
from sqlalchemy.orm import Session

from app.extensions import db, idea_lists
from app.models import Cafe, CafeTable, Idea, Participant, Pillar, Theme
from app.services import reads, snapshots

CAFES_KEPT = 32  # cafés whose list is kept; a server runs a handful at a time


@dataclass(frozen=True)
class IdeaList:
    etag: str  # a quoted strong ETag of the uncompressed body
    body: bytes  # JSON {"ideas": [idea], "themes"?: [theme]} (themes: voting on themes)
    gzipped: bytes

    @property
    def gzip_etag(self) -> str:
        # Another representation of the same list: a strong ETag must differ.
        return self.etag[:-1] + '-gz"'


def fingerprint(cafe: Cafe) -> tuple:
    """What changes whenever the visible list does: a posted, withdrawn, hidden, merged or
    restored idea changes the count and the id sums; an edit (by its author or the moderator)
    sets edited_at to now, above every earlier one; pinning and a pillar or table going away
    or being renumbered move the id-weighted sums. One pass over the café's ideas, no rows
    fetched (about 6 ms for 5,000 ideas on SQLite)."""
    weighted = lambda column: func.coalesce(func.sum(Idea.id * func.coalesce(column, 0)), 0)  # noqa: E731
    # The table numbers the list shows come from the café's few tables, not a join: joining
    # them to every idea made the query twice as slow.
    numbers = (select(func.coalesce(func.sum(CafeTable.id * CafeTable.number), 0))
               .where(CafeTable.cafe_id == cafe.id).scalar_subquery())
    row = db.session.execute(
        select(func.count(Idea.id), weighted(1), weighted(Idea.id), func.max(Idea.edited_at),
               weighted(case((Idea.pinned.is_(True), 1), else_=0)), weighted(Idea.pillar_id),
               weighted(Idea.table_id), numbers)
        .where(Idea.cafe_id == cafe.id, Idea.visible)
    ).one()
    if cafe.vote_on != "themes":
        return (*row, cafe.vote_on)
    # Voting on themes, the list holds them: an idea moved to another theme moves the
    # weighted sum of theme ids; a theme renamed or given other keywords changes its row.
    themes = db.session.execute(
        select(func.coalesce(func.sum(Idea.id * func.coalesce(Idea.theme_id, 0)), 0))
        .where(Idea.cafe_id == cafe.id, Idea.visible)).scalar_one()
    names = db.session.execute(select(Theme.id, Theme.name, Theme.keywords)
                               .where(Theme.cafe_id == cafe.id).order_by(Theme.id)).all()
    return (*row, cafe.vote_on, themes,
            hashlib.sha256(repr([tuple(r) for r in names]).encode()).hexdigest())


def phone_themes(cafe: Cafe, records) -> list[dict]:
    """The themes phones vote on: those holding a visible idea, with the ids of those ideas
    (their texts are in the list beside them) and no dots (phones never see totals)."""
    members: dict[int, list[int]] = {}
    for record in records:
        if record.theme_id is not None:
            members.setdefault(record.theme_id, []).append(record.id)
    return [{"id": theme.id, "pillar_id": theme.pillar_id, "name": theme.name,
             "keywords": theme.keywords, "idea_ids": members[theme.id]}
            for theme in reads.themes(cafe) if theme.id in members]


def build(cafe: Cafe) -> IdeaList:
    """Serialise and compress the whole list (the expensive part, done once per version)."""
    records = reads.visible_ideas(cafe)
    data: dict = {"ideas": [snapshots.idea_dict(idea) for idea in records]}
    if cafe.vote_on == "themes":
        data["themes"] = phone_themes(cafe, records)
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return IdeaList(etag, body, gzip.compress(body, compresslevel=6, mtime=0))


# How long a fingerprint read stands for the café's list when nothing in this process has
# changed an idea since: the query costs milliseconds per request, and under eventlet SQLite
# blocks the process, so a hall of phones asking one after another cannot share it. A change
# committed by this process is seen at once (see `_changed_cafes`); one committed by another
# server process at most this late.
FINGERPRINT_SECONDS = 1.0


class _Versions:
    """The fingerprint queries of one café, one at a time. A request takes the result of a
    query that began after it arrived, or after the last change this process committed,
    within FINGERPRINT_SECONDS; all the requests that arrived while one query ran share
    the next: a hall asking at once makes a few queries, not one each."""

    def __init__(self):
        self.lock = threading.Lock()
        self.started = 0  # queries begun
        self.changes = 0  # ideas changed by this process since
        self.latest: tuple[int, int, float, tuple] = (0, 0, 0.0, ())

    def fingerprint(self, cafe: Cafe) -> tuple:
        arrived = self.started
        with self.lock:
            number, changes, read_at, key = self.latest
            if changes == self.changes and (
                    number > arrived or time.monotonic() - read_at < FINGERPRINT_SECONDS):
                return key
            self.started += 1
            changes, read_at = self.changes, time.monotonic()
            key = fingerprint(cafe)
            self.latest = (self.started, changes, read_at, key)
            return key


class IdeaLists:
    """The lists an app keeps, newest version per café, and the builds under way."""

    def __init__(self, cafes_kept: int = CAFES_KEPT):
        self.cafes_kept = cafes_kept
        self.lists: OrderedDict[int, tuple[tuple, IdeaList]] = OrderedDict()
        self.building: dict[int, threading.Lock] = {}
        self.versions: dict[int, _Versions] = {}
        self.guard = threading.Lock()  # green under eventlet and gevent (monkey-patched)

    def current(self, cafe: Cafe) -> IdeaList:
        """The current list, built at most once per version however many ask at the same
        time: the first to find it missing builds it, the others wait for that build."""
        with self.guard:
            versions = self.versions.setdefault(cafe.id, _Versions())
        key = versions.fingerprint(cafe)
        cached = self._cached(cafe.id, key)
        if cached:
            return cached
        with self.guard:
            lock = self.building.setdefault(cafe.id, threading.Lock())
        with lock:
            cached = self._cached(cafe.id, key)
            if cached:
                return cached
            built = build(cafe)
            # An idea that changed during the build could make the body newer than `key`;
            # such a body is served but not kept under a version it does not match.
            if fingerprint(cafe) == key:
                self._keep(cafe.id, key, built)
            return built

    def _cached(self, cafe_id: int, key: tuple) -> IdeaList | None:
        with self.guard:
            entry = self.lists.get(cafe_id)
        return entry[1] if entry and entry[0] == key else None

    def _keep(self, cafe_id: int, key: tuple, built: IdeaList) -> None:
        with self.guard:
            self.lists[cafe_id] = (key, built)
            self.lists.move_to_end(cafe_id)
            while len(self.lists) > self.cafes_kept:
                gone, _ = self.lists.popitem(last=False)
                self.building.pop(gone, None)
                self.versions.pop(gone, None)


    def changed(self, cafe_ids: set[int]) -> None:
        with self.guard:
            for cafe_id in cafe_ids:
                if cafe_id in self.versions:
                    self.versions[cafe_id].changes += 1


def visible_list(cafe: Cafe) -> IdeaList:
    return idea_lists.current(cafe)


_WATCHED = (Idea, CafeTable, Pillar, Theme)


@event.listens_for(Session, "after_flush")
def _changed_cafes(session: Session, _context) -> None:
    """Note the cafés whose ideas, tables or pillars this transaction wrote."""
    touched = session.info.setdefault("idea_list_cafes", set())
    for thing in (*session.new, *session.dirty, *session.deleted):
        if isinstance(thing, _WATCHED):
            touched.add(thing.cafe_id)
    # A person deleted takes their ideas along (ON DELETE CASCADE, unseen here).
    touched.update(p.cafe_id for p in session.deleted if isinstance(p, Participant))
    # Voting on themes or on ideas: the list holds the themes or not.
    touched.update(c.id for c in session.dirty
                   if isinstance(c, Cafe) and inspect(c).attrs.vote_on.history.has_changes())


@event.listens_for(Session, "after_commit")
def _announce_changes(session: Session) -> None:
    touched = session.info.pop("idea_list_cafes", None)
    if touched and has_app_context():
        idea_lists.changed(touched)


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop("idea_list_cafes", None)
