"""The moderator's hand on the harvest's themes (docs/harvest.md): rename, lock, move an idea,
split ideas off into a new theme, join two themes, and accept or reject a group of merge
suggestions, or take one idea out of such a group.

Every decision is one the automatic grouping keeps: a renamed theme keeps its name, a locked
one takes no idea in by itself, and an idea the moderator placed is pinned to its theme
(Idea.theme_pinned), so no regrouping moves it out again. A rejected suggestion stays stored,
so that the same pair is never suggested again. The console shows the open suggestions as
groups (reads.suggestion_groups): a decision on one suggestion is one on its whole group.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.bounds import LENGTHS
from app.extensions import db
from app.models import Cafe, Idea, MergeSuggestion, Theme, ThemeVote
from app.services import harvesting, moderation, notify, reads, validate
from app.services.errors import ServiceError, invalid

# A new theme without a name given is named after its first idea, cut to this length.
DEFAULT_NAME_LENGTH = 60
MAX_IDEAS_AT_ONCE = 50


def _theme_of(cafe: Cafe, data: dict, field: str = "theme_id") -> Theme:
    theme_id = validate.row_id(data.get(field))
    theme = db.session.get(Theme, theme_id) if theme_id is not None else None
    if theme is None or theme.cafe_id != cafe.id:
        raise invalid(field, _l("This theme is not part of the café (any more)."))
    return theme


def _shown_idea(cafe: Cafe, idea_id, field: str) -> Idea:
    idea_id = validate.row_id(idea_id)
    idea = db.session.get(Idea, idea_id) if idea_id is not None else None
    if idea is None or idea.cafe_id != cafe.id or not idea.visible:
        # A hidden or merged idea belongs to no theme on any screen: there is nothing to move.
        raise invalid(field, _l("This idea is not shown in the café (any more)."))
    return idea


def _suggestion_of(cafe: Cafe, data: dict) -> MergeSuggestion:
    suggestion_id = validate.row_id(data.get("suggestion_id"))
    suggestion = (db.session.get(MergeSuggestion, suggestion_id)
                  if suggestion_id is not None else None)
    if suggestion is None or suggestion.cafe_id != cafe.id:
        raise invalid("suggestion_id", _l("This suggestion is not part of the café (any more)."))
    if suggestion.rejected:
        raise ServiceError("suggestion_rejected",
                           _l("This suggestion was rejected already."), status=409)
    return suggestion


def _same_pillar(theme: Theme, ideas: list[Idea]) -> None:
    if any(idea.pillar_id != theme.pillar_id for idea in ideas):
        raise ServiceError("other_pillar",
                           _l("A theme holds ideas of its own pillar only."), status=409)


def _place(ideas: list[Idea], theme: Theme) -> list[Theme]:
    """Puts the ideas into the theme, pinned; returns the themes they left."""
    left = {idea.theme_id for idea in ideas if idea.theme_id not in (None, theme.id)}
    for idea in ideas:
        idea.theme_id = theme.id
        idea.theme_pinned = True
    db.session.flush()
    return [db.session.get(Theme, theme_id) for theme_id in sorted(left)]


def _drop_if_empty(themes: list[Theme]) -> None:
    """A theme the moderator emptied goes, unless it carries something of its own: a name the
    moderator gave, a lock, or dots (when phones vote on themes)."""
    for theme in themes:
        if theme is None or theme.renamed or theme.locked:
            continue
        if db.session.scalar(select(Idea.id).where(Idea.theme_id == theme.id).limit(1)):
            continue
        if db.session.scalar(select(ThemeVote.id).where(ThemeVote.theme_id == theme.id)
                             .limit(1)):
            continue
        db.session.delete(theme)


def _new_theme(cafe: Cafe, pillar_id: int, name: str | None, first: Idea) -> Theme:
    """A theme the moderator made: key "m:<its id>", unique for good since ids are never
    reused (the grouping's own keys are "auto:<idea id>")."""
    text = " ".join(first.text.split())
    default = text if len(text) <= DEFAULT_NAME_LENGTH else \
        text[:DEFAULT_NAME_LENGTH - 1].rstrip() + "…"
    theme = Theme(cafe_id=cafe.id, pillar_id=pillar_id, key=f"m:new:{first.id}",
                  name=name or default, keywords=[], renamed=name is not None)
    db.session.add(theme)
    db.session.flush()
    theme.key = f"m:{theme.id}"
    return theme


def _name(data: dict, *, optional: bool = False) -> str | None:
    if optional and data.get("name") in (None, ""):
        return None
    return validate.text(data, "name", _l("Theme name"), min_len=1, max_len=LENGTHS.theme_name)


def _done(cafe: Cafe) -> None:
    db.session.commit()
    notify.themes_changed(cafe)
    # The grouping regroups the rest around the decision (which it keeps), soon.
    harvesting.regroup_soon(cafe.id)


def _hold_together(theme: Theme) -> None:
    """A theme the moderator named or locked is one they looked at: its ideas are pinned, so a
    regrouping keeps them, and the theme's key, with the name (an automatic theme's key follows
    its first idea, which the grouping could otherwise move elsewhere)."""
    db.session.execute(update(Idea).where(Idea.theme_id == theme.id).values(theme_pinned=True))


def rename(cafe: Cafe, data: dict) -> Theme:
    """Names a theme; the grouping keeps this name from now on."""
    data = validate.payload(data)
    theme = _theme_of(cafe, data)
    theme.name = _name(data)
    theme.renamed = True
    _hold_together(theme)
    _done(cafe)
    return theme


def set_locked(cafe: Cafe, data: dict) -> Theme:
    """A locked theme takes in only the ideas the moderator moves there."""
    data = validate.payload(data)
    theme = _theme_of(cafe, data)
    locked = data.get("locked")
    if not isinstance(locked, bool):
        raise invalid("locked", _l("Say yes or no (true or false)."))
    theme.locked = locked
    if locked:
        _hold_together(theme)
    _done(cafe)
    return theme


def move_idea(cafe: Cafe, data: dict) -> Theme:
    """Puts an idea into another theme of its pillar, or (theme_id null) into a new theme of
    its own; the idea stays there whatever the grouping finds later."""
    data = validate.payload(data)
    idea = _shown_idea(cafe, data.get("idea_id"), "idea_id")
    if data.get("theme_id") is None:
        if idea.pillar_id is None:
            raise ServiceError("other_pillar",
                               _l("This idea belongs to no pillar, so to no theme."), status=409)
        theme = _new_theme(cafe, idea.pillar_id, _name(data, optional=True), idea)
    else:
        theme = _theme_of(cafe, data)
        _same_pillar(theme, [idea])
    _drop_if_empty(_place([idea], theme))
    _done(cafe)
    return theme


def split(cafe: Cafe, data: dict) -> Theme:
    """Several ideas of one pillar leave their themes for a new one ("Neues Thema")."""
    data = validate.payload(data)
    raw = data.get("idea_ids")
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_IDEAS_AT_ONCE:
        raise invalid("idea_ids", _l("Choose 1 to %(count)d ideas for the new theme.",
                                     count=MAX_IDEAS_AT_ONCE))
    ideas = [_shown_idea(cafe, idea_id, "idea_ids") for idea_id in raw]
    if len({idea.id for idea in ideas}) != len(ideas):
        raise invalid("idea_ids", _l("Choose each idea once."))
    pillars = {idea.pillar_id for idea in ideas}
    if len(pillars) != 1 or None in pillars:
        raise ServiceError("other_pillar",
                           _l("A theme holds ideas of its own pillar only."), status=409)
    theme = _new_theme(cafe, ideas[0].pillar_id, _name(data, optional=True), ideas[0])
    _drop_if_empty(_place(ideas, theme))
    _done(cafe)
    return theme


def join(cafe: Cafe, data: dict) -> Theme:
    """Joins theme `theme_id` into theme `into_id` of the same pillar: its ideas and dots go to
    the kept theme, pinned there, and it is deleted."""
    data = validate.payload(data)
    source = _theme_of(cafe, data)
    kept = _theme_of(cafe, data, "into_id")
    if source.id == kept.id:
        raise ServiceError("cannot_join", _l("A theme cannot be joined with itself."),
                           status=409)
    if source.pillar_id != kept.pillar_id:
        raise ServiceError("other_pillar",
                           _l("Only themes of the same pillar can be joined."), status=409)
    # The kept theme's own ideas are pinned too: the join is the moderator's decision about
    # all of them, and a regrouping must not take it apart again.
    members = list(db.session.scalars(
        select(Idea).where(Idea.theme_id.in_([source.id, kept.id]))))
    _place(members, kept)
    _move_theme_votes(source, kept)
    db.session.delete(source)
    _done(cafe)
    return kept


def _move_theme_votes(source: Theme, target: Theme) -> None:
    """As moderation.merge does with ideas' dots: a person's dots on both add up."""
    for vote in db.session.scalars(select(ThemeVote).where(ThemeVote.theme_id == source.id)):
        existing = db.session.scalar(
            select(ThemeVote).where(ThemeVote.theme_id == target.id,
                                    ThemeVote.participant_id == vote.participant_id))
        if existing is None:
            vote.theme_id = target.id
        else:
            existing.dots += vote.dots
            db.session.delete(vote)
    db.session.flush()


def _group_of(cafe: Cafe, data: dict) -> tuple[MergeSuggestion, reads.SuggestionGroup]:
    """The open suggestion named and the group it is in: the suggestions the console shows
    as one item (reads.suggestion_groups)."""
    suggestion = _suggestion_of(cafe, data)
    for idea_id in (suggestion.first_id, suggestion.second_id):
        _shown_idea(cafe, idea_id, "suggestion_id")
    group = next(group for group in reads.suggestion_groups(cafe)
                 if suggestion.id in group.suggestion_ids)
    return suggestion, group


def _reject_pairs(cafe: Cafe, pairs: set[tuple[int, int]]) -> None:
    """Every pair (first id < second id) is kept as rejected: an open suggestion becomes a
    rejected one, and a pair never suggested is stored rejected too, so that no regrouping
    suggests it later (the moderator said these ideas are not the same)."""
    stored = {(s.first_id, s.second_id): s for s in db.session.scalars(
        select(MergeSuggestion).where(MergeSuggestion.cafe_id == cafe.id,
                                      MergeSuggestion.first_id.in_({a for a, _ in pairs})))}
    for pair in sorted(pairs):
        if pair in stored:
            stored[pair].rejected = True
        else:
            db.session.add(MergeSuggestion(cafe_id=cafe.id, first_id=pair[0],
                                           second_id=pair[1], rejected=True))


def accept_suggestion(cafe: Cafe, data: dict) -> Idea:
    """Merges the whole group of the suggestion (moderation.merge): the idea posted first
    stays, the others are folded into it with their dots. The group's suggestions go in the
    same transaction."""
    data = validate.payload(data)
    _, group = _group_of(cafe, data)
    if len(group.idea_ids) > MAX_IDEAS_AT_ONCE + 1:
        # As many as moderation.merge takes at once; a chain of similar ideas can link more.
        raise invalid("suggestion_id", _l(
            "This suggestion links more than %(count)d ideas: take some out first.",
            count=MAX_IDEAS_AT_ONCE + 1))
    kept_id, *merged_ids = group.idea_ids
    for suggestion_id in group.suggestion_ids:
        db.session.delete(db.session.get(MergeSuggestion, suggestion_id))
    # merge commits (the deletions with it) and tells everyone of the ideas and the themes.
    kept = moderation.merge(cafe, {"idea_id": kept_id, "merge_ids": merged_ids})
    if all(db.session.get(Idea, idea_id).theme_id is None for idea_id in merged_ids):
        notify.themes_changed(cafe)  # merge told no one: the suggestions still went
    return kept


def reject_suggestion(cafe: Cafe, data: dict) -> MergeSuggestion:
    """Keeps every idea of the suggestion's group apart: each pair of them is remembered as
    rejected, so that none is suggested again."""
    data = validate.payload(data)
    suggestion, group = _group_of(cafe, data)
    ids = group.idea_ids
    _reject_pairs(cafe, {(a, b) for n, a in enumerate(ids) for b in ids[n + 1:]})
    _done(cafe)
    return suggestion


def reject_suggested_idea(cafe: Cafe, data: dict) -> None:
    """Takes one idea out of a suggestion's group ("does not belong"): its pairs with the
    other ideas of the group are rejected; the rest stays a group while two are left."""
    data = validate.payload(data)
    _, group = _group_of(cafe, data)
    idea_id = validate.row_id(data.get("idea_id"))
    if idea_id not in group.idea_ids:
        raise invalid("idea_id", _l("This idea is not part of this suggestion (any more)."))
    _reject_pairs(cafe, {(min(idea_id, other), max(idea_id, other))
                         for other in group.idea_ids if other != idea_id})
    _done(cafe)
