"""Score the harvest's themes and merge suggestions on the labelled sets, beside plain baselines.

Usage: python bench/harvest_bench.py [--sets labelled heldout]

Sets: bench/harvest/*.jsonl, one idea a line with its gold "theme" (null: an idea of its own)
and "dup" (ideas sharing a dup key are the same idea in other words). Themes are scored with the
adjusted Rand index against the gold partition (pillar and theme); merges by pairwise precision,
recall and F1 against the gold near-duplicate pairs.

Methods: the harvest (meaning, and wording only: the fallback without the model); character
n-gram TF-IDF with average linkage; plain e5 (mean-centred per pillar, average linkage, merges
by a cosine bar); all singletons. A baseline's thresholds are the best on the labelled set (in
its favour) and kept for the others. Prints a table, then a Markdown section for
docs/benchmarks.md.
"""
import argparse
import itertools
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.harvest import Harvest, Idea, load_model  # noqa: E402
from app.harvest.cluster import average_linkage  # noqa: E402

SETS = REPO / "bench" / "harvest"
BARS = [round(x, 3) for x in np.arange(-0.1, 0.95, 0.025)]


def load(name: str) -> list[dict]:
    with open(SETS / f"{name}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def ari(gold: list, found: list) -> float:
    def pairs(counter):
        return sum(math.comb(v, 2) for v in counter.values())
    both = pairs(Counter(zip(gold, found, strict=True)))
    a, b = pairs(Counter(gold)), pairs(Counter(found))
    expected = a * b / math.comb(len(gold), 2)
    top = (a + b) / 2
    return 1.0 if top == expected else (both - expected) / (top - expected)


def gold_labels(rows):
    return [(r["pillar"], r["theme"] or f"alone-{r['id']}") for r in rows]


def gold_pairs(rows) -> set:
    return {frozenset((a["id"], b["id"])) for a, b in itertools.combinations(rows, 2)
            if a["dup"] and a["dup"] == b["dup"] and a["pillar"] == b["pillar"]}


def score(rows, groups, merges) -> dict:
    where = {i: n for n, group in enumerate(groups) for i in group}
    found = {frozenset(pair) for pair in merges}
    gold = gold_pairs(rows)
    hits = len(found & gold)
    precision = hits / len(found) if found else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"ari": ari(gold_labels(rows), [where[r["id"]] for r in rows]),
            "precision": precision, "recall": recall, "f1": f1, "suggested": len(found)}


def by_pillar(rows):
    pillars = {}
    for index, row in enumerate(rows):
        pillars.setdefault(row["pillar"], []).append(index)
    return pillars.values()


def linkage_method(rows, matrix, theme_bar, merge_bar):
    """Average linkage per pillar at theme_bar, merges where the similarity reaches merge_bar."""
    groups, merges = [], []
    for idx in by_pillar(rows):
        sim = matrix[np.ix_(idx, idx)]
        n = len(idx)
        for _seed, members in average_linkage(sim, theme_bar, [[k] for k in range(n)],
                                              [False] * n, [False] * n):
            groups.append([rows[idx[k]]["id"] for k in members])
        a, b = np.nonzero(np.triu(sim >= merge_bar, 1))
        merges += [(rows[idx[i]]["id"], rows[idx[j]]["id"]) for i, j in zip(a, b, strict=True)]
    return groups, merges


def char_tfidf(rows) -> np.ndarray:
    """Cosine of TF-IDF over character 2-5-grams of the lower-cased text, per pillar."""
    grams = []
    for row in rows:
        text = f" {' '.join(row['text'].lower().split())} "
        grams.append(Counter(text[i:i + n] for n in range(2, 6) for i in range(len(text) - n + 1)))
    vocabulary = {g: k for k, g in enumerate(sorted(set().union(*grams)))}
    df = Counter(g for counts in grams for g in counts)
    matrix = np.zeros((len(rows), len(vocabulary)))
    for r, counts in enumerate(grams):
        for g, c in counts.items():
            matrix[r, vocabulary[g]] = c * math.log((1 + len(rows)) / (1 + df[g]))
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix @ matrix.T


def plain_e5(rows, vectors) -> np.ndarray:
    """Cosine of e5 vectors centred on their pillar's mean (across pillars: -1, never joined)."""
    out = np.full((len(rows), len(rows)), -1.0)
    for idx in by_pillar(rows):
        space = vectors[idx] - vectors[idx].mean(axis=0)
        space /= np.linalg.norm(space, axis=1, keepdims=True)
        out[np.ix_(idx, idx)] = space @ space.T
    return out


def tune_baseline(rows, matrix):
    """The bars best on this set: theme bar by ARI, merge bar by F1."""
    theme_bar = max(BARS, key=lambda bar: score(rows, *linkage_method(rows, matrix, bar, 2))["ari"])
    merge_bar = max(BARS, key=lambda bar: score(rows, *linkage_method(rows, matrix, 2, bar))["f1"])
    return theme_bar, merge_bar


def harvest(rows, model):
    ideas = [Idea(r["id"], r["pillar"], r["text"]) for r in rows]
    result = Harvest(model).regroup(ideas)
    return [theme.ids for theme in result.themes], result.merges


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="+", default=["labelled", "heldout"])
    args = parser.parse_args(argv)
    model = load_model()  # it embeds each text once, for the harvest and the e5 baseline alike
    data = {name: load(name) for name in args.sets}
    tuned = {}
    table = []
    for name, rows in data.items():
        started = time.perf_counter()
        methods = {"harvest (wording only)": harvest(rows, None),
                   "all singletons": ([[r["id"]] for r in rows], [])}
        if model:
            methods["harvest (meaning)"] = harvest(rows, model)
        matrices = {"char n-gram TF-IDF, avg linkage": char_tfidf(rows)}
        if model:
            matrices["plain e5 centred, avg linkage"] = plain_e5(
                rows, model.embed([r["text"] for r in rows]))
        for method, matrix in matrices.items():
            if method not in tuned:  # tuned on the first set, kept for the others
                tuned[method] = tune_baseline(rows, matrix)
            methods[f"{method} (bars {tuned[method][0]}/{tuned[method][1]})"] = \
                linkage_method(rows, matrix, *tuned[method])
        for method, (groups, merges) in methods.items():
            table.append((name, len(rows), method, score(rows, groups, merges)))
        print(f"{name}: {len(rows)} ideas scored in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)
    header = "| set | ideas | method | ARI | merges P | R | F1 | suggested |"
    lines = [header, "|---|---:|---|---:|---:|---:|---:|---:|"]
    for name, n, method, s in table:
        lines.append(f"| {name} | {n} | {method} | {s['ari']:.3f} | {s['precision']:.2f} | "
                     f"{s['recall']:.2f} | {s['f1']:.2f} | {s['suggested']} |")
    print("\n".join(lines))
    print(f"\n`python bench/harvest_bench.py` on {time.strftime('%Y-%m-%d')}, "
          f"basis {'meaning' if model else 'wording'}.")


if __name__ == "__main__":
    main()
