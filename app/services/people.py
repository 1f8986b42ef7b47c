"""People in a café: joining (from a phone or added by the moderator), editing them, marking
who is present and who hosts a table."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.bounds import LENGTHS
from app.extensions import db
from app.models import Cafe, Participant, Phase
from app.services import cafes, notify, reads, replanning, seating, validate
from app.services.errors import ServiceError, invalid, require_phase


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
    participant = Participant(cafe_id=cafe.id, token=cafes.new_token(), **fields)
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


def join(code, data: dict) -> Participant:
    """A person joins by code from their phone."""
    return add_person(cafes.cafe_by_code(code), data)


def add_person(cafe: Cafe, data: dict) -> Participant:
    """Someone joins: from their phone, or added by the moderator (a guest without one)."""
    data = validate.payload(data)
    _open(cafe)
    participant = enter(cafe, person_fields(cafe, data))
    db.session.commit()
    notify.participant_changed(cafe, participant)
    replanning.plan_ahead(cafe)
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
