"""Posting ideas: each client-made id is stored once, and acknowledged only after commit."""

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.bounds import LENGTHS
from app.extensions import db, limits
from app.models import Cafe, CafeTable, Idea, Participant, Phase
from app.models.base import utcnow
from app.services import notify, people, phones, reads, snapshots, validate
from app.services.errors import ServiceError, invalid, require_phase

CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def _client_id(data: dict) -> str:
    client_id = data.get("client_id")
    if not isinstance(client_id, str) or not CLIENT_ID.match(client_id):
        raise invalid("client_id", _l("The idea has no valid id. Please reload the page."))
    return client_id


def _idea_text(data: dict) -> str:
    return validate.text(data, "text", _l("Idea"), min_len=1, max_len=LENGTHS.idea)


def _stored(keys: set[tuple[int, str]]) -> dict[tuple[int, str], Idea]:
    """Ideas stored before, by (participant id, client id)."""
    if not keys:
        return {}
    found = db.session.scalars(select(Idea).where(
        Idea.participant_id.in_({p for p, _ in keys}), Idea.client_id.in_({c for _, c in keys})))
    return {(i.participant_id, i.client_id): i for i in found
            if (i.participant_id, i.client_id) in keys}


def post_idea(participant: Participant, data) -> tuple[Idea, bool]:
    """Store one idea at the participant's current table; returns (idea, newly_stored)."""
    result = post_ideas([(participant, data)])[0]
    if isinstance(result, ServiceError):
        raise result
    return result


def post_idea_for(cafe: Cafe, data) -> tuple[Idea, bool]:
    """An idea the moderator types in for someone without a phone, posted as that person."""
    participant = people.member_of(cafe, validate.payload(data).get("participant_id"))
    return post_idea(participant, data)


def post_ideas_by_token(batch: list[tuple[str, object]]) -> list:
    """post_ideas for phones named by their token, as the group-commit writer gets them;
    ideas come back as the phone sees them (plain dicts: the writer's session ends here)."""
    found = phones.participants_by_token([token for token, _ in batch])
    results = post_ideas([(found.get(token) or phones.unknown_participant(), data)
                          for token, data in batch])
    return [result if isinstance(result, ServiceError) else
            (snapshots.idea_dict(result[0]), result[1]) for result in results]


def post_ideas(batch: list[tuple[Participant | ServiceError, object]]) -> list:
    """Store many people's ideas in one transaction (group commit), then announce them.

    Each entry is answered with (idea, newly_stored) or with the ServiceError that refuses
    it; one entry's error does not hold back the others. A resend of an idea stored before
    (or sent twice in one batch) is answered with the stored idea, whatever the phase now.
    """
    requests = [_request(participant, data) for participant, data in batch]
    asked = [r for r in requests if not isinstance(r, ServiceError)]
    tables = reads.tables_now({p.id for p, _, _ in asked})
    cafes = {c.id: c for c in db.session.scalars(
        select(Cafe).where(Cafe.id.in_({p.cafe_id for p, _, _ in asked})))}
    known = _stored({(p.id, client_id) for p, client_id, _ in asked})
    results, new = [], []
    for request in requests:
        if isinstance(request, ServiceError):
            results.append(request)
            continue
        participant, client_id, data = request
        if (participant.id, client_id) in known:
            results.append((known[participant.id, client_id], False))
            continue
        try:
            idea = _new_idea(participant, client_id, data, cafes[participant.cafe_id],
                             tables.get(participant.id))
        except ServiceError as exc:
            results.append(exc)
            continue
        known[participant.id, client_id] = idea
        new.append(idea)
        results.append((idea, True))
    if not new:
        return results
    db.session.add_all(new)
    try:
        db.session.commit()
    except IntegrityError:
        # Another writer stored one of these ids meanwhile (two tabs, two processes).
        db.session.rollback()
        return _one_by_one(batch, requests)
    notify.ideas_posted(new)
    return results


def _request(participant, data) -> tuple[Participant, str, dict] | ServiceError:
    if isinstance(participant, ServiceError):
        return participant
    try:
        data = validate.payload(data)
        return participant, _client_id(data), data
    except ServiceError as exc:
        return exc


def _one_by_one(batch, requests) -> list:
    if len(batch) > 1:
        return [post_ideas([entry])[0] for entry in batch]
    participant, client_id, _ = requests[0]
    stored = _stored({(participant.id, client_id)})
    if not stored:
        raise RuntimeError("an idea could not be stored and is not there")
    return [(stored.popitem()[1], False)]


def _new_idea(participant, client_id: str, data: dict, cafe: Cafe,
              table: CafeTable | None) -> Idea:
    """The idea to store, or the error that refuses it (an invalid text comes first)."""
    text = _idea_text(data)
    require_phase(cafe, *Phase.RUNNING, message=_l("Ideas can be posted while a round runs."))
    if table is None:
        raise ServiceError(
            "no_seat", _l("You have no seat in this round yet. Please ask the moderator."),
            status=409,
        )
    if not limits.ideas.allow(participant.id):
        raise ServiceError(
            "rate_limited",
            _l("That is a lot of ideas in a short time. Your idea is kept; it goes out in a "
               "moment."),
            status=429,
        )
    return Idea(cafe_id=cafe.id, participant=participant, client_id=client_id,
                pillar_id=table.pillar_id, table=table, round_index=cafe.current_round,
                text=text)


def _own_idea_of_this_round(participant: Participant, data: dict) -> Idea:
    """The participant's own idea, still open to change: its round is the one running."""
    idea = _stored({key := (participant.id, _client_id(data))}).get(key)
    if idea is None or idea.withdrawn:
        raise ServiceError("unknown_idea", _l("This idea was not found."), status=404)
    cafe = db.session.get(Cafe, participant.cafe_id)
    if not cafe.is_running() or idea.round_index != cafe.current_round:
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
        notify.idea_changed(idea)
    return idea


def withdraw_idea(participant: Participant, data: dict) -> Idea:
    idea = _own_idea_of_this_round(participant, validate.payload(data))
    idea.withdrawn = True
    db.session.commit()
    notify.idea_withdrawn(idea)
    return idea
