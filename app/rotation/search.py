"""The search after the starting plan: two stages on one move budget.

1. Structure: annealing, then tabu search if the pillar and repeat figures have not reached
   their bound. The weights are ordered like the SPEC priorities but soft where the budget allows
   (see soft_weights): with strictly lexicographic weights one move can never pass through a
   slightly worse pillar or repeat figure, and the search freezes early.
   Should the pillar figure still be above its bound, a repair walk (repair.py) hands the pillar
   repeats on until they are gone, at the price of repeat pairs that stage 2 then wins back.
2. Diversity: annealing with strict (lexicographic) weights from the best plan of stage 1, so
   the pillar and repeat figures can only improve while diversity is driven down. Stage 1 spends
   little of its budget on diversity; here every move is about it. Small cafés *polish* (strict
   pillars, but repeat pairs only as dear as in stage 1, so a plan can pass through a repeat
   pair); where a tight structure leaves few diversity-only moves, polish parts alternate with
   restarts of stage 1 from the same start (see _diversity_stage).

The best plan is always chosen by lexicographic comparison of (pillar_repeats, max_meetings,
repeat_pairs, diversity_excess).
"""
import time

from .anneal import Anneal
from .figures import figures_of_seats
from .moves import Moves
from .repair import repair_pillars
from .state import SeatingState, meeting_steps
from .tabu import tabu_search

# The move budget is the share BUDGET_SHARE of the time limit divided by the estimated time of one
# move (move_seconds), so that on the development machine the search ends on its budget after
# about half the limit, and a machine about 1.5 times slower still ends on the budget and gives
# the same plan. The estimate was fitted to measured times per move (seconds of the whole search
# / budget): 2.5 µs (golfer, tables of 4), 3.5-4.4 µs (cafés of 20-600 people at tables of 5-8),
# 4.4-5.3 µs (476 people at tables of 12), 7-11 µs (1000 people at tables of 10-12; more when an
# attribute has 125 values), 13-21 µs (cafe-2000: its 8 MB meeting matrix no longer fits the
# caches). Measured shares of the limit: 38-59 % for cafés of 20-700 people, 55-62 % for 1000
# people at tables of 10 (3 s), 38 % for cafe-2000 (30 s); the spread is partly timing noise of
# the virtual machine. Until then the budget was a flat 135,000 moves a second scaled down by
# capacity and people, which left cafés of 500-1000 people at large tables with a quarter of the
# limit used and far fewer moves than they needed.
BUDGET_SHARE = 0.48
MOVE_MICROSECONDS = 2.6  # the fixed part of one move
PER_SEAT_MICROSECONDS = 0.15  # per seat of the largest table (a swap scans both tables)
PER_ATTRIBUTE_MICROSECONDS = 0.1  # per diversified attribute (value counts; conflict checks)
CACHE_PEOPLE = 1200  # moves slow down by (people / CACHE_PEOPLE)² beyond the caches
# Shares of the move budget: stage 1 annealing, then tabu (only while the pillar or repeat bound is
# unmet); stage 2 gets the rest.
ANNEAL_SHARE, TABU_SHARE = 0.3, 0.45
# Stage 1 may trade pillar repeats for repeat pairs only with this many moves per traveller seat
# (one traveller in one planned round) to rebuild the pillars afterwards. 400 since the budget
# follows move_seconds: at 300, 430 people at 102 tables (about 350 moves per seat) melted and
# ended at 6-13 excess pairs instead of 0-2.
MOVES_TO_MELT_PILLARS = 400
# Diversity stage: one same-value pair more is accepted about one time in thirty at the start:
# enough to move on, not enough to melt the plan of stage 1 (starting at 1.5 left cafe-600 with 26
# excess pairs instead of 0-1; a large café has too few moves per seat to cool down again).
DIVERSITY_TEMPERATURES = (0.3, 0.05)
# Small cafés: stage 2 polishes in parts of this share of its budget and restarts stage 1 after a
# part that improves nothing (see _diversity_stage). 0.3 rather than 0.15: over seeds 0-11 at
# 135,000 moves per second, cafe-60 22.7 vs 24.6 mean excess pairs, late-30 11.25 vs 11.5,
# cafe-40 16.8 vs 16.6 (within the spread).
STRICT_PART = 0.3
# Polish parts: hot enough to accept a repeat pair (weight 2 per attribute) now and then, cold
# enough at the end to settle diversity. Over seeds 0-11 polish parts beat strict ones slightly
# (cafe-40 17.3 vs 17.9 mean excess pairs, cafe-60 24.7 vs 26.7, late-30 11.4 vs 11.6), within
# the seed-to-seed spread but never worse on average.
POLISH_TEMPERATURES = (0.7, 0.1)
# Small cafés where every pillar owns this many tables polish in one long part: restarts cost
# them more than they find (over seeds 0-11, cafe-120 0.25 vs 1.75 mean excess pairs; 76 people at
# 15 tables of 5 pillars 9.25 vs 11.1).
LOOSE_TABLES = 3
# Pillar repair (repair.py) of a large café's start, and of the best plan when the search left it
# above the pillar bound: at most this share of the move budget in walk steps each (a step costs
# about a move). A small café's start is not repaired: its soft stage 1 mends pillars itself, and
# repaired starts cost it diversity (a 65-person café with 6 pillars: 86 -> 95 excess pairs).
REPAIR_SHARE = 0.05
# Large cafés' diversity stage: share of swaps whose partner sits at the first person's pillar.
# Pillars are strict there and pillar swaps are off, so a partner drawn from the whole round
# (7 in 8 at another pillar with 8 pillars) nearly always meant a rejected move. Measured (seed
# 0, limit 5 s): 1018 people at 119 tables 2021 -> 1374 excess pairs, 573 people 708 -> 413.
# In stage 1 it cost pillar repeats (573 people: 2 -> 3), so it is used here only.
SAME_PILLAR_PARTNERS = 0.7
# Stage 1 and polish: a pair's third meeting costs this many repeat weights more than its second,
# its fourth twice as many, ...: forced repeats spread over many pairs instead of travel buddies.
OVER_MEETING = 2


def search(problem, seats, free_rounds, constructed, time_limit, deadline, rng):
    """Best seats found from `seats` (all rounds; only `free_rounds` change). `constructed`: the
    start comes from a design (refined gently if it already meets the pillar bound)."""
    movable = {r: [p for p in range(problem.people)
                   if problem.present[r][p] and not problem.is_host(p)]
               for r in free_rounds}
    move_budget = int(time_limit * BUDGET_SHARE / move_seconds(problem))
    lower_bound = fixed_figures(problem)

    seat_rounds = sum(len(people) for people in movable.values())
    melt_pillars = move_budget >= MOVES_TO_MELT_PILLARS * seat_rounds
    start_repair_steps = 0
    if not melt_pillars and not constructed:
        # Strict pillar weights keep a large café's start from trading pillars away, but also
        # make every chain of swaps that would mend a pillar repeat climb a wall: repair first.
        start_repair_steps = repair_pillars(problem, seats, free_rounds, rng,
                                            int(move_budget * REPAIR_SHARE))
    state = SeatingState(problem, seats, soft_weights(problem, melt_pillars))
    # Pillar swaps only where pillars may melt (small cafés): there they let diversity move under
    # strict pillars (late-30: 14.1 -> 11.4 mean excess pairs over seeds 0-11). A large café
    # keeps its moves: on cafe-600 they cost budget and one seed in six ended at 1 instead of 0.
    moves = Moves(state, movable, pillar_swaps=melt_pillars)
    refine = constructed and state.pillar_repeats <= lower_bound[0]
    temperatures = _structure_temperatures(state, refine)
    annealing = Anneal(state, moves, rng, temperatures)
    start = [row[:] for row in seats]
    seats = annealing.run(int(move_budget * ANNEAL_SHARE), deadline, lower_bound)
    best = annealing.best_figures
    diversity_budget = int(move_budget * (1 - ANNEAL_SHARE)) - start_repair_steps
    if best[:3] > lower_bound[:3]:
        # Tabu goes on from where annealing ended, not from its best: the best may be the start
        # (fewer pillar repeats, far more repeat pairs) that annealing rightly traded away. Its
        # pillar weight is soft: a pillar repeat is mended by a chain of swaps passing it on.
        tabu_budget = int(move_budget * TABU_SHARE)
        tabu_state = SeatingState(problem, [row[:] for row in state.seats],
                                  soft_weights(problem, melt_pillars=True))
        tabu_seats, tabu_best, unused = tabu_search(tabu_state, moves, rng, tabu_budget,
                                                    deadline, lower_bound)
        diversity_budget -= tabu_budget - unused
        if tabu_best < best:
            seats, best = tabu_seats, tabu_best
    if best[0] > lower_bound[0]:
        seats, best, spent = _repair(problem, seats, best, free_rounds, rng,
                                     int(move_budget * REPAIR_SHARE))
        diversity_budget -= spent
    if best > lower_bound:
        restart = ((start, state.weights(), temperatures, int(move_budget * ANNEAL_SHARE))
                   if melt_pillars else None)
        seats = _diversity_stage(problem, seats, best, moves, rng, diversity_budget, deadline,
                                 lower_bound, restart)
    return seats


def move_seconds(problem):
    """Estimated seconds of one move of the search on the development machine (see
    BUDGET_SHARE)."""
    microseconds = (MOVE_MICROSECONDS + PER_SEAT_MICROSECONDS * max(problem.capacity)
                    + PER_ATTRIBUTE_MICROSECONDS * len(problem.diversify))
    return microseconds * (1 + (problem.people / CACHE_PEOPLE) ** 2) / 1e6


def _repair(problem, seats, best, free_rounds, rng, steps):
    """(seats, figures, steps spent): the best plan with its pillars repaired (repair.py) if
    that leaves fewer pillar repeats, else the best plan as it is."""
    repaired = [row[:] for row in seats]
    spent = repair_pillars(problem, repaired, free_rounds, rng, steps)
    figures = figure_tuple(problem, repaired)
    return (repaired, figures, spent) if figures < best else (seats, best, spent)


def _diversity_stage(problem, seats, best, moves, rng, budget, deadline, lower_bound, restart):
    """Stage 2: annealing on diversity from the best plan. Large cafés: one strict annealing.
    Small cafés (`restart` = (start seats, soft weights, temperatures, moves per run)) polish
    (polish_weights). Where every pillar owns LOOSE_TABLES tables or more, swaps within a pillar
    leave diversity room to move: one long polish. In a tight café polishing soon finds nothing:
    the structure of stage 1 (who meets whom) leaves few moves that change diversity alone. So
    there stage 2 polishes in parts of STRICT_PART of the budget, and a part that improves
    nothing is followed by a fresh stage-1 run from the start with the next stretch of the
    random stream. Any plan replaces the best only if lexicographically better, so no figure can
    get worse."""
    if restart is None:
        state = SeatingState(problem, seats, strict_weights(problem))
        return Anneal(state, moves, rng, DIVERSITY_TEMPERATURES,
                      SAME_PILLAR_PARTNERS).run(budget, deadline, lower_bound)
    start, soft, temperatures, run_moves = restart
    tables_per_pillar = [len(tables) for tables in moves.pillar_tables if tables]
    loose = min(tables_per_pillar, default=LOOSE_TABLES) >= LOOSE_TABLES
    part = budget if loose else max(1, int(budget * STRICT_PART))
    polish = first = True
    while budget > 0 and best > lower_bound and time.monotonic() <= deadline:
        if polish:
            state = SeatingState(problem, [row[:] for row in seats], polish_weights(problem))
            annealing = Anneal(state, moves, rng, POLISH_TEMPERATURES)
            spent = min(part, budget)
        else:
            state = SeatingState(problem, [row[:] for row in start], soft)
            annealing = Anneal(state, moves, rng, temperatures)
            spent = min(run_moves, budget)
        found = annealing.run(spent, deadline, lower_bound)
        budget -= spent
        improved = annealing.best_figures < best
        if improved:
            seats, best = found, annealing.best_figures
        if improved and polish and first:
            # diversity moves freely here: the rest is one long polish, as in a loose café,
            # rather than parts that each start hot again
            part = budget
        first = False
        polish = improved or not polish
    return seats


def soft_weights(problem, melt_pillars):
    """(pillar weight, meeting steps, diversity weight) of stage 1. Soft pillars let small tight
    cafés pass through a pillar repeat on the way to fewer repeat pairs (cafe-40 and late-30 keep
    1-6 repeat pairs without); in large cafés the budget per seat is too small to rebuild what
    melting breaks, so the pillar-aware start is kept strictly there. A pair's third meeting
    costs OVER_MEETING repeat weights more than its second (and so on), so that forced repeats
    spread over many pairs (max_meetings before repeat_pairs)."""
    repeat_weight = 2 * max(1, len(problem.diversify))
    steps = meeting_steps(problem.rounds, repeat_weight, OVER_MEETING * repeat_weight)
    pillar_weight = steps[3] + 2 if melt_pillars else strict_weights(problem)[0]
    return pillar_weight, steps, 1


def polish_weights(problem):
    """Weights of the polish parts in small cafés: pillars strict (pillar swaps and swaps within a
    pillar keep them, so nothing is lost by it), meetings as in stage 1: diversity moves that
    break a meeting can be followed by one that mends it, which strict weights forbid. Only
    lexicographically better plans are kept."""
    return strict_weights(problem)[0], soft_weights(problem, melt_pillars=True)[1], 1


def strict_weights(problem):
    """(pillar weight, meeting steps, diversity weight) under which one move's worse pillar
    figure, or one pair more at a higher meeting count, always outweighs any change of the
    figures after it: lexicographic order for the annealing."""
    largest = max(problem.capacity)
    # One swap changes each attribute's same-value pairs by at most 2 * largest + 2, and the
    # meeting counts of at most 4 * largest pairs (by one each).
    diversity_change = max(1, len(problem.diversify)) * (2 * largest + 2)
    steps = [0, 0, diversity_change + 1]
    for _ in range(3, problem.rounds + 2):
        steps.append(4 * largest * steps[-1] + diversity_change + 1)
    pillar_weight = 4 * largest * steps[-1] + diversity_change + 1
    return pillar_weight, steps, 1


def _structure_temperatures(state, refine):
    """(hot, cold): hot enough to trade repeat pairs (the start already cares for pillars), cold
    enough to settle the least important figure; only the latter when refining a design."""
    problem = state.problem
    top = state.repeat_weight
    bottom = state.diversity_weight if problem.diversify else state.repeat_weight
    hot = 0.5 * (bottom if refine else top)
    return hot, 0.2 * bottom


def fixed_figures(problem):
    """Figures the fixed rounds alone already have: no plan can go below them."""
    return figure_tuple(problem, problem.fixed_seats)


def figure_tuple(problem, seats):
    """(pillar_repeats, max_meetings (at least 1), repeat_pairs, diversity_excess) of `seats`, as
    SeatingState.figures."""
    figures = figures_of_seats(problem, seats)
    return (figures["pillar_repeats"], max(1, figures["max_meetings"]), figures["repeat_pairs"],
            sum(figures["diversity_excess"].values()))
