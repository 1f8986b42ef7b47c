"""The pillar repair walk: fewer pillar repeats, nothing else about the seating changed."""
import random
from collections import Counter

from app.rotation import plan_rotation, score_plan
from app.rotation.figures import figures_of_seats
from app.rotation.repair import STALL_STEPS, repair_pillars
from app.rotation.scenario import ABSENT, parse_scenario


def workshop():
    """32 people at 6 tables of 6, one pillar each, 6 rounds: everyone should visit every pillar.
    One person comes only for the last round, one leaves after four."""
    tables = [{"id": f"T{t}", "pillar": f"P{t}", "capacity": 6} for t in range(6)]
    people = [{"id": f"p{n}", "host_of": None,
               "attrs": {"town": f"t{n * 7 % 6}", "role": "ab"[n % 3 == 0]}} for n in range(32)]
    people[10]["absent_rounds"] = [0, 1, 2, 3, 4]
    people[12]["absent_rounds"] = [4, 5]
    return {"rounds": 6, "tables": tables, "participants": people, "diversify": ["town", "role"]}


def hosted_workshop():
    """30 people at 6 tables of 5, each with a host, 6 rounds; one traveller misses the first:
    0 pillar repeats is possible (every table has at most 4 traveller seats a round)."""
    tables = [{"id": f"T{t}", "pillar": f"P{t}", "capacity": 5} for t in range(6)]
    people = [{"id": f"p{n}", "host_of": f"T{n}" if n < 6 else None, "attrs": {}}
              for n in range(30)]
    people[10]["absent_rounds"] = [0]
    return {"rounds": 6, "tables": tables, "participants": people}


def head_counts_by_capacity(problem, row):
    sizes = Counter(t for t in row if t != ABSENT)
    return sorted((problem.capacity[t], sizes[t]) for t in range(problem.tables))


def same_table_every_round(problem):
    """The worst start: every traveller keeps one table (so one pillar) all café long."""
    seats = []
    for r in range(problem.rounds):
        row, free = [], list(problem.capacity)
        for p in range(problem.people):
            if not problem.present[r][p]:
                row.append(ABSENT)
                continue
            t = problem.host_table[p] if problem.is_host(p) else p % problem.tables
            while not free[t]:
                t = (t + 1) % problem.tables
            free[t] -= 1
            row.append(t)
        seats.append(row)
    return seats


def test_repair_removes_every_pillar_repeat_and_keeps_hosts_absences_and_head_counts():
    problem = parse_scenario(hosted_workshop())
    seats = same_table_every_round(problem)
    before = [row[:] for row in seats]
    assert figures_of_seats(problem, seats)["pillar_repeats"] > 100
    assert any(ABSENT in row for row in seats)
    repair_pillars(problem, seats, list(range(problem.rounds)), random.Random(1), 100_000)
    assert figures_of_seats(problem, seats)["pillar_repeats"] == 0
    for old, new in zip(before, seats, strict=True):
        # tables may trade sizes (spare seats), but per capacity the head counts stay
        assert head_counts_by_capacity(problem, old) == head_counts_by_capacity(problem, new)
        for p in range(problem.people):
            if old[p] == ABSENT or problem.is_host(p):
                assert new[p] == old[p]


def test_repair_leaves_rounds_outside_the_free_ones_alone():
    problem = parse_scenario(workshop())
    seats = same_table_every_round(problem)
    played = [row[:] for row in seats[:2]]
    repair_pillars(problem, seats, [2, 3, 4, 5], random.Random(2), 100_000)
    assert seats[:2] == played
    assert figures_of_seats(problem, seats)["pillar_repeats"] < figures_of_seats(
        problem, same_table_every_round(problem))["pillar_repeats"]


def test_repair_moves_spare_seats_when_the_short_table_forces_a_repeat():
    """11 people at 4 tables of 3, one pillar each, 4 rounds, pillar d's table always the short
    one: a, b and c offer 12 seats for 11 people, so swaps alone leave 3 repeats; 0 needs the
    short table to move from pillar to pillar."""
    tables = [{"id": f"T{t}", "pillar": "abcd"[t], "capacity": 3} for t in range(4)]
    people = [{"id": f"p{n}", "host_of": None, "attrs": {}} for n in range(11)]
    problem = parse_scenario({"rounds": 4, "tables": tables, "participants": people})
    seats = [[(p + r) % 11 // 3 for p in range(11)] for r in range(4)]
    before = [row[:] for row in seats]
    repair_pillars(problem, seats, [0, 1, 2, 3], random.Random(4), 100_000)
    assert figures_of_seats(problem, seats)["pillar_repeats"] == 0
    for old, new in zip(before, seats, strict=True):
        assert head_counts_by_capacity(problem, old) == head_counts_by_capacity(problem, new)


def test_repair_gives_up_where_repeats_are_forced():
    """Two pillars, one of them owning three tables of four: its seats outnumber the travellers
    who have not been there yet, so repeats are forced and the walk stops when it stalls."""
    tables = [{"id": f"T{t}", "pillar": "ab"[t == 3], "capacity": 4} for t in range(4)]
    people = [{"id": f"p{n}", "host_of": None, "attrs": {}} for n in range(16)]
    problem = parse_scenario({"rounds": 2, "tables": tables, "participants": people})
    seats = [[p % 4 for p in range(16)], [(p + 1) % 4 for p in range(16)]]
    steps = repair_pillars(problem, seats, [0, 1], random.Random(3), 1_000_000)
    assert steps <= 2 * STALL_STEPS
    assert figures_of_seats(problem, seats)["pillar_repeats"] == 8  # 24 seats at "a", 16 people


def test_tight_workshop_ends_without_pillar_repeats():
    """The search trades pillar repeats for repeat pairs here; on seeds 0 and 2 it used to end
    with one or two pillar repeats, which the repair now removes (pillar repeats come first)."""
    for seed in (0, 2):
        plan = plan_rotation(workshop(), seed=seed, time_limit=2)
        assert score_plan(workshop(), plan)["pillar_repeats"] == 0


def test_repair_mends_a_repeat_with_a_pillar_that_comes_later():
    """With more rounds than pillars, [0, 3, 1, 0, 2, 2] is mended by pillar 2 in the fourth
    round, although 2 comes later. This café of 1000 (100 tables of 10 with hosts, 4 pillars,
    6 rounds) ended with 2 pillar repeats at 3 s while the walk looked only for unseen pillars."""
    rng = random.Random(8)
    towns = [f"town {n}" for n in range(125)]
    roles = ["administration", "civil society", "politics", "business"]
    tables = [{"id": f"T{t + 1}", "pillar": f"pillar-{t % 4 + 1}", "capacity": 10}
              for t in range(100)]
    people = [{"id": f"p{n + 1}", "host_of": f"T{n + 1}" if n < 100 else None,
               "attrs": {"municipality": rng.choice(towns), "role": rng.choice(roles)}}
              for n in range(1000)]
    scenario = {"rounds": 6, "tables": tables, "participants": people,
                "diversify": ["municipality", "role"], "seed": 8}
    # Only the pillar repeats are asserted: the repeat pairs left depend on how much of a core
    # the clock-cut search got (none at 3 s on an idle core, 79 at 10 s on a busy CI machine).
    figures = score_plan(scenario, plan_rotation(scenario, time_limit=10))
    assert figures["pillar_repeats"] == 0
