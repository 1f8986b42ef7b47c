"""Read a scenario (SPEC.md) into an indexed `Problem`, or say clearly why it cannot be planned.

Everything after this module works with small integers: person i, table t, pillar k, attribute
value v. Order always follows the scenario's own lists, so nothing depends on hash order.
"""
from dataclasses import dataclass

ABSENT = -1  # table index of a person who is not there in a round
NO_PILLAR = -1
NO_VALUE = -1
MAX_ROUNDS = 1000  # meeting counters are 16-bit; a café never comes near this


class ScenarioError(ValueError):
    """The scenario is malformed or cannot be planned; the message says why, in one line."""


@dataclass
class Problem:
    person_ids: list  # participant ids, in scenario order
    table_ids: list  # table ids, in scenario order
    capacity: list  # per table
    table_pillar: list  # per table: pillar index or NO_PILLAR
    pillar_count: int  # distinct pillars over all tables
    host_table: list  # per person: hosted table index, or ABSENT for travellers
    present: list  # present[r][p] -> bool
    diversify: list  # attribute names, as in the scenario
    attr_values: list  # attr_values[i][p] -> value index of diversify[i], or NO_VALUE
    value_counts: list  # number of distinct values per diversified attribute
    rounds: int
    fixed_seats: list  # fixed_seats[r][p] -> table index or ABSENT, for the fixed rounds
    fixed_raw: list  # the fixed rounds exactly as given, to repeat them unchanged
    seed: int

    @property
    def people(self):
        return len(self.person_ids)

    @property
    def tables(self):
        return len(self.table_ids)

    def is_host(self, person):
        return self.host_table[person] != ABSENT


def _require(condition, message):
    if not condition:
        raise ScenarioError(message)


def _is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def parse_scenario(scenario):
    """Validate `scenario` and index it. Raises ScenarioError with a one-line reason."""
    _require(isinstance(scenario, dict), "scenario must be a JSON object")
    for key in ("rounds", "tables", "participants"):
        _require(key in scenario, f"scenario is missing the field {key!r}")
    rounds = scenario["rounds"]
    _require(_is_int(rounds) and 1 <= rounds <= MAX_ROUNDS,
             f"'rounds' must be a whole number from 1 to {MAX_ROUNDS}, got {rounds!r}")
    table_ids, capacity, table_pillar, pillar_count = _parse_tables(scenario["tables"])
    table_index = {tid: t for t, tid in enumerate(table_ids)}
    person_ids, host_table, present = _parse_participants(
        scenario["participants"], table_index, rounds)
    diversify, attr_values, value_counts = _parse_diversify(scenario)
    fixed_raw, fixed_seats = _parse_fixed(scenario, person_ids, table_index, present, rounds)
    seed = scenario.get("seed")
    _require(seed is None or _is_int(seed), f"'seed' must be a whole number, got {seed!r}")
    problem = Problem(
        person_ids=person_ids, table_ids=table_ids, capacity=capacity,
        table_pillar=table_pillar, pillar_count=pillar_count, host_table=host_table,
        present=present, diversify=diversify, attr_values=attr_values,
        value_counts=value_counts, rounds=rounds, fixed_seats=fixed_seats,
        fixed_raw=fixed_raw, seed=seed or 0,
    )
    _check_seats_suffice(problem)
    _check_fixed_rounds(problem)
    return problem


def _parse_tables(tables):
    _require(isinstance(tables, list) and tables, "'tables' must be a non-empty list")
    table_ids, capacity, table_pillar = [], [], []
    pillar_index = {}
    for n, table in enumerate(tables):
        _require(isinstance(table, dict), f"table #{n + 1} must be an object")
        tid = table.get("id")
        _require(isinstance(tid, str) or _is_int(tid),
                 f"table #{n + 1} needs an 'id' (text or number)")
        _require(tid not in table_ids, f"table id {tid!r} appears twice")
        cap = table.get("capacity")
        _require(_is_int(cap) and cap >= 0,
                 f"table {tid!r}: 'capacity' must be a whole number >= 0, got {cap!r}")
        pillar = table.get("pillar")
        _require(pillar is None or isinstance(pillar, str),
                 f"table {tid!r}: 'pillar' must be text or null, got {pillar!r}")
        table_ids.append(tid)
        capacity.append(cap)
        if pillar is None:
            table_pillar.append(NO_PILLAR)
        else:
            table_pillar.append(pillar_index.setdefault(pillar, len(pillar_index)))
    return table_ids, capacity, table_pillar, len(pillar_index)


def _parse_participants(participants, table_index, rounds):
    _require(isinstance(participants, list), "'participants' must be a list")
    person_ids, host_table, present = [], [], [[True] * len(participants) for _ in range(rounds)]
    seen_ids, host_by_table = set(), {}
    for p, person in enumerate(participants):
        _require(isinstance(person, dict), f"participant #{p + 1} must be an object")
        pid = person.get("id")
        _require(isinstance(pid, str) and pid, f"participant #{p + 1} needs a text 'id'")
        _require(pid not in seen_ids, f"participant id {pid!r} appears twice")
        seen_ids.add(pid)
        hosted = person.get("host_of")
        if hosted is None:
            host_table.append(ABSENT)
        else:
            _require(hosted in table_index,
                     f"participant {pid!r} hosts unknown table {hosted!r}")
            _require(hosted not in host_by_table,
                     f"table {hosted!r} has two hosts: {host_by_table.get(hosted)!r} and {pid!r}")
            host_by_table[hosted] = pid
            host_table.append(table_index[hosted])
        attrs = person.get("attrs", {})
        _require(isinstance(attrs, dict), f"participant {pid!r}: 'attrs' must be an object")
        absent_rounds = person.get("absent_rounds") or []
        _require(isinstance(absent_rounds, list) and all(_is_int(r) for r in absent_rounds),
                 f"participant {pid!r}: 'absent_rounds' must be a list of round numbers")
        for r in absent_rounds:
            if 0 <= r < rounds:  # rounds outside the café change nothing
                present[r][p] = False
        person_ids.append(pid)
    return person_ids, host_table, present


def _parse_diversify(scenario):
    diversify = scenario.get("diversify") or []
    _require(isinstance(diversify, list) and all(isinstance(a, str) for a in diversify),
             "'diversify' must be a list of attribute names")
    _require(len(set(diversify)) == len(diversify), "'diversify' names an attribute twice")
    attr_values, value_counts = [], []
    for attr in diversify:
        index = {}
        values = []
        for person in scenario["participants"]:
            value = person.get("attrs", {}).get(attr)
            _require(value is None or isinstance(value, (str, int, float, bool)),
                     f"participant {person['id']!r}: attribute {attr!r} must be a plain value")
            values.append(NO_VALUE if value is None else index.setdefault(value, len(index)))
        attr_values.append(values)
        value_counts.append(len(index))
    return diversify, attr_values, value_counts


def _parse_fixed(scenario, person_ids, table_index, present, rounds):
    fixed = scenario.get("fixed") or []
    _require(isinstance(fixed, list), "'fixed' must be a list of rounds")
    _require(len(fixed) <= rounds, f"'fixed' holds {len(fixed)} rounds but the café has {rounds}")
    known = set(person_ids)
    seats = []
    for r, seating in enumerate(fixed):
        _require(isinstance(seating, dict), f"fixed round {r} must be an object")
        unknown = sorted(set(seating) - known)
        _require(not unknown, f"fixed round {r} names unknown participants {unknown[:5]}")
        row = []
        for p, pid in enumerate(person_ids):
            tid = seating.get(pid)
            if not present[r][p]:
                _require(tid is None, f"fixed round {r}: {pid} is absent but seated at {tid!r}")
                row.append(ABSENT)
            else:
                _require(tid is not None and _hashable(tid) and tid in table_index,
                         f"fixed round {r}: {pid} is present but seated at {tid!r}")
                row.append(table_index[tid])
        seats.append(row)
    return fixed, seats


def _hashable(value):
    return isinstance(value, (str, int))


def _check_seats_suffice(problem):
    for r in range(problem.rounds):
        count = sum(problem.present[r])
        seats = sum(problem.capacity)
        _require(count <= seats,
                 f"round {r}: {count} people are present but there are only {seats} seats")
        for p in range(problem.people):
            t = problem.host_table[p]
            if t != ABSENT and problem.present[r][p]:
                _require(problem.capacity[t] >= 1,
                         f"round {r}: host {problem.person_ids[p]} has no seat at their table "
                         f"{problem.table_ids[t]!r} (capacity 0)")


def _check_fixed_rounds(problem):
    for r, row in enumerate(problem.fixed_seats):
        occupancy = [0] * problem.tables
        for p, t in enumerate(row):
            if t == ABSENT:
                continue
            occupancy[t] += 1
            host_of = problem.host_table[p]
            _require(host_of in (ABSENT, t),
                     f"fixed round {r}: host {problem.person_ids[p]} sits at "
                     f"{problem.table_ids[t]!r}, not at {problem.table_ids[host_of]!r}")
        for t, count in enumerate(occupancy):
            _require(count <= problem.capacity[t],
                     f"fixed round {r}: table {problem.table_ids[t]!r} holds {count} people, "
                     f"more than its capacity {problem.capacity[t]}")
