"""Command line: python -m app.rotation SCENARIO.json [--seed N] [--time-limit SECONDS]

Prints the plan as JSON on stdout. A scenario that cannot be read or planned prints one line on
stderr and exits with status 2.
"""
import argparse
import json
import sys

from .planner import plan_rotation
from .scenario import ScenarioError

EXIT_UNPLANNABLE = 2


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m app.rotation",
                                     description="Plan the table rotation of a World Café.")
    parser.add_argument("scenario", help="scenario JSON file (see SPEC.md)")
    parser.add_argument("--seed", type=int, default=None,
                        help="random seed (default: the scenario's 'seed', else 0)")
    parser.add_argument("--time-limit", type=float, default=None,
                        help="seconds the search may take (default: a few seconds)")
    args = parser.parse_args(argv)
    try:
        with open(args.scenario, encoding="utf-8") as f:
            scenario = json.load(f)
        plan = plan_rotation(scenario, seed=args.seed, time_limit=args.time_limit)
    except (OSError, ValueError) as exc:  # ScenarioError and JSON errors are ValueErrors
        kind = "cannot plan" if isinstance(exc, ScenarioError) else "cannot read scenario"
        message = " ".join(str(exc).split())  # one line, whatever the cause
        print(f"rotation: {kind}: {message}", file=sys.stderr)
        return EXIT_UNPLANNABLE
    json.dump(plan, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
