"""Themes and merge suggestions written straight into a database, as the automatic grouping
would: for tests of what the moderator and the screens do with them. Takes any SQLAlchemy
session: the app's (db.session) or one opened on a live server's database file."""

from sqlalchemy import select

from app.models import Idea, MergeSuggestion, Theme


def add_theme(session, ideas: list[int], name: str, keywords=(), key: str | None = None
              ) -> Theme:
    """A theme holding these ideas (ids; all of one pillar), keyed as the grouping keys its
    own ("auto:<first idea id>")."""
    members = list(session.scalars(select(Idea).where(Idea.id.in_(ideas)).order_by(Idea.id)))
    first = members[0]
    theme = Theme(cafe_id=first.cafe_id, pillar_id=first.pillar_id,
                  key=key or f"auto:{first.id}", name=name, keywords=list(keywords))
    session.add(theme)
    session.flush()
    for idea in members:
        idea.theme_id = theme.id
    session.commit()
    return theme


def add_suggestion(session, first_id: int, second_id: int) -> MergeSuggestion:
    low, high = sorted((first_id, second_id))
    cafe_id = session.get(Idea, low).cafe_id
    suggestion = MergeSuggestion(cafe_id=cafe_id, first_id=low, second_id=high)
    session.add(suggestion)
    session.commit()
    return suggestion
