"""The whole café as the JSON export's data (schema version 3), written by `schema`'s lists.

`setup` is exactly what `services.setup.setup_of` returns: on its own it starts a new café.
Everything else records what happened: people, seats, the harvest's themes, ideas, dots and
summaries. Exporting
a restored café again gives the same file, byte for byte.
"""

from app.models import Cafe
from app.services import reads, setup
from app.services.archive.schema import (
    CAFE,
    IDEAS,
    JSON_SCHEMA_VERSION,
    PARTICIPANTS,
    PLAN,
    REJECTED_MERGES,
    SUMMARIES,
    THEME_VOTES,
    THEMES,
    VOTES,
    Written,
)
from app.services.exports import common


def cafe_json(cafe: Cafe, anonymous: bool = False) -> dict:
    anonymous = common.is_anonymous(cafe, anonymous)
    tables = {t.id: t.number for t in cafe.tables}
    people = reads.participants(cafe)
    records = common.load_ideas(cafe, anonymous)
    themes = reads.themes(cafe)
    written = Written(anonymous=anonymous, pillars={p.id: p for p in cafe.pillars},
                      position={p.id: i for i, p in enumerate(cafe.pillars)}, tables=tables,
                      person_ref={p.id: n for n, p in enumerate(people, start=1)},
                      idea_ref={r.id: r.ref for r in records},
                      theme_ref={t.id: n for n, t in enumerate(themes, start=1)},
                      theme_pinned=reads.theme_pinned_ideas(cafe))
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "anonymous_export": anonymous,
        "setup": setup.setup_of(cafe),
        "cafe": CAFE.entry(cafe, written),
        "participants": PARTICIPANTS.entries(people, written),
        "plan": PLAN.entries(_seats(cafe, people, tables), written),
        "themes": THEMES.entries(_theme_rows(cafe, themes, records), written),
        "ideas": IDEAS.entries(records, written),
        "votes": VOTES.entries(_dots(cafe, written), written),
        "theme_votes": THEME_VOTES.entries(_theme_dots(cafe, written), written),
        "rejected_merges": REJECTED_MERGES.entries(
            [pair for pair in reads.rejected_merges(cafe)
             if pair[0] in written.idea_ref and pair[1] in written.idea_ref], written),
        "summaries": SUMMARIES.entries(
            sorted((s for s in reads.summaries(cafe) if s.table_id in tables),
                   key=lambda s: tables[s.table_id]), written),
    }
    if anonymous:
        organisations = {p.organisation for p in people if p.organisation}
        data["organisations"] = {
            "count": len(organisations),
            "participants_with_one": sum(1 for p in people if p.organisation),
        }
    return data


def _seats(cafe: Cafe, people, tables: dict) -> list[tuple]:
    """Per person with a seat the table number in every round (None: no seat then)."""
    by_round = reads.seatings(cafe)
    rows = []
    for person in people:
        row = [tables.get(by_round.get(r, {}).get(person.id)) for r in range(cafe.rounds)]
        if any(number is not None for number in row):
            rows.append((person.id, row))
    return rows


def _dots(cafe: Cafe, written: Written) -> list[tuple]:
    """(participant id, idea id, dots) of every vote, by person and idea ref."""
    rows = [
        (pid, idea_id, dots)
        for pid, ideas in reads.votes_by_participant(cafe).items()
        for idea_id, dots in ideas.items()
        if pid in written.person_ref and idea_id in written.idea_ref and dots > 0
    ]
    return sorted(rows, key=lambda v: (written.person_ref[v[0]], written.idea_ref[v[1]]))


def _theme_rows(cafe: Cafe, themes, records) -> list[tuple]:
    """(theme, dots): on the theme when the café votes on themes, else on its shown ideas."""
    if cafe.vote_on == "themes":
        totals = reads.theme_vote_totals(cafe)
        return [(theme, totals.get(theme.id, 0)) for theme in themes]
    dots: dict[int, int] = {}
    for record in records:
        if record.shown and record.theme_id is not None:
            dots[record.theme_id] = dots.get(record.theme_id, 0) + record.votes
    return [(theme, dots.get(theme.id, 0)) for theme in themes]


def _theme_dots(cafe: Cafe, written: Written) -> list[tuple]:
    """(participant id, theme id, dots) of every vote on a theme, by person and theme ref."""
    rows = [
        (pid, theme_id, dots)
        for pid, themes in reads.theme_votes_by_participant(cafe).items()
        for theme_id, dots in themes.items()
        if pid in written.person_ref and theme_id in written.theme_ref and dots > 0
    ]
    return sorted(rows, key=lambda v: (written.person_ref[v[0]], written.theme_ref[v[1]]))
