"""Property-based: random feasible scenarios always give valid plans; broken ones always raise."""
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.rotation import ScenarioError, plan_rotation
from app.rotation.figures import plan_errors
from app.rotation.scenario import parse_scenario

from .test_scoring import assert_same_figures, load_check, random_plan

PILLARS = [None, "begegnung", "teilhabe", "vielfalt"]
SETTINGS = settings(max_examples=30, deadline=None)


@st.composite
def feasible_scenarios(draw):
    rounds = draw(st.integers(1, 4))
    tables = [{"id": f"T{t}", "pillar": draw(st.sampled_from(PILLARS)),
               "capacity": draw(st.integers(0, 6))}
              for t in range(draw(st.integers(1, 6)))]
    seats = sum(t["capacity"] for t in tables)
    hosted = [t["id"] for t in tables if t["capacity"] and draw(st.booleans())]
    people = []
    for n in range(draw(st.integers(len(hosted), max(len(hosted), seats)))):
        absent = draw(st.lists(st.integers(0, rounds - 1), max_size=rounds, unique=True))
        people.append({
            "id": f"p{n}",
            "host_of": hosted[n] if n < len(hosted) else None,
            "attrs": {"town": draw(st.sampled_from(["A", "B", "C", None])),
                      "role": draw(st.sampled_from(["x", "y"]))},
            "absent_rounds": sorted(absent),
        })
    scenario = {"rounds": rounds, "tables": tables, "participants": people,
                "diversify": draw(st.sampled_from([[], ["town"], ["town", "role"]])),
                "seed": draw(st.integers(0, 99))}
    fixed = draw(st.integers(0, rounds))
    if fixed:
        played = random_plan(scenario, random.Random(draw(st.integers(0, 99))))
        scenario["fixed"] = played["rounds"][:fixed]
    return scenario


@SETTINGS
@given(feasible_scenarios())
def test_feasible_scenarios_give_valid_plans(scenario):
    plan = plan_rotation(scenario, time_limit=0.3)
    assert load_check().check(scenario, plan)["valid"]
    assert plan_errors(parse_scenario(scenario), plan) == []
    assert [json.dumps(r) for r in plan["rounds"][:len(scenario.get("fixed", []))]] == [
        json.dumps(r) for r in scenario.get("fixed", [])]
    assert_same_figures(scenario, plan)


def overfill(scenario):
    round_number = 0
    seats = sum(t["capacity"] for t in scenario["tables"])
    present = sum(round_number not in p["absent_rounds"] for p in scenario["participants"])
    for n in range(seats - present + 1):
        scenario["participants"].append({"id": f"extra{n}", "host_of": None, "attrs": {}})
    return "present but there are only"


def host_of_unknown_table(scenario):
    scenario["participants"].append({"id": "stranger", "host_of": "T99", "attrs": {}})
    return "unknown table"


def second_host(scenario):
    table = scenario["tables"][0]
    table["capacity"] = max(table["capacity"], 1)
    for n in range(2):
        scenario["participants"].append({"id": f"cohost{n}", "host_of": table["id"], "attrs": {}})
    return "two hosts"


def missing_field(scenario):
    del scenario["tables"]
    return "missing the field 'tables'"


def fixed_round_over_capacity(scenario):
    table = scenario["tables"][0]["id"]
    scenario["participants"] = [dict(p, host_of=None, absent_rounds=[])
                                for p in scenario["participants"]]
    scenario["participants"] += [{"id": f"crowd{n}", "host_of": None, "attrs": {}}
                                 for n in range(7)]  # more than any drawn capacity
    scenario["tables"].append({"id": "spare", "pillar": None, "capacity": 99})
    scenario["fixed"] = [{p["id"]: table for p in scenario["participants"]}]
    return "more than its capacity"


BREAKAGES = [overfill, host_of_unknown_table, second_host, missing_field,
             fixed_round_over_capacity]


@SETTINGS
@given(feasible_scenarios(), st.sampled_from(BREAKAGES))
def test_broken_scenarios_raise_a_clear_error(scenario, breakage):
    scenario.pop("fixed", None)
    expected = breakage(scenario)
    with pytest.raises(ScenarioError, match=expected) as raised:
        plan_rotation(scenario, time_limit=0.3)
    assert "\n" not in str(raised.value)
