"""The SPEC figures of a plan, computed plainly from the seating (no incremental tricks).

This is what the moderator sees, so it is written to be obviously right rather than fast;
the search keeps its own incremental counts (`state.py`) and tests compare both with check.py.
"""
from collections import Counter

from .scenario import ABSENT, NO_PILLAR, NO_VALUE, parse_scenario


def pairs(n):
    return n * (n - 1) // 2


def even_spread_pairs(count, tables):
    """Fewest same-value pairs when `count` people are spread over `tables` tables."""
    if tables <= 0:
        return pairs(count)
    per_table, rest = divmod(count, tables)
    return rest * pairs(per_table + 1) + (tables - rest) * pairs(per_table)


def plan_errors(problem, plan):
    """Every broken hard rule of `plan`, as messages; empty when the plan is valid."""
    seatings = plan.get("rounds") if isinstance(plan, dict) else None
    if not isinstance(seatings, list) or len(seatings) != problem.rounds:
        return [f"plan must have exactly {problem.rounds} rounds"]
    errors = []
    table_index = {tid: t for t, tid in enumerate(problem.table_ids)}
    for r, seating in enumerate(seatings):
        if not isinstance(seating, dict):
            errors.append(f"round {r}: not an object")
            continue
        unknown = sorted(set(seating) - set(problem.person_ids))
        if unknown:
            errors.append(f"round {r}: unknown participants {unknown[:5]}")
        occupancy = Counter()
        for p, pid in enumerate(problem.person_ids):
            tid = seating.get(pid)
            if not problem.present[r][p]:
                if tid is not None:
                    errors.append(f"round {r}: {pid} is absent but seated at {tid!r}")
                continue
            if not isinstance(tid, (str, int)) or tid not in table_index:
                errors.append(f"round {r}: {pid} is present but seated at {tid!r}")
                continue
            occupancy[table_index[tid]] += 1
            host_of = problem.host_table[p]
            if host_of != ABSENT and table_index[tid] != host_of:
                errors.append(f"round {r}: host {pid} is at {tid!r}, "
                              f"not at {problem.table_ids[host_of]!r}")
        for t, count in sorted(occupancy.items()):
            if count > problem.capacity[t]:
                errors.append(f"round {r}: {problem.table_ids[t]!r} holds {count} "
                              f"> capacity {problem.capacity[t]}")
        if r < len(problem.fixed_raw):
            fixed = problem.fixed_raw[r]
            if any(seating.get(pid) != fixed.get(pid) for pid in problem.person_ids):
                errors.append(f"round {r}: differs from the fixed round")
    return errors


def seats_of(problem, plan):
    """seats[r][p] -> table index or ABSENT, for a valid plan."""
    table_index = {tid: t for t, tid in enumerate(problem.table_ids)}
    return [[ABSENT if seating.get(pid) is None else table_index[seating[pid]]
             for pid in problem.person_ids]
            for seating in plan["rounds"]]


def figures_of_seats(problem, seats):
    """The SPEC figures of a seating given as table indices (as check.py: repeat_pairs,
    max_meetings, meeting_counts, pillar_repeats, imbalance, diversity_excess)."""
    meetings = Counter()
    visited = [set() for _ in range(problem.people)]
    pillar_repeats = imbalance = 0
    same_pairs = [0] * len(problem.diversify)
    least_pairs = [0] * len(problem.diversify)
    tables_by_capacity = {}
    for t, cap in enumerate(problem.capacity):
        tables_by_capacity.setdefault(cap, []).append(t)

    for row in seats:
        members = [[] for _ in range(problem.tables)]
        for p, t in enumerate(row):
            if t != ABSENT:
                members[t].append(p)
        for group in members:
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    meetings[a, b] += 1
        for group in tables_by_capacity.values():
            sizes = [len(members[t]) for t in group]
            imbalance += max(0, max(sizes) - min(sizes) - 1)
        for p, t in enumerate(row):
            if t == ABSENT or problem.is_host(p) or problem.table_pillar[t] == NO_PILLAR:
                continue
            pillar = problem.table_pillar[t]
            if pillar in visited[p] and len(visited[p]) < problem.pillar_count:
                pillar_repeats += 1
            visited[p].add(pillar)
        for i, values in enumerate(problem.attr_values):
            present = Counter()
            for group in members:
                counts = Counter(values[p] for p in group if values[p] != NO_VALUE)
                same_pairs[i] += sum(pairs(n) for n in counts.values())
                present.update(counts)
            least_pairs[i] += sum(even_spread_pairs(n, problem.tables) for n in present.values())

    return {
        "repeat_pairs": sum(n - 1 for n in meetings.values() if n > 1),
        "max_meetings": max(meetings.values(), default=0),
        "meeting_counts": {str(k): v for k, v in sorted(Counter(meetings.values()).items())
                           if k > 1},
        "pillar_repeats": pillar_repeats,
        "imbalance": imbalance,
        "diversity_excess": {attr: same_pairs[i] - least_pairs[i]
                             for i, attr in enumerate(problem.diversify)},
    }


def score_plan(scenario, plan):
    """The SPEC figures of `plan`. Raises ScenarioError for a bad scenario, ValueError for a plan
    that breaks a hard rule (its figures would mean nothing)."""
    problem = parse_scenario(scenario)
    errors = plan_errors(problem, plan)
    if errors:
        raise ValueError(f"plan breaks {len(errors)} hard rule(s), first: {errors[0]}")
    return figures_of_seats(problem, seats_of(problem, plan))
