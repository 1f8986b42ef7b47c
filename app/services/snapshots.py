"""The full state each audience sees, as plain JSON-ready dicts.

A (re)connecting client gets one of these in one message; events after it are deltas.
"""

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.aggregation import count_ideas, word_cloud
from app.extensions import db
from app.models import Cafe, CafeTable, Idea, Participant, Phase, Seat, TableSummary, Vote
from app.services.clock import now_ms


def timer(cafe: Cafe) -> dict:
    return {
        "phase": cafe.phase,
        "round": cafe.current_round,
        "rounds": cafe.rounds,
        "ends_at": cafe.round_ends_at,
        "remaining_ms": cafe.paused_remaining_ms,
        "server_now": now_ms(),
    }


def cafe_summary(cafe: Cafe, tables=None) -> dict:
    tables = tables or tables_by_id(cafe)
    return {
        "code": cafe.code,
        "title": cafe.title,
        "place": cafe.place,
        "language": cafe.language,
        "anonymous": cafe.anonymous,
        "hold_results": cafe.hold_results,
        "roles": cafe.roles,
        "round_minutes": cafe.round_minutes,
        "pillars": [
            {"id": p.id, "title": p.title, "question": p.question, "color": p.color}
            for p in cafe.pillars
        ],
        "tables": [table._asdict() for table in tables.values()],
        "timer": timer(cafe),
        "transition_minutes": cafe.transition_minutes,
        "screen_view": cafe.screen_view,
        "announcement": announcement_dict(cafe),
        "voting": {
            "open": cafe.voting_open,
            "dots_per_person": cafe.dots_per_person,
            "max_dots_per_idea": cafe.max_dots_per_idea,
        },
    }


def announcement_dict(cafe: Cafe) -> dict | None:
    if not cafe.announcement:
        return None
    return {"text": cafe.announcement, "at": cafe.announcement_at.isoformat()}


def idea_dict(idea: Idea) -> dict:
    """An idea as phones and the screen see it: no author, no moderation details."""
    return idea_fields(idea, idea.table.number if idea.table else None)


def idea_fields(idea, table_number: int | None) -> dict:
    """idea_dict for an Idea or a row of IDEA_COLUMNS, whose table number is known."""
    return {
        "id": idea.id,
        "client_id": idea.client_id,
        "text": idea.text,
        "pillar_id": idea.pillar_id,
        "table_id": idea.table_id,
        "table_number": table_number,
        "round": idea.round_index,
        "created_at": idea.created_at.isoformat(),
        "edited": idea.edited_at is not None or idea.original_text is not None,
        "pinned": idea.pinned,
    }


def moderator_idea_dict(idea: Idea, *, anonymous: bool) -> dict:
    data = idea_dict(idea)
    data.update(hidden=idea.hidden, merged_into=idea.merged_into_id,
                original_text=idea.original_text)
    if not anonymous:
        data["author"] = idea.participant.name
    return data


def seat_dict(round_index: int, table) -> dict | None:
    if table is None:
        return None
    return {
        "round": round_index,
        "table_id": table.id,
        "table_number": table.number,
        "table_name": table.name,
        "pillar_id": table.pillar_id,
    }


def took_part(participant: Participant) -> bool:
    """Not marked absent before the first round: the people a head count means (an imported
    list names people who never came; someone who left early did take part)."""
    return participant.left_after_round is None or participant.left_after_round >= 0


def head_counts(cafe_id: int) -> tuple[int, int]:
    """The screen's head counts: who took part (took_part), and who is present and here with
    a phone now (what the join view shows: an imported list is not the room)."""
    present = Participant.left_after_round.is_(None)
    took, phones = db.session.execute(
        select(func.count().filter(or_(present, Participant.left_after_round >= 0)),
               func.count().filter(present, Participant.connections > 0))
        .where(Participant.cafe_id == cafe_id)).one()
    return took, phones


def participant_dict(participant: Participant) -> dict:
    return {
        "id": participant.id,
        "name": participant.name,
        "organisation": participant.organisation,
        "role": participant.role,
        "host_table_id": participant.host_table_id,
        "present": participant.left_after_round is None,
        "online": participant.connections > 0,
    }


def person_dict(cafe: Cafe, participant: Participant, seats=None) -> dict:
    """A participant as the console lists them: with this round's and the next round's seat.

    seats: (current, upcoming) seat maps, when many people are listed at once.
    """
    current, upcoming = seats or (seats_by_participant(cafe, cafe.current_round),
                                  seats_by_participant(cafe, cafe.current_round + 1))
    return {
        **participant_dict(participant),
        "seat": seat_dict(cafe.current_round, current.get(participant.id)),
        "next_seat": seat_dict(cafe.current_round + 1, upcoming.get(participant.id)),
    }


def tables_by_id(cafe: Cafe) -> dict:
    """The café's tables as plain rows (id, number, name, capacity, pillar_id), by number:
    every reconnecting phone needs them, and rows cost a fraction of ORM objects."""
    rows = db.session.execute(
        select(CafeTable.id, CafeTable.number, CafeTable.name, CafeTable.capacity,
               CafeTable.pillar_id)
        .where(CafeTable.cafe_id == cafe.id).order_by(CafeTable.number))
    return {row.id: row for row in rows}


def cafe_ideas(cafe: Cafe, *conditions, authors: bool = True) -> list[Idea]:
    """The café's ideas (withdrawn ones never count), oldest first, with their table and (for
    the console) their author."""
    loads = [selectinload(Idea.table)] + ([selectinload(Idea.participant)] if authors else [])
    return list(db.session.scalars(
        select(Idea).where(Idea.cafe_id == cafe.id, Idea.withdrawn.is_(False), *conditions)
        .options(*loads).order_by(Idea.id)
    ))


IDEA_COLUMNS = (Idea.id, Idea.client_id, Idea.text, Idea.pillar_id, Idea.table_id,
                Idea.round_index, Idea.created_at, Idea.edited_at, Idea.original_text,
                Idea.pinned)


def idea_rows(tables: dict, *conditions, with_author_id: bool = False) -> list[dict]:
    """Ideas as phones see them, read as rows (a reconnecting phone needs only a few; ORM
    objects and their loaders cost more than the query). Conditions naming the café's people
    or tables, without a café condition, let SQLite use their index. Oldest first."""
    columns = IDEA_COLUMNS + ((Idea.participant_id,) if with_author_id else ())
    rows = db.session.execute(select(*columns).where(*conditions).order_by(Idea.id))
    ideas = []
    for row in rows:
        idea = idea_fields(row, tables[row.table_id].number if row.table_id else None)
        if with_author_id:
            idea["participant_id"] = row.participant_id
        ideas.append(idea)
    return ideas


def visible_ideas(cafe: Cafe) -> list[Idea]:
    """What phones and the screen may show (no authors: they never see them)."""
    return [idea for idea in cafe_ideas(cafe, authors=False) if idea.visible]


def seats_by_participant(cafe: Cafe, round_index: int, only=(), tables=None) -> dict:
    """Who sits at which table (a row of tables_by_id) in one round; `only` narrows it to some
    participant ids."""
    narrow = [Seat.participant_id.in_(only)] if only else []
    tables = tables or tables_by_id(cafe)
    rows = db.session.execute(
        select(Seat.participant_id, Seat.table_id)
        .where(Seat.cafe_id == cafe.id, Seat.round_index == round_index, *narrow)
    )
    return {participant_id: tables[table_id] for participant_id, table_id in rows.tuples()}


TABLECLOTH_SIZE = 60


def summary_dict(summary: TableSummary) -> dict:
    return {"table_id": summary.table_id, "text": summary.text,
            "updated_at": summary.updated_at.isoformat()}


def table_summaries(cafe: Cafe) -> dict[int, dict]:
    rows = db.session.scalars(select(TableSummary).where(TableSummary.cafe_id == cafe.id))
    return {summary.table_id: summary_dict(summary) for summary in rows}


def votes_by_participant(cafe: Cafe, only=()) -> dict[int, dict[int, int]]:
    narrow = [Vote.participant_id.in_(only)] if only else []
    rows = db.session.execute(
        select(Vote.participant_id, Vote.idea_id, Vote.dots).where(Vote.cafe_id == cafe.id,
                                                                   *narrow)
    )
    mine: dict[int, dict[int, int]] = {}
    for participant_id, idea_id, dots in rows.tuples():
        mine.setdefault(participant_id, {})[idea_id] = dots
    return mine


def results_held(cafe: Cafe) -> bool:
    """Totals stay off the screen while people still vote: seen early, they steer the rest."""
    return cafe.hold_results and cafe.voting_open


def vote_totals(cafe: Cafe) -> dict[int, int]:
    totals: dict[int, int] = {}
    for votes in votes_by_participant(cafe).values():
        for idea_id, dots in votes.items():
            totals[idea_id] = totals.get(idea_id, 0) + dots
    return totals


# Above this many phones one pass over the whole café is cheaper than lists of ids.
BULK = 50


def participant_states(cafe: Cafe, participants: list[Participant], *,
                       with_cafe: bool = True) -> dict[int, dict]:
    """Personal states for one phone (a reconnect) or all of them (a new round) in a few
    queries: each is narrowed to the people asked for, so one reconnect stays cheap.

    with_cafe=False leaves out the café's summary, the same for everyone, when it goes to
    all phones at once as one `cafe` message (see notify.cafe_changed).
    """
    ids = [p.id for p in participants]
    only = [] if len(ids) > BULK else ids
    tables = tables_by_id(cafe)
    current = seats_by_participant(cafe, cafe.current_round, only, tables)
    upcoming = seats_by_participant(cafe, cafe.current_round + 1, only, tables)
    running = cafe.phase in (Phase.ROUND, Phase.PAUSED)
    # The table each person is at now, or is about to go to between rounds.
    focus_round = cafe.current_round if running else cafe.current_round + 1
    focus = {pid: seat_dict(focus_round, (current if running else upcoming).get(pid))
             for pid in ids}
    at_tables = {f["table_id"] for f in focus.values() if f}
    cloth: dict[int, list[dict]] = {}
    for idea in (idea_rows(tables, Idea.table_id.in_(at_tables), Idea.round_index < focus_round,
                           Idea.visible) if at_tables else []):
        cloth.setdefault(idea["table_id"], []).append(idea)
    own: dict[int, list[dict]] = {}
    mine = Idea.participant_id.in_(only) if only else Idea.cafe_id == cafe.id
    for idea in idea_rows(tables, mine, Idea.withdrawn.is_(False), with_author_id=True):
        own.setdefault(idea.pop("participant_id"), []).append(idea)
    summaries = table_summaries(cafe)
    votes = votes_by_participant(cafe, only)
    shared = {"cafe": cafe_summary(cafe, tables)} if with_cafe else {}
    states = {}
    for p in participants:
        seat = focus[p.id]
        tablecloth = []
        if seat:
            tablecloth = cloth.get(seat["table_id"], [])[::-1][:TABLECLOTH_SIZE]
        states[p.id] = {
            **shared,
            "me": participant_dict(p),
            "seat": seat_dict(cafe.current_round, current.get(p.id)),
            "next_seat": seat_dict(cafe.current_round + 1, upcoming.get(p.id)),
            "ideas": own.get(p.id, []),
            "tablecloth": tablecloth,
            "summary": summaries.get(seat["table_id"]) if seat else None,
            "host_summary": summaries.get(p.host_table_id) if p.host_table_id else None,
            "my_votes": votes.get(p.id, {}),
        }
    return states


def participant_state(participant: Participant) -> dict:
    cafe = db.session.get(Cafe, participant.cafe_id)
    return participant_states(cafe, [participant])[participant.id]


def cafe_participants(cafe: Cafe) -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant).where(Participant.cafe_id == cafe.id).order_by(Participant.id)
        )
    )


def moderator_state(cafe: Cafe, participants: list[Participant] | None = None) -> dict:
    """participants: cafe_participants(cafe), when the caller has them already."""
    participants = cafe_participants(cafe) if participants is None else participants
    seats = (seats_by_participant(cafe, cafe.current_round),
             seats_by_participant(cafe, cafe.current_round + 1))
    ideas = [moderator_idea_dict(i, anonymous=cafe.anonymous) for i in cafe_ideas(cafe)]
    people = [person_dict(cafe, p, seats) for p in participants]
    return {
        "cafe": cafe_summary(cafe),
        "participants": people,
        "ideas": ideas,
        "counts": count_ideas(ideas),
        "votes": vote_totals(cafe),
        "summaries": list(table_summaries(cafe).values()),
        "hidden_words": cafe.hidden_words,
    }


def where_to_sit(cafe: Cafe, participants: list[Participant]) -> list[dict]:
    """Names to tables for the screen: the running round, or the coming one between rounds."""
    round_index = cafe.current_round if cafe.phase in (Phase.ROUND, Phase.PAUSED) else (
        cafe.current_round + 1)
    seats = seats_by_participant(cafe, round_index)
    rows = [
        {"name": p.name, "table_number": seats[p.id].number, "table_name": seats[p.id].name,
         "pillar_id": seats[p.id].pillar_id}
        for p in participants if p.id in seats
    ]
    return sorted(rows, key=lambda row: row["name"].casefold())


def pillar_words(cafe: Cafe, pillar_id: int, ideas: list[Idea]) -> list:
    """The word cloud of one pillar, from the visible ideas given."""
    return cafe_word_cloud(cafe, (i.text for i in ideas if i.pillar_id == pillar_id))


def cafe_word_cloud(cafe: Cafe, texts) -> list:
    """A word cloud in the café's language, without the words its moderator hid."""
    return word_cloud(texts, language=cafe.language, hidden=cafe.hidden_words)


def words_of_pillars(cafe: Cafe, pillar_ids: set[int]) -> dict[int, list]:
    """Word clouds of some pillars, reading only the texts (they are redrawn during bursts)."""
    texts: dict[int, list[str]] = {pillar_id: [] for pillar_id in pillar_ids}
    rows = db.session.execute(select(Idea.pillar_id, Idea.text).where(
        Idea.cafe_id == cafe.id, Idea.pillar_id.in_(pillar_ids), Idea.visible))
    for pillar_id, text in rows.tuples():
        texts[pillar_id].append(text)
    return {pillar_id: cafe_word_cloud(cafe, found) for pillar_id, found in texts.items()}


def screen_state(cafe: Cafe, participants: list[Participant] | None = None) -> dict:
    participants = cafe_participants(cafe) if participants is None else participants
    shown = visible_ideas(cafe)
    ideas = [idea_dict(i) for i in shown]
    taking_part, phones = head_counts(cafe.id)
    return {
        "cafe": cafe_summary(cafe),
        "ideas": ideas,
        "counts": count_ideas(ideas),
        "votes": {} if results_held(cafe) else vote_totals(cafe),
        "participant_count": taking_part,
        "phone_count": phones,
        "where": where_to_sit(cafe, participants),
        "words": {p.id: pillar_words(cafe, p.id, shown) for p in cafe.pillars},
    }
