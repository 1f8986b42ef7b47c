"""Balanced tables must not force pillar repeats: the extra seats of a round rotate over pillars."""
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rotation import plan_rotation, score_plan
from app.rotation.balance import planned_sizes, target_sizes
from app.rotation.scenario import parse_scenario

from .test_scoring import assert_same_figures


def scenario(pillars_of_tables, capacity, people, rounds, hosted=False):
    tables = [{"id": f"T{t}", "pillar": pillar, "capacity": capacity}
              for t, pillar in enumerate(pillars_of_tables)]
    hosts = [table["id"] for table in tables] if hosted else []
    participants = [{"id": f"p{n}", "host_of": hosts[n] if n < len(hosts) else None,
                     "attrs": {"town": "AB"[n % 2]}} for n in range(people)]
    return {"rounds": rounds, "tables": tables, "participants": participants,
            "diversify": ["town"], "seed": 1}


def figures(scenario, time_limit=1):
    plan = plan_rotation(scenario, time_limit=time_limit)
    assert_same_figures(scenario, plan)
    return score_plan(scenario, plan)


def test_fourteen_people_at_four_pillars_repeat_none():
    """Sizes 4,4,3,3 each round: every table must total 14 visits over the 4 rounds, so the
    tables with 4 seats must rotate."""
    found = figures(scenario(["a", "b", "c", "d"], capacity=5, people=14, rounds=4))
    assert (found["imbalance"], found["pillar_repeats"]) == (0, 0)


def test_extra_seats_rotate_over_the_tables():
    problem = parse_scenario(scenario(["a", "b", "c", "d"], capacity=5, people=14, rounds=4))
    sizes = planned_sizes(problem, [0, 1, 2, 3])
    assert [sum(sizes[r][t] for r in sizes) for t in range(4)] == [14, 14, 14, 14]
    assert all(sorted(sizes[r]) == sorted(target_sizes(problem, r)) for r in sizes)


def test_a_pillar_with_more_tables_gets_no_extra_seats():
    """Pillar a owns two of five tables, so it offers at least 4 of 13 seats per round; over 3
    rounds it may offer at most 13 (one per traveller): the 3 extra seats of every round must go
    to the other pillars, and then no repeat is forced."""
    found = figures(scenario(["a", "a", "b", "c", "d"], capacity=3, people=13, rounds=3))
    assert (found["imbalance"], found["pillar_repeats"]) == (0, 0)


def test_hosts_late_arrivals_and_leavers_with_odd_counts():
    late = scenario(["a", "b", "c", "d"], capacity=5, people=17, rounds=4, hosted=True)
    travellers = late["participants"][4:]
    for person in travellers[:2]:
        person["absent_rounds"] = [0]  # came late
    travellers[2]["absent_rounds"] = [3]  # leaves before the last round
    seated = [p["id"] for p in travellers[2:]]
    late["fixed"] = [{**{p["id"]: p["host_of"] for p in late["participants"][:4]},
                      **{pid: f"T{n % 4}" for n, pid in enumerate(seated)},
                      **{p["id"]: None for p in travellers[:2]}}]
    found = figures(late)
    assert (found["imbalance"], found["pillar_repeats"]) == (0, 0)


@st.composite
def evenly_pillared_cafes(draw):
    """Equal capacities, every pillar owning the same number of tables, all tables hosted or
    none, everybody present, no fixed rounds, rounds <= pillars. Pillar repeats 0 is always
    feasible here: rotating the extra seats over the pillars gives each pillar at most as many
    traveller seats over the rounds as there are travellers, and then (König's edge-colouring
    theorem on the rounds x pillars multigraph of seats, one colour per traveller) every
    traveller can be given distinct pillars."""
    pillars = draw(st.integers(2, 4))
    per_pillar = draw(st.integers(1, 2))
    capacity = draw(st.integers(2, 5))
    hosted = draw(st.booleans())
    tables = pillars * per_pillar
    people = draw(st.integers(tables + 1 if hosted else 1, tables * capacity))
    rounds = draw(st.integers(1, pillars))
    names = [f"pillar{k}" for k in range(pillars)] * per_pillar
    return scenario(names, capacity, people, rounds, hosted)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(evenly_pillared_cafes())
def test_no_pillar_repeat_whenever_none_is_forced(cafe):
    found = figures(cafe, time_limit=0.5)
    assert (found["imbalance"], found["pillar_repeats"]) == (0, 0)
