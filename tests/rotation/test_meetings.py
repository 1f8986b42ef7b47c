"""max_meetings (SPEC priority: before repeat_pairs): forced repeats are spread over many pairs.

The engine's plan never has a higher max_meetings than a random valid plan of the same scenario,
over the shapes of bench/rotation_bench.py with drawn sizes; score_plan counts the meetings
exactly as check.py; and hostless-44, where 17 pairs used to meet in all 3 rounds, has no pair
meeting three times (its least repeat_pairs with max_meetings 2 is 51, docs/rotation.md).
"""
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from app.rotation import plan_rotation, score_plan

from .test_scoring import assert_same_figures, load_check, load_example

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from rotation_bench import cafe, golfer, half_hosted, random_plan

TIME_LIMIT = 0.5


@st.composite
def bench_shapes(draw):
    """Scenarios of the bench's generators, at sizes that plan in well under a second."""
    kind = draw(st.sampled_from(["cafe", "half_hosted", "golfer"]))
    seed = draw(st.integers(0, 999))
    if kind == "golfer":
        return golfer(draw(st.integers(2, 6)), draw(st.integers(2, 4)), draw(st.integers(2, 6)))
    if kind == "half_hosted":
        pillars = draw(st.integers(2, 4))
        per_pillar, capacity = draw(st.integers(2, 3)), draw(st.integers(4, 8))
        seats = pillars * per_pillar * capacity
        people = draw(st.integers(max(pillars + 1, seats * 3 // 4), seats))
        return half_hosted(pillars, per_pillar, capacity, people, draw(st.integers(2, 5)),
                           draw(st.integers(3, 12)), seed)
    pillars = draw(st.integers(2, 5))
    tables = draw(st.integers(pillars, 3 * pillars))
    people = draw(st.integers(tables * 3, tables * 7))
    return cafe(people, tables, pillars, draw(st.integers(2, 5)), seed)


@settings(max_examples=25, deadline=None)
@given(bench_shapes())
def test_engine_never_meets_more_often_than_a_random_plan(scenario):
    plan = plan_rotation(scenario, seed=0, time_limit=TIME_LIMIT)
    engine = score_plan(scenario, plan)
    assert_same_figures(scenario, plan)
    for seed in range(3):
        drawn = score_plan(scenario, random_plan(scenario, seed))
        if drawn["pillar_repeats"] >= engine["pillar_repeats"]:  # pillars come first
            assert engine["max_meetings"] <= drawn["max_meetings"], (engine, drawn)


def test_meeting_counts_match_check_on_a_plan_with_travel_buddies():
    """Two people together in every round, others twice: each count as check.py has it."""
    scenario = golfer(2, 3, 4)
    plan = plan_rotation(scenario, seed=0, time_limit=0.2)
    assert_same_figures(scenario, plan)
    together = {"rounds": [{f"p{n + 1}": "T1" if n < 3 else "T2" for n in range(6)}] * 4}
    figures = score_plan(scenario, together)
    assert (figures["max_meetings"], figures["meeting_counts"]) == (4, {"4": 6})
    assert figures["repeat_pairs"] == 18
    assert_same_figures(scenario, together)
    apart = {"rounds": [{f"p{n + 1}": "T1" if n < 3 else "T2" for n in range(6)}] * 2
             + [{f"p{n + 1}": "T1" if n % 2 else "T2" for n in range(6)}] * 2}
    assert_same_figures(scenario, apart)


def test_hostless_44_spreads_its_repeats():
    load_check()
    scenario = load_example("hostless-44")
    figures = score_plan(scenario, plan_rotation(scenario, seed=0, time_limit=3))
    assert (figures["imbalance"], figures["pillar_repeats"], figures["max_meetings"]) == (0, 0, 2)
    assert figures["repeat_pairs"] >= 51  # the least with max_meetings 2 (docs/rotation.md)


def test_half_hosted_60_has_no_travel_buddies():
    """4 pillars x 2 tables of 8, a host at one table per pillar, 4 rounds: the old engine left 8
    pairs together in all 4 rounds. With max_meetings 2 at least 48 pairs meet twice (every pair
    of rounds: the 56 travellers of 8 tables spread over 6 tables of other pillars)."""
    scenario = half_hosted(4, 2, 8, 60, 4, 23, 7)
    plan = plan_rotation(scenario, time_limit=3)
    figures = score_plan(scenario, plan)
    assert (figures["imbalance"], figures["pillar_repeats"], figures["max_meetings"]) == (0, 0, 2)
    assert figures["repeat_pairs"] >= 48


def test_two_tables_of_three_for_four_rounds_never_meet_three_times():
    """6 people at 2 tables of 3 in 4 rounds: someone must meet twice (24 meetings of 15 pairs),
    but nobody three times (6 side vectors of even weight 2 in 4 bits differ in 2 places or 4)."""
    scenario = golfer(2, 3, 4)
    figures = score_plan(scenario, plan_rotation(scenario, seed=0, time_limit=0.5))
    assert figures["max_meetings"] == 2
