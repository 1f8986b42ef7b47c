"""Bridging ideas ("Brückenideen"): ideas, or themes, that people of every role support alike.

Pure (no Flask, no database): it takes each voter's dots (voter -> item -> dots, the item an
idea or a theme), each voter's role and organisation, and the café's roles, and gives per item
how its support spreads over the roles.

The rule, in words:

- A role counts as a **group** when at least MIN_GROUP (3) of the people who voted have it.
  Voters without a role, or in a smaller role, still count for an item's dots and supporters,
  but no breakdown names them: a group of one or two people would give away how they voted.
- An item's **supporters** are the voters who put at least one dot on it. A role's **rate**
  for the item is the share of the role's voters among its supporters: "40 % of the
  administration's voters gave it a dot". Dots per role are reported too, but the rule
  counts people, so that one enthusiast's three dots cannot make an item look broad.
- The item's **balance** is its lowest rate over the groups divided by its rate among all
  voters (capped at 1): 1 when every group supports it as often as the room as a whole does,
  0 when one group gives it nothing.
- An item is a **bridging** item when at least two groups exist, at least MIN_GROUP people
  support it, every group has a supporter, and its balance is at least BRIDGING_BALANCE (0.5:
  no group supports it less than half as often as the room does). With the default roles
  this means in particular administration and civil society alike.
- Bridging items are ranked by their lowest rate over the groups (the share of every group
  that is behind it), then by supporters.

An item with fewer than MIN_GROUP supporters gets no breakdown at all.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

MIN_GROUP = 3  # fewest people a breakdown may show
BRIDGING_BALANCE = 0.5


@dataclass(frozen=True)
class RoleSupport:
    role: str
    voters: int  # people of this role who voted at all
    supporters: int  # of them, those who put a dot on the item
    dots: int  # their dots on the item

    @property
    def rate(self) -> float:
        return self.supporters / self.voters


@dataclass(frozen=True)
class Spread:
    item: Hashable  # an idea's or a theme's id
    dots: int
    supporters: int
    organisations: int | None  # distinct organisations among supporters (None: too few)
    roles: tuple[RoleSupport, ...]  # the groups, in the café's order; empty: too few supporters
    balance: float  # 0..1, see above; 0 without a breakdown
    bridging: bool

    @property
    def lowest_rate(self) -> float:
        return min((r.rate for r in self.roles), default=0.0)


def groups(roles: Mapping[Hashable, str], voters, role_order: Sequence[str]) -> dict[str, int]:
    """role -> its voters, for the roles with at least MIN_GROUP voters: the café's roles in
    their order first, then any other role a voter holds (a role dropped from the set-up)."""
    counts: dict[str, int] = {}
    for voter in voters:
        role = roles.get(voter) or ""
        if role:
            counts[role] = counts.get(role, 0) + 1
    order = {role: i for i, role in enumerate(role_order)}
    ranked = sorted(counts, key=lambda role: (order.get(role, len(order)), role))
    return {role: counts[role] for role in ranked if counts[role] >= MIN_GROUP}


def spread(votes: Mapping[Hashable, Mapping[Hashable, int]], roles: Mapping[Hashable, str],
           organisations: Mapping[Hashable, str], role_order: Sequence[str] = ()) -> list[Spread]:
    """Per item with at least one dot its spread over the groups; most dots first (equal
    dots: by item, for a stable order)."""
    voters = [voter for voter, dots in votes.items() if any(n > 0 for n in dots.values())]
    sizes = groups(roles, voters, role_order)
    backers: dict[Hashable, dict[Hashable, int]] = {}
    for voter in voters:
        for item, dots in votes[voter].items():
            if dots > 0:
                backers.setdefault(item, {})[voter] = dots
    result = [_spread(item, mine, len(voters), sizes, roles, organisations)
              for item, mine in backers.items()]
    return sorted(result, key=lambda s: (-s.dots, str(s.item)))


def _spread(item, mine: dict, everyone: int, sizes: dict[str, int], roles, organisations
            ) -> Spread:
    dots = sum(mine.values())
    if len(mine) < MIN_GROUP:
        return Spread(item, dots, len(mine), None, (), 0.0, False)
    supported: dict[str, list[int]] = {role: [0, 0] for role in sizes}
    for voter, n in mine.items():
        role = roles.get(voter) or ""
        if role in supported:
            supported[role][0] += 1
            supported[role][1] += n
    by_role = tuple(RoleSupport(role, sizes[role], *supported[role]) for role in sizes)
    overall = len(mine) / everyone
    balance = min(1.0, min(r.rate for r in by_role) / overall) if by_role else 0.0
    bridging = (len(by_role) >= 2 and all(r.supporters for r in by_role)
                and balance >= BRIDGING_BALANCE)
    orgs = len({organisations.get(voter) for voter in mine if organisations.get(voter)})
    return Spread(item, dots, len(mine), orgs, by_role, balance, bridging)


def bridging(spreads: Sequence[Spread], limit: int | None = None) -> list[Spread]:
    """The bridging items, the most broadly backed first."""
    found = sorted((s for s in spreads if s.bridging),
                   key=lambda s: (-s.lowest_rate, -s.supporters, -s.dots, str(s.item)))
    return found if limit is None else found[:limit]
