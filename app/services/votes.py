"""The harvest: dot voting on the café's ideas, or on its themes (Cafe.vote_on).

A vote row holds how many dots one person put on one idea (Vote) or theme (ThemeVote), so
moving a dot is setting two numbers, and a dot can never be counted twice. Both ways spend
the same budget: dots_per_person in all, max_dots_per_idea on one idea or theme.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from app.bounds import RANGES
from app.extensions import db
from app.models import Cafe, Idea, Participant, Phase, Theme, ThemeVote, Vote
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


def _voting_cafe(participant: Participant, data: dict, vote_on: str) -> tuple[Cafe, dict]:
    data = validate.payload(data)
    cafe = db.session.get(Cafe, participant.cafe_id)
    if not (cafe.phase == Phase.HARVEST and cafe.voting_open):
        raise ServiceError("voting_closed", _l("Voting is closed."), status=409)
    if cafe.vote_on != vote_on:
        field = "idea_id" if vote_on == "ideas" else "theme_id"
        raise invalid(field, _l("This café votes on ideas, not on themes.")
                      if cafe.vote_on == "ideas"
                      else _l("This café votes on themes, not on single ideas."))
    return cafe, data


def _row_id(data: dict, field: str) -> int | None:
    value = data.get(field)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _within_budget(cafe: Cafe, model, participant: Participant) -> None:
    """Checked after the write, inside the transaction that holds the write lock: two taps
    racing each other cannot both slip under the budget."""
    db.session.flush()
    spent = db.session.scalar(
        select(func.coalesce(func.sum(model.dots), 0)).where(
            model.participant_id == participant.id)
    )
    if spent > cafe.dots_per_person:
        db.session.rollback()
        message = (
            ngettext("You have used your %(num)d dot. Take it back from the other theme first.",
                     "You have used all %(num)d dots. Take a dot back from another theme first.",
                     cafe.dots_per_person) if model is ThemeVote else
            ngettext("You have used your %(num)d dot. Take it back from the other idea first.",
                     "You have used all %(num)d dots. Take a dot back from another idea first.",
                     cafe.dots_per_person))
        raise ServiceError("no_dots_left", message, status=409)


def set_vote(participant: Participant, data: dict) -> dict[int, int]:
    """Put `dots` dots (0 takes them back) on one idea; returns the person's votes."""
    cafe, data = _voting_cafe(participant, data, "ideas")
    idea_id = _row_id(data, "idea_id")
    idea = db.session.get(Idea, idea_id) if idea_id is not None else None
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
    _within_budget(cafe, Vote, participant)
    db.session.commit()
    notify.votes_changed(cafe, idea.id)
    return reads.my_votes(participant)


def set_theme_vote(participant: Participant, data: dict) -> dict[int, int]:
    """Put `dots` dots (0 takes them back) on one theme, when the café votes on themes;
    returns the person's votes on themes. A theme is part of the vote while it holds an idea
    the phones show (taking dots back is always possible)."""
    cafe, data = _voting_cafe(participant, data, "themes")
    theme_id = _row_id(data, "theme_id")
    theme = db.session.get(Theme, theme_id) if theme_id is not None else None
    dots = validate.integer(data, "dots", _l("Dots"), low=0, high=cafe.max_dots_per_idea,
                            default=0)
    shows = theme is not None and theme.cafe_id == cafe.id and db.session.scalar(
        select(Idea.id).where(Idea.theme_id == theme.id, Idea.visible).limit(1)) is not None
    if not shows and not (dots == 0 and theme is not None and theme.cafe_id == cafe.id):
        raise invalid("theme_id", _l("This theme is not part of the vote."))
    db.session.execute(delete(ThemeVote).where(ThemeVote.participant_id == participant.id,
                                               ThemeVote.theme_id == theme.id))
    if dots:
        db.session.add(ThemeVote(cafe_id=cafe.id, participant_id=participant.id,
                                 theme_id=theme.id, dots=dots))
    _within_budget(cafe, ThemeVote, participant)
    db.session.commit()
    notify.theme_votes_changed(cafe, theme.id)
    return reads.my_theme_votes(participant)
