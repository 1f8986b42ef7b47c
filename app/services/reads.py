"""Every read of a café's people, seats, votes and ideas: one home per question.

Services, snapshots, exports and the archive ask here instead of writing their own queries,
so a read is tuned (an index, a narrower read for one reconnecting phone) in one place.
Reads hand back plain rows, dicts and `IdeaRecord`s; shaping them for an audience is
`snapshots`' job, for a file the exports'.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import func, or_, select

from app.extensions import db
from app.models import (
    Cafe,
    CafeTable,
    Idea,
    MergeSuggestion,
    Participant,
    Phone,
    Seat,
    TableSummary,
    Theme,
    ThemeVote,
    Vote,
)

# ---- people and tables ----------------------------------------------------------------------


def participants(cafe: Cafe) -> list[Participant]:
    """Everyone on the café's list, in the order they joined or were imported."""
    return list(db.session.scalars(
        select(Participant).where(Participant.cafe_id == cafe.id).order_by(Participant.id)))


class PlanPerson(NamedTuple):
    """What the seating plan needs of a person, read as a row: a thousand people load in a
    fraction of the time their objects take."""
    id: int
    name: str
    organisation: str
    role: str
    host_table_id: int | None
    left_after_round: int | None

    present_in = Participant.present_in  # the same rule as the person's


def plan_people(cafe: Cafe) -> list[PlanPerson]:
    """Everyone on the café's list as the seating plan needs them, in the order of
    `participants`."""
    return [PlanPerson(*row) for row in db.session.execute(
        select(Participant.id, Participant.name, Participant.organisation, Participant.role,
               Participant.host_table_id, Participant.left_after_round)
        .where(Participant.cafe_id == cafe.id).order_by(Participant.id))]


def phones_by_person(cafe: Cafe, only=()) -> dict[int, list[dict]]:
    """Each person's phones as the console lists them, {id, number, since (ISO)}, in one
    query; `only` narrows it to some participant ids."""
    query = (select(Phone.id, Phone.participant_id, Phone.number, Phone.created_at)
             .where(Phone.cafe_id == cafe.id).order_by(Phone.number, Phone.id))
    if only:
        query = query.where(Phone.participant_id.in_(only))
    phones: dict[int, list[dict]] = {}
    for row in db.session.execute(query):
        phones.setdefault(row.participant_id, []).append(
            {"id": row.id, "number": row.number, "since": row.created_at.isoformat()})
    return phones


def took_part(participant: Participant) -> bool:
    """Not marked absent before the first round: the people a head count means (an imported
    list names people who never came; someone who left early did take part)."""
    return participant.left_after_round is None or participant.left_after_round >= 0


def head_counts(cafe_id: int) -> tuple[int, int]:
    """Who took part (took_part, counted in SQL), and who is present and here with a phone
    now (what the screen's join view shows: an imported list is not the room)."""
    present = Participant.left_after_round.is_(None)
    took, phones = db.session.execute(
        select(func.count().filter(or_(present, Participant.left_after_round >= 0)),
               func.count().filter(present, Participant.connections > 0))
        .where(Participant.cafe_id == cafe_id)).one()
    return took, phones


def tables_by_id(cafe: Cafe) -> dict:
    """The café's tables as plain rows (id, number, name, capacity, pillar_id), by number:
    every reconnecting phone needs them, and rows cost a fraction of ORM objects."""
    rows = db.session.execute(
        select(CafeTable.id, CafeTable.number, CafeTable.name, CafeTable.capacity,
               CafeTable.pillar_id)
        .where(CafeTable.cafe_id == cafe.id).order_by(CafeTable.number))
    return {row.id: row for row in rows}


# ---- seats ----------------------------------------------------------------------------------


def seatings(cafe: Cafe, rounds=(), only=()) -> dict[int, dict[int, int]]:
    """round index -> participant id -> table id, for every stored seat; `rounds` narrows it
    to some rounds, `only` to some participant ids."""
    narrow = ([Seat.round_index.in_(rounds)] if rounds else []) + (
        [Seat.participant_id.in_(only)] if only else [])
    result: dict[int, dict[int, int]] = {}
    rows = db.session.execute(select(Seat.round_index, Seat.participant_id, Seat.table_id)
                              .where(Seat.cafe_id == cafe.id, *narrow))
    for round_index, participant_id, table_id in rows.tuples():
        result.setdefault(round_index, {})[participant_id] = table_id
    return result


def round_seats(cafe: Cafe, round_index: int) -> dict[int, int]:
    """participant id -> table id for one round."""
    return seatings(cafe, [round_index]).get(round_index, {})


def tables_now(participant_ids: set[int]) -> dict[int, CafeTable]:
    """The table each of these people sits at in the round their café is in (one query, for
    a batch of ideas from several cafés)."""
    rows = db.session.execute(
        select(Seat.participant_id, CafeTable)
        .join(CafeTable, CafeTable.id == Seat.table_id)
        .join(Cafe, Cafe.id == Seat.cafe_id)
        .where(Seat.participant_id.in_(participant_ids), Seat.round_index == Cafe.current_round)
    )
    return {participant_id: table for participant_id, table in rows.tuples()}


def tables_sat_at(participant: Participant, last_round: int) -> set[int]:
    """The tables this person sat at in the rounds up to `last_round`."""
    return set(db.session.scalars(
        select(Seat.table_id).where(Seat.participant_id == participant.id,
                                    Seat.round_index <= last_round)))


def people_at(cafe: Cafe, table_id: int, round_index: int) -> list[int]:
    """The ids of the people seated at one table in one round."""
    return list(db.session.scalars(
        select(Seat.participant_id).where(Seat.cafe_id == cafe.id, Seat.table_id == table_id,
                                          Seat.round_index == round_index)))


# ---- votes ----------------------------------------------------------------------------------


def vote_totals(cafe: Cafe, ideas=()) -> dict[int, int]:
    """idea id -> dots on it; `ideas` narrows it to some idea ids (their index is used)."""
    where = [Vote.idea_id.in_(ideas)] if ideas else [Vote.cafe_id == cafe.id]
    rows = db.session.execute(
        select(Vote.idea_id, func.sum(Vote.dots)).where(*where).group_by(Vote.idea_id))
    return {idea_id: int(total) for idea_id, total in rows.tuples()}


def votes_by_participant(cafe: Cafe, only=()) -> dict[int, dict[int, int]]:
    """participant id -> idea id -> dots; `only` narrows it to some participant ids."""
    narrow = [Vote.participant_id.in_(only)] if only else []
    rows = db.session.execute(
        select(Vote.participant_id, Vote.idea_id, Vote.dots)
        .where(Vote.cafe_id == cafe.id, *narrow))
    mine: dict[int, dict[int, int]] = {}
    for participant_id, idea_id, dots in rows.tuples():
        mine.setdefault(participant_id, {})[idea_id] = dots
    return mine


def my_votes(participant: Participant) -> dict[int, int]:
    """idea id -> dots, of one person."""
    rows = db.session.execute(
        select(Vote.idea_id, Vote.dots).where(Vote.participant_id == participant.id))
    return dict(rows.tuples().all())


def voter_count(cafe: Cafe) -> int:
    return db.session.scalar(
        select(func.count(func.distinct(Vote.participant_id))).where(Vote.cafe_id == cafe.id))


# ---- ideas ----------------------------------------------------------------------------------


@dataclass(slots=True)
class IdeaRecord:
    """An idea as every reader gets it: phones, consoles and screens (`snapshots`), the
    exports and the archive. Withdrawn ideas are never read: they are kept for the record
    only. A new field of an idea is a line here and one in `_COLUMNS` below."""

    id: int
    client_id: str
    participant_id: int
    text: str
    pillar_id: int | None
    table_id: int | None
    table_number: int | None
    round_index: int  # 0-based, as stored and as the sockets count
    created_at: datetime
    edited_at: datetime | None
    original_text: str | None
    hidden: bool
    pinned: bool
    merged_into_id: int | None
    theme_id: int | None
    author: str | None = None  # the author's name, when asked for (authors=True)
    # What an export adds (exports.common.load_ideas): the number in posting order, stable
    # across export and import; the dots; this idea and the duplicates merged into it; the
    # ref of the idea it was merged into.
    ref: int = 0
    votes: int = 0
    copies: int = 1
    merged_into: int | None = None

    @property
    def round_number(self) -> int:
        """1-based, as the exports count rounds."""
        return self.round_index + 1

    @property
    def edited(self) -> bool:
        return self.edited_at is not None or self.original_text is not None

    @property
    def status(self) -> str:
        if self.merged_into_id is not None:
            return "merged"
        return "hidden" if self.hidden else "shown"

    @property
    def shown(self) -> bool:
        """What phones, the screen and the results show (not hidden, not merged)."""
        return self.status == "shown"


# The record's fields in order, up to `author` (asked for separately).
_COLUMNS = (Idea.id, Idea.client_id, Idea.participant_id, Idea.text, Idea.pillar_id,
            Idea.table_id, CafeTable.number.label("table_number"), Idea.round_index,
            Idea.created_at, Idea.edited_at, Idea.original_text, Idea.hidden, Idea.pinned,
            Idea.merged_into_id, Idea.theme_id)
_AUTHOR = Participant.name.label("author")


def _idea_query(conditions, authors: bool):
    query = select(*_COLUMNS, *([_AUTHOR] if authors else []))
    query = query.outerjoin(CafeTable, CafeTable.id == Idea.table_id)
    if authors:
        query = query.join(Participant, Participant.id == Idea.participant_id)
    return query.where(Idea.withdrawn.is_(False), *conditions).order_by(Idea.id)


def ideas(*conditions, authors: bool = False) -> list[IdeaRecord]:
    """Ideas matching the conditions, oldest first. Conditions naming the café's people or
    tables, without a café condition, let SQLite use their index (a reconnecting phone
    needs only a few ideas)."""
    return [IdeaRecord(*row) for row in db.session.execute(_idea_query(conditions, authors))]


def cafe_ideas(cafe: Cafe, *conditions, authors: bool = False) -> list[IdeaRecord]:
    return ideas(Idea.cafe_id == cafe.id, *conditions, authors=authors)


def visible_ideas(cafe: Cafe) -> list[IdeaRecord]:
    """What phones and the screen may show."""
    return cafe_ideas(cafe, Idea.visible)


def stream_ideas(cafe: Cafe, *, authors: bool, batch: int) -> Iterator[IdeaRecord]:
    """Every idea of the café, oldest first, fetched `batch` rows at a time (the exports
    stream large cafés)."""
    query = _idea_query([Idea.cafe_id == cafe.id], authors).execution_options(yield_per=batch)
    for row in db.session.execute(query):
        yield IdeaRecord(*row)


def as_record(idea: Idea | IdeaRecord, *, authors: bool = False) -> IdeaRecord:
    """The record of an idea held as an ORM object (one that just changed); a record stays."""
    if isinstance(idea, IdeaRecord):
        return idea
    own = {column.key: getattr(idea, column.key) for column in _COLUMNS
           if column.key != "table_number"}
    return IdeaRecord(**own, table_number=idea.table.number if idea.table else None,
                      author=idea.participant.name if authors else None)


def pillar_texts(cafe: Cafe, pillar_ids) -> dict[int, list[str]]:
    """The texts of the visible ideas of some pillars (word clouds read only these)."""
    texts: dict[int, list[str]] = {pillar_id: [] for pillar_id in pillar_ids}
    rows = db.session.execute(select(Idea.pillar_id, Idea.text).where(
        Idea.cafe_id == cafe.id, Idea.pillar_id.in_(pillar_ids), Idea.visible))
    for pillar_id, text in rows.tuples():
        texts[pillar_id].append(text)
    return texts


def summaries(cafe: Cafe) -> list[TableSummary]:
    """The table hosts' summaries, in the order first written."""
    return list(db.session.scalars(
        select(TableSummary).where(TableSummary.cafe_id == cafe.id).order_by(TableSummary.id)))


# ---- themes ---------------------------------------------------------------------------------


def themes(cafe: Cafe) -> list[Theme]:
    """The harvest's themes of every pillar, in the order they were made (an idea's theme is
    IdeaRecord.theme_id)."""
    return list(db.session.scalars(
        select(Theme).where(Theme.cafe_id == cafe.id).order_by(Theme.id)))


def theme_vote_totals(cafe: Cafe, themes=()) -> dict[int, int]:
    """theme id -> dots on it (when the café votes on themes); `themes` narrows it to some
    theme ids (their index is used)."""
    where = [ThemeVote.theme_id.in_(themes)] if themes else [ThemeVote.cafe_id == cafe.id]
    rows = db.session.execute(
        select(ThemeVote.theme_id, func.sum(ThemeVote.dots))
        .where(*where).group_by(ThemeVote.theme_id))
    return {theme_id: int(total) for theme_id, total in rows.tuples()}


def merge_suggestions(cafe: Cafe) -> list[MergeSuggestion]:
    """The merge suggestions the moderator has not rejected, oldest first."""
    return list(db.session.scalars(
        select(MergeSuggestion)
        .where(MergeSuggestion.cafe_id == cafe.id, MergeSuggestion.rejected.is_(False))
        .order_by(MergeSuggestion.id)))


@dataclass(frozen=True)
class SuggestionGroup:
    """Ideas the harvest takes for one: linked by open merge suggestions, directly or through
    each other. `idea_ids` earliest first, `suggestion_ids` oldest first."""

    idea_ids: list[int]
    suggestion_ids: list[int]


def suggestion_groups(cafe: Cafe, shown: set[int] | None = None) -> list[SuggestionGroup]:
    """The open merge suggestions whose two ideas are both shown, joined into groups (the
    connected components of those pairs; a pair is always within one pillar, so is a group),
    the group with the oldest suggestion first. `shown`: the ids of the shown ideas, when the
    caller has them already."""
    suggestions = merge_suggestions(cafe)
    if shown is None:
        asked = {idea_id for s in suggestions for idea_id in (s.first_id, s.second_id)}
        shown = set(db.session.scalars(
            select(Idea.id).where(Idea.id.in_(asked), Idea.visible))) if asked else set()
    parent: dict[int, int] = {}

    def root(idea_id: int) -> int:
        while parent.setdefault(idea_id, idea_id) != idea_id:
            parent[idea_id] = parent[parent[idea_id]]  # path halving keeps the trees flat
            idea_id = parent[idea_id]
        return idea_id

    pairs = [s for s in suggestions if s.first_id in shown and s.second_id in shown]
    for s in pairs:
        parent[root(s.second_id)] = root(s.first_id)
    ideas_of: dict[int, set[int]] = {}
    suggestions_of: dict[int, list[int]] = {}
    for s in pairs:  # oldest first, so each group's list is, and the groups come in that order
        group = root(s.first_id)
        ideas_of.setdefault(group, set()).update((s.first_id, s.second_id))
        suggestions_of.setdefault(group, []).append(s.id)
    return [SuggestionGroup(sorted(ideas_of[group]), ids)
            for group, ids in suggestions_of.items()]


def theme_votes_by_participant(cafe: Cafe, only=()) -> dict[int, dict[int, int]]:
    """participant id -> theme id -> dots; `only` narrows it to some participant ids."""
    narrow = [ThemeVote.participant_id.in_(only)] if only else []
    rows = db.session.execute(
        select(ThemeVote.participant_id, ThemeVote.theme_id, ThemeVote.dots)
        .where(ThemeVote.cafe_id == cafe.id, *narrow))
    mine: dict[int, dict[int, int]] = {}
    for participant_id, theme_id, dots in rows.tuples():
        mine.setdefault(participant_id, {})[theme_id] = dots
    return mine


def my_theme_votes(participant: Participant) -> dict[int, int]:
    """theme id -> dots, of one person."""
    rows = db.session.execute(select(ThemeVote.theme_id, ThemeVote.dots)
                              .where(ThemeVote.participant_id == participant.id))
    return dict(rows.tuples().all())


def rejected_merges(cafe: Cafe) -> list[tuple[int, int]]:
    """(first idea id, second idea id) of every merge suggestion the moderator rejected."""
    rows = db.session.execute(
        select(MergeSuggestion.first_id, MergeSuggestion.second_id)
        .where(MergeSuggestion.cafe_id == cafe.id, MergeSuggestion.rejected.is_(True))
        .order_by(MergeSuggestion.id))
    return list(rows.tuples())


def theme_pinned_ideas(cafe: Cafe) -> set[int]:
    """The ids of the ideas the moderator put into their theme."""
    return set(db.session.scalars(
        select(Idea.id).where(Idea.cafe_id == cafe.id, Idea.theme_pinned.is_(True))))
