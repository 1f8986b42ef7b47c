"""Posting ideas: each client-made id is stored once, and acknowledged only after commit."""

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Cafe, CafeTable, Idea, Participant, Phase, Seat
from app.models.base import utcnow
from app.services import announce, validate
from app.services.errors import ServiceError, invalid

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_IDEA_LENGTH = 500


def _existing(participant: Participant, client_id: str) -> Idea | None:
    return db.session.scalar(
        select(Idea).where(Idea.participant_id == participant.id, Idea.client_id == client_id)
    )


def _client_id(data: dict) -> str:
    client_id = data.get("client_id")
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise invalid("client_id", _l("The idea has no valid id. Please reload the page."))
    return client_id


def _idea_text(data: dict) -> str:
    return validate.text(data, "text", _l("Idea"), min_len=1, max_len=MAX_IDEA_LENGTH)


def _current_seat(participant: Participant) -> Seat | None:
    """The seat in the round the café is in, loading its table and café in the same query."""
    row = db.session.execute(
        select(Seat, CafeTable, Cafe)
        .join(CafeTable, CafeTable.id == Seat.table_id)
        .join(Cafe, Cafe.id == Seat.cafe_id)
        .where(Seat.participant_id == participant.id, Seat.round_index == Cafe.current_round)
    ).first()
    return row[0] if row else None


def post_idea(participant: Participant, data: dict) -> tuple[Idea, bool]:
    """Store the idea at the participant's current table; returns (idea, newly_stored).

    A resend of an idea stored before is answered as a success, whatever the phase now.
    """
    data = validate.payload(data)
    client_id = _client_id(data)
    seat = _current_seat(participant)
    cafe = seat.cafe if seat else db.session.get(Cafe, participant.cafe_id)
    if cafe.phase not in (Phase.ROUND, Phase.PAUSED) or seat is None:
        known = _existing(participant, client_id)
        if known is not None:
            return known, False
        _idea_text(data)  # an invalid text is the clearer answer, so check it first
        if cafe.phase not in (Phase.ROUND, Phase.PAUSED):
            raise ServiceError(
                "no_round_running", _l("Ideas can be posted while a round runs."), status=409
            )
        raise ServiceError(
            "no_seat", _l("You have no seat in this round yet. Please ask the moderator."),
            status=409,
        )
    text = _idea_text(data)
    idea = Idea(cafe_id=cafe.id, participant_id=participant.id, client_id=client_id,
                pillar_id=seat.table.pillar_id, table_id=seat.table_id,
                round_index=cafe.current_round, text=text)
    db.session.add(idea)
    try:
        db.session.flush()
    except IntegrityError:
        # Stored before (a resend), or the same id twice at once (two tabs).
        db.session.rollback()
        return _existing(participant, client_id), False
    if not current_app.extensions["limits"].ideas.allow(participant.id):
        db.session.rollback()
        raise ServiceError(
            "rate_limited",
            _l("That is a lot of ideas in a short time. Your idea is kept; it goes out in a "
               "moment."),
            status=429,
        )
    db.session.commit()
    announce.idea_posted(idea)
    return idea, True


def _own_idea_of_this_round(participant: Participant, data: dict) -> Idea:
    """The participant's own idea, still open to change: its round is the one running."""
    idea = _existing(participant, _client_id(data))
    if idea is None or idea.withdrawn:
        raise ServiceError("unknown_idea", _l("This idea was not found."), status=404)
    cafe = db.session.get(Cafe, participant.cafe_id)
    if cafe.phase not in (Phase.ROUND, Phase.PAUSED) or idea.round_index != cafe.current_round:
        raise ServiceError(
            "round_over", _l("The round of this idea is over; it can no longer be changed."),
            status=409,
        )
    return idea


def edit_idea(participant: Participant, data: dict) -> Idea:
    data = validate.payload(data)
    idea = _own_idea_of_this_round(participant, data)
    text = _idea_text(data)
    if text != idea.text:
        idea.text = text
        idea.edited_at = utcnow()
        db.session.commit()
        announce.idea_changed(idea)
    return idea


def withdraw_idea(participant: Participant, data: dict) -> Idea:
    idea = _own_idea_of_this_round(participant, validate.payload(data))
    idea.withdrawn = True
    db.session.commit()
    announce.idea_withdrawn(idea)
    return idea
