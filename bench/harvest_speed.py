"""Time the harvest: a full run of 320 ideas from the command line (Python start and model
loading included), and one idea added with 2,000 present.

Usage: python bench/harvest_speed.py [--runs 3] [--adds 100]

The 320 ideas are the labelled and held-out sets of bench/harvest/ (the first 320). For the
incremental figure the 2,000 present ideas repeat those texts under new ids (their vectors come
from the model's cache: what is timed is the add, not the set-up); each added idea is a text
the model has not seen, so its time includes embedding it.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.harvest import Harvest, Idea, load_model  # noqa: E402

SETS = REPO / "bench" / "harvest"


def rows() -> list[dict]:
    found = []
    for name in ("labelled", "heldout"):
        with open(SETS / f"{name}.jsonl", encoding="utf-8") as f:
            found += [json.loads(line) for line in f if line.strip()]
    return [{"id": n, "pillar": r["pillar"], "text": r["text"]} for n, r in enumerate(found, 1)]


def full_runs(ideas: list[dict], runs: int, *options: str) -> list[float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(i, ensure_ascii=False) for i in ideas[:320]) + "\n")
        f.flush()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "app.harvest", f.name, *options], cwd=REPO,
                           check=True, capture_output=True)
            times.append(time.perf_counter() - started)
    return times


def adds(ideas: list[dict], present: int, count: int) -> tuple[list[float], float]:
    model = load_model()
    base = [Idea(n, ideas[n % len(ideas)]["pillar"], ideas[n % len(ideas)]["text"])
            for n in range(present)]
    model.embed([idea.text for idea in base])  # warm the cache: regroup times the clustering
    harvest = Harvest(model)
    started = time.perf_counter()
    harvest.regroup(base)
    regroup = time.perf_counter() - started
    times, embedding = [], []
    for k in range(count):
        source = ideas[(k * 7) % len(ideas)]
        text = f"{source['text']} (Tisch {k % 9 + 1})"
        started = time.perf_counter()
        model.embed([f"{text} "])  # an unseen text of the same length: the model's share
        embedding.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        harvest.add(Idea(present + k, source["pillar"], text))
        times.append((time.perf_counter() - started) * 1000)
    return times, embedding, regroup


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--adds", type=int, default=100)
    args = parser.parse_args(argv)
    ideas = rows()
    full = full_runs(ideas, args.runs)
    single = full_runs(ideas, args.runs, "--threads", "1")
    times, embedding, regroup = adds(ideas, 2000, args.adds)
    quantiles = statistics.quantiles(times, n=20)
    print(f"full run, 320 ideas, CLI incl. model load: median {statistics.median(full):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in full)}); one thread: median "
          f"{statistics.median(single):.2f} s (runs: {', '.join(f'{t:.2f}' for t in single)})")
    print(f"add one idea with 2,000 present: p50 {statistics.median(times):.1f} ms, "
          f"p95 {quantiles[18]:.1f} ms, max {max(times):.1f} ms ({args.adds} adds)")
    print(f"  of which embedding one text alone: p50 {statistics.median(embedding):.1f} ms, "
          f"p95 {statistics.quantiles(embedding, n=20)[18]:.1f} ms")
    print(f"regroup of the 2,000 (vectors cached): {regroup:.2f} s")
    print(f"\n`python bench/harvest_speed.py` on {time.strftime('%Y-%m-%d %H:%M')} UTC")


if __name__ == "__main__":
    main()
