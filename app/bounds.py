"""Limits and fixed lists that the server checks and the pages repeat, each written once.

The services validate with them; app/web/ui.py hands them to the templates (maxlength, min
and max) and, as a JSON block beside the translated texts, to the page scripts
(static/js/lib/bounds.js). Plain data: services, exports and the archive check import it.
Rate limits are settings (app/config.py), not bounds.
"""

from typing import NamedTuple


class Lengths(NamedTuple):
    """Most characters of each text people type, counted after trimming."""

    idea: int = 500
    summary: int = 1000
    name: int = 60
    organisation: int = 120
    role: int = 60
    title: int = 200
    place: int = 200
    pillar_title: int = 120
    question: int = 300
    table_name: int = 60
    announcement: int = 280
    word: int = 60  # a word removed from the word clouds
    theme_name: int = 120  # the harvest's theme, as the moderator names it (Theme.name)


class Span(NamedTuple):
    low: int
    high: int


class Ranges(NamedTuple):
    """The lowest and highest whole number each setting takes."""

    tables: Span = Span(1, 200)
    seats: Span = Span(2, 20)  # per table
    rounds: Span = Span(1, 10)
    round_minutes: Span = Span(1, 120)
    transition_minutes: Span = Span(0, 30)
    dots: Span = Span(1, 20)  # per person, and per idea at most


LENGTHS = Lengths()
RANGES = Ranges()
MAX_PILLARS = 12
# What phones put their dots on in the harvest (Cafe.vote_on).
VOTE_ON = ("ideas", "themes")
# What the projection screen can show; each has a section in templates/screen.html.
SCREEN_VIEWS = ("join", "walls", "cloud", "where", "results", "themes", "summaries", "thanks")


def for_scripts() -> dict:
    """Everything above, as the page scripts read it."""
    ranges = {name: span._asdict() for name, span in RANGES._asdict().items()}
    return {"lengths": LENGTHS._asdict(), "ranges": ranges, "max_pillars": MAX_PILLARS,
            "screen_views": list(SCREEN_VIEWS)}
