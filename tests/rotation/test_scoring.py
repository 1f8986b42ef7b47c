"""score_plan must give exactly check.py's figures; plan_errors must agree with check.py."""
import importlib.util
import json
import os
import random
from pathlib import Path

import pytest

from app.rotation import ScenarioError, plan_rotation, score_plan
from app.rotation.figures import plan_errors
from app.rotation.scenario import parse_scenario

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "rotation"
EXAMPLES = sorted((SHARED / "examples").glob("*.json"))
FIGURES = ("repeat_pairs", "max_meetings", "meeting_counts", "pillar_repeats", "imbalance",
           "diversity_excess")


def load_check():
    """check.py from ../shared beside the repo; skipped only outside CI when it is absent."""
    path = SHARED / "check.py"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing in CI")
        pytest.skip(f"{path} not found (the shared scorer sits beside the repo in CI)")
    spec = importlib.util.spec_from_file_location("rotation_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_example(name):
    load_check()  # examples live beside check.py
    return json.loads((SHARED / "examples" / f"{name}.json").read_text(encoding="utf-8"))


def random_plan(scenario, rng):
    """A valid plan drawn at random: fixed rounds kept, hosts home, others to random free seats."""
    problem = parse_scenario(scenario)
    rounds = [dict(seating) for seating in problem.fixed_raw]
    for r in range(len(rounds), problem.rounds):
        free = dict(zip(problem.table_ids, problem.capacity, strict=True))
        seating = {}
        for p, pid in enumerate(problem.person_ids):
            if problem.present[r][p] and problem.is_host(p):
                tid = problem.table_ids[problem.host_table[p]]
                seating[pid] = tid
                free[tid] -= 1
        seats = [tid for tid, count in free.items() for _ in range(count)]
        rng.shuffle(seats)
        for p, pid in enumerate(problem.person_ids):
            if pid not in seating:
                seating[pid] = seats.pop() if problem.present[r][p] else None
        rounds.append(seating)
    return {"rounds": rounds}


def assert_same_figures(scenario, plan):
    """score_plan gives every figure check.py gives (all keys but the validity and the counts of
    people, tables and rounds), with the same values."""
    expected = load_check().check(scenario, plan)
    assert expected["valid"], expected
    figures = {key: value for key, value in expected.items()
               if key not in ("valid", "people", "tables", "rounds", "known_best_repeat_pairs")}
    assert set(FIGURES) <= set(figures)
    assert score_plan(scenario, plan) == figures


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_score_plan_matches_check_on_engine_plans(path):
    scenario = load_example(path.stem)
    assert_same_figures(scenario, plan_rotation(scenario, time_limit=1))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_score_plan_matches_check_on_random_plans(path):
    scenario = load_example(path.stem)
    rng = random.Random(path.stem)
    for _ in range(20):
        assert_same_figures(scenario, random_plan(scenario, rng))


def test_plan_errors_agree_with_check_on_broken_plans():
    check = load_check()
    scenario = load_example("late-30")
    problem = parse_scenario(scenario)
    plan = plan_rotation(scenario, time_limit=1)
    host = next(p["id"] for p in scenario["participants"] if p["host_of"])
    breakages = [
        lambda plan: plan["rounds"].pop(),
        lambda plan: plan["rounds"][1].update({host: "T6" if plan["rounds"][1][host] != "T6"
                                               else "T5"}),
        lambda plan: plan["rounds"][2].update({"p28": "T1"}),  # p28 is absent in round 2
        lambda plan: plan["rounds"][0].update({"p25": "T2", "p1": "T2"}),  # fixed round changed
        lambda plan: plan["rounds"][1].update({pid: "T1" for pid in list(plan["rounds"][1])[:9]}),
    ]
    for breakage in breakages:
        broken = json.loads(json.dumps(plan))
        breakage(broken)
        assert not check.check(scenario, broken)["valid"]
        assert plan_errors(problem, broken)
        with pytest.raises(ValueError, match="hard rule"):
            score_plan(scenario, broken)


def test_score_plan_rejects_a_bad_scenario():
    with pytest.raises(ScenarioError, match="rounds"):
        score_plan({"tables": [], "participants": []}, {"rounds": []})
