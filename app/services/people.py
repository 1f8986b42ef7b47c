"""People in a café: joining (from a phone or added by the moderator), claiming a person on
the list (by their personal link, or picking the name from the list), editing them, marking
who is present and who hosts a table."""

import hmac
import re
import unicodedata

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, exists, func, select

from app.bounds import LENGTHS
from app.extensions import db, limits
from app.models import Cafe, MergedLink, Participant, Phase, Phone
from app.models.participant import new_personal_code
from app.services import cafes, notify, phones, presence, reads, replanning, seating, validate
from app.services.errors import ServiceError, invalid, require_phase

# People on the list a phone is asked about at most (two Anna Müllers, from two places).
LISTED_MATCHES_SHOWN = 5
# Picking oneself from the list: letters typed before the server searches, and the people
# a search returns at most (a phone never gets the whole list).
PICK_MIN_LETTERS = 2
PICK_MATCHES_SHOWN = 20


def person_fields(cafe: Cafe, data: dict) -> dict:
    name = validate.text(data, "name", _l("Name"), min_len=1, max_len=LENGTHS.name)
    organisation = validate.text(data, "organisation", _l("Organisation"), min_len=0,
                                 max_len=LENGTHS.organisation, default="")
    role = validate.text(data, "role", _l("Role"), min_len=0, max_len=LENGTHS.role,
                         default="")
    if role and role not in cafe.roles:
        raise invalid("role", _l("Please choose one of the café's roles."))
    return {"name": name, "organisation": organisation, "role": role}


def enter(cafe: Cafe, fields: dict) -> Participant:
    """Add a person to the session; if a round runs or is planned they get a seat in it."""
    participant = Participant(cafe_id=cafe.id, **fields)
    db.session.add(participant)
    db.session.flush()
    seating.seat_newcomer(cafe, participant)
    return participant


def _open(cafe: Cafe) -> None:
    require_phase(cafe, *Phase.OPEN, message=_l("This café has already ended."))
    joined = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.cafe_id == cafe.id))
    if joined >= current_app.config["MAX_PARTICIPANTS"]:
        raise ServiceError("cafe_full", _l("This café is full. Please speak to the moderator."),
                           status=409)


# Umlauts as typed without them ("ue" for "ü") and as the bare letter ("u"): both become the
# bare letter, after which accents are dropped, so "Müller", "Mueller" and "muller" are one.
_SPELLINGS = str.maketrans({"ß": "ss", "ä": "a", "ö": "o", "ü": "u", "æ": "ae", "ø": "o"})
_UMLAUT_AS_TWO = re.compile(r"(?<=[aou])e")


def name_key(name: str) -> str:
    """A name as it is compared with the list: no case, accents, umlaut spellings, spaces
    or punctuation."""
    letters = unicodedata.normalize("NFKD", name.casefold().translate(_SPELLINGS))
    bare = "".join(ch for ch in letters if ch.isalnum() and not unicodedata.combining(ch))
    return _UMLAUT_AS_TWO.sub("", bare)


def _listed_matches(cafe: Cafe, name: str) -> list[Participant]:
    """The people on the list under this name whom no phone has become yet."""
    key = name_key(name)
    return [p for p in db.session.scalars(_unclaimed(cafe)) if name_key(p.name) == key]


def _unclaimed(cafe: Cafe):
    """The people of the café whom no phone has become yet, in the list's order."""
    return (select(Participant).where(
        Participant.cafe_id == cafe.id, ~exists().where(Phone.participant_id == Participant.id))
        .order_by(Participant.id))


def join(code, data: dict) -> Phone:
    """A person joins by code from their phone: a new person on their first phone, or,
    when the name is on the list and nobody has claimed it, that person once the phone
    said yes (`listed_id`); `not_listed` says no and makes a new person. The phone gets a
    token of its own."""
    data = validate.payload(data)
    cafe = cafes.cafe_by_code(code)
    _open(cafe)
    fields = person_fields(cafe, data)
    not_listed = validate.boolean(data, "not_listed", _l("Not on the list"), default=False)
    matches = [] if not_listed else _listed_matches(cafe, fields["name"])
    listed_id = data.get("listed_id")
    if listed_id is not None:
        participant = next((p for p in matches if p.id == validate.row_id(listed_id)), None)
        if participant is None:
            raise invalid("listed_id", _l("This person is not on the list under this name, "
                                          "or has joined already. Please ask the moderator."))
    elif matches:
        # Nothing written: the phone asks "Are you …?" and sends listed_id or not_listed.
        raise ServiceError(
            "name_on_list",
            _l("This name is on the list. Is it you?"),
            status=409,
            matches=[{"id": p.id, "name": p.name, "organisation": p.organisation}
                     for p in matches[:LISTED_MATCHES_SHOWN]],
        )
    else:
        participant = enter(cafe, fields)
    phone = phones.add_phone(participant)
    returned = _arrive(cafe, participant)
    db.session.commit()
    _announce_arrival(cafe, participant, returned)
    if listed_id is None:
        replanning.plan_ahead(cafe)  # someone new: the coming rounds are planned with them
    return phone


def claim(code, data: dict, address: str | None) -> Phone:
    """A phone becomes a person already on the list, by the secret of their personal link,
    with a token of its own, as joining gives. A second phone may claim too (a flat
    battery, a borrowed phone); the console lists each. A phone that is this person already
    (it sends its `token`: the badge scanned twice) stays that phone."""
    data = validate.payload(data)
    cafe = cafes.cafe_by_code(code)
    participant = phones.person_by_personal_code(cafe, data.get("personal_code"), address)
    require_phase(cafe, *Phase.OPEN, message=_l("This café has already ended."))
    held = data.get("token")
    phone = next((p for p in phones_of(participant)
                  if isinstance(held, str) and hmac.compare_digest(held, p.token)), None)
    if phone is None:
        phone = phones.add_phone(participant)
    returned = _arrive(cafe, participant)
    db.session.commit()
    _announce_arrival(cafe, participant, returned)
    return phone


def _arrive(cafe: Cafe, participant: Participant) -> bool:
    """The person is here (a phone became them, or the moderator ticked them). Someone on
    the list who was not here when the café started (start_round marked them absent from
    round 1 on, as marking them absent in the lobby does) is seated now, as a latecomer;
    returns whether that happened."""
    was_checked_in, participant.checked_in = participant.checked_in, True
    if (was_checked_in or participant.left_after_round != seating.ABSENT_FROM_START
            or cafe.phase not in Phase.OPEN):
        return False
    participant.left_after_round = None
    seating.seat_newcomer(cafe, participant)
    return True


def _announce_arrival(cafe: Cafe, participant: Participant, returned: bool) -> None:
    if returned:
        notify.cafe_changed(cafe)  # a seat more at a table: screens and table mates see it
        replanning.replan_soon(cafe)  # the coming rounds were planned without them
    else:
        notify.participant_changed(cafe, participant)


def phones_of(participant: Participant) -> list[Phone]:
    return list(db.session.scalars(
        select(Phone).where(Phone.participant_id == participant.id).order_by(Phone.id)))


def _pickable(code) -> Cafe:
    """The café, if its phones may pick their name from the list; refused otherwise before
    anything of the list is read."""
    cafe = cafes.cafe_by_code(code)
    if not cafe.pick_from_list:
        raise ServiceError("pick_off", _l("This café does not show its list of names. "
                                          "Please type your name."), status=403)
    require_phase(cafe, *Phase.OPEN, message=_l("This café has already ended."))
    return cafe


def _count_try(address: str | None) -> None:
    # The list holds personal data: searching and picking count against the same budget
    # per address as trying personal links (CLAIMS_PER_MINUTE).
    if not limits.claims.allow(address):
        raise ServiceError("rate_limited",
                           _l("Too many tries from this device. Please wait a minute."),
                           status=429)


def search_list(code, typed, address: str | None) -> tuple[list[dict], bool]:
    """The unclaimed people on the list whose name (or a word of it) begins with what was
    typed, compared as name_key compares; at most PICK_MATCHES_SHOWN, and whether there
    were more."""
    cafe = _pickable(code)
    _count_try(address)
    key = name_key(typed) if isinstance(typed, str) and len(typed) <= LENGTHS.name else ""
    if len(key) < PICK_MIN_LETTERS:
        raise invalid("q", _l("Type at least %(count)d letters of your name.",
                              count=PICK_MIN_LETTERS))
    found = []
    for person in db.session.scalars(_unclaimed(cafe)):
        words = [person.name, *re.split(r"[\s-]+", person.name)]
        if any(name_key(word).startswith(key) for word in words):
            found.append(person)
    found.sort(key=lambda p: (name_key(p.name), p.id))
    return ([{"id": p.id, "name": p.name, "organisation": p.organisation}
             for p in found[:PICK_MATCHES_SHOWN]], len(found) > PICK_MATCHES_SHOWN)


def pick(code, data: dict, address: str | None) -> Phone:
    """A phone becomes a person on the list it picked (the café allows it): as joining
    under a listed name, but chosen from the list instead of typed."""
    data = validate.payload(data)
    cafe = _pickable(code)
    _count_try(address)
    listed_id = validate.row_id(data.get("listed_id"))
    participant = db.session.get(Participant, listed_id) if listed_id else None
    if participant is None or participant.cafe_id != cafe.id:
        raise invalid("listed_id", _l("This person is not on the list."))
    if phones_of(participant):
        raise ServiceError("already_claimed", _l("Someone has already joined as this person. "
                                                 "Please ask the moderator."), status=409)
    phone = phones.add_phone(participant)
    returned = _arrive(cafe, participant)
    db.session.commit()
    _announce_arrival(cafe, participant, returned)
    return phone


def revoke_phones(cafe: Cafe, data: dict) -> Participant:
    """The moderator signs out every phone of a person (a lost phone, a wrong claim): their
    tokens and the person's personal link are worth nothing any more (a new link is made),
    and the phones are told and forget the café. The person stays, with their seats and
    ideas."""
    data = validate.payload(data)
    participant = member_of(cafe, data.get("participant_id"))
    db.session.execute(delete(Phone).where(Phone.participant_id == participant.id))
    participant.personal_code = new_personal_code()
    # No phone of theirs is left: offline now, before the servers have closed the sockets.
    presence.forget_person(participant.id)
    # A duplicate merged into them: its printed link is worth nothing either.
    db.session.execute(delete(MergedLink).where(MergedLink.participant_id == participant.id))
    db.session.commit()
    notify.phones_revoked(cafe, participant)
    return participant


def revoke_phone(cafe: Cafe, data: dict) -> Participant:
    """The moderator signs out one phone of a person (a borrowed one, a wrong claim): its
    token is worth nothing any more and it is told and forgets the café; the person's other
    phones and personal link keep working."""
    data = validate.payload(data)
    phone = None
    if validate.row_id(data.get("phone_id")) is not None:
        phone = db.session.get(Phone, data["phone_id"])
    if phone is None or phone.cafe_id != cafe.id:
        raise invalid("phone_id", _l("This phone is not signed in to the café (any more)."))
    participant, phone_id = phone.participant, phone.id
    db.session.delete(phone)
    db.session.commit()
    # Its connections are counted out as the server closes them (by the person's id).
    notify.phone_revoked(cafe, participant, phone_id)
    return participant


def add_person(cafe: Cafe, data: dict) -> Participant:
    """Someone joins: from their phone, or added by the moderator (a guest without one, so
    here: checked in, unlike the people of an imported list)."""
    data = validate.payload(data)
    _open(cafe)
    participant = enter(cafe, person_fields(cafe, data))
    participant.checked_in = True
    db.session.commit()
    notify.participant_changed(cafe, participant)
    replanning.plan_ahead(cafe)
    return participant


def check_in(cafe: Cafe, data: dict) -> Participant:
    """The moderator ticks someone at the door (or takes the tick back): people without a
    phone count as here too. Seats are not touched; attendance is set_present's."""
    data = validate.payload(data)
    participant = member_of(cafe, data.get("participant_id"))
    checked_in = data.get("checked_in")
    if not isinstance(checked_in, bool):
        raise invalid("checked_in", _l("Say whether the person is checked in (true or false)."))
    if checked_in:
        returned = _arrive(cafe, participant)
    else:
        participant.checked_in, returned = False, False
    db.session.commit()
    _announce_arrival(cafe, participant, returned)
    return participant


def edit_person(cafe: Cafe, data: dict) -> Participant:
    data = validate.payload(data)
    participant = member_of(cafe, data.get("participant_id"))
    for field, value in person_fields(cafe, data).items():
        setattr(participant, field, value)
    db.session.commit()
    notify.participant_changed(cafe, participant)
    replanning.plan_ahead(cafe)  # organisation and role steer the plan
    return participant


def set_host(cafe: Cafe, data: dict) -> Participant:
    """Mark (or unmark, with table_id null) a participant as the host of a table."""
    data = validate.payload(data)
    participant = member_of(cafe, data.get("participant_id"))
    table_id = data.get("table_id")
    if table_id is not None:
        table = next((t for t in cafe.tables if t.id == table_id), None)
        if table is None or isinstance(table_id, bool):
            raise invalid("table_id", _l("This table does not belong to the café."))
        holder = db.session.scalar(
            select(Participant).where(Participant.host_table_id == table_id)
        )
        if holder is not None and holder.id != participant.id:
            raise ServiceError(
                "table_has_host",
                _l("Table %(number)d already has a host: %(name)s.", number=table.number,
                   name=holder.name),
                status=409,
            )
        _check_host_history(cafe, participant, table_id)
    participant.host_table_id = table_id
    # The coming rounds were planned without this decision.
    replan = seating.plan_outdated(cafe)
    if cafe.plan_printed:
        # The route cards stay right for everyone else; this person is seated anew (a host
        # at their table), now or when the round running ends.
        seating.drop_future_seats(cafe, cafe.current_round, participant)
        if not cafe.is_running():
            seating.keep_printed(cafe, cafe.current_round + 1)
    db.session.commit()
    if cafe.is_running():
        notify.cafe_changed(cafe)  # the later rounds' seats are gone
    else:
        notify.participant_changed(cafe, participant)
    if replan:
        replanning.replan_soon(cafe)
    else:
        replanning.plan_ahead(cafe)
    return participant


def set_present(cafe: Cafe, data: dict) -> Participant:
    """Mark someone as gone (left early) or back; the rounds not played yet are re-planned.

    The rounds played stay as they were. Between rounds and in the lobby the plan is made
    again at once, so phones show the right next table; during a round the person keeps
    their seat in it and the rest is planned when it ends.
    """
    data = validate.payload(data)
    participant = member_of(cafe, data.get("participant_id"))
    present = data.get("present")
    if not isinstance(present, bool):
        raise invalid("present", _l("Say whether the person is present (true or false)."))
    require_phase(cafe, *Phase.OPEN, message=_l("This café has already ended."))
    if (participant.left_after_round is None) == present:
        return participant
    # The coming rounds were planned with the old attendance.
    replan = seating.plan_outdated(cafe)
    participant.left_after_round = None if present else cafe.current_round
    if not present:
        participant.host_table_id = None
        seating.drop_future_seats(cafe, cafe.current_round, participant)
    else:
        seating.seat_newcomer(cafe, participant)
    db.session.commit()
    notify.cafe_changed(cafe)
    if replan:
        # The coming rounds are planned again for everyone, once for a burst of changes.
        replanning.replan_soon(cafe)
    else:
        replanning.plan_ahead(cafe)
    return participant


def _check_host_history(cafe: Cafe, participant: Participant, table_id: int) -> None:
    # A host stays at one table in every round; someone who already sat elsewhere can't be one.
    if reads.tables_sat_at(participant, cafe.current_round) - {table_id}:
        raise ServiceError(
            "host_already_travelled",
            _l("%(name)s already sat at another table in a round played, so cannot host "
               "this one.", name=participant.name),
            status=409,
        )


def member_of(cafe: Cafe, participant_id) -> Participant:
    participant = None
    if validate.row_id(participant_id) is not None:
        participant = db.session.get(Participant, participant_id)
    if participant is None or participant.cafe_id != cafe.id:
        raise invalid("participant_id", _l("This person is not part of the café."))
    return participant
