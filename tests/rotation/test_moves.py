"""The incremental counts of SeatingState follow every kind of move exactly."""
import random

import pytest

from app.rotation.balance import planned_sizes
from app.rotation.figures import figures_of_seats
from app.rotation.moves import Moves
from app.rotation.scenario import parse_scenario
from app.rotation.start import starting_rows
from app.rotation.state import SeatingState, meeting_steps

WEIGHTS = (100, meeting_steps(5, 10, 7, growth=3), 1)


def odd_cafe():
    """23 people at 5 tables (two capacities, 3 pillars and one table without), 4 rounds; one
    traveller comes late, so there are spare seats and twins of two kinds."""
    tables = [{"id": f"T{t}", "pillar": pillar, "capacity": cap}
              for t, (pillar, cap) in enumerate([("a", 6), ("b", 6), ("c", 6), (None, 6),
                                                 ("a", 5)])]
    people = [{"id": f"p{n}", "host_of": "T0" if n == 0 else None,
               "attrs": {"town": "ABC"[n % 3], "role": "xy"[n % 2]},
               "absent_rounds": [0] if n == 1 else []} for n in range(23)]
    return {"rounds": 4, "tables": tables, "participants": people,
            "diversify": ["town", "role"]}


def figures(state):
    found = figures_of_seats(state.problem, state.seats)
    return (found["pillar_repeats"], max(1, found["max_meetings"]), found["repeat_pairs"],
            sum(found["diversity_excess"].values()))


@pytest.mark.parametrize("rounds", [4, 5])  # 5 rounds > 3 pillars: pillar order matters
def test_swaps_spare_seat_moves_and_trades_keep_the_counts_exact(rounds):
    problem = parse_scenario({**odd_cafe(), "rounds": rounds})
    rng = random.Random(3)
    rounds = list(range(problem.rounds))
    sizes = planned_sizes(problem, rounds)
    start = starting_rows(problem, rounds, sizes, {}, rng)
    state = SeatingState(problem, [start[r] for r in rounds], WEIGHTS)
    moves = Moves(state, {r: [p for p in range(problem.people)
                              if problem.present[r][p] and not problem.is_host(p)]
                          for r in rounds})
    assert moves.spare_rounds and moves.twins
    kinds = set()
    for _ in range(600):
        before = figures(state)
        cost = state.cost()
        r = rng.choice(moves.rounds)
        a = rng.choice(moves.movable[r])
        targets = moves.spare_targets(state, r, a)
        r2 = rng.choice(moves.rounds)
        pillar, wanted = state.pillar_rows[a][r], state.pillar_rows[a][r2]
        partners = [b for b in moves.movable[r] if r2 != r and pillar != wanted
                    and state.pillar_rows[b][r] == wanted >= 0
                    and state.pillar_rows[b][r2] == pillar >= 0]
        if partners and rng.random() < 0.3:
            b = rng.choice(partners)
            delta = state.pillar_swap_delta(r, r2, a, b)
            state.swap(r, a, b)
            state.swap(r2, a, b)
            kinds.add("pillar swap")
        elif a in moves.twins and rng.random() < 0.3:
            b = rng.choice(moves.twins[a])
            delta = state.trade_delta(moves.presence[a], a, b)
            state.trade(moves.presence[a], a, b)
            assert figures(state)[:3] == before[:3]  # a trade only changes diversity
            kinds.add("trade")
        elif targets and rng.random() < 0.5:
            delta = state.move_delta(r, a, targets[0])
            state.move(r, a, targets[0])
            kinds.add("move")
        else:
            b = rng.choice(moves.movable[r])
            if state.seats[r][a] == state.seats[r][b]:
                continue
            delta = state.swap_delta(r, a, b)
            state.swap(r, a, b)
            kinds.add("swap")
        assert state.cost() == cost + delta
        assert state.figures() == figures(state)
        assert figures_of_seats(problem, state.seats)["imbalance"] == 0
    assert kinds == {"trade", "move", "swap", "pillar swap"}


def test_diversity_stage_with_restarts_never_loses_a_figure():
    from app.rotation.search import _diversity_stage, soft_weights
    problem = parse_scenario(odd_cafe())
    rng = random.Random(11)
    rounds = list(range(problem.rounds))
    sizes = planned_sizes(problem, rounds)
    start_rows = starting_rows(problem, rounds, sizes, {}, rng)
    start = [start_rows[r] for r in rounds]
    weights = soft_weights(problem, melt_pillars=True)
    state = SeatingState(problem, [row[:] for row in start], weights)
    moves = Moves(state, {r: [p for p in range(problem.people)
                              if problem.present[r][p] and not problem.is_host(p)]
                          for r in rounds})
    best = state.figures()
    seats = _diversity_stage(problem, [row[:] for row in start], best, moves, rng, 20_000,
                             float("inf"), (0, 1, 0, 0), (start, weights, (2.0, 0.2), 5_000))
    found = figures(SeatingState(problem, seats, weights))
    assert found <= best
    assert figures_of_seats(problem, seats)["imbalance"] == 0
