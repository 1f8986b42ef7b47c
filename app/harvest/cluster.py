"""Average-linkage grouping under the moderator's constraints, and near-duplicate pairs.

Works on one pillar's similarity matrix. Ties break by input order, so the same input gives the
same themes on every machine.
"""
import numpy as np


def average_linkage(sim: np.ndarray, threshold: float, seeds: list[list[int]],
                    keyed: list[bool], frozen: list[bool]) -> list[tuple[int, list[int]]]:
    """Merge clusters while the best average similarity between two of them reaches `threshold`.

    `seeds` is the starting partition: a moderator's theme (`keyed`) starts with its pinned
    ideas, every other idea alone. Two keyed seeds never merge (two themes the moderator made
    stay two), and a `frozen` seed (a locked theme) takes no one in. Returns (seed index, sorted
    members) for each cluster, the seed index naming the seed that absorbed the others (a keyed
    one if there is one), in order of the clusters' first members.
    """
    k = len(seeds)
    if k == 0:
        return []
    sizes = np.array([len(seed) for seed in seeds], dtype=float)
    members = [list(seed) for seed in seeds]
    assign = np.zeros((k, sim.shape[0]))
    for c, seed in enumerate(seeds):
        assign[c, seed] = 1.0
    totals = assign @ sim @ assign.T  # sum of similarities between every two seeds
    keyed_now = np.array(keyed, dtype=bool)
    alive = np.ones(k, dtype=bool)
    allowed = ~np.eye(k, dtype=bool) & ~(keyed_now[:, None] & keyed_now[None, :])
    frozen_mask = np.array(frozen, dtype=bool)
    allowed[frozen_mask, :] = False
    allowed[:, frozen_mask] = False
    average = np.where(allowed, totals / np.outer(sizes, sizes), -np.inf)
    while True:
        a, b = divmod(int(np.argmax(average)), k)
        if average[a, b] < threshold:
            break
        if keyed_now[b] and not keyed_now[a]:
            a, b = b, a  # the moderator's theme absorbs the other, keeping its key
        totals[a, :] += totals[b, :]
        totals[:, a] += totals[:, b]
        sizes[a] += sizes[b]
        members[a] += members[b]
        alive[b] = False
        allowed[b, :] = allowed[:, b] = False
        keyed_now[a] |= keyed_now[b]
        if keyed_now[a]:
            allowed[a, :] &= ~keyed_now
            allowed[:, a] &= ~keyed_now
        # Only the merged cluster's averages change: update its row and column, not the matrix.
        row = np.where(allowed[a, :], totals[a, :] / (sizes[a] * sizes), -np.inf)
        average[a, :] = average[:, a] = row
        average[b, :] = average[:, b] = -np.inf
    clusters = [(c, sorted(members[c])) for c in range(k) if alive[c]]
    return sorted(clusters, key=lambda cluster: cluster[1][0])


def near_duplicates(sim: np.ndarray, threshold: float, neighbours: int) -> list[tuple[int, int]]:
    """Pairs (i < j) whose similarity reaches `threshold` and where each is among the other's
    `neighbours` most similar ideas: one idea very like many is a theme, not a duplicate."""
    n = sim.shape[0]
    if n < 2:
        return []
    others = sim.copy()
    np.fill_diagonal(others, -np.inf)
    rank = min(neighbours, n - 1)
    # The rank-th best similarity of each row: a pair must reach it from both sides.
    bar = -np.sort(-others, axis=1)[:, rank - 1]
    ok = (others >= threshold) & (others >= bar[:, None]) & (others >= bar[None, :])
    i, j = np.nonzero(np.triu(ok, 1))
    return list(zip(i.tolist(), j.tolist(), strict=True))
