"""python -m app.rotation: a plan on stdout, or one line on stderr and exit status 2."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from .test_scoring import assert_same_figures, load_example

REPO = Path(__file__).resolve().parents[2]


def run_cli(tmp_path, scenario_text, *options):
    path = tmp_path / "scenario.json"
    path.write_text(scenario_text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "app.rotation", str(path), *options],
                          cwd=REPO, capture_output=True, text=True, timeout=60)


def test_cli_prints_a_valid_plan(tmp_path):
    scenario = load_example("affine-4")
    result = run_cli(tmp_path, json.dumps(scenario), "--seed", "4", "--time-limit", "1")
    assert result.returncode == 0, result.stderr
    assert_same_figures(scenario, json.loads(result.stdout))


def late_30():
    return load_example("late-30")


def too_few_seats():
    scenario = late_30()
    for table in scenario["tables"]:
        table["capacity"] = 4  # 24 seats for up to 27 people present
    return scenario


def unknown_host_table():
    scenario = late_30()
    scenario["participants"][0]["host_of"] = "T42"
    return scenario


def two_hosts():
    scenario = late_30()
    scenario["participants"][1]["host_of"] = scenario["participants"][0]["host_of"]
    return scenario


def missing_rounds():
    scenario = late_30()
    del scenario["rounds"]
    return scenario


def fixed_round_moves_a_host():
    scenario = late_30()
    host = scenario["participants"][0]
    scenario["fixed"][0][host["id"]] = "T6" if host["host_of"] != "T6" else "T5"
    return scenario


def fixed_round_seats_an_absent_person():
    scenario = late_30()
    scenario["fixed"][0]["p5"] = "T1"  # p5 is absent in round 0
    return scenario


@pytest.mark.parametrize("make, expected", [
    (too_few_seats, "only"), (unknown_host_table, "unknown table"), (two_hosts, "two hosts"),
    (missing_rounds, "missing the field 'rounds'"), (fixed_round_moves_a_host, "host"),
    (fixed_round_seats_an_absent_person, "absent"),
])
def test_cli_rejects_an_unplannable_scenario_in_one_line(tmp_path, make, expected):
    result = run_cli(tmp_path, json.dumps(make()))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert expected in result.stderr


def test_cli_rejects_malformed_json_in_one_line(tmp_path):
    result = run_cli(tmp_path, '{"rounds": 3,')
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert "cannot read scenario" in result.stderr
