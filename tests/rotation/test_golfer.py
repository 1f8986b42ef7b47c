"""Social Golfer 8x4x10: nine rounds from a partial spread of PG(4, 2), a tenth from its holes."""
import itertools
import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from app.rotation import plan_rotation, score_plan
from app.rotation.construction import _pure_golfer, resolvable_classes
from app.rotation.scenario import parse_scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from rotation_bench import cafe, golfer


def _meetings(classes):
    met = Counter()
    for labels in classes:
        for a, b in itertools.combinations(range(len(labels)), 2):
            met[a, b] += labels[a] == labels[b]
    return met


@pytest.mark.parametrize("seed", range(3))
def test_hole_class_repeats_exactly_two_pairs_per_table(seed):
    classes = resolvable_classes(32, 4, random.Random(seed), 10, hole_class=True)
    assert len(classes) == 10
    assert max(_meetings(classes[:9]).values()) == 1  # the spread: no repeat
    assert sorted(Counter(classes[9]).values()) == [4] * 8  # a parallel class of 8 tables
    repeats = sum(n - 1 for n in _meetings(classes).values() if n > 1)
    assert repeats == 16  # the least any tenth round allows on top of these nine


def test_hole_class_only_when_asked():
    assert len(resolvable_classes(32, 4, random.Random(0), 10)) == 9


def test_golfer_8x4x10_plan_reaches_16_repeat_pairs():
    figures = score_plan(golfer(8, 4, 10), plan_rotation(golfer(8, 4, 10), 0, 1.0))
    assert figures["repeat_pairs"] <= 16


def test_only_pure_golfers_take_the_hole_class():
    # every other scenario keeps the plans it had before the hole class
    assert _pure_golfer(parse_scenario(golfer(8, 4, 10)))
    assert not _pure_golfer(parse_scenario(cafe(40, 8, 4, 4, 1)))
    absent = golfer(8, 4, 10)
    absent["participants"][0]["absent_rounds"] = [3]
    assert not _pure_golfer(parse_scenario(absent))
