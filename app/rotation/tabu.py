"""Tabu search on the people still in conflict, to finish what annealing leaves.

After Dotú & Van Hentenryck, "Scheduling social golfers locally" (CPAIOR 2005): each step takes
the best swap of a conflicted person (see SeatingState.has_conflict) with anyone at another table
of the same round, unless that swap was made recently (tabu) and does not beat the best plan.
When the best plan has not improved for a while, the search restarts from it with a few random
swaps. Each evaluated swap counts against the same move budget as annealing.
"""
import time

TENURE = (4, 20)  # a swap stays tabu for a random number of steps in this range
STALL_STEPS = 300  # steps without a new best before restarting from the best
KICK_SWAPS = 3  # random swaps applied at a restart
MAX_CANDIDATES = 4000  # swaps evaluated per step at most; conflicts are sampled beyond it


def tabu_search(state, movable, rng, move_budget, deadline, lower_bound):
    """Improve `state` in place; return the best seats found and their figures."""
    rounds = [r for r, people in movable.items()
              if len({state.seats[r][p] for p in people}) >= 2]
    best_figures = state.figures()
    best_seats = [row[:] for row in state.seats]
    tabu_until = {}
    step = stalled = 0
    moves_left = move_budget
    while moves_left > 0 and best_figures > lower_bound and rounds:
        if time.monotonic() > deadline:
            break
        step += 1
        conflicts = [(r, a) for r in rounds for a in movable[r] if state.has_conflict(r, a)]
        rng.shuffle(conflicts)  # ties then go to a random swap
        per_conflict = max(1, max(len(movable[r]) for r in rounds))
        conflicts = conflicts[:max(1, MAX_CANDIDATES // per_conflict)]
        chosen, chosen_delta = None, None
        current = state.cost()
        for r, a in conflicts:
            seats = state.seats[r]
            for b in movable[r]:
                if seats[a] == seats[b]:
                    continue
                moves_left -= 1
                delta = state.swap_delta(r, a, b)
                if chosen_delta is not None and delta >= chosen_delta:
                    continue
                key = (r, min(a, b), max(a, b))
                if tabu_until.get(key, 0) > step and not _aspires(state, current + delta,
                                                                   best_figures):
                    continue
                chosen, chosen_delta = (r, a, b), delta
        if chosen is None:
            break
        r, a, b = chosen
        state.swap(r, a, b)
        tabu_until[(r, min(a, b), max(a, b))] = step + rng.randint(*TENURE)
        if state.figures() < best_figures:
            best_figures = state.figures()
            best_seats = [row[:] for row in state.seats]
            stalled = 0
        else:
            stalled += 1
        if stalled >= STALL_STEPS:
            state = state.reseated([row[:] for row in best_seats])
            _kick(state, rounds, movable, rng)
            tabu_until.clear()
            stalled = 0
    return best_seats, best_figures


def _aspires(state, cost_after, best_figures):
    """A tabu swap is allowed when it would give a plan better than the best (by weighted cost)."""
    pillar, repeat, diversity = best_figures
    best_cost = (state.pillar_weight * pillar + state.repeat_weight * repeat
                 + state.diversity_weight * diversity)
    return cost_after < best_cost


def _kick(state, rounds, movable, rng):
    for _ in range(KICK_SWAPS):
        r = rounds[rng.randrange(len(rounds))]
        a, b = rng.choice(movable[r]), rng.choice(movable[r])
        if state.seats[r][a] != state.seats[r][b]:
            state.swap(r, a, b)
