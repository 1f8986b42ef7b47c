"""The pure agenda: each round's planned start and end, and the café ahead of it or behind."""

import pytest

from app.agenda import Drift, Slot, drift, planned_rounds

MIN = 60_000
START = 1_800_000_000_000
# 30, 20 and 15 minutes, 5 and 3 minutes for changing tables.
SLOTS = planned_rounds(START, [30, 20, 15], [5, 3])


def test_rounds_follow_one_another_with_each_change_over_between():
    slots = planned_rounds(START, [30, 20, 15], [5, 3])
    assert slots == [Slot(START, START + 30 * MIN), Slot(START + 35 * MIN, START + 55 * MIN),
                     Slot(START + 58 * MIN, START + 73 * MIN)]
    assert planned_rounds(START, [20], []) == [Slot(START, START + 20 * MIN)]


@pytest.mark.parametrize(("phase", "current", "ends_at", "remaining", "now", "expected"), [
    # The lobby: before the planned start the café is ahead, after it behind, growing.
    ("lobby", -1, None, None, START - 10 * MIN, Drift(-10 * MIN, 0)),
    ("lobby", -1, None, None, START + 3 * MIN, Drift(3 * MIN, 0)),
    # Round 1 started 3 minutes late: its end is 3 minutes late, and stays so until it ends.
    ("round", 0, START + 33 * MIN, None, START + 3 * MIN, Drift(3 * MIN, 30 * MIN)),
    # Round 1 ended early by its clock being cut: ahead.
    ("round", 0, START + 28 * MIN, None, START + 20 * MIN, Drift(-2 * MIN, 8 * MIN)),
    # The clock ran out 4 minutes ago and the round goes on: 4 minutes behind, growing.
    ("round", 0, START + 30 * MIN, None, START + 34 * MIN, Drift(4 * MIN, 0)),
    # Paused with 10 minutes left, 25 minutes into round 1: its end moves with the clock.
    ("paused", 0, None, 10 * MIN, START + 25 * MIN, Drift(5 * MIN, 0)),
    # Changing tables after round 1, to start round 2 a minute before its planned start.
    ("between", 0, START + 34 * MIN, None, START + 31 * MIN, Drift(-MIN, 3 * MIN)),
    # No clock between rounds: round 2 starts no sooner than now.
    ("between", 1, None, None, START + 60 * MIN, Drift(2 * MIN, 0)),
    # After the last round nothing is planned any more.
    ("between", 2, None, None, START + 80 * MIN, None),
    ("harvest", 2, None, None, START + 80 * MIN, None),
    ("closed", 2, None, None, START + 80 * MIN, None),
])
def test_drift_against_the_next_step(phase, current, ends_at, remaining, now, expected):
    assert drift(SLOTS, phase, current, ends_at=ends_at, remaining_ms=remaining,
                 now=now) == expected
