"""How many people each table gets in a planned round.

The search only ever swaps two people, so these sizes never change afterwards. Filling the
emptiest table first (relative to its capacity) keeps tables of equal capacity within one person
of each other, which is imbalance 0 by construction; present hosts start at their own table.
"""
import heapq

from .scenario import ABSENT


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
