"""Pillar repair: a walk that hands pillar repeats on until none is left.

In tight small cafés the search trades pillar repeats against repeat pairs (soft weights, see
search.py) and must find its way back to the pillar bound; where repeat pairs are forced in
numbers it may not (32 people at 6 tables, 6 pillars, 6 rounds ended with 1-3 pillar repeats on
some seeds where 0 was possible). Pillar repeats come before repeat pairs, so the search then
repairs the pillars of its best plan and lets the strict stage win the pairs back.

The walk is the Kempe-chain idea of bipartite edge colouring (König): someone who repeats pillar
k in round r takes the seat of a person sitting at a pillar they have not seen; if that person
had seen k, they now repeat it and are next. A swap never changes head counts, so imbalance stays
0. Swaps that would add pillar repeats are taken now and then only, to leave a dead end; the
walk returns the seats of its lowest point.
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
    """Lower the pillar repeats of `seats` (all rounds) in place by swaps of travellers within
    the free rounds; stops at 0, after `steps` steps or when it stalls. Returns the steps taken."""
    rounds = [r for r in free_rounds
              if len({problem.table_pillar[t] for t in seats[r] if t != ABSENT}) >= 2]
    travellers = [p for p in range(problem.people) if not problem.is_host(p)]
    pillar_rows = {p: [NO_PILLAR if row[p] == ABSENT else problem.table_pillar[row[p]]
                       for row in seats] for p in travellers}
    repeats = {p: pillar_repeats_in(pillar_rows[p], problem.pillar_count) for p in travellers}
    # seated[r][k]: travellers at pillar k (or NO_PILLAR) in round r, for drawing a partner
    seated = {r: {} for r in rounds}
    for r in rounds:
        for p in travellers:
            if seats[r][p] != ABSENT:
                seated[r].setdefault(pillar_rows[p][r], []).append(p)
    stuck = [p for p in travellers if repeats[p]]
    total = lowest = sum(repeats.values())
    lowest_at, lowest_rows = 0, {r: seats[r][:] for r in rounds}
    step = 0
    while step < steps and stuck and step - lowest_at <= STALL_STEPS:
        step += 1
        p = stuck[int(rng.random() * len(stuck))]
        if not repeats[p]:
            stuck.remove(p)
            continue
        total += _step(problem, seats, rounds, pillar_rows, repeats, seated, stuck, p, rng)
        if total < lowest:
            lowest, lowest_at, lowest_rows = total, step, {r: seats[r][:] for r in rounds}
    for r, row in lowest_rows.items():  # uphill steps may have left the walk above its low
        seats[r][:] = row
    return step


def _step(problem, seats, rounds, pillar_rows, repeats, seated, stuck, p, rng):
    """One step for p: in a round where p sits at a pillar seen in another round, swap with
    someone at a pillar p has not seen before that round (or at a table without pillar): with
    more rounds than pillars, [A, D, B, A, C, C] is mended by C in the fourth round, although C
    comes later. Of PARTNER_TRIES partners drawn, the first whose swap lowers the repeats is
    taken, else the first that keeps them (the chain goes on with that partner), else now and
    then one that adds some. Returns the change of the pillar repeats."""
    row = pillar_rows[p]
    repeated = [r for r in rounds if row[r] != NO_PILLAR and row.count(row[r]) >= 2]
    if not repeated:  # p's repeats lie in fixed rounds
        stuck.remove(p)
        return 0
    r = repeated[int(rng.random() * len(repeated))]
    seen = row[:r]
    targets = [m for m in seated[r] if m == NO_PILLAR or (m != row[r] and m not in seen)]
    if not targets:
        return 0
    chosen = None
    for _ in range(PARTNER_TRIES):
        group = seated[r][targets[int(rng.random() * len(targets))]]
        q = group[int(rng.random() * len(group))]
        change = _swap_change(problem, pillar_rows, repeats, r, p, q)
        if change < 0:
            chosen = (q, group, change)
            break
        if chosen is None or change < chosen[2]:
            chosen = (q, group, change)
    q, group, change = chosen
    if change > 0 and rng.random() >= UPHILL_SHARE:
        return 0
    k, m = row[r], pillar_rows[q][r]
    row[r], pillar_rows[q][r] = m, k
    repeats[p] = pillar_repeats_in(row, problem.pillar_count)
    repeats[q] = pillar_repeats_in(pillar_rows[q], problem.pillar_count)
    seats[r][p], seats[r][q] = seats[r][q], seats[r][p]
    seated[r][k].remove(p)
    seated[r][k].append(q)
    group.remove(q)
    group.append(p)
    if repeats[q] and q not in stuck:
        stuck.append(q)
    return change


def _swap_change(problem, pillar_rows, repeats, r, p, q):
    """Change of p's and q's pillar repeats if they swapped pillars in round r."""
    row_p, row_q = pillar_rows[p], pillar_rows[q]
    row_p[r], row_q[r] = row_q[r], row_p[r]
    after = (pillar_repeats_in(row_p, problem.pillar_count)
             + pillar_repeats_in(row_q, problem.pillar_count))
    row_p[r], row_q[r] = row_q[r], row_p[r]
    return after - repeats[p] - repeats[q]
