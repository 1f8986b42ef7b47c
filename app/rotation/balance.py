"""How many people each table gets in a planned round.

`target_sizes` fills the emptiest table first (relative to its capacity), which keeps tables of
equal capacity within one person of each other: imbalance 0. That fixes, per round and capacity,
how many tables get one extra seat, but not which. `planned_sizes` chooses which, so that over the
rounds no pillar offers travellers more seats than there are travellers who still need it: always
giving the extra seat to the same tables would force pillar repeats (14 people at 4 tables of one
pillar each in 4 rounds: every table must total 14 visits, so the 4-seat tables must rotate).
The search may later move a spare seat between tables of equal capacity; head counts per capacity
stay as chosen here.
"""
import heapq

from .scenario import ABSENT, NO_PILLAR


def target_sizes(problem, r):
    """Most even table sizes for round r: a list of head counts per table."""
    sizes = [0] * problem.tables
    for p in range(problem.people):
        if problem.present[r][p] and problem.host_table[p] != ABSENT:
            sizes[problem.host_table[p]] += 1
    travellers = sum(1 for p in range(problem.people)
                     if problem.present[r][p] and problem.host_table[p] == ABSENT)
    # Least filled table next (relative to capacity); ties go to the larger, then earlier table.
    queue = [((sizes[t] + 1) / problem.capacity[t], -problem.capacity[t], t)
             for t in range(problem.tables) if sizes[t] < problem.capacity[t]]
    heapq.heapify(queue)
    for _ in range(travellers):
        _, _, t = heapq.heappop(queue)
        sizes[t] += 1
        if sizes[t] < problem.capacity[t]:
            heapq.heappush(queue, ((sizes[t] + 1) / problem.capacity[t], -problem.capacity[t], t))
    return sizes


def tables_by_capacity(problem):
    """Lists of table indices sharing a capacity (imbalance compares only these)."""
    groups = {}
    for t, cap in enumerate(problem.capacity):
        groups.setdefault(cap, []).append(t)
    return list(groups.values())


def planned_sizes(problem, free_rounds):
    """{round: sizes} for the free rounds: per capacity the head counts of `target_sizes`, with the
    extra seats given, round after round, to the pillar whose seat supply is furthest below its
    demand (tables without a pillar first: their seats never cause a pillar repeat), and within a
    pillar to the table that had an extra seat least often."""
    demand = _pillar_demand(problem, free_rounds)
    supply = [0] * problem.pillar_count  # traveller seats per pillar over the free rounds
    groups = tables_by_capacity(problem)
    hosted = {r: _hosts_present(problem, r) for r in free_rounds}
    plans, extras = {}, {}
    for r in free_rounds:
        targets = target_sizes(problem, r)
        sizes = plans[r] = [0] * problem.tables
        extras[r] = []
        for group in groups:
            base = min(targets[t] for t in group)
            extras[r].append(sum(targets[t] for t in group) - base * len(group))
            for t in group:
                sizes[t] = base
                if problem.table_pillar[t] != NO_PILLAR:
                    supply[problem.table_pillar[t]] += base - hosted[r][t]
    extras_of_table = [0] * problem.tables
    for r in free_rounds:
        sizes = plans[r]
        for group, count in zip(groups, extras[r], strict=True):
            queues = _candidate_queues(problem, group, sizes, hosted[r], extras_of_table)
            for _ in range(count):
                t = _next_extra_table(queues, supply, demand, extras_of_table)
                sizes[t] += 1
                extras_of_table[t] += 1
                if problem.table_pillar[t] != NO_PILLAR:
                    supply[problem.table_pillar[t]] += 1
    return plans


HOST_WITHOUT_SEAT, NO_PILLAR_TABLE = "host", "none"


def _candidate_queues(problem, group, sizes, hosts, extras_of_table):
    """Tables of `group` that may take an extra seat, queued by kind (a table whose present host
    would otherwise have no seat, a table without a pillar, or its pillar index), each queue
    ordered by how often the table had an extra seat already."""
    queues = {}
    for t in sorted(group, key=lambda t: (extras_of_table[t], t)):
        if sizes[t] < hosts[t]:
            kind = HOST_WITHOUT_SEAT
        elif problem.table_pillar[t] == NO_PILLAR:
            kind = NO_PILLAR_TABLE
        else:
            kind = problem.table_pillar[t]
        queues.setdefault(kind, []).append(t)
    for queue in queues.values():
        queue.reverse()  # pop() takes the front
    return queues


def _next_extra_table(queues, supply, demand, extras_of_table):
    """Hosts need their seat; seats without a pillar never cause a pillar repeat; otherwise the
    pillar whose supply is furthest below its demand."""
    for kind in (HOST_WITHOUT_SEAT, NO_PILLAR_TABLE):
        if queues.get(kind):
            return queues[kind].pop()
    pillar = min((k for k in queues if queues[k]),
                 key=lambda k: (supply[k] - demand[k], extras_of_table[queues[k][-1]],
                                queues[k][-1]))
    return queues[pillar].pop()


def _hosts_present(problem, r):
    hosts = [0] * problem.tables
    for p in range(problem.people):
        if problem.present[r][p] and problem.is_host(p):
            hosts[problem.host_table[p]] += 1
    return hosts


def _pillar_demand(problem, free_rounds):
    """Per pillar: travellers present in some free round who have not sat at it in a fixed round
    (each can take one of its seats without a repeat)."""
    demand = [0] * problem.pillar_count
    for p in range(problem.people):
        if problem.is_host(p) or not any(problem.present[r][p] for r in free_rounds):
            continue
        seen = {problem.table_pillar[row[p]] for row in problem.fixed_seats if row[p] != ABSENT}
        for pillar in range(problem.pillar_count):
            demand[pillar] += pillar not in seen
    return demand
