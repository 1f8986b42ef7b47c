"""A person's phone tokens in tests: each phone has its own (app.models.Phone)."""

from sqlalchemy import select

from app.extensions import db
from app.models import Phone


def phone_token(participant) -> str:
    """The token of the person's first phone (the one that joined or claimed first)."""
    return db.session.scalars(select(Phone.token).where(
        Phone.participant_id == participant.id).order_by(Phone.id)).first()
