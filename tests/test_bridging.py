"""Bridging ideas: the rule in app/bridging.py on small hand-made rooms, and its promises on
random ones (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app import bridging

ROLES = ["Verwaltung", "Zivilgesellschaft", "Fachleute"]


def room(per_role: dict[str, int]) -> tuple[dict, dict]:
    """Voters named by role and number: roles and organisations ("Org <n mod 2>")."""
    roles, orgs = {}, {}
    for role, count in per_role.items():
        for n in range(count):
            roles[f"{role}{n}"] = role
            orgs[f"{role}{n}"] = f"Org {n % 2}"
    return roles, orgs


def test_an_idea_backed_alike_by_administration_and_civil_society_bridges():
    roles, orgs = room({"Verwaltung": 4, "Zivilgesellschaft": 4})
    votes = {voter: {} for voter in roles}
    for n in range(2):  # half of each group backs "both"
        votes[f"Verwaltung{n}"]["both"] = 1
        votes[f"Zivilgesellschaft{n}"]["both"] = 2
    for n in range(4):  # all of the administration, nobody else, backs "office"
        votes[f"Verwaltung{n}"]["office"] = 1
    for n in (2, 3):  # everyone voted
        votes[f"Zivilgesellschaft{n}"]["other"] = 1
    spreads = {s.item: s for s in bridging.spread(votes, roles, orgs, ROLES)}
    both = spreads["both"]
    assert both.bridging and both.balance == 1.0 and both.dots == 6
    assert [(r.role, r.voters, r.supporters, r.dots) for r in both.roles] == [
        ("Verwaltung", 4, 2, 2), ("Zivilgesellschaft", 4, 2, 4)]
    assert both.organisations == 2
    office = spreads["office"]
    assert not office.bridging and office.balance == 0.0
    assert [s.item for s in bridging.bridging(list(spreads.values()))] == ["both"]


def test_groups_of_fewer_than_three_voters_are_never_shown():
    roles, orgs = room({"Verwaltung": 3, "Zivilgesellschaft": 3, "Fachleute": 2})
    roles["nobody"] = ""
    votes = {voter: {"idea": 1} for voter in roles}
    (idea,) = bridging.spread(votes, roles, orgs, ROLES)
    assert [r.role for r in idea.roles] == ["Verwaltung", "Zivilgesellschaft"]
    assert idea.supporters == 9 and idea.bridging
    # Two supporters only: no breakdown at all, and no organisation count.
    few = {"Verwaltung0": {"x": 3}, "Zivilgesellschaft0": {"x": 1}, "Verwaltung1": {"y": 1}}
    spreads = {s.item: s for s in bridging.spread(few, roles, orgs, ROLES)}
    assert spreads["x"].roles == () and spreads["x"].organisations is None
    assert not spreads["x"].bridging and spreads["x"].dots == 4


def test_one_group_alone_is_no_bridge():
    roles, orgs = room({"Verwaltung": 5, "Zivilgesellschaft": 2})
    votes = {voter: {"idea": 1} for voter in roles}
    (idea,) = bridging.spread(votes, roles, orgs, ROLES)
    assert [r.role for r in idea.roles] == ["Verwaltung"] and not idea.bridging


def test_a_group_backing_an_idea_far_less_often_than_the_room_breaks_the_bridge():
    roles, orgs = room({"Verwaltung": 10, "Zivilgesellschaft": 10})
    votes = {voter: {"filler": 1} for voter in roles}
    for n in range(8):
        votes[f"Verwaltung{n}"]["idea"] = 1
    votes["Zivilgesellschaft0"]["idea"] = 1  # 10 % against the room's 45 %: balance 0.22
    spreads = {s.item: s for s in bridging.spread(votes, roles, orgs, ROLES)}
    assert round(spreads["idea"].balance, 2) == 0.22 and not spreads["idea"].bridging
    votes["Zivilgesellschaft1"]["idea"] = 1
    votes["Zivilgesellschaft2"]["idea"] = 1  # 30 % against 55 %: balance 0.55
    spreads = {s.item: s for s in bridging.spread(votes, roles, orgs, ROLES)}
    assert spreads["idea"].bridging


voter_ids = st.integers(0, 30)
rooms = st.tuples(
    st.dictionaries(voter_ids, st.sampled_from(["Verwaltung", "Zivilgesellschaft", "Fachleute",
                                               "", "Presse"])),
    st.dictionaries(voter_ids, st.dictionaries(st.integers(0, 6), st.integers(0, 3),
                                               max_size=4)),
)


@settings(max_examples=150, deadline=None)
@given(rooms)
def test_promises_hold_for_any_room(generated):
    roles, votes = generated
    orgs = {voter: f"Org {voter % 3}" for voter in votes}
    spreads = bridging.spread(votes, roles, orgs, ROLES)
    voters = [v for v, dots in votes.items() if any(dots.values())]
    role_voters = {}
    for voter in voters:
        if roles.get(voter):
            role_voters[roles[voter]] = role_voters.get(roles[voter], 0) + 1
    items = {item for dots in votes.values() for item, n in dots.items() if n > 0}
    assert {s.item for s in spreads} == items
    for s in spreads:
        assert s.dots == sum(votes[v].get(s.item, 0) for v in voters)
        assert 0.0 <= s.balance <= 1.0
        if s.supporters < bridging.MIN_GROUP:
            assert s.roles == () and s.organisations is None and not s.bridging
        for r in s.roles:  # only groups of at least three voters, counted right
            assert r.voters == role_voters[r.role] >= bridging.MIN_GROUP
            assert 0 <= r.supporters <= r.voters and r.dots >= r.supporters
        if s.bridging:
            assert len(s.roles) >= 2 and all(r.supporters for r in s.roles)
    # The order of the voters does not matter.
    again = bridging.spread(dict(reversed(list(votes.items()))), roles, orgs, ROLES)
    assert again == spreads
