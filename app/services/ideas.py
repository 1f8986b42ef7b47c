"""Posting ideas: each client-made id is stored once, and acknowledged only after commit."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Cafe, Idea, Participant, Phase, Seat
from app.services import announce, validate
from app.services.errors import ServiceError, invalid

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
MAX_IDEA_LENGTH = 500


def _existing(participant: Participant, client_id: str) -> Idea | None:
    return db.session.scalar(
        select(Idea).where(Idea.participant_id == participant.id, Idea.client_id == client_id)
    )


def post_idea(participant: Participant, data: dict) -> tuple[Idea, bool]:
    """Store the idea at the participant's current table; returns (idea, newly_stored)."""
    data = validate.payload(data)
    client_id = data.get("client_id")
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise invalid("client_id", _l("The idea has no valid id. Please reload the page."))
    # A resend of an idea stored before is answered as a success, whatever the phase now.
    known = _existing(participant, client_id)
    if known is not None:
        return known, False
    text = validate.text(data, "text", _l("Idea"), min_len=1, max_len=MAX_IDEA_LENGTH)
    cafe = db.session.get(Cafe, participant.cafe_id)
    if cafe.phase not in (Phase.ROUND, Phase.PAUSED):
        raise ServiceError(
            "no_round_running", _l("Ideas can be posted while a round runs."), status=409
        )
    seat = db.session.scalar(
        select(Seat).where(Seat.participant_id == participant.id,
                           Seat.round_index == cafe.current_round)
    )
    if seat is None:
        raise ServiceError(
            "no_seat", _l("You have no seat in this round yet. Please ask the moderator."),
            status=409,
        )
    idea = Idea(cafe_id=cafe.id, participant_id=participant.id, client_id=client_id,
                pillar_id=seat.table.pillar_id, table_id=seat.table_id,
                round_index=cafe.current_round, text=text)
    db.session.add(idea)
    try:
        db.session.commit()
    except IntegrityError:
        # The same id arrived twice at once (two tabs, a resend racing the first send).
        db.session.rollback()
        return _existing(participant, client_id), False
    announce.idea_posted(cafe, idea)
    return idea, True
