"""Live aggregation of ideas: pure functions over plain data, no Flask, no database."""

from collections import Counter
from collections.abc import Iterable


def count_ideas(ideas: Iterable[dict]) -> dict:
    """Counts per pillar, per round and per table for ideas given as dicts.

    Keys are strings because the result travels as JSON.
    """
    by_pillar: Counter[str] = Counter()
    by_round: Counter[str] = Counter()
    by_table: Counter[str] = Counter()
    total = 0
    for idea in ideas:
        total += 1
        by_pillar[str(idea["pillar_id"])] += 1
        by_round[str(idea["round"])] += 1
        by_table[str(idea["table_id"])] += 1
    return {
        "total": total,
        "by_pillar": dict(by_pillar),
        "by_round": dict(by_round),
        "by_table": dict(by_table),
    }
