"""Pillar repair: a walk that hands pillar repeats on until none is left.

In tight small cafés the search trades pillar repeats against repeat pairs (soft weights, see
search.py) and must find its way back to the pillar bound; where repeat pairs are forced in
numbers it may not (32 people at 6 tables, 6 pillars, 6 rounds ended with 1-3 pillar repeats on
some seeds where 0 was possible). Pillar repeats come before repeat pairs, so the search then
repairs the pillars of its best plan and lets the strict stage win the pairs back. A large café's
start is repaired too (search.py).

The walk is the Kempe-chain idea of bipartite edge colouring (König): someone who repeats pillar
k in round r takes the seat of a person sitting at a pillar they have not seen; if that person
had seen k, they now repeat it and are next. Or they take a spare seat: a table of that pillar
and their table's capacity holding one person fewer, so the two tables trade sizes (which tables
of a capacity hold the extra person decides which pillars offer how many seats, and can force a
repeat that no swap mends). Neither changes head counts per capacity, so imbalance stays 0.
Swaps that would add pillar repeats are taken now and then only, to leave a dead end; the walk
returns the seats of its lowest point.
"""
from .scenario import ABSENT, NO_PILLAR
from .state import pillar_repeats_in

UPHILL_SHARE = 0.05  # swaps that add a pillar repeat are still taken this often
PARTNER_TRIES = 8  # partners drawn per step, looking for a swap that lowers the repeats
# Steps without a new low before giving up: where repeats are feasible the walk reached 0 within
# 700 steps; where a pillar owns more seats than travellers can visit, repeats are forced and
# the walk would only spend the budget.
STALL_STEPS = 2000


def repair_pillars(problem, seats, free_rounds, rng, steps):
    """Lower the pillar repeats of `seats` (all rounds) in place by swaps and spare-seat moves of
    travellers within the free rounds; stops at 0, after `steps` steps or when it stalls.
    Returns the steps taken."""
    walk = _Walk(problem, seats, free_rounds, rng)
    total = lowest = sum(walk.repeats.values())
    lowest_at, lowest_rows = 0, walk.rows()
    step = 0
    while step < steps and walk.stuck and step - lowest_at <= STALL_STEPS:
        step += 1
        total += walk.step()
        if total < lowest:
            lowest, lowest_at, lowest_rows = total, step, walk.rows()
    for r, row in lowest_rows.items():  # uphill steps may have left the walk above its low
        seats[r][:] = row
    return step


class _Walk:
    def __init__(self, problem, seats, free_rounds, rng):
        self.problem, self.seats, self.rng = problem, seats, rng
        self.rounds = [r for r in free_rounds
                       if len({problem.table_pillar[t] for t in seats[r] if t != ABSENT}) >= 2]
        travellers = [p for p in range(problem.people) if not problem.is_host(p)]
        self.pillar_rows = {p: [NO_PILLAR if row[p] == ABSENT else problem.table_pillar[row[p]]
                                for row in seats] for p in travellers}
        self.repeats = {p: self._repeats_of(p) for p in travellers}
        # seated[r][k]: travellers at pillar k (or NO_PILLAR) in round r, for drawing a partner
        self.seated = {r: {} for r in self.rounds}
        for r in self.rounds:
            for p in travellers:
                if seats[r][p] != ABSENT:
                    self.seated[r].setdefault(self.pillar_rows[p][r], []).append(p)
        self.sizes = {r: [0] * problem.tables for r in self.rounds}
        for r in self.rounds:
            for t in seats[r]:
                if t != ABSENT:
                    self.sizes[r][t] += 1
        self.pillar_tables = {}
        for t, pillar in enumerate(problem.table_pillar):
            self.pillar_tables.setdefault(pillar, []).append(t)
        self.stuck = [p for p in travellers if self.repeats[p]]

    def rows(self):
        return {r: self.seats[r][:] for r in self.rounds}

    def _repeats_of(self, p):
        return pillar_repeats_in(self.pillar_rows[p], self.problem.pillar_count)

    def step(self):
        """One step for a stuck traveller p: in a round where p sits at a pillar seen in another
        round, move to a pillar p has not seen before that round (or a table without pillar):
        with more rounds than pillars, [A, D, B, A, C, C] is mended by C in the fourth round,
        although C comes later. A spare seat there is taken if it lowers the repeats; else of
        PARTNER_TRIES partners drawn, the first whose swap lowers them, else the best (the chain
        goes on with that partner; one that adds repeats only now and then). Returns the change
        of the pillar repeats."""
        rng, stuck = self.rng, self.stuck
        p = stuck[int(rng.random() * len(stuck))]
        row = self.pillar_rows[p]
        repeated = [r for r in self.rounds if row[r] != NO_PILLAR and row.count(row[r]) >= 2]
        if not self.repeats[p] or not repeated:  # mended meanwhile, or repeats in fixed rounds
            stuck.remove(p)
            return 0
        r = repeated[int(rng.random() * len(repeated))]
        seen = row[:r]
        targets = [m for m in self.seated[r] if m == NO_PILLAR or (m != row[r] and m not in seen)]
        if not targets:
            return 0
        change = self._take_spare_seat(r, p, targets)
        if change is not None:
            return change
        targets = [m for m in targets if self.seated[r][m]]  # spare seats may empty a pillar
        if not targets:
            return 0
        chosen = None
        for _ in range(PARTNER_TRIES):
            group = self.seated[r][targets[int(rng.random() * len(targets))]]
            q = group[int(rng.random() * len(group))]
            change = self._change(r, {p: self.pillar_rows[q][r], q: row[r]})
            if chosen is None or change < chosen[1]:
                chosen = (q, change)
            if change < 0:
                break
        q, change = chosen
        if change > 0 and rng.random() >= UPHILL_SHARE:
            return 0
        self._swap(r, p, q)
        return change

    def _take_spare_seat(self, r, p, targets):
        """Move p in round r to a table of a target pillar with p's table's capacity and one
        person fewer, if that lowers the repeats; the change, or None if no such move."""
        problem, sizes = self.problem, self.sizes[r]
        table = self.seats[r][p]
        spare = [t for m in targets for t in self.pillar_tables.get(m, ())
                 if sizes[t] + 1 == sizes[table] and problem.capacity[t] == problem.capacity[table]]
        if not spare:
            return None
        target = spare[int(self.rng.random() * len(spare))]
        pillar = problem.table_pillar[target]
        change = self._change(r, {p: pillar})
        if change >= 0:
            return None
        old = self.pillar_rows[p][r]
        self.pillar_rows[p][r] = pillar
        self.repeats[p] += change
        self.seats[r][p] = target
        sizes[table] -= 1
        sizes[target] += 1
        self.seated[r][old].remove(p)
        self.seated[r].setdefault(pillar, []).append(p)
        return change

    def _change(self, r, new_pillars):
        """Change of the pillar repeats if each person in `new_pillars` sat at the pillar given
        there in round r."""
        change = 0
        for person, pillar in new_pillars.items():
            row = self.pillar_rows[person]
            old, row[r] = row[r], pillar
            change += self._repeats_of(person) - self.repeats[person]
            row[r] = old
        return change

    def _swap(self, r, p, q):
        rows, seated = self.pillar_rows, self.seated[r]
        k, m = rows[p][r], rows[q][r]
        rows[p][r], rows[q][r] = m, k
        self.repeats[p], self.repeats[q] = self._repeats_of(p), self._repeats_of(q)
        self.seats[r][p], self.seats[r][q] = self.seats[r][q], self.seats[r][p]
        seated[k].remove(p)
        seated[k].append(q)
        seated[m].remove(q)
        seated[m].append(p)
        if self.repeats[q] and q not in self.stuck:
            self.stuck.append(q)
