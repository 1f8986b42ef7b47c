"""The moderator's hand on ideas: hide, edit (keeping the original), pin, merge duplicates;
and on the word cloud: hide a word.

Every function takes the café the moderator's token opened, so an idea id from another
café is simply not found.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.aggregation import is_word, word_key
from app.bounds import LENGTHS
from app.extensions import db
from app.models import Cafe, Idea, Vote
from app.models.base import utcnow
from app.services import notify, validate
from app.services.errors import ServiceError, invalid


def _idea_of(cafe: Cafe, idea_id, field: str = "idea_id") -> Idea:
    idea = None
    if isinstance(idea_id, int) and not isinstance(idea_id, bool):
        idea = db.session.get(Idea, idea_id)
    if idea is None or idea.cafe_id != cafe.id or idea.withdrawn:
        raise invalid(field, _l("This idea is not part of the café."))
    return idea


def _flag(data: dict, field: str) -> bool:
    value = data.get(field)
    if not isinstance(value, bool):
        raise invalid(field, _l("Say yes or no (true or false)."))
    return value


def _set_flag(cafe: Cafe, data: dict, field: str) -> Idea:
    data = validate.payload(data)
    idea = _idea_of(cafe, data.get("idea_id"))
    was_visible = idea.visible
    setattr(idea, field, _flag(data, field))
    db.session.commit()
    notify.idea_changed(idea, was_visible=was_visible)
    if idea.theme_id is not None and idea.visible != was_visible:
        notify.themes_changed(cafe)  # a hidden idea leaves its theme on every screen
    return idea


def set_hidden(cafe: Cafe, data: dict) -> Idea:
    return _set_flag(cafe, data, "hidden")


def set_pinned(cafe: Cafe, data: dict) -> Idea:
    return _set_flag(cafe, data, "pinned")


def edit_text(cafe: Cafe, data: dict) -> Idea:
    """Correct an idea's text; the text as first posted is kept beside it."""
    data = validate.payload(data)
    idea = _idea_of(cafe, data.get("idea_id"))
    text = validate.text(data, "text", _l("Idea"), min_len=1, max_len=LENGTHS.idea)
    if text != idea.text:
        if idea.original_text is None:
            idea.original_text = idea.text
        idea.text = text
        idea.edited_at = utcnow()
        db.session.commit()
        notify.idea_changed(idea)
    return idea


def merge(cafe: Cafe, data: dict) -> Idea:
    """Fold duplicates into one idea. Their dots move to it; their authors stay on record."""
    data = validate.payload(data)
    keep = _idea_of(cafe, data.get("idea_id"))
    raw = data.get("merge_ids")
    if not isinstance(raw, list) or not 1 <= len(raw) <= 50:
        raise invalid("merge_ids", _l("Choose 1 to 50 ideas to merge into this one."))
    duplicates = [_idea_of(cafe, idea_id, "merge_ids") for idea_id in raw]
    if any(d.id == keep.id for d in duplicates) or keep.merged_into_id is not None:
        raise ServiceError("cannot_merge", _l("An idea cannot be merged into itself."),
                           status=409)
    was_visible = {d.id: d.visible for d in duplicates}
    for duplicate in duplicates:
        # Ideas merged into the duplicate earlier now point at the one kept.
        for child in db.session.scalars(select(Idea).where(Idea.merged_into_id == duplicate.id)):
            child.merged_into_id = keep.id
        duplicate.merged_into_id = keep.id
        _move_votes(duplicate, keep)
        db.session.flush()
    db.session.commit()
    for duplicate in duplicates:
        notify.idea_changed(duplicate, was_visible=was_visible[duplicate.id])
    notify.idea_changed(keep)
    notify.votes_changed(cafe, keep.id)
    if any(d.theme_id is not None for d in duplicates):
        notify.themes_changed(cafe)  # a merged idea leaves its theme, its dots go with it
    return keep


def _move_votes(source: Idea, target: Idea) -> None:
    for vote in db.session.scalars(select(Vote).where(Vote.idea_id == source.id)):
        existing = db.session.scalar(
            select(Vote).where(Vote.idea_id == target.id,
                               Vote.participant_id == vote.participant_id)
        )
        if existing is None:
            vote.idea_id = target.id
        else:
            existing.dots += vote.dots
            db.session.delete(vote)


MAX_HIDDEN_WORDS = 200


def set_word_hidden(cafe: Cafe, data: dict) -> list[str]:
    """Take a word out of the café's word clouds (hidden: true) or put it back (false).

    A word stands for all its forms: hiding "echten" hides "echtem" too, and showing any form
    again brings back every form. Returns the hidden words, as the console lists them.
    """
    data = validate.payload(data)
    word = validate.text(data, "word", _l("Word"), min_len=1, max_len=LENGTHS.word).lower()
    if not is_word(word):
        raise invalid("word", _l("Give one word, without spaces, digits or punctuation."))
    hide = _flag(data, "hidden")
    key = word_key(word, cafe.language)
    kept = [w for w in cafe.hidden_words if word_key(w, cafe.language) != key]
    if hide and len(kept) >= MAX_HIDDEN_WORDS:
        raise invalid("word", _l("At most %(count)d words can be hidden.",
                                 count=MAX_HIDDEN_WORDS))
    # A new list, not an in-place change: the JSON column only notices a new value.
    cafe.hidden_words = sorted([*kept, word]) if hide else kept
    db.session.commit()
    notify.hidden_words_changed(cafe)
    return cafe.hidden_words
