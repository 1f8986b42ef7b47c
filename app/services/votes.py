"""The harvest: dot voting on the café's ideas.

A vote row holds how many dots one person put on one idea, so moving a dot is setting two
numbers, and a dot can never be counted twice.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from app.bounds import RANGES
from app.extensions import db
from app.models import Cafe, Idea, Participant, Phase, Vote
from app.services import notify, reads, validate
from app.services.errors import ServiceError, invalid, require_phase


def open_voting(cafe: Cafe, data: dict) -> Cafe:
    """Start (or restart) the harvest vote with the moderator's dot budget."""
    require_phase(cafe, Phase.BETWEEN, Phase.HARVEST,
                  message=_l("Voting can be opened after a round has ended."))
    data = validate.payload(data)
    dots = validate.integer(data, "dots_per_person", _l("Dots per person"),
                            low=RANGES.dots.low, high=RANGES.dots.high,
                            default=cafe.dots_per_person)
    per_idea = validate.integer(data, "max_dots_per_idea", _l("Dots per idea at most"),
                                low=RANGES.dots.low, high=dots,
                                default=min(cafe.max_dots_per_idea, dots))
    cafe.dots_per_person = dots
    cafe.max_dots_per_idea = per_idea
    cafe.phase = Phase.HARVEST
    cafe.voting_open = True
    cafe.stop_clock()
    db.session.commit()
    notify.cafe_changed(cafe)
    return cafe


def close_voting(cafe: Cafe) -> Cafe:
    if not (cafe.phase == Phase.HARVEST and cafe.voting_open):
        raise ServiceError("voting_closed", _l("Voting is not open."), status=409)
    cafe.voting_open = False
    db.session.commit()
    notify.cafe_changed(cafe)
    return cafe


def set_vote(participant: Participant, data: dict) -> dict[int, int]:
    """Put `dots` dots (0 takes them back) on one idea; returns the person's votes."""
    data = validate.payload(data)
    cafe = db.session.get(Cafe, participant.cafe_id)
    if not (cafe.phase == Phase.HARVEST and cafe.voting_open):
        raise ServiceError("voting_closed", _l("Voting is closed."), status=409)
    idea_id = data.get("idea_id")
    idea = db.session.get(Idea, idea_id) if isinstance(idea_id, int) and not isinstance(
        idea_id, bool) else None
    if idea is None or idea.cafe_id != cafe.id or not idea.visible:
        raise invalid("idea_id", _l("This idea is not part of the vote."))
    dots = validate.integer(data, "dots", _l("Dots"), low=0, high=cafe.max_dots_per_idea,
                            default=0)
    db.session.execute(
        delete(Vote).where(Vote.participant_id == participant.id, Vote.idea_id == idea.id)
    )
    if dots:
        db.session.add(Vote(cafe_id=cafe.id, participant_id=participant.id, idea_id=idea.id,
                            dots=dots))
    db.session.flush()
    # Checked after the write, inside the transaction that holds the write lock: two taps
    # racing each other cannot both slip under the budget.
    spent = db.session.scalar(
        select(func.coalesce(func.sum(Vote.dots), 0)).where(
            Vote.participant_id == participant.id)
    )
    if spent > cafe.dots_per_person:
        db.session.rollback()
        raise ServiceError(
            "no_dots_left",
            ngettext("You have used your %(num)d dot. Take it back from the other idea first.",
                     "You have used all %(num)d dots. Take a dot back from another idea first.",
                     cafe.dots_per_person),
            status=409,
        )
    db.session.commit()
    notify.votes_changed(cafe, idea.id)
    return reads.my_votes(participant)
