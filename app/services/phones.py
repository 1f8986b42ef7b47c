"""Phones: the phone (and so the participant) a token stands for, the person a personal link
names, new phones of a person, and many phones connecting at once, each checked and with its
full state (what reconnecting phones get, through the phone-states batcher)."""

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
    _check_code(phone, code)
    return phone


def _check_code(phone: Phone, code) -> None:
    if code is not None and cafes.normalise_code(code) != phone.participant.cafe.code:
        raise ServiceError(
            "unknown_participant",
            _l("This phone joined another café. Please join this one with its code."),
            status=403,
        )


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


def connects_by_token(requests: list[tuple[str, str | None]]) -> list[dict | ServiceError]:
    """Phones connecting, as the phone-states batcher gets them when a hall reconnects: each
    named by its token and, when it says so, the join code of the café it expects (checked
    as phone_by_token does). For each, {phone_id, participant_id, cafe_id, state} or its
    error. Tokens are looked up in one query and each café's phones get their states in one
    participant_states call: a few queries for a hundred phones, as for one, and none per
    phone on the connect path itself."""
    # A token of another shape (anything a client may send) is unknown without a look-up;
    # it is replaced by "" so that it can be a key like the others.
    requests = [(token if cafes.looks_like_token(token) else "", code)
                for token, code in requests]
    found = phones_by_token(token for token, _ in requests)
    by_cafe: dict[int, dict[int, Participant]] = {}
    for phone in found.values():  # two phones of one person: one state for both
        by_cafe.setdefault(phone.cafe_id, {})[phone.participant_id] = phone.participant
    states: dict[int, dict] = {}
    for cafe_id, group in by_cafe.items():
        states.update(snapshots.participant_states(db.session.get(Cafe, cafe_id),
                                                   list(group.values())))
    missing = [token for token, _ in requests if token not in found]
    deleted = cafes.deleted_links(missing) if missing else set()
    answers: list[dict | ServiceError] = []
    for token, code in requests:
        phone = found.get(token)
        if phone is None:
            answers.append(cafes.cafe_deleted() if token in deleted else unknown_participant())
            continue
        try:
            _check_code(phone, code)
        except ServiceError as exc:
            answers.append(exc)
            continue
        answers.append({"phone_id": phone.id, "participant_id": phone.participant_id,
                        "cafe_id": phone.cafe_id, "state": states[phone.participant_id]})
    return answers


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
