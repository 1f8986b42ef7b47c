"""A starting plan for the search where no design fits: pillar by pillar, round by round.

A random start leaves every traveller with pillar repeats that the search must first undo (on a
2000-person café most of its budget). Dealing travellers greedily to pillars they have not seen
costs one pass and leaves only the few repeats at the end of a round for the search.
"""
from .scenario import ABSENT, NO_PILLAR


def starting_rows(problem, free_rounds, sizes, given, rng):
    """{round: row} for the free rounds: the rows in `given` (from a design) as they are, the
    others dealt by `_deal_round`, each round knowing the pillars seen in the rounds before."""
    visited = [set() for _ in range(problem.people)]
    for row in problem.fixed_seats:
        _visit(problem, visited, row)
    rows = {}
    for r in free_rounds:
        rows[r] = given.get(r) or _deal_round(problem, r, sizes[r], visited, rng)
        _visit(problem, visited, rows[r])
    return rows


def _visit(problem, visited, row):
    for p, t in enumerate(row):
        if t != ABSENT and problem.table_pillar[t] != NO_PILLAR:
            visited[p].add(problem.table_pillar[t])


def _deal_round(problem, r, sizes, visited, rng):
    """Hosts at their tables; travellers in random order each to a random free seat of the
    pillar they have not seen with the most free seats (a table without a pillar if they have
    seen all that still have seats; any seat if nothing else is left)."""
    row = [ABSENT] * problem.people
    free = list(sizes)
    travellers = []
    for p in range(problem.people):
        if not problem.present[r][p]:
            continue
        if problem.is_host(p):
            row[p] = problem.host_table[p]
            free[row[p]] -= 1
        else:
            travellers.append(p)
    rng.shuffle(travellers)
    pools = {}  # pillar (or NO_PILLAR) -> free seats as table indices, in random order
    for t in range(problem.tables):
        pools.setdefault(problem.table_pillar[t], []).extend([t] * free[t])
    for pool in pools.values():
        rng.shuffle(pool)
    all_pillars = set(range(problem.pillar_count))
    for p in travellers:
        open_pools = [k for k in pools if pools[k]]
        unseen = [k for k in open_pools if k != NO_PILLAR and k not in visited[p]]
        if not unseen and NO_PILLAR in open_pools and visited[p] != all_pillars:
            unseen = [NO_PILLAR]
        pillar = max(unseen or open_pools, key=lambda k: len(pools[k]))
        row[p] = pools[pillar].pop()
    return row
