"""Bridging ideas of a café: its dots and its people's roles read here, judged by the pure
rule in app/bridging.py. On ideas or on themes, as the café votes (Cafe.vote_on); only items
the screens show count (a shown idea; a theme holding one).
"""

from app import bridging
from app.models import Cafe
from app.services import reads

# How many the results screen lists: a short list people can read from the back of the hall.
ON_SCREEN = 5


def spreads(cafe: Cafe, ideas=None) -> list[bridging.Spread]:
    """Every shown item with a dot, with its spread over the roles; `ideas`
    (reads.cafe_ideas) when the caller has them."""
    ideas = reads.cafe_ideas(cafe) if ideas is None else ideas
    shown = {idea.id for idea in ideas if idea.shown}
    if cafe.vote_on == "themes":
        votes = reads.theme_votes_by_participant(cafe)
        allowed = {idea.theme_id for idea in ideas if idea.shown and idea.theme_id is not None}
    else:
        votes = reads.votes_by_participant(cafe)
        allowed = shown
    people = reads.participants(cafe)
    roles = {p.id: p.role for p in people}
    organisations = {p.id: p.organisation for p in people}
    return [s for s in bridging.spread(votes, roles, organisations, cafe.roles)
            if s.item in allowed]


def bridging_items(cafe: Cafe, ideas=None, limit: int | None = ON_SCREEN) -> list[dict]:
    """The bridging items, most broadly backed first: `{kind: "idea" | "theme", id,
    pillar_id, text, supporters, dots, organisations, roles: [{role, voters, supporters,
    percent}]}` (only groups of at least three voters; see app/bridging.py)."""
    ideas = reads.cafe_ideas(cafe) if ideas is None else ideas
    found = bridging.bridging(spreads(cafe, ideas), limit)
    if cafe.vote_on == "themes":
        named = {t.id: (t.pillar_id, t.name) for t in reads.themes(cafe)}
    else:
        named = {i.id: (i.pillar_id, i.text) for i in ideas}
    return [{
        "kind": cafe.vote_on[:-1], "id": s.item, "pillar_id": named[s.item][0],
        "text": named[s.item][1], "supporters": s.supporters, "dots": s.dots,
        "organisations": s.organisations,
        "roles": [{"role": r.role, "voters": r.voters, "supporters": r.supporters,
                   "percent": round(100 * r.rate)} for r in s.roles],
    } for s in found]
