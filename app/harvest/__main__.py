"""Command line: python -m app.harvest IDEAS.jsonl [--wording]

Reads one idea a line, {"id", "pillar", "text"}, and prints {"basis", "groups", "merges",
"themes"} as JSON on stdout. Input that cannot be read prints one line on stderr and exits
with status 2.

python -m app.harvest --serve [--wording] runs as the app's worker instead (serve.py).
"""
import argparse
import json
import sys

from .core import Idea, group
from .serve import serve
from .vectors import load_model

EXIT_BAD_INPUT = 2


def read_ideas(path: str) -> list[Idea]:
    ideas = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            try:
                ideas.append(Idea(record["id"], str(record["pillar"]), str(record["text"])))
            except (KeyError, TypeError) as exc:
                raise ValueError(f"line {number}: needs id, pillar and text") from exc
    return ideas


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m app.harvest",
                                     description="Group a café's ideas into themes per pillar.")
    parser.add_argument("ideas", nargs="?",
                        help='JSON lines file: {"id", "pillar", "text"} per line')
    parser.add_argument("--wording", action="store_true",
                        help="compare wording only, without the meaning model")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for the model (default: one or two, as they pay off)")
    parser.add_argument("--serve", action="store_true",
                        help="run as the app's worker: JSON requests on stdin (serve.py)")
    args = parser.parse_args(argv)
    if args.serve:
        return serve(args.wording)
    if args.ideas is None:
        parser.print_usage(sys.stderr)
        print("harvest: IDEAS.jsonl is needed (or --serve)", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        ideas = read_ideas(args.ideas)
        result = group(ideas, None if args.wording else load_model(args.threads))
    except (OSError, ValueError) as exc:  # JSON errors are ValueErrors
        print(f"harvest: cannot read ideas: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    json.dump(result.as_json(), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
