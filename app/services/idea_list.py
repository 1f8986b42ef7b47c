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
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import case, func, select

from app.extensions import db, idea_lists
from app.models import Cafe, CafeTable, Idea
from app.services import reads, snapshots

CAFES_KEPT = 32  # cafés whose list is kept; a server runs a handful at a time


@dataclass(frozen=True)
class IdeaList:
    etag: str  # a quoted strong ETag of the uncompressed body
    body: bytes  # JSON {"ideas": [idea]}
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
    return tuple(row)


def build(cafe: Cafe) -> IdeaList:
    """Serialise and compress the whole list (the expensive part, done once per version)."""
    ideas = [snapshots.idea_dict(idea) for idea in reads.visible_ideas(cafe)]
    body = json.dumps({"ideas": ideas}, ensure_ascii=False, separators=(",", ":")).encode()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    return IdeaList(etag, body, gzip.compress(body, compresslevel=6, mtime=0))


class _Versions:
    """The fingerprint queries of one café, one at a time. A request takes the result of a
    query that began after it arrived (so it sees every change committed before it asked),
    but all the requests that arrived while one query ran share the next: a hall asking at
    once makes a few queries, not one each."""

    def __init__(self):
        self.lock = threading.Lock()
        self.started = 0  # queries begun
        self.latest: tuple[int, tuple] = (0, ())  # (number, fingerprint) of the last done

    def fingerprint(self, cafe: Cafe) -> tuple:
        arrived = self.started
        with self.lock:
            number, key = self.latest
            if number > arrived:
                return key
            self.started += 1
            number = self.started
            key = fingerprint(cafe)
            self.latest = (number, key)
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


def visible_list(cafe: Cafe) -> IdeaList:
    return idea_lists.current(cafe)
