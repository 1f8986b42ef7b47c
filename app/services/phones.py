"""Phones: the participant a phone's token stands for, and full phone states for many phones
at once (what reconnecting phones get, through the phone-states batcher)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Cafe, Participant
from app.services import cafes, snapshots
from app.services.errors import ServiceError


def unknown_participant() -> ServiceError:
    return ServiceError(
        "unknown_participant",
        _l("We do not know this phone in this café. Please join again with the code."),
        status=403,
    )


def participants_by_token(tokens) -> dict[str, Participant]:
    """The participants some phones' tokens stand for, in one query; unknown ones left out."""
    wellformed = {t for t in tokens if cafes.looks_like_token(t)}
    if not wellformed:
        return {}
    found = db.session.scalars(select(Participant).where(Participant.token.in_(wellformed)))
    return {p.token: p for p in found}


def participant_by_token(token, code=None) -> Participant:
    """The participant a phone's token stands for; with a code, only within that café."""
    participant = (participants_by_token([token]).get(token) if cafes.looks_like_token(token)
                   else None)
    if participant is None:
        raise cafes.cafe_deleted() if cafes.deleted_links([token]) else unknown_participant()
    if code is not None and cafes.normalise_code(code) != participant.cafe.code:
        raise ServiceError(
            "unknown_participant",
            _l("This phone joined another café. Please join this one with its code."),
            status=403,
        )
    return participant


def states_by_token(tokens: list[str]) -> list[dict | ServiceError]:
    """Full phone states for many phones named by their token, as the batcher gets them when
    a hall of phones reconnects: each café's phones in one participant_states call (a few
    queries for fifty phones, as for one)."""
    found = participants_by_token(tokens)
    by_cafe: dict[int, list[Participant]] = {}
    for participant in found.values():
        by_cafe.setdefault(participant.cafe_id, []).append(participant)
    states = {}
    for cafe_id, group in by_cafe.items():
        by_id = snapshots.participant_states(db.session.get(Cafe, cafe_id), group)
        states.update({p.token: by_id[p.id] for p in group})
    missing = [token for token in tokens if token not in states]
    deleted = cafes.deleted_links(missing) if missing else set()
    return [states.get(token) or (cafes.cafe_deleted() if token in deleted
                                  else unknown_participant()) for token in tokens]
