"""What the moderator says to the whole room: announcements, and what the screen shows."""

from flask_babel import lazy_gettext as _l

from app.bounds import LENGTHS, SCREEN_VIEWS
from app.extensions import db
from app.models import Cafe
from app.models.base import utcnow
from app.services import notify, validate
from app.services.errors import invalid


def make_announcement(cafe: Cafe, data: dict) -> Cafe:
    """A short text for every phone and the screen; an empty text takes it down."""
    text = validate.text(validate.payload(data), "text", _l("Announcement"), min_len=0,
                         max_len=LENGTHS.announcement)
    cafe.announcement = text or None
    cafe.announcement_at = utcnow() if text else None
    db.session.commit()
    notify.announcement_made(cafe)
    return cafe


def set_screen_view(cafe: Cafe, data: dict) -> Cafe:
    """Pin the screen to one view, or (view null) let it follow the café's phase."""
    view = validate.payload(data).get("view")
    if view is not None and view not in SCREEN_VIEWS:
        raise invalid("view", _l("Choose one of the screen's views."))
    cafe.screen_view = view
    db.session.commit()
    notify.screen_view_changed(cafe)
    return cafe
