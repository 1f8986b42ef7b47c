"""Phones: the phone (and so the participant) a token stands for, the person a personal link
names, new phones of a person, and full phone states for many phones at once (what
reconnecting phones get, through the phone-states batcher)."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from app.extensions import db, limits
from app.models import Cafe, MergedLink, Participant, Phone
from app.services import cafes, snapshots
from app.services.errors import ServiceError, invalid

# What new_personal_code() makes (16 characters); anything else is not looked up.
PERSONAL_CODE_SHAPE = re.compile(r"[A-Za-z0-9_-]{16}")


def unknown_participant() -> ServiceError:
    return ServiceError(
        "unknown_participant",
        _l("We do not know this phone in this café. Please join again with the code."),
        status=403,
    )


def phones_by_token(tokens) -> dict[str, Phone]:
    """The phones some tokens stand for, each with its participant, in one query (the token
    is unique, so indexed); unknown ones (signed out, never issued) left out."""
    wellformed = {t for t in tokens if cafes.looks_like_token(t)}
    if not wellformed:
        return {}
    found = db.session.scalars(
        select(Phone).join(Phone.participant).options(contains_eager(Phone.participant))
        .where(Phone.token.in_(wellformed)))
    return {phone.token: phone for phone in found}


def participants_by_token(tokens) -> dict[str, Participant]:
    """The participants some phones' tokens stand for, in one query; unknown ones left out."""
    return {token: phone.participant for token, phone in phones_by_token(tokens).items()}


def phone_by_token(token, code=None) -> Phone:
    """The phone a token stands for; with a code, only within that café."""
    phone = phones_by_token([token]).get(token) if cafes.looks_like_token(token) else None
    if phone is None:
        raise cafes.cafe_deleted() if cafes.deleted_links([token]) else unknown_participant()
    participant = phone.participant
    if code is not None and cafes.normalise_code(code) != participant.cafe.code:
        raise ServiceError(
            "unknown_participant",
            _l("This phone joined another café. Please join this one with its code."),
            status=403,
        )
    return phone


def participant_by_token(token, code=None) -> Participant:
    """The participant a phone's token stands for; with a code, only within that café."""
    return phone_by_token(token, code).participant


def add_phone(participant: Participant) -> Phone:
    """A new phone of this person, with a token of its own; adds to the session."""
    highest = db.session.scalar(
        select(func.max(Phone.number)).where(Phone.participant_id == participant.id))
    phone = Phone(cafe_id=participant.cafe_id, participant=participant,
                  token=cafes.new_token(), number=(highest or 0) + 1)
    db.session.add(phone)
    return phone


def states_by_token(tokens: list[str]) -> list[dict | ServiceError]:
    """Full phone states for many phones named by their token, as the batcher gets them when
    a hall of phones reconnects: each café's phones in one participant_states call (a few
    queries for fifty phones, as for one)."""
    found = participants_by_token(tokens)
    by_cafe: dict[int, dict[int, Participant]] = {}
    for participant in found.values():  # two phones of one person: one state for both
        by_cafe.setdefault(participant.cafe_id, {})[participant.id] = participant
    states = {}
    for cafe_id, group in by_cafe.items():
        by_id = snapshots.participant_states(db.session.get(Cafe, cafe_id), list(group.values()))
        states.update({token: by_id[p.id] for token, p in found.items() if p.cafe_id == cafe_id})
    missing = [token for token in tokens if token not in states]
    deleted = cafes.deleted_links(missing) if missing else set()
    return [states.get(token) or (cafes.cafe_deleted() if token in deleted
                                  else unknown_participant()) for token in tokens]


def person_by_personal_code(cafe: Cafe, personal_code, address: str | None) -> Participant:
    """The person a personal link of this café names. Every look-up counts against the
    address's budget (CLAIMS_PER_MINUTE) before anything is read, so guessing codes from
    one address is slow as well as hopeless (96 bits)."""
    if not limits.claims.allow(address):
        raise ServiceError(
            "rate_limited",
            _l("Too many personal links were tried from this device. Please wait a minute."),
            status=429,
        )
    if not isinstance(personal_code, str) or not PERSONAL_CODE_SHAPE.fullmatch(personal_code):
        raise invalid("personal_code", _l("This is not a personal link. Please check the "
                                          "address, or join with the café's code."))
    participant = db.session.scalar(
        select(Participant).where(Participant.personal_code == personal_code))
    if participant is None:
        # The printed link of a duplicate merged into another person claims that person.
        participant = db.session.scalar(
            select(Participant).join(MergedLink, MergedLink.participant_id == Participant.id)
            .where(MergedLink.personal_code == personal_code))
    if participant is None:
        raise ServiceError(
            "unknown_personal_code",
            _l("This personal link is not valid (any more). The moderator may have replaced "
               "it; please ask them, or join with the café's code."),
            status=404,
        )
    if participant.cafe_id != cafe.id:
        raise ServiceError(
            "unknown_personal_code",
            _l("This personal link belongs to another café. Please check the address."),
            status=404,
        )
    return participant
