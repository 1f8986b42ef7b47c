"""plan_rotation: balance the tables, build a starting plan, improve it by search (search.py).

Determinism: all randomness comes from one random.Random(seed) and every loop runs over lists in
scenario order. The search ends on its move budget (derived from the time limit with a
conservative speed estimate) or at the optimum; the clock is only a safety cut-off.
"""
import random
import time

from .balance import planned_sizes
from .construction import resolvable_start
from .scenario import ABSENT, ScenarioError, parse_scenario
from .search import search
from .start import starting_rows

DEFAULT_TIME_LIMIT = 5.0  # seconds; the app calls this while a moderator waits
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
    sizes = planned_sizes(problem, free_rounds)
    seats = [row[:] for row in problem.fixed_seats]
    if free_rounds:
        designed = resolvable_start(problem, free_rounds, sizes, rng) or {}
        rows = starting_rows(problem, free_rounds, sizes, designed, rng)
        seats += [rows[r] for r in free_rounds]
        deadline = started + max(0.0, time_limit - CLOCK_MARGIN)
        seats = search(problem, seats, free_rounds, bool(designed), time_limit, deadline, rng)
    return _render(problem, seats)


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
