"""The full state each audience sees, as plain JSON-ready dicts.

A (re)connecting client gets one of these in one message; events after it are deltas.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.aggregation import count_ideas
from app.extensions import db
from app.models import Cafe, Idea, Participant, Seat
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


def cafe_summary(cafe: Cafe) -> dict:
    return {
        "code": cafe.code,
        "title": cafe.title,
        "language": cafe.language,
        "anonymous": cafe.anonymous,
        "roles": cafe.roles,
        "round_minutes": cafe.round_minutes,
        "pillars": [
            {"id": p.id, "title": p.title, "question": p.question, "color": p.color}
            for p in cafe.pillars
        ],
        "tables": [
            {"id": t.id, "number": t.number, "capacity": t.capacity, "pillar_id": t.pillar_id}
            for t in cafe.tables
        ],
        "timer": timer(cafe),
    }


def idea_dict(idea: Idea, *, with_author: bool) -> dict:
    data = {
        "id": idea.id,
        "client_id": idea.client_id,
        "text": idea.text,
        "pillar_id": idea.pillar_id,
        "table_id": idea.table_id,
        "table_number": idea.table.number if idea.table else None,
        "round": idea.round_index,
        "created_at": idea.created_at.isoformat(),
    }
    if with_author:
        data["author"] = idea.participant.name
    return data


def seat_dict(seat: Seat | None) -> dict | None:
    if seat is None:
        return None
    return {
        "round": seat.round_index,
        "table_id": seat.table_id,
        "table_number": seat.table.number,
        "pillar_id": seat.table.pillar_id,
    }


def participant_dict(participant: Participant) -> dict:
    return {
        "id": participant.id,
        "name": participant.name,
        "organisation": participant.organisation,
        "role": participant.role,
        "host_table_id": participant.host_table_id,
        "present": participant.left_after_round is None,
    }


def cafe_ideas(cafe: Cafe) -> list[Idea]:
    return list(
        db.session.scalars(
            select(Idea)
            .where(Idea.cafe_id == cafe.id)
            .options(selectinload(Idea.table), selectinload(Idea.participant))
            .order_by(Idea.id)
        )
    )


def seats_by_participant(cafe: Cafe, round_index: int) -> dict[int, Seat]:
    seats = db.session.scalars(
        select(Seat)
        .where(Seat.cafe_id == cafe.id, Seat.round_index == round_index)
        .options(selectinload(Seat.table))
    )
    return {seat.participant_id: seat for seat in seats}


def participant_states(cafe: Cafe, participants: list[Participant]) -> dict[int, dict]:
    """Personal states for many phones at once, with two seat queries instead of one each."""
    summary = cafe_summary(cafe)
    current = seats_by_participant(cafe, cafe.current_round)
    upcoming = seats_by_participant(cafe, cafe.current_round + 1)
    ideas_by_author: dict[int, list[dict]] = {}
    wanted = {p.id for p in participants}
    for idea in cafe_ideas(cafe):
        if idea.participant_id in wanted:
            ideas_by_author.setdefault(idea.participant_id, []).append(
                idea_dict(idea, with_author=False)
            )
    return {
        p.id: {
            "cafe": summary,
            "me": participant_dict(p),
            "seat": seat_dict(current.get(p.id)),
            "next_seat": seat_dict(upcoming.get(p.id)),
            "ideas": ideas_by_author.get(p.id, []),
        }
        for p in participants
    }


def participant_state(participant: Participant) -> dict:
    cafe = db.session.get(Cafe, participant.cafe_id)
    return participant_states(cafe, [participant])[participant.id]


def cafe_participants(cafe: Cafe) -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant).where(Participant.cafe_id == cafe.id).order_by(Participant.id)
        )
    )


def moderator_state(cafe: Cafe) -> dict:
    current = seats_by_participant(cafe, cafe.current_round)
    upcoming = seats_by_participant(cafe, cafe.current_round + 1)
    ideas = [idea_dict(i, with_author=not cafe.anonymous) for i in cafe_ideas(cafe)]
    people = []
    for participant in cafe_participants(cafe):
        person = participant_dict(participant)
        person["seat"] = seat_dict(current.get(participant.id))
        person["next_seat"] = seat_dict(upcoming.get(participant.id))
        people.append(person)
    return {
        "cafe": cafe_summary(cafe),
        "participants": people,
        "ideas": ideas,
        "counts": count_ideas(ideas),
    }


def screen_state(cafe: Cafe) -> dict:
    ideas = [idea_dict(i, with_author=False) for i in cafe_ideas(cafe)]
    joined = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.cafe_id == cafe.id)
    )
    return {
        "cafe": cafe_summary(cafe),
        "ideas": ideas,
        "counts": count_ideas(ideas),
        "participant_count": joined,
    }
