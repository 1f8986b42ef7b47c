"""Schema version 3 of the JSON export, described once per section (version 2 is version 3
without the harvest's themes: `check` still reads it).

Each section is a list of fields in file order. A field says how its value is written from
the café (`write`), how it is checked when a file is read back (`read`; none: it is there
for human readers, as the pillar's title beside its index) and, when it is a plain copy of
one column, which column a restore fills with it (`column`). The writer (`dump`), the check
(`check`) and the restore (`store`) all follow these lists, so a new field of an idea is one
line in IDEAS.

People, ideas and seats are linked by `ref` numbers (1, 2, ... in the order stored), tables
by their number, pillars by their position: never database ids, and no secret (no moderator,
screen or phone token).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from flask_babel import lazy_gettext as _l

from app.bounds import LENGTHS, RANGES
from app.services import validate
from app.services.errors import ServiceError
from app.services.exports.common import iso

JSON_SCHEMA_VERSION = 3
# Versions restore reads: 2 has no themes, theme votes or rejected merge pairs, and its ideas
# no theme; read as a café whose harvest made no themes.
READABLE_VERSIONS = (2, 3)


# ---- checking one value ------------------------------------------------------------------

def broken(where: str, problem) -> ServiceError:
    return ServiceError(
        "invalid_archive",
        _l("The file cannot be restored. At %(where)s: %(problem)s", where=where,
           problem=problem),
        field=where,
    )


def an_object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise broken(where, _l("an object with fields was expected."))
    return value


def a_list(value, where: str) -> list:
    if not isinstance(value, list):
        raise broken(where, _l("a list was expected."))
    return value


def integer(value, where: str, low: int, high: int, *, null: bool = False) -> int | None:
    if value is None and null:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise broken(where, _l("a whole number from %(low)d to %(high)d was expected.",
                               low=low, high=high))
    return value


def flag(value, where: str, _scope=None) -> bool:
    if not isinstance(value, bool):
        raise broken(where, _l("true or false was expected."))
    return value


def text(value, where: str, label, min_len: int, max_len: int, *, null: bool = False):
    if value is None and null:
        return None
    try:
        return validate.text({"value": value}, "value", label, min_len=min_len,
                             max_len=max_len)
    except ServiceError as exc:
        raise broken(where, exc.message) from None


def time(value, where: str, _scope=None, *, null: bool = False) -> datetime | None:
    if value is None and null:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise broken(where, _l("a date and time (ISO 8601) was expected."))
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    # Stored as UTC: a time whose UTC falls outside the years 1 to 9999 cannot be stored.
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise broken(where, _l("a date and time between the years 1 and 9999 (in UTC) was "
                               "expected.")) from None


def known(value, where: str, refs) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value not in refs:
        raise broken(where, _l("this refers to an entry the file does not contain."))
    return value


# ---- fields and sections -------------------------------------------------------------------

@dataclass
class Written:
    """What writing an entry needs besides its row: the café's links as the file names them."""

    anonymous: bool
    pillars: dict  # pillar id -> Pillar
    position: dict  # pillar id -> index
    tables: dict  # table id -> number
    person_ref: dict = field(default_factory=dict)  # participant id -> ref
    idea_ref: dict = field(default_factory=dict)  # idea id -> ref
    theme_ref: dict = field(default_factory=dict)  # theme id -> ref
    theme_pinned: set = field(default_factory=set)  # ids of ideas the moderator put in a theme


@dataclass
class Scope:
    """What checking an entry needs: the file's set-up, and the refs read so far."""

    rounds: int
    tables: int
    pillars: int
    people: set = field(default_factory=set)
    ideas: set = field(default_factory=set)
    themes: set = field(default_factory=set)


@dataclass(frozen=True)
class Field:
    key: str  # in the file
    write: Callable[[Any, Written], Any]  # (row, written) -> the value in the file
    read: Callable[[Any, str, Scope], Any] | None = None  # (value, where, scope) -> checked
    column: str | None = None  # the model column a restore copies the checked value into
    once: Any = None  # the refusal when two entries of the section share this value


@dataclass(frozen=True)
class Section:
    name: str
    fields: tuple[Field, ...]

    def entry(self, row, written: Written) -> dict:
        return {f.key: f.write(row, written) for f in self.fields}

    def entries(self, rows, written: Written) -> list[dict]:
        return [self.entry(row, written) for row in rows]

    @cached_property
    def _readers(self) -> tuple:
        # Read for every entry of a large file: the fields read back, looked up once.
        return tuple((f.key, f.read, f.once) for f in self.fields if f.read is not None)

    def read_entry(self, raw, where: str, scope: Scope, seen: dict | None = None) -> dict:
        """The checked values of one entry (fields without `read` are skipped)."""
        item = an_object(raw, where)
        values = {}
        for key, read, once in self._readers:
            value = values[key] = read(item.get(key), f"{where}.{key}", scope)
            # (`once` is a lazy text: its truth would translate it.)
            if once is not None and value is not None:
                if value in seen.setdefault(key, set()):
                    raise broken(f"{where}.{key}", once)
                seen[key].add(value)
        return values

    def read_entries(self, items: list, scope: Scope) -> list[dict]:
        seen: dict[str, set] = {}
        return [self.read_entry(raw, f"{self.name}[{i}]", scope, seen)
                for i, raw in enumerate(items)]

    @cached_property
    def _columns(self) -> tuple:
        return tuple((f.column, f.key) for f in self.fields if f.column)

    def columns(self, values: dict) -> dict:
        """The plain columns a restore fills from one checked entry."""
        return {column: values[key] for column, key in self._columns}


def attr(name: str):
    return lambda row, _written: getattr(row, name)


def iso_of(name: str):
    return lambda row, _written: iso(getattr(row, name))


def ref(value, where: str, _scope) -> int:
    return integer(value, where, 1, validate.MAX_ROW_ID)


def person(value, where: str, scope: Scope) -> int:
    return known(value, where, scope.people)


TWICE = _l("this number is used twice.")
# The fields' names in refusals (made once: a file holds thousands of entries).
NAME, ORGANISATION, ROLE = _l("Name"), _l("Organisation"), _l("Role")
IDEA, SUMMARY = _l("Idea"), _l("Summary")


def _pillar(row, written: Written):
    return written.pillars.get(row.pillar_id)


def _table_numbers(value, where: str, scope: Scope) -> list:
    numbers = a_list(value, where)
    if len(numbers) != scope.rounds:
        raise broken(where, _l("one table number (or null) per round was expected."))
    return [integer(n, f"{where}[{r}]", 1, scope.tables, null=True)
            for r, n in enumerate(numbers)]


CAFE = Section("cafe", (
    Field("code", attr("code"), lambda v, where, scope: v if isinstance(v, str) else None),
    Field("title", attr("title")),
    Field("language", attr("language")),
    Field("anonymous", attr("anonymous")),
    Field("roles", lambda cafe, _: list(cafe.roles)),
    Field("rounds", attr("rounds")),
    Field("round_minutes", attr("round_minutes_list")),
    Field("created_at", iso_of("created_at"), time),
    Field("phase", attr("phase")),
    Field("vote_on", attr("vote_on")),
    Field("rounds_started", lambda cafe, _: max(0, cafe.current_round + 1),
          lambda v, where, scope: integer(v, where, 0, scope.rounds)),
    Field("pillars", lambda cafe, _: [
        {"title": p.title, "question": p.question, "color": p.color} for p in cafe.pillars]),
    Field("tables", lambda cafe, _: [
        {"number": t.number, "name": t.name, "capacity": t.capacity,
         "pillar": t.pillar.title if t.pillar else None} for t in cafe.tables]),
))

PARTICIPANTS = Section("participants", (
    Field("ref", lambda p, w: w.person_ref[p.id], ref, once=TWICE),
    Field("name", lambda p, w: None if w.anonymous else p.name,
          lambda v, where, scope: text(v, where, NAME, 1, LENGTHS.name, null=True)),
    Field("organisation", lambda p, w: None if w.anonymous else p.organisation,
          lambda v, where, scope: text(v, where, ORGANISATION, 0,
                                       LENGTHS.organisation, null=True) or "",
          column="organisation"),
    Field("role", attr("role"),
          lambda v, where, scope: text(v, where, ROLE, 0, LENGTHS.role, null=True) or "",
          column="role"),
    Field("host_table", lambda p, w: w.tables.get(p.host_table_id),
          lambda v, where, scope: integer(v, where, 1, scope.tables, null=True),
          once=_l("a table has one host only.")),
    Field("joined_at", iso_of("joined_at"), time, column="joined_at"),
    # The last round (1-based) the person took part in; 0: left before round 1.
    Field("left_after_round",
          lambda p, _: None if p.left_after_round is None else p.left_after_round + 1,
          lambda v, where, scope: integer(v, where, 0, scope.rounds, null=True)),
))

# Rows: (participant id, table numbers per round).
PLAN = Section("plan", (
    Field("participant", lambda row, w: w.person_ref[row[0]], person,
          once=_l("this person is in the plan twice.")),
    Field("tables", lambda row, _: row[1], _table_numbers),
))

# Rows: records of exports.common.load_ideas.
IDEAS = Section("ideas", (
    Field("ref", attr("ref"), ref, once=TWICE),
    Field("pillar", lambda r, w: _pillar(r, w).title if _pillar(r, w) else ""),
    Field("question", lambda r, w: _pillar(r, w).question if _pillar(r, w) else ""),
    Field("pillar_index", lambda r, w: w.position.get(r.pillar_id),
          lambda v, where, scope: integer(v, where, 0, scope.pillars - 1, null=True)),
    Field("table", attr("table_number"),
          lambda v, where, scope: integer(v, where, 1, scope.tables, null=True)),
    Field("round", attr("round_number"),
          lambda v, where, scope: integer(v, where, 1, scope.rounds)),
    Field("time", iso_of("created_at"), time, column="created_at"),
    Field("author", attr("author")),
    Field("participant", lambda r, w: w.person_ref[r.participant_id], person),
    Field("text", attr("text"),
          lambda v, where, scope: text(v, where, IDEA, 1, LENGTHS.idea),
          column="text"),
    Field("status", attr("status")),
    Field("hidden", attr("hidden"), flag, column="hidden"),
    Field("pinned", attr("pinned"), flag, column="pinned"),
    # Checked once every ref is known (check.read).
    Field("merged_into", attr("merged_into"), lambda v, where, scope: v),
    Field("original_text", attr("original_text"),
          lambda v, where, scope: text(v, where, IDEA, 1, LENGTHS.idea, null=True),
          column="original_text"),
    Field("edited_at", iso_of("edited_at"),
          lambda v, where, scope: time(v, where, null=True), column="edited_at"),
    Field("votes", attr("votes")),
    # Version 3: the harvest's theme (a theme ref; checked once every theme is read,
    # check.read) and whether the moderator put the idea there.
    Field("theme", lambda r, w: w.theme_ref.get(r.theme_id), lambda v, where, scope: v),
    Field("theme_pinned", lambda r, w: r.id in w.theme_pinned, flag, column="theme_pinned"),
))

# Rows: (participant id, idea id, dots).
VOTES = Section("votes", (
    Field("participant", lambda row, w: w.person_ref[row[0]], person),
    Field("idea", lambda row, w: w.idea_ref[row[1]],
          lambda v, where, scope: known(v, where, scope.ideas)),
    Field("dots", lambda row, _: row[2],
          lambda v, where, scope: integer(v, where, 1, RANGES.dots.high), column="dots"),
))

SUMMARIES = Section("summaries", (
    Field("table", lambda s, w: w.tables[s.table_id],
          lambda v, where, scope: integer(v, where, 1, scope.tables),
          once=_l("a table has one summary only.")),
    Field("author", lambda s, w: w.person_ref.get(s.author_id),
          lambda v, where, scope: None if v is None else person(v, where, scope)),
    Field("text", attr("text"),
          lambda v, where, scope: text(v, where, SUMMARY, 0, LENGTHS.summary),
          column="text"),
    Field("updated_at", iso_of("updated_at"), time, column="updated_at"),
))


def theme_key(theme, written: Written) -> str:
    """A theme's key in the file: the grouping's "auto:<idea id>" names the idea by its ref
    (the file holds no database id), "auto:t<theme ref>" when that idea is gone; the
    moderator's "m:<n>" as it is."""
    kind, _, rest = theme.key.partition(":")
    if kind == "auto" and rest.isdigit():
        idea = written.idea_ref.get(int(rest))
        return f"auto:{idea}" if idea else f"auto:t{written.theme_ref[theme.id]}"
    return theme.key


def _theme_key(value, where: str, scope: Scope) -> str:
    if not isinstance(value, str) or not THEME_KEY.fullmatch(value):
        raise broken(where, _l('a key such as "auto:12" or "m:3" was expected.'))
    kind, _, rest = value.partition(":")
    if kind == "auto" and rest.isdigit():
        known(int(rest), where, scope.ideas)
    return value


THEME_KEY = re.compile(r"auto:t?[1-9][0-9]{0,11}|m:[0-9]{1,12}")
THEME_NAME_LENGTH = 120  # Theme.name's column; a keyword is never longer
THEME, KEYWORD = _l("Theme"), _l("Keyword")

# Rows: (Theme, dots on it or on its ideas) in the order made.
THEMES = Section("themes", (
    Field("ref", lambda row, w: w.theme_ref[row[0].id], ref, once=TWICE),
    Field("pillar", lambda row, w: w.pillars[row[0].pillar_id].title
          if row[0].pillar_id in w.pillars else ""),
    Field("pillar_index", lambda row, w: w.position.get(row[0].pillar_id),
          lambda v, where, scope: integer(v, where, 0, scope.pillars - 1)),
    Field("key", lambda row, w: theme_key(row[0], w), _theme_key,
          once=_l("two themes have this key.")),
    Field("name", lambda row, _: row[0].name,
          lambda v, where, scope: text(v, where, THEME, 1, THEME_NAME_LENGTH), column="name"),
    Field("keywords", lambda row, _: list(row[0].keywords or []),
          lambda v, where, scope: [text(word, f"{where}[{i}]", KEYWORD, 1, THEME_NAME_LENGTH)
                                   for i, word in enumerate(a_list(v, where))],
          column="keywords"),
    Field("renamed", lambda row, _: row[0].renamed, flag, column="renamed"),
    Field("locked", lambda row, _: row[0].locked, flag, column="locked"),
    Field("votes", lambda row, _: row[1]),
))

# Rows: (participant id, theme id, dots).
THEME_VOTES = Section("theme_votes", (
    Field("participant", lambda row, w: w.person_ref[row[0]], person),
    Field("theme", lambda row, w: w.theme_ref[row[1]],
          lambda v, where, scope: known(v, where, scope.themes)),
    Field("dots", lambda row, _: row[2],
          lambda v, where, scope: integer(v, where, 1, RANGES.dots.high), column="dots"),
))

# Rows: (first idea id, second idea id): merge suggestions the moderator rejected, so that a
# restored café's harvest never suggests them again.
REJECTED_MERGES = Section("rejected_merges", (
    Field("first", lambda row, w: w.idea_ref[row[0]],
          lambda v, where, scope: known(v, where, scope.ideas)),
    Field("second", lambda row, w: w.idea_ref[row[1]],
          lambda v, where, scope: known(v, where, scope.ideas)),
))

# The sections after `setup` and `cafe`, each a list, in file order.
LISTS = (PARTICIPANTS, PLAN, THEMES, IDEAS, VOTES, THEME_VOTES, REJECTED_MERGES, SUMMARIES)
# What version 2 files lack.
SINCE_VERSION_3 = (THEMES, THEME_VOTES, REJECTED_MERGES)
