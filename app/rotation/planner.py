"""plan_rotation: balance the tables, build a starting plan, improve it by annealing.

Determinism: all randomness comes from one random.Random(seed) and every loop runs over lists in
scenario order. The search ends on its move budget (derived from the time limit with a
conservative speed estimate) or at the optimum; the clock is only a safety cut-off.
"""
import random
import time

from .anneal import Anneal
from .balance import target_sizes
from .construction import resolvable_start
from .figures import figures_of_seats
from .scenario import ABSENT, ScenarioError, parse_scenario
from .state import SeatingState
from .tabu import tabu_search

DEFAULT_TIME_LIMIT = 5.0  # seconds; the app calls this while a moderator waits
# Swap moves per second on a slow core when tables hold ~6 people; larger tables cost more.
MOVES_PER_SECOND = 60_000
CLOCK_MARGIN = 0.05  # seconds kept back from the time limit to build the answer


def plan_rotation(scenario, seed=None, time_limit=None):
    """A valid plan for `scenario` ({"rounds": [{pid: table id or None}, ...]}), minimising
    imbalance, then pillar_repeats, repeat_pairs and diversity_excess (SPEC.md)."""
    started = time.monotonic()
    problem = parse_scenario(scenario)
    if time_limit is None:
        time_limit = DEFAULT_TIME_LIMIT
    if not isinstance(time_limit, (int, float)) or time_limit <= 0:
        raise ScenarioError(f"time limit must be a positive number of seconds, got {time_limit!r}")
    rng = random.Random(problem.seed if seed is None else seed)
    free_rounds = list(range(len(problem.fixed_seats), problem.rounds))
    sizes = {r: target_sizes(problem, r) for r in free_rounds}

    seats = [row[:] for row in problem.fixed_seats]
    if free_rounds:
        start = resolvable_start(problem, free_rounds, sizes, rng) or {}
        seats += [start.get(r) or _random_round(problem, r, sizes[r], rng) for r in free_rounds]
        state = SeatingState(problem, seats, objective_weights(problem))
        movable = {r: [p for p in range(problem.people)
                       if problem.present[r][p] and not problem.is_host(p)]
                   for r in free_rounds}
        largest = max(max(s) for s in sizes.values())
        move_budget = int(time_limit * MOVES_PER_SECOND * 6 / max(6, largest))
        deadline = started + max(0.0, time_limit - CLOCK_MARGIN)
        lower_bound = _fixed_figures(problem)
        # A construction that already meets the pillar bound is refined; otherwise melted.
        refine = bool(start) and state.pillar_repeats <= lower_bound[0]
        annealing = Anneal(state, movable, rng, _temperatures(state, refine))
        seats = annealing.run(move_budget // 2, deadline, lower_bound)
        if annealing.best_figures > lower_bound:
            seats, _ = tabu_search(state.reseated(seats), movable, rng,
                                   move_budget - move_budget // 2, deadline, lower_bound)
    return _render(problem, seats)


def objective_weights(problem):
    """(pillar, repeat, diversity) weights of the searched objective.

    Ordered like the SPEC priorities but deliberately soft: with strictly lexicographic weights a
    single swap could never pass through a slightly worse pillar or repeat figure, and the search
    froze in poor diversity (measured on cafe-48). The best plan is still chosen lexicographically.
    """
    repeat_weight = 2 * max(1, len(problem.diversify))
    return repeat_weight + 2, repeat_weight, 1


def _temperatures(state, refine):
    """(hot, cold): hot enough to trade the most important figure that can still change, cold
    enough to settle the least important one; only the latter when refining a good start."""
    problem = state.problem
    top = state.pillar_weight if problem.pillar_count >= 2 else state.repeat_weight
    bottom = state.diversity_weight if problem.diversify else state.repeat_weight
    hot = 0.5 * (bottom if refine else top)
    return hot, 0.2 * bottom


def _random_round(problem, r, sizes, rng):
    """Hosts at their tables, travellers shuffled into the remaining target seats."""
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
    seats = [t for t in range(problem.tables) for _ in range(free[t])]
    for p, t in zip(travellers, seats, strict=True):
        row[p] = t
    return row


def _fixed_figures(problem):
    """Figures the fixed rounds alone already have: no plan can go below them."""
    figures = figures_of_seats(problem, problem.fixed_seats)
    return (figures["pillar_repeats"], figures["repeat_pairs"],
            sum(figures["diversity_excess"].values()))


def _render(problem, seats):
    rounds = []
    for r, row in enumerate(seats):
        if r < len(problem.fixed_raw):
            seating = dict(problem.fixed_raw[r])  # unchanged, in its own key order
            for pid in problem.person_ids:
                seating.setdefault(pid, None)
        else:
            seating = {pid: None if t == ABSENT else problem.table_ids[t]
                       for pid, t in zip(problem.person_ids, row, strict=True)}
        rounds.append(seating)
    return {"rounds": rounds}
