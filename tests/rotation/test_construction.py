"""Finite fields and resolvable designs used as zero-repeat starting plans."""
import itertools
import random

import pytest

from app.rotation.construction import finite_field, prime_power, resolvable_classes


@pytest.mark.parametrize("q", [2, 3, 4, 5, 7, 8, 9])
def test_finite_field_has_inverses_and_distributes(q):
    add, mul = finite_field(q)
    for a in range(1, q):
        assert sorted(mul[a][b] for b in range(q)) == list(range(q))  # a is invertible
    for a, b, c in itertools.product(range(q), repeat=3):
        assert mul[a][add[b][c]] == add[mul[a][b]][mul[a][c]]


def test_prime_power_recognises_only_prime_powers():
    assert [q for q in range(2, 17) if prime_power(q)] == [2, 3, 4, 5, 7, 8, 9, 11, 13, 16]


@pytest.mark.parametrize("points, group, wanted, reachable", [
    (9, 3, 4, 4), (16, 4, 5, 5), (25, 5, 6, 6), (27, 3, 13, 13), (32, 4, 9, 9), (64, 4, 21, 21),
])
def test_resolvable_classes_never_repeat_a_pair(points, group, wanted, reachable):
    classes = resolvable_classes(points, group, random.Random(1), wanted)
    assert len(classes) == reachable
    met = set()
    for labels in classes:
        assert sorted(labels.count(g) for g in set(labels)) == [group] * (points // group)
        for a, b in itertools.combinations(range(points), 2):
            if labels[a] == labels[b]:
                assert (a, b) not in met
                met.add((a, b))


def test_no_design_for_other_shapes():
    assert resolvable_classes(24, 4, random.Random(1), 3) is None
    assert resolvable_classes(36, 6, random.Random(1), 3) is None
