"""Sweep the rotation engine over generated cafés of many shapes, the way unseen scenarios would.

Usage: python bench/rotation_sweep.py [--large] [--count N] [--first K] [--time-limit S]

The public examples and the cafés of rotation_bench.py all have a tidy shape. This sweep draws
cafés of 7 to 200 people with 2 to 6 pillars, 2 to 6 rounds, equal or mixed capacities, with and
without hosts, a table without pillar now and then, people who come late or leave early, and 0 to
3 attributes with skewed values; with --large, cafés of 50 to 1200 people at 10 to 120 tables of
5 to 12 seats, 3 to 8 pillars, 3 to 7 rounds and 1 to 3 attributes of up to 30 values. Each is
planned once (seed 0) and compared with the median of 5 random valid plans. A row is flagged
where the engine misses a tenth of random's repeat pairs (REPEAT) or a fifth of its diversity
excess (DIV), or has a pair meeting more often than the best of the random plans (MEET); many
cafés are too small or too tight for any plan to reach a tenth or a fifth (see
docs/benchmarks.md).
"""
import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rotation_bench import load_scorer, random_plan  # puts the repository on the path

from app.rotation import plan_rotation


def generated_cafe(number):
    """A café of a random shape; the same number always gives the same café."""
    rng = random.Random(number)
    pillars = rng.randint(2, 6)
    tables = rng.choice([pillars, 2 * pillars, 3 * pillars, rng.randint(pillars, 5 * pillars)])
    if rng.random() < 0.3:
        capacities = [rng.choice([4, 5, 6, 6, 7, 8]) for _ in range(tables)]
    else:
        capacities = [rng.choice([4, 5, 6, 8])] * tables
    people = rng.randint(int(sum(capacities) * 0.7), sum(capacities))
    rounds = rng.randint(2, min(6, pillars + 1))
    last_without_pillar = rng.random() < 0.2
    table_list = [{"id": f"T{t + 1}",
                   "pillar": None if last_without_pillar and t == tables - 1 else f"P{t % pillars}",
                   "capacity": capacities[t]} for t in range(tables)]
    hosted = rng.random() < 0.7
    attributes = {}
    for a in range(rng.choice([0, 1, 2, 2, 3])):
        values = rng.randint(2, 10)
        attributes[f"attr{a}"] = (values, [rng.random() ** 2 + 0.05 for _ in range(values)])
    participants = []
    for n in range(people):
        person = {"id": f"p{n + 1}",
                  "host_of": table_list[n]["id"] if hosted and n < tables else None,
                  "attrs": {name: f"v{rng.choices(range(values), weights)[0]}"
                            for name, (values, weights) in attributes.items()}}
        if person["host_of"] is None and rounds > 1 and rng.random() < 0.1:
            person["absent_rounds"] = sorted(rng.sample(range(rounds), rng.randint(1, rounds - 1)))
        participants.append(person)
    return {"name": f"sweep-{number}", "rounds": rounds, "tables": table_list,
            "participants": participants, "diversify": list(attributes), "seed": number}


def large_cafe(number):
    """A café of 50 to 1200 people of a random shape; the same number gives the same café."""
    rng = random.Random(1000 + number)
    pillars = rng.randint(3, 8)
    capacity = rng.choice([5, 6, 6, 8, 10])
    tables = rng.randint(max(pillars, 10), 120)
    people = rng.randint(int(tables * capacity * 0.75), tables * capacity)
    rounds = rng.randint(3, 7)
    table_list = [{"id": f"T{t + 1}", "pillar": f"P{t % pillars}",
                   "capacity": capacity if rng.random() > 0.1 else capacity + 2}
                  for t in range(tables)]
    hosted = rng.random() < 0.7
    attributes = {f"attr{a}": rng.randint(2, 30) for a in range(rng.choice([1, 2, 3]))}
    participants = []
    for n in range(people):
        person = {"id": f"p{n + 1}",
                  "host_of": table_list[n]["id"] if hosted and n < tables else None,
                  # exponential: a few values hold most people, as towns in a district do
                  "attrs": {name: f"v{min(values - 1, int(rng.expovariate(3 / values)))}"
                            for name, values in attributes.items()}}
        if person["host_of"] is None and rng.random() < 0.05:
            person["absent_rounds"] = sorted(rng.sample(range(rounds), rng.randint(1, rounds - 1)))
        participants.append(person)
    return {"name": f"large-{number}", "rounds": rounds, "tables": table_list,
            "participants": participants, "diversify": list(attributes), "seed": number}


def figures(check, scenario, plan):
    found = check(scenario, plan)
    return (found["imbalance"], found["pillar_repeats"], found["max_meetings"],
            found["repeat_pairs"], sum(found["diversity_excess"].values()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="cafés of 50 to 1200 people")
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=5.0)
    args = parser.parse_args()
    scorer, check = load_scorer()
    print(f"figures scored with {scorer}; I/P/M/R/D = imbalance / pillar_repeats / max_meetings / "
          "repeat_pairs / diversity_excess; random = median of 5 random plans (M: their least)")
    print("| café | people | tables | pillars | rounds | attributes | engine I/P/M/R/D | random M "
          "| random R | random D | seconds | misses |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    misses = 0
    for number in range(args.first, args.first + args.count):
        scenario = large_cafe(number) if args.large else generated_cafe(number)
        randoms = [figures(check, scenario, random_plan(scenario, seed)) for seed in range(5)]
        random_meetings = min(f[2] for f in randoms)
        random_repeats = statistics.median(f[3] for f in randoms)
        random_diversity = statistics.median(f[4] for f in randoms)
        started = time.perf_counter()
        engine = figures(check, scenario, plan_rotation(scenario, seed=0,
                                                        time_limit=args.time_limit))
        seconds = time.perf_counter() - started
        flags = (["MEET"] if engine[2] > random_meetings else []) + (
            ["REPEAT"] if engine[3] > random_repeats / 10 else []) + (
            ["DIV"] if engine[4] > random_diversity / 5 else [])
        misses += bool(flags)
        pillars = len({t["pillar"] for t in scenario["tables"] if t["pillar"]})
        print(f"| {scenario['name']} | {len(scenario['participants'])} | "
              f"{len(scenario['tables'])} | {pillars} | {scenario['rounds']} | "
              f"{len(scenario['diversify'])} | {'/'.join(map(str, engine))} | {random_meetings} "
              f"| {random_repeats} | "
              f"{random_diversity} | {seconds:.1f} | {' '.join(flags)} |", flush=True)
    print(f"\n{misses} of {args.count} cafés miss a tenth or a fifth of random "
          f"(command: python bench/rotation_sweep.py{' --large' * args.large} --count {args.count} "
          f"--first {args.first} "
          f"--time-limit {args.time_limit:g}; {time.strftime('%Y-%m-%d')})")


if __name__ == "__main__":
    main()
