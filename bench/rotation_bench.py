"""Benchmark the rotation engine against a random and a naive rotation.

Usage: python bench/rotation_bench.py [--quick] [--engine-seeds N]

Scenarios: the public examples in ../shared/rotation/examples plus generated cafés and Social
Golfer instances. Methods: the engine (with the scenario's seed, and the median over seeds
0..N-1, since one seed's figure can be lucky or not); a random valid assignment (median figures
over 5 seeds);
a naive rotation that shifts every traveller one table on per round. Plans are scored with
check.py when ../shared is present (else with the engine's own score_plan). The table is printed,
then once more as a Markdown section with the command and date, for docs/benchmarks.md.
"""
import argparse
import importlib.util
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from app.rotation import plan_rotation, score_plan  # noqa: E402
from app.rotation.balance import target_sizes  # noqa: E402
from app.rotation.scenario import ABSENT, parse_scenario  # noqa: E402

SHARED = REPO.parent / "shared" / "rotation"
RANDOM_SEEDS = 5
EXAMPLE_LIMITS = {"hostless-44": 3.0}  # the target: max_meetings 2 within 3 s


def load_scorer():
    """check.py's rules if the shared scorer is beside the repo, else the engine's score_plan."""
    path = SHARED / "check.py"
    if not path.exists():
        return "score_plan", score_plan
    spec = importlib.util.spec_from_file_location("rotation_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def check(scenario, plan):
        result = module.check(scenario, plan)
        if not result["valid"]:
            raise AssertionError(f"invalid plan: {result['errors'][:3]}")
        return result
    return "check.py", check


def cafe(people, tables, pillars, rounds, seed):
    """A café with one host per table, tables dealt to the pillars in turn (so some pillars own
    one table more when they do not divide evenly), and municipality and role attributes drawn
    at random."""
    rng = random.Random(seed)
    capacity = -(-people // tables)
    table_list = [{"id": f"T{t + 1}", "pillar": f"pillar-{t % pillars + 1}", "capacity": capacity}
                  for t in range(tables)]
    towns = [f"Gemeinde {n + 1}" for n in range(max(4, people // 8))]
    roles = ["Verwaltung", "Zivilgesellschaft", "Politik", "Wirtschaft"]
    participants = [{"id": f"p{n + 1}", "host_of": table_list[n]["id"] if n < tables else None,
                     "attrs": {"municipality": rng.choice(towns), "role": rng.choice(roles)}}
                    for n in range(people)]
    name = f"cafe-{people}" + (f"-{tables}t" if tables % pillars else "")
    return {"name": name, "rounds": rounds, "tables": table_list,
            "participants": participants, "diversify": ["municipality", "role"], "seed": seed}


def half_hosted(pillars, tables_per_pillar, capacity, people, rounds, towns, seed):
    """A café where every pillar owns several tables and only the first of them has a host (so
    travellers at the other tables are free to move together): municipality and role attributes
    drawn at random among `towns` towns and 4 roles."""
    rng = random.Random(seed)
    table_list = [{"id": f"T{t + 1}", "pillar": f"pillar-{t % pillars + 1}", "capacity": capacity}
                  for t in range(pillars * tables_per_pillar)]
    town_names = [f"Gemeinde {n + 1}" for n in range(towns)]
    roles = ["Verwaltung", "Zivilgesellschaft", "Politik", "Wirtschaft"]
    participants = [{"id": f"p{n + 1}", "host_of": table_list[n]["id"] if n < pillars else None,
                     "attrs": {"municipality": rng.choice(town_names), "role": rng.choice(roles)}}
                    for n in range(people)]
    return {"name": f"half-hosted-{people}", "rounds": rounds, "tables": table_list,
            "participants": participants, "diversify": ["municipality", "role"], "seed": seed}


def golfer(groups, size, rounds):
    return {"name": f"golfer-{groups}x{size}x{rounds}", "rounds": rounds,
            "tables": [{"id": f"T{t + 1}", "pillar": None, "capacity": size}
                       for t in range(groups)],
            "participants": [{"id": f"p{n + 1}", "host_of": None, "attrs": {}}
                             for n in range(groups * size)],
            "diversify": []}


def scenarios(quick):
    """(scenario, time limit) pairs."""
    found = [(json.loads(path.read_text(encoding="utf-8")), EXAMPLE_LIMITS.get(path.stem, 5.0))
             for path in sorted((SHARED / "examples").glob("*.json"))]
    found += [(cafe(40, 8, 4, 4, 1), 5.0), (cafe(60, 10, 5, 4, 5), 3.0),
              (half_hosted(4, 2, 8, 60, 4, 23, 7), 3.0),
              (cafe(120, 20, 4, 4, 2), 5.0), (cafe(600, 100, 5, 5, 3), 5.0),
              (cafe(700, 333, 5, 4, 6), 10.0), (golfer(8, 4, 9), 60.0), (golfer(6, 3, 8), 10.0)]
    if not quick:
        found += [(cafe(2000, 250, 5, 5, 4), 30.0), (golfer(8, 4, 10), 60.0)]
    return found


def random_plan(scenario, seed):
    """Valid and balanced, otherwise random: hosts home, travellers shuffled into the seats."""
    problem = parse_scenario(scenario)
    rng = random.Random(seed)
    rounds = [dict(seating) for seating in problem.fixed_raw]
    for r in range(len(rounds), problem.rounds):
        seats = _traveller_seats(problem, r)
        travellers = _travellers(problem, r)
        rng.shuffle(travellers)
        rounds.append(_seating(problem, r, dict(zip(travellers, seats, strict=True))))
    return {"rounds": rounds}


def shifted_plan(scenario):
    """The naive rotation: deal travellers to tables, then move everyone one table on per round."""
    problem = parse_scenario(scenario)
    rounds = [dict(seating) for seating in problem.fixed_raw]
    for r in range(len(rounds), problem.rounds):
        seats = _traveller_seats(problem, r)  # grouped by table
        travellers = _travellers(problem, r)
        shift = r * max(1, round(len(seats) / problem.tables))
        placed = {p: seats[(i + shift) % len(seats)] for i, p in enumerate(travellers)}
        rounds.append(_seating(problem, r, placed))
    return {"rounds": rounds}


def _travellers(problem, r):
    return [p for p in range(problem.people) if problem.present[r][p] and not problem.is_host(p)]


def _traveller_seats(problem, r):
    free = target_sizes(problem, r)
    for p in range(problem.people):
        if problem.present[r][p] and problem.is_host(p):
            free[problem.host_table[p]] -= 1
    return [t for t in range(problem.tables) for _ in range(free[t])]


def _seating(problem, r, traveller_table):
    seating = {}
    for p, pid in enumerate(problem.person_ids):
        if not problem.present[r][p]:
            table = ABSENT
        elif problem.is_host(p):
            table = problem.host_table[p]
        else:
            table = traveller_table[p]
        seating[pid] = None if table == ABSENT else problem.table_ids[table]
    return seating


def summary(figures):
    """pillar_repeats / max_meetings / repeat_pairs / imbalance / diversity_excess (summed over
    attributes)."""
    return (figures["pillar_repeats"], figures["max_meetings"], figures["repeat_pairs"],
            figures["imbalance"], sum(figures["diversity_excess"].values()))


def meetings(figures):
    """meeting_counts as "51×2" (51 pairs meet twice), "-" when nobody meets twice."""
    counts = figures["meeting_counts"]
    return " ".join(f"{pairs}×{times}" for times, pairs in counts.items()) or "-"


def median_summary(all_figures):
    return median_summary_of(map(summary, all_figures))


def median_summary_of(summaries):
    return tuple(statistics.median(column) for column in zip(*summaries, strict=True))


def fmt(values):
    return "/".join(f"{v:g}" for v in values)


def run(quick, engine_seeds):
    scorer_name, score = load_scorer()
    header = ("| scenario | people | rounds | engine P/M/R/I/D | engine meetings | engine s "
              f"| limit s | engine P/M/R/I/D, median of seeds 0-{engine_seeds - 1} (M max, "
              "D min-max) | random P/M/R/I/D (median of 5) | shift P/M/R/I/D |")
    lines = [header, "|" + "---|" * 10]
    print(f"figures scored with {scorer_name}; P/M/R/I/D = pillar_repeats / max_meetings / "
          "repeat_pairs / imbalance / diversity_excess (sum over attributes)")
    print(header)
    print(lines[1])
    for scenario, limit in scenarios(quick):
        started = time.perf_counter()
        plan = plan_rotation(scenario, time_limit=limit)
        seconds = time.perf_counter() - started
        figures = score(scenario, plan)
        engine = summary(figures)
        randoms = median_summary(score(scenario, random_plan(scenario, seed))
                                 for seed in range(RANDOM_SEEDS))
        shifted = summary(score(scenario, shifted_plan(scenario)))
        seeded = [summary(score(scenario, plan_rotation(scenario, seed=seed, time_limit=limit)))
                  for seed in range(engine_seeds)]
        spread = sorted(figures[4] for figures in seeded)
        line = (f"| {scenario.get('name', '?')} | {len(scenario['participants'])} "
                f"| {scenario['rounds']} | {fmt(engine)} | {meetings(figures)} | {seconds:.2f} "
                f"| {limit:g} | {fmt(median_summary_of(seeded))} "
                f"({max(figures[1] for figures in seeded)}, {spread[0]}-{spread[-1]}) "
                f"| {fmt(randoms)} | {fmt(shifted)} |")
        print(line, flush=True)
        lines.append(line)
    return scorer_name, lines


def print_report(command, scorer_name, lines):
    date = subprocess.run(["date", "-u"], capture_output=True, text=True).stdout.strip()
    print(
        "\n## Rotation engine\n\n"
        f"Command: `{command}` (one core), {date}. Figures scored with {scorer_name}.\n"
        "P/M/R/I/D = pillar_repeats / max_meetings / repeat_pairs / imbalance / "
        "diversity_excess (summed over the diversified attributes); lower is better. *engine "
        "meetings* = meeting_counts of that plan (51×2: 51 pairs meet twice). *engine s* is "
        "wall-clock "
        "seconds of `plan_rotation` with time limit *limit s* and the scenario's seed; the "
        "median column runs the engine again with seeds 0, 1, ...; random = valid balanced random "
        "seating (median of 5 seeds); shift = every traveller one table on per round.\n\n"
        + "\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="skip the 2000-person café and the 10-round golfer instance")
    parser.add_argument("--engine-seeds", type=int, default=5,
                        help="seeds for the engine's median column (default 5)")
    args = parser.parse_args()
    scorer_name, lines = run(args.quick, args.engine_seeds)
    command = ("python bench/rotation_bench.py" + (" --quick" if args.quick else "")
               + f" --engine-seeds {args.engine_seeds}")
    print_report(command, scorer_name, lines)


if __name__ == "__main__":
    main()
