"""The full state each audience sees, as plain JSON-ready dicts.

A (re)connecting client gets one of these in one message; events after it are deltas.
What is read comes from `reads`; this module only decides what each audience sees.
"""

from dataclasses import dataclass

from app import agenda
from app.aggregation import count_ideas, word_cloud
from app.extensions import db, harvester
from app.models import Cafe, Idea, MergeSuggestion, Participant, Phase, TableSummary, Theme
from app.services import bridges, reads, replanning
from app.services.clock import now_ms
from app.services.reads import IdeaRecord


def timer(cafe: Cafe) -> dict:
    now = now_ms()
    return {
        "phase": cafe.phase,
        "round": cafe.current_round,
        "rounds": cafe.rounds,
        "ends_at": cafe.round_ends_at,
        "remaining_ms": cafe.paused_remaining_ms,
        "server_now": now,
        "drift": drift_dict(cafe, now),
    }


def planned_rounds(cafe: Cafe) -> list[agenda.Slot] | None:
    """Each round's planned start and end, when the café has a planned start."""
    if cafe.planned_start is None:
        return None
    return agenda.planned_rounds(int(cafe.planned_start.timestamp() * 1000),
                                 cafe.round_minutes_list, cafe.transition_minutes_list)


def drift_dict(cafe: Cafe, now: int) -> dict | None:
    """How far the café runs behind its planned start and round lengths (agenda.Drift)."""
    slots = planned_rounds(cafe)
    if slots is None:
        return None
    drift = agenda.drift(slots, cafe.phase, cafe.current_round, ends_at=cafe.round_ends_at,
                         remaining_ms=cafe.paused_remaining_ms, now=now)
    return None if drift is None else drift._asdict()


def cafe_summary(cafe: Cafe, tables=None) -> dict:
    tables = tables or reads.tables_by_id(cafe)
    slots = planned_rounds(cafe)
    return {
        "code": cafe.code,
        "title": cafe.title,
        "place": cafe.place,
        "language": cafe.language,
        "anonymous": cafe.anonymous,
        "hold_results": cafe.hold_results,
        "pick_from_list": cafe.pick_from_list,
        "roles": cafe.roles,
        "round_minutes": cafe.round_minutes_list,
        "transition_minutes": cafe.transition_minutes_list,
        "planned_start": cafe.planned_start.isoformat() if cafe.planned_start else None,
        "schedule": None if slots is None else [slot._asdict() for slot in slots],
        "pillars": [
            {"id": p.id, "title": p.title, "question": p.question, "color": p.color}
            for p in cafe.pillars
        ],
        "tables": [table._asdict() for table in tables.values()],
        "timer": timer(cafe),
        "screen_view": cafe.screen_view,
        "announcement": announcement_dict(cafe),
        "voting": {
            "open": cafe.voting_open,
            "dots_per_person": cafe.dots_per_person,
            "max_dots_per_idea": cafe.max_dots_per_idea,
            "vote_on": cafe.vote_on,
        },
    }


def announcement_dict(cafe: Cafe) -> dict | None:
    if not cafe.announcement:
        return None
    return {"text": cafe.announcement, "at": cafe.announcement_at.isoformat()}


def idea_dict(idea: Idea | IdeaRecord) -> dict:
    """An idea as phones and the screen see it: no author, no moderation details."""
    idea = reads.as_record(idea)
    return {
        "id": idea.id,
        "client_id": idea.client_id,
        "text": idea.text,
        "pillar_id": idea.pillar_id,
        "table_id": idea.table_id,
        "table_number": idea.table_number,
        "round": idea.round_index,
        "created_at": idea.created_at.isoformat(),
        "edited": idea.edited,
        "pinned": idea.pinned,
    }


def moderator_idea_dict(idea: Idea | IdeaRecord, *, anonymous: bool) -> dict:
    """An idea as the console sees it: with its moderation and (unless anonymous) its author."""
    idea = reads.as_record(idea, authors=not anonymous)
    data = idea_dict(idea)
    data.update(hidden=idea.hidden, merged_into=idea.merged_into_id,
                original_text=idea.original_text)
    if not anonymous:
        data["author"] = idea.author
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


def person_dict(cafe: Cafe, participant: Participant, seats=None, phones=None) -> dict:
    """A participant as the console lists them: with this round's and the next round's seat.

    seats: the seats of these two rounds (seats_around), phones: reads.phones_by_person,
    when many people are listed at once.
    """
    current, upcoming = seats or seats_around(cafe, [participant.id])
    phones = reads.phones_by_person(cafe, [participant.id]) if phones is None else phones
    return {
        **participant_dict(participant),
        # The secret of their personal link and the phones that took it: only the console
        # sees a person this way (never a phone's token).
        "personal_code": participant.personal_code,
        "phones": phones.get(participant.id, []),
        "checked_in": participant.checked_in,
        "seat": seat_dict(cafe.current_round, current.get(participant.id)),
        "next_seat": seat_dict(cafe.current_round + 1, upcoming.get(participant.id)),
    }


def seats_around(cafe: Cafe, only=(), tables=None) -> tuple[dict, dict]:
    """Who sits at which table (a row of tables_by_id) in the current and the next round, in
    one read; `only` narrows it to some participant ids."""
    tables = tables or reads.tables_by_id(cafe)
    by_round = reads.seatings(cafe, (cafe.current_round, cafe.current_round + 1), only)
    return tuple({participant_id: tables[table_id]
                  for participant_id, table_id in by_round.get(round_index, {}).items()}
                 for round_index in (cafe.current_round, cafe.current_round + 1))


TABLECLOTH_SIZE = 60


def summary_dict(summary: TableSummary) -> dict:
    return {"table_id": summary.table_id, "text": summary.text,
            "updated_at": summary.updated_at.isoformat()}


def table_summaries(cafe: Cafe) -> dict[int, dict]:
    return {summary.table_id: summary_dict(summary) for summary in reads.summaries(cafe)}


def results_held(cafe: Cafe) -> bool:
    """Totals stay off the screen while people still vote: seen early, they steer the rest."""
    return cafe.hold_results and cafe.voting_open


# Above this many phones one pass over the whole café is cheaper than lists of ids.
BULK = 50


@dataclass
class PhoneReads:
    """What phones' states are made of, read for some people or for the whole café."""
    tables: dict  # reads.tables_by_id
    current: dict  # participant id -> table row, this round and the next (seats_around)
    upcoming: dict
    cloth: dict[int, list[dict]]  # table id -> its shown ideas of earlier rounds, oldest first
    own: dict[int, list[dict]]  # participant id -> their ideas
    summaries: dict[int, dict]  # table id -> its summary (table_summaries)
    votes: dict[int, dict[int, int]]
    theme_votes: dict[int, dict[int, int]]


def phone_reads(cafe: Cafe, only=()) -> PhoneReads:
    """One read of everything phones' states need: narrowed to the participant ids in `only`
    (a few reconnecting phones), or every phone's (a new round), in one query each rather
    than one per portion of phones."""
    tables = reads.tables_by_id(cafe)
    current, upcoming = seats_around(cafe, only, tables)
    at_tables = {table.id for table in (current if cafe.is_running() else upcoming).values()}
    cloth: dict[int, list[dict]] = {}
    for idea in (reads.ideas(Idea.table_id.in_(at_tables), Idea.round_index < cafe.round_to_show(),
                             Idea.visible) if at_tables else []):
        cloth.setdefault(idea.table_id, []).append(idea_dict(idea))
    own: dict[int, list[dict]] = {}
    mine = Idea.participant_id.in_(only) if only else Idea.cafe_id == cafe.id
    for idea in reads.ideas(mine):
        own.setdefault(idea.participant_id, []).append(idea_dict(idea))
    return PhoneReads(
        tables=tables, current=current, upcoming=upcoming, cloth=cloth, own=own,
        summaries=table_summaries(cafe),
        votes=reads.votes_by_participant(cafe, only),
        theme_votes=reads.theme_votes_by_participant(cafe, only))


def phone_states(cafe: Cafe, participants: list[Participant], found: PhoneReads, *,
                 with_cafe: bool = True) -> dict[int, dict]:
    """The personal state of each of these phones from what phone_reads found, without a
    query: a caller that sends a whole café's states builds them a portion at a time.

    with_cafe=False leaves out the café's summary, the same for everyone, when it goes to
    all phones at once as one `cafe` message (see notify.cafe_changed).
    """
    running = cafe.is_running()
    shared = {"cafe": cafe_summary(cafe, found.tables)} if with_cafe else {}
    states = {}
    for p in participants:
        seat = seat_dict(cafe.current_round, found.current.get(p.id))
        next_seat = seat_dict(cafe.current_round + 1, found.upcoming.get(p.id))
        # The table each person is at now, or is about to go to between rounds.
        focus = seat if running else next_seat
        tablecloth = found.cloth.get(focus["table_id"], [])[::-1][:TABLECLOTH_SIZE] if focus else []
        states[p.id] = {
            **shared,
            "me": participant_dict(p),
            "seat": seat,
            "next_seat": next_seat,
            "ideas": found.own.get(p.id, []),
            "tablecloth": tablecloth,
            "summary": found.summaries.get(focus["table_id"]) if focus else None,
            "host_summary": found.summaries.get(p.host_table_id) if p.host_table_id else None,
            "my_votes": found.votes.get(p.id, {}),
            "my_theme_votes": found.theme_votes.get(p.id, {}),
        }
    return states


def participant_states(cafe: Cafe, participants: list[Participant]) -> dict[int, dict]:
    """Personal states for one phone (a reconnect) or many, in a few queries: narrowed to the
    people asked for when they are few, so that one reconnect stays cheap."""
    ids = [p.id for p in participants]
    found = phone_reads(cafe, ids if len(ids) <= BULK else ())
    return phone_states(cafe, participants, found)


def participant_state(participant: Participant) -> dict:
    cafe = db.session.get(Cafe, participant.cafe_id)
    return participant_states(cafe, [participant])[participant.id]


def themes_dict(cafe: Cafe, *, moderator: bool, ideas: list[IdeaRecord] | None = None,
                idea_votes: dict[int, int] | None = None) -> dict:
    """The harvest's themes of every pillar, with the shown ideas each holds (a hidden or merged
    idea belongs to no theme on any screen); the console also gets the open merge suggestions,
    as groups of ideas the harvest takes for one (reads.suggestion_groups).
    `ideas` (reads.cafe_ideas) and `idea_votes` (reads.vote_totals): when the caller has them
    already. The screen sees no dots while results are held."""
    ideas = reads.cafe_ideas(cafe) if ideas is None else ideas
    shown = {idea.id: idea for idea in ideas if idea.shown}
    if not moderator and results_held(cafe):
        dots = {}
    elif cafe.vote_on == "themes":
        dots = reads.theme_vote_totals(cafe)
    else:
        dots = reads.vote_totals(cafe) if idea_votes is None else idea_votes
    members: dict[int, list[IdeaRecord]] = {}
    for idea in shown.values():
        if idea.theme_id is not None:
            members.setdefault(idea.theme_id, []).append(idea)
    themes = []
    for theme in reads.themes(cafe):
        held = members.get(theme.id, [])
        if not held and not moderator:
            continue
        votes = (dots.get(theme.id, 0) if cafe.vote_on == "themes"
                 else sum(dots.get(idea.id, 0) for idea in held))
        themes.append({
            "id": theme.id, "pillar_id": theme.pillar_id, "name": theme.name,
            "keywords": theme.keywords, "size": len(held), "idea_ids": [i.id for i in held],
            "tables": sorted({i.table_number for i in held if i.table_number is not None}),
            "rounds": sorted({i.round_number for i in held}),
            "votes": votes, "locked": theme.locked, "renamed": theme.renamed,
        })
    # Themes from before a grouping (or none at all): no basis to name.
    data = {"vote_on": cafe.vote_on, "basis": harvester.basis() if themes else None,
            "themes": themes}
    if moderator:
        data["suggestion_groups"] = [
            {"pillar_id": shown[group.idea_ids[0]].pillar_id, "idea_ids": group.idea_ids,
             "suggestion_ids": group.suggestion_ids}
            for group in reads.suggestion_groups(cafe, set(shown))]
    return data


def theme_ref(theme: Theme) -> dict:
    """What a moderator's decision on a theme answers: the theme as it is now (its ideas,
    size and votes come with the `themes` event that follows)."""
    return {"id": theme.id, "pillar_id": theme.pillar_id, "key": theme.key, "name": theme.name,
            "locked": theme.locked, "renamed": theme.renamed}


def suggestion_ref(suggestion: MergeSuggestion) -> dict:
    return {"id": suggestion.id, "first_id": suggestion.first_id,
            "second_id": suggestion.second_id, "rejected": suggestion.rejected}


def moderator_state(cafe: Cafe, participants: list[Participant] | None = None,
                    found: PhoneReads | None = None) -> dict:
    """participants: reads.participants(cafe), found: phone_reads(cafe) of everyone, when the
    caller has them already (the seats and tables the phones were just sent)."""
    participants = reads.participants(cafe) if participants is None else participants
    tables = reads.tables_by_id(cafe) if found is None else found.tables
    seats = seats_around(cafe, tables=tables) if found is None else (found.current,
                                                                      found.upcoming)
    records = reads.cafe_ideas(cafe, authors=not cafe.anonymous)
    ideas = [moderator_idea_dict(i, anonymous=cafe.anonymous) for i in records]
    phones = reads.phones_by_person(cafe)
    people = [person_dict(cafe, p, seats, phones) for p in participants]
    votes = reads.vote_totals(cafe)
    return {
        "cafe": cafe_summary(cafe, tables),
        "participants": people,
        "ideas": ideas,
        "counts": count_ideas(ideas),
        "votes": votes,
        "summaries": list(table_summaries(cafe).values()),
        "hidden_words": cafe.hidden_words,
        "themes": themes_dict(cafe, moderator=True, ideas=records, idea_votes=votes),
        "planning": {"searching": replanning.is_searching(cafe.id),
                     "printed": cafe.plan_printed},
    }


def where_to_sit(cafe: Cafe, participants: list[Participant], tables=None) -> list[dict]:
    """Names to tables for the screen: the running round, or the coming one between rounds."""
    tables = tables or reads.tables_by_id(cafe)
    seats = {participant_id: tables[table_id] for participant_id, table_id
             in reads.round_seats(cafe, cafe.round_to_show()).items()}
    rows = [
        {"name": p.name, "table_number": seats[p.id].number, "table_name": seats[p.id].name,
         "pillar_id": seats[p.id].pillar_id}
        for p in participants if p.id in seats
    ]
    return sorted(rows, key=lambda row: row["name"].casefold())


def pillar_words(cafe: Cafe, pillar_id: int, ideas: list[IdeaRecord]) -> list:
    """The word cloud of one pillar, from the visible ideas given."""
    return cafe_word_cloud(cafe, (i.text for i in ideas if i.pillar_id == pillar_id))


def cafe_word_cloud(cafe: Cafe, texts) -> list:
    """A word cloud in the café's language, without the words its moderator hid."""
    return word_cloud(texts, language=cafe.language, hidden=cafe.hidden_words)


def words_of_pillars(cafe: Cafe, pillar_ids: set[int]) -> dict[int, list]:
    """Word clouds of some pillars, reading only the texts (they are redrawn during bursts)."""
    return {pillar_id: cafe_word_cloud(cafe, texts)
            for pillar_id, texts in reads.pillar_texts(cafe, pillar_ids).items()}


def screen_state(cafe: Cafe, participants: list[Participant] | None = None) -> dict:
    participants = reads.participants(cafe) if participants is None else participants
    shown = reads.visible_ideas(cafe)
    ideas = [idea_dict(i) for i in shown]
    taking_part, phones = reads.head_counts(cafe.id)
    tables = reads.tables_by_id(cafe)
    return {
        "cafe": cafe_summary(cafe, tables),
        "ideas": ideas,
        "counts": count_ideas(ideas),
        "votes": {} if results_held(cafe) else reads.vote_totals(cafe),
        "participant_count": taking_part,
        "phone_count": phones,
        "where": where_to_sit(cafe, participants, tables),
        "words": {p.id: pillar_words(cafe, p.id, shown) for p in cafe.pillars},
        "summaries": list(table_summaries(cafe).values()),
        "themes": themes_dict(cafe, moderator=False, ideas=shown),
        # Once voting has closed: judged early, the list would steer later voters.
        "bridging": (bridges.bridging_items(cafe, shown)
                     if cafe.phase in (Phase.HARVEST, Phase.CLOSED) and not cafe.voting_open
                     else []),
    }
