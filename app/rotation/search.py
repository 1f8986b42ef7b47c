"""The search after the starting plan: two stages on one move budget.

1. Structure: annealing with soft weights, then tabu search if the pillar and repeat figures have
   not reached their bound. The weights are ordered like the SPEC priorities but soft: with
   strictly lexicographic weights one move can never pass through a slightly worse pillar or
   repeat figure, and the search freezes early.
2. Diversity: annealing with strict (lexicographic) weights from the best plan of stage 1, so
   the pillar and repeat figures can only improve while diversity is driven down. Stage 1 spends
   little of its budget on diversity; here every move is about it.

The best plan is always chosen by lexicographic comparison of (pillar_repeats, repeat_pairs,
diversity_excess).
"""
from .anneal import Anneal
from .figures import figures_of_seats
from .moves import Moves
from .state import SeatingState
from .tabu import tabu_search

# Moves per second on a slow core when tables hold ~6 people; larger tables cost more.
MOVES_PER_SECOND = 60_000
# Shares of the move budget: stage 1 annealing, then tabu (only while the pillar or repeat bound is
# unmet); stage 2 gets the rest.
ANNEAL_SHARE, TABU_SHARE = 0.5, 0.25
# Diversity stage: hot enough to trade a pair or two of same-value people, cold enough to settle.
DIVERSITY_TEMPERATURES = (1.5, 0.2)


def search(problem, seats, free_rounds, constructed, time_limit, deadline, rng):
    """Best seats found from `seats` (all rounds; only `free_rounds` change). `constructed`: the
    start comes from a design (refined gently if it already meets the pillar bound)."""
    movable = {r: [p for p in range(problem.people)
                   if problem.present[r][p] and not problem.is_host(p)]
               for r in free_rounds}
    move_budget = int(time_limit * MOVES_PER_SECOND * 6 / max(6, max(problem.capacity)))
    lower_bound = fixed_figures(problem)

    state = SeatingState(problem, seats, soft_weights(problem))
    moves = Moves(state, movable)
    refine = constructed and state.pillar_repeats <= lower_bound[0]
    annealing = Anneal(state, moves, rng, _structure_temperatures(state, refine))
    seats = annealing.run(int(move_budget * ANNEAL_SHARE), deadline, lower_bound)
    best = annealing.best_figures
    if best[:2] > lower_bound[:2]:
        seats, best = tabu_search(state.reseated(seats), moves, rng,
                                  int(move_budget * TABU_SHARE), deadline, lower_bound)
    if best > lower_bound:
        state = SeatingState(problem, seats, strict_weights(problem))
        annealing = Anneal(state, moves, rng, DIVERSITY_TEMPERATURES)
        seats = annealing.run(int(move_budget * (1 - ANNEAL_SHARE - TABU_SHARE)), deadline,
                              lower_bound)
    return seats


def soft_weights(problem):
    """(pillar, repeat, diversity) weights of stage 1 (measured on cafe-48: strict weights froze
    at 15-30 excess pairs, these reach 0-5)."""
    repeat_weight = 2 * max(1, len(problem.diversify))
    return repeat_weight + 2, repeat_weight, 1


def strict_weights(problem):
    """(pillar, repeat, diversity) weights under which one move's worse pillar or repeat figure
    always outweighs any change of the figures after it: lexicographic order for the annealing."""
    largest = max(problem.capacity)
    diversity_change = 2 * largest * max(1, len(problem.diversify)) + 2
    repeat_weight = diversity_change + 1
    pillar_weight = (2 * largest + 1) * repeat_weight + diversity_change + 1
    return pillar_weight, repeat_weight, 1


def _structure_temperatures(state, refine):
    """(hot, cold): hot enough to trade the most important figure that can still change, cold
    enough to settle the least important one; only the latter when refining a good start."""
    problem = state.problem
    top = state.pillar_weight if problem.pillar_count >= 2 else state.repeat_weight
    bottom = state.diversity_weight if problem.diversify else state.repeat_weight
    hot = 0.5 * (bottom if refine else top)
    return hot, 0.2 * bottom


def fixed_figures(problem):
    """Figures the fixed rounds alone already have: no plan can go below them."""
    figures = figures_of_seats(problem, problem.fixed_seats)
    return (figures["pillar_repeats"], figures["repeat_pairs"],
            sum(figures["diversity_excess"].values()))
