"""The moves of the search; each keeps head counts per capacity, so imbalance stays 0.

* swap: two travellers at different tables trade places (head counts unchanged);
* schedule trade: two twins (travellers present in the same rounds, none fixed) trade places in
  all rounds, a relabelling of the plan that changes only diversity (SeatingState.trade_delta);
* spare seat: a traveller moves to a table of equal capacity that holds one person fewer, so the
  two tables trade sizes. Without it, which table of a capacity holds the extra person would be
  frozen by `balance.py`, and a pillar can end up offering more seats than travellers need it;
* pillar swap: a at pillar P in round r and at Q in round r2, b at Q in r and at P in r2: they
  swap in both rounds, so both keep the pillars they visit (see Anneal._pillar_swap).

Hosts, absent people and fixed rounds never move.
"""
from .scenario import NO_PILLAR


class Moves:
    def __init__(self, state, movable, pillar_swaps=True):
        """`movable[r]`: the travellers present in planned round r; `pillar_swaps`: whether the
        annealing may use pillar swaps (where there are two pillars and two rounds)."""
        problem = state.problem
        self.movable = movable
        same_capacity = {}
        for t, cap in enumerate(problem.capacity):
            same_capacity.setdefault(cap, []).append(t)
        # peers[t]: the other tables of t's capacity (empty if none)
        self.peers = [[u for u in same_capacity[cap] if u != t]
                      for t, cap in enumerate(problem.capacity)]
        self.spare_rounds = {r for r in movable
                             if any(self._has_spare_seat(state, r, group)
                                    for group in same_capacity.values())}
        self.rounds = [r for r, people in movable.items()
                       if r in self.spare_rounds
                       or len({state.seats[r][p] for p in people}) >= 2]
        # twins[a]: travellers present in exactly a's rounds, none of them fixed (a trade with
        # anyone else could change the repeat and pillar figures through the fixed rounds).
        # Without diversified attributes a trade changes nothing, so there are none.
        problem = state.problem
        fixed = len(problem.fixed_seats)
        groups = {}
        for p in range(problem.people if problem.diversify else 0):
            presence = tuple(r for r in range(problem.rounds) if problem.present[r][p])
            if not problem.is_host(p) and presence and presence[0] >= fixed:
                groups.setdefault(presence, []).append(p)
        self.twins = {p: group for group in groups.values() if len(group) >= 2 for p in group}
        self.presence = {p: presence for presence, group in groups.items() for p in group}
        # pillar_tables[k]: the tables of pillar k; pillar swaps need two pillars and two rounds
        self.pillar_tables = [[t for t in range(problem.tables) if problem.table_pillar[t] == k]
                              for k in range(problem.pillar_count)]
        self.pillar_swaps = pillar_swaps and problem.pillar_count >= 2 and len(self.rounds) >= 2
        # same_pillar_tables[t]: the tables of t's pillar (all tables if t has none), where a swap
        # partner keeps both people's pillars
        self.same_pillar_tables = [self.pillar_tables[k] if k != NO_PILLAR
                                   else list(range(problem.tables))
                                   for k in problem.table_pillar]
        self.hosts = {p for p in range(problem.people) if problem.is_host(p)}

    def _has_spare_seat(self, state, r, group):
        """Whether a traveller at a table of `group` could move to a peer holding one person
        fewer in round r (sizes within a capacity only trade places, so this never changes)."""
        members = state.members[r]
        sizes = {len(members[t]) for t in group}
        travellers = set(self.movable[r])
        return len(sizes) == 2 and any(
            len(members[t]) == max(sizes) and not travellers.isdisjoint(members[t])
            for t in group)

    def spare_targets(self, state, r, a):
        """Tables a may move to in round r: peers of a's table holding one person fewer."""
        members = state.members[r]
        table = state.seats[r][a]
        return [u for u in self.peers[table] if len(members[u]) == len(members[table]) - 1]
