"""Tabu search on the people still in conflict, to finish what annealing leaves.

After Dotú & Van Hentenryck, "Scheduling social golfers locally" (CPAIOR 2005): each step takes
the best move of a conflicted person (see SeatingState.has_conflict): a swap with anyone at another
table of the same round or a spare-seat move (moves.py), unless that move was made recently
(tabu) and does not beat the best plan. When the best plan has not improved for a while, the
search restarts from it with a few random swaps. Each evaluated move counts against the same move
budget as annealing.
"""
import time

TENURE = (4, 20)  # a move stays tabu for a random number of steps in this range
STALL_STEPS = 300  # steps without a new best before restarting from the best
KICK_SWAPS = 3  # random swaps applied at a restart
MAX_CANDIDATES = 4000  # moves evaluated per step at most; conflicts are sampled beyond it


def tabu_search(state, moves, rng, move_budget, deadline, lower_bound):
    """Improve `state` in place; return the best seats found, their figures and the part of
    `move_budget` left unused (the search stops early at the lower bound)."""
    rounds, movable = moves.rounds, moves.movable
    best_figures, best_cost = state.figures(), state.cost()
    best_seats = [row[:] for row in state.seats]
    tabu_until = {}
    step = stalled = 0
    moves_left = move_budget
    while moves_left > 0 and best_figures > lower_bound and rounds:
        if time.monotonic() > deadline:
            break
        step += 1
        conflicts = _conflicts(state, rounds, movable, lower_bound)
        rng.shuffle(conflicts)  # ties then go to a random move
        per_conflict = max(1, max(len(movable[r]) for r in rounds))
        conflicts = conflicts[:max(1, MAX_CANDIDATES // per_conflict)]
        chosen, chosen_delta = None, None
        current = state.cost()
        for r, a in conflicts:
            for kind, partner, delta in _candidates(state, moves, r, a):
                moves_left -= 1
                if chosen_delta is not None and delta >= chosen_delta:
                    continue
                key = ("move", r, a, partner) if kind == "move" else (r, min(a, partner),
                                                                      max(a, partner))
                if tabu_until.get(key, 0) > step and current + delta >= best_cost:
                    continue  # tabu, unless it beats the best plan's weighted cost
                chosen, chosen_delta = (kind, r, a, partner, key), delta
        if chosen is None:
            break
        kind, r, a, partner, key = chosen
        if kind == "move":
            key = ("move", r, a, state.seats[r][a])  # moving back is what stays tabu
            state.move(r, a, partner)
        else:
            state.swap(r, a, partner)
        tabu_until[key] = step + rng.randint(*TENURE)
        if state.figures() < best_figures:
            best_figures, best_cost = state.figures(), state.cost()
            best_seats = [row[:] for row in state.seats]
            stalled = 0
        else:
            stalled += 1
        if stalled >= STALL_STEPS:
            state = state.reseated([row[:] for row in best_seats])
            best_cost = state.cost()
            _kick(state, moves, rng)
            tabu_until.clear()
            stalled = 0
    return best_seats, best_figures, max(0, moves_left)


def _conflicts(state, rounds, movable, lower_bound):
    """(round, person) pairs in conflict on the most important figure still above its bound: in
    a large café the few people holding a pillar repeat would otherwise drown among thousands
    with a diversity conflict."""
    if state.pillar_repeats > lower_bound[0]:
        def in_conflict(r, a):
            return state.pillar_repeats_of[a] > 0
    elif state.max_meetings > max(2, lower_bound[1]):
        most = state.max_meetings

        def in_conflict(r, a):
            return state.repeats_a_meeting(r, a, most)
    elif state.repeat_pairs > lower_bound[2]:
        in_conflict = state.repeats_a_meeting
    else:
        in_conflict = state.has_conflict
    return [(r, a) for r in rounds for a in movable[r] if in_conflict(r, a)]


def _candidates(state, moves, r, a):
    """(kind, partner, objective change) of every move of a in round r: swaps with anyone at
    another table, and spare-seat moves to a table (a move is tabu as long as moving back is)."""
    seats = state.seats[r]
    for b in moves.movable[r]:
        if seats[a] != seats[b]:
            yield "swap", b, state.swap_delta(r, a, b)
    if r in moves.spare_rounds:
        for table in moves.spare_targets(state, r, a):
            yield "move", table, state.move_delta(r, a, table)


def _kick(state, moves, rng):
    for _ in range(KICK_SWAPS):
        r = moves.rounds[rng.randrange(len(moves.rounds))]
        a, b = rng.choice(moves.movable[r]), rng.choice(moves.movable[r])
        if state.seats[r][a] != state.seats[r][b]:
            state.swap(r, a, b)
