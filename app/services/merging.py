"""Merging two people who are one (a duplicate made anyway: the list's entry and a phone
that joined under another spelling): everything of the duplicate goes to the person kept,
and the duplicate is gone."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import (
    Base,
    Cafe,
    Idea,
    MergedLink,
    Participant,
    Phone,
    Seat,
    ThemeVote,
    Vote,
)
from app.services import notify, reads, replanning, seating, validate
from app.services.errors import ServiceError, invalid


@dataclass(frozen=True)
class Merged:
    participant: Participant
    # Dots of the duplicate that did not fit the kept person's budget (per person, per idea).
    dots_trimmed: int
    # The duplicate hosted a table the kept person cannot host (they sat elsewhere already).
    host_dropped: bool


def participant_columns():
    """Every column that points at a person: the rows a merge moves (and a test checks)."""
    return [fk.parent for table in Base.metadata.sorted_tables for fk in table.foreign_keys
            if fk.column.table.name == Participant.__tablename__]


def merge_people(cafe: Cafe, data: dict) -> Merged:
    """Fold the duplicate (`duplicate_id`) into the person kept (`keep_id`).

    The rounds played stay as they were (where both sat in one, the kept person's seat
    counts); the duplicate's seats in the coming rounds go and those rounds are planned
    again. Ideas, votes (within the dot budget), summaries, check-in and phones go to the
    kept person: the duplicate's phones keep their tokens, which now stand for the kept
    person, and its printed personal link claims the kept person (`MergedLink`).
    """
    data = validate.payload(data)
    keep = _member(cafe, data, "keep_id")
    duplicate = _member(cafe, data, "duplicate_id")
    if keep.id == duplicate.id:
        raise ServiceError("same_person", _l("Choose two different people to merge."),
                           field="duplicate_id")
    replan = seating.plan_outdated(cafe)
    _merge_seats(cafe, keep, duplicate)
    trimmed = _merge_votes(cafe, keep, duplicate)
    _keep_client_ids_apart(keep, duplicate)
    host_dropped = _merge_host(cafe, keep, duplicate)
    _merge_fields(keep, duplicate)
    _number_phones_after(keep, duplicate)
    db.session.add(MergedLink(cafe_id=cafe.id, participant_id=keep.id,
                              personal_code=duplicate.personal_code))
    db.session.flush()
    for column in participant_columns():
        db.session.execute(update(column.table).where(column == duplicate.id)
                           .values({column.name: keep.id}))
    duplicate_id = duplicate.id
    db.session.delete(duplicate)
    db.session.flush()
    db.session.expire_all()  # the rows moved behind the session's back
    if keep.present_in(cafe.round_to_show()):
        seating.seat_newcomer(cafe, keep)  # back in the café as the duplicate was
    if cafe.plan_printed and not cafe.is_running():
        # The route cards stay right for everyone else; seats where the plan has none.
        seating.keep_printed(cafe, cafe.current_round + 1)
    db.session.commit()
    notify.people_merged(cafe, duplicate_id)
    if replan:
        replanning.replan_soon(cafe)
    else:
        replanning.plan_ahead(cafe)
    return Merged(keep, trimmed, host_dropped)


def _member(cafe: Cafe, data: dict, field: str) -> Participant:
    participant_id = validate.row_id(data.get(field))
    participant = db.session.get(Participant, participant_id) if participant_id else None
    if participant is None or participant.cafe_id != cafe.id:
        raise invalid(field, _l("This person is not part of the café."))
    return participant


def _merge_seats(cafe: Cafe, keep: Participant, duplicate: Participant) -> None:
    # Played rounds (and the one running) stay: the duplicate's seat only where the kept
    # person had none. The coming rounds are the plan's to fill.
    seating.drop_future_seats(cafe, cafe.current_round, duplicate)
    kept_rounds = set(db.session.scalars(
        select(Seat.round_index).where(Seat.participant_id == keep.id)))
    for seat in db.session.scalars(select(Seat).where(Seat.participant_id == duplicate.id)):
        if seat.round_index in kept_rounds:
            db.session.delete(seat)
    db.session.flush()


def _merge_votes(cafe: Cafe, keep: Participant, duplicate: Participant) -> int:
    """The duplicate's dots join the kept person's while they fit both limits, idea by idea
    in the ideas' order (and theme by theme, for a café that voted on themes); returns the
    dots that did not fit."""
    return (_merge_dots(cafe, keep, duplicate, Vote, Vote.idea_id)
            + _merge_dots(cafe, keep, duplicate, ThemeVote, ThemeVote.theme_id))


def _merge_dots(cafe: Cafe, keep: Participant, duplicate: Participant, model, item) -> int:
    kept = {getattr(v, item.key): v for v in db.session.scalars(
        select(model).where(model.participant_id == keep.id))}
    spent = sum(v.dots for v in kept.values())
    trimmed = 0
    for vote in db.session.scalars(select(model).where(model.participant_id == duplicate.id)
                                   .order_by(item)):
        mine = kept.get(getattr(vote, item.key))
        room = min(cafe.max_dots_per_idea - (mine.dots if mine else 0),
                   cafe.dots_per_person - spent)
        added = max(0, min(vote.dots, room))
        trimmed += vote.dots - added
        spent += added
        if mine is not None:
            mine.dots += added
            db.session.delete(vote)
        elif added:
            vote.dots = added  # moved with every other row of the duplicate
        else:
            db.session.delete(vote)
    db.session.flush()
    return trimmed


def _keep_client_ids_apart(keep: Participant, duplicate: Participant) -> None:
    # Phones make their ideas' ids at random; should two ever meet, the duplicate's idea is
    # kept under a new one rather than refusing the merge.
    taken = set(db.session.scalars(select(Idea.client_id).where(Idea.participant_id == keep.id)))
    for idea in db.session.scalars(select(Idea).where(Idea.participant_id == duplicate.id,
                                                      Idea.client_id.in_(taken))):
        idea.client_id = f"{idea.client_id[:48]}-merged-{duplicate.id}"


def _number_phones_after(keep: Participant, duplicate: Participant) -> None:
    # "Phone 2" stays one phone of the person: the duplicate's phones count on after the
    # kept person's, in the order they came.
    highest = db.session.scalar(
        select(func.max(Phone.number)).where(Phone.participant_id == keep.id)) or 0
    for number, phone in enumerate(db.session.scalars(
            select(Phone).where(Phone.participant_id == duplicate.id).order_by(Phone.id)),
            start=highest + 1):
        phone.number = number


def _merge_host(cafe: Cafe, keep: Participant, duplicate: Participant) -> bool:
    """The kept person's table stays theirs; else the duplicate's, when the rounds played
    allow it (a host never sat at another table). Returns whether a table lost its host."""
    table_id = duplicate.host_table_id
    if table_id is None:
        return False
    duplicate.host_table_id = None
    db.session.flush()  # one host per table: the duplicate lets go first
    if keep.host_table_id is not None:
        return True
    sat_at = reads.tables_sat_at(keep, cafe.current_round) | reads.tables_sat_at(
        duplicate, cafe.current_round)
    if sat_at - {table_id}:
        return True
    keep.host_table_id = table_id
    return False


def _merge_fields(keep: Participant, duplicate: Participant) -> None:
    keep.organisation = keep.organisation or duplicate.organisation
    keep.role = keep.role or duplicate.role
    keep.checked_in = keep.checked_in or duplicate.checked_in
    keep.joined_at = min(keep.joined_at, duplicate.joined_at)
    # Present when either is: the person is here under one of the two entries.
    if duplicate.left_after_round is None:
        keep.left_after_round = None
    elif keep.left_after_round is not None:
        keep.left_after_round = max(keep.left_after_round, duplicate.left_after_round)
