"""The harvest in the app: with 2,000 ideas present and grouped, how long from a posted idea to
its theme written (the worker child process, the database, the `themes` message built).

A café of 4 pillars and 40 people in its first round; 2,000 ideas (the texts of bench/harvest/
repeated under new ids) are bulk-inserted and grouped by one full regroup through the worker
(timed: this is the background regroup, embeddings included on a fresh worker). Then ideas are
posted one at a time through the service, as the group-commit writer posts them, with
HARVEST_DELAY 0 (no gathering of a burst: in a café each idea waits up to HARVEST_DELAY more)
and no regroup in between. Each posted text is one the model has not seen. Timed from the
idea committed (acknowledged to the phone; the harvest starts then) to its theme committed,
and to the `themes` message built; word clouds, which go out delayed in a café, are left out.

    .venv/bin/python bench/harvest_app_speed.py [--present 2000] [--posts 50] [--wording]
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlalchemy import func, insert, select  # noqa: E402

from app import create_app  # noqa: E402
from app.config import Config  # noqa: E402
from app.extensions import db  # noqa: E402
from app.models import Idea  # noqa: E402
from app.realtime.publisher import RecordingPublisher  # noqa: E402
from app.services import cafes, harvesting, ideas, notify, people, reads, rounds  # noqa: E402

SETS = REPO / "bench" / "harvest"


def texts() -> list[str]:
    found = []
    for name in ("labelled", "heldout"):
        with open(SETS / f"{name}.jsonl", encoding="utf-8") as f:
            found += [json.loads(line)["text"] for line in f if line.strip()]
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--present", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=50)
    parser.add_argument("--wording", action="store_true", help="HARVEST=wording")
    args = parser.parse_args(argv)
    pool = texts()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Config(
            INSTANCE_DIR=Path(tmp), DATABASE_URL=f"sqlite:///{tmp}/bench.db", SECRET_KEY="b",
            ASYNC_MODE="threading", MESSAGE_QUEUE=None, PLAN_AHEAD_TIME_LIMIT=0,
            REPLAN_DELAY=0, WORD_CLOUD_DELAY=0, IDEAS_PER_MINUTE=10_000,
            HARVEST="wording" if args.wording else "meaning", HARVEST_DELAY=0,
            REGROUP_DELAY=3600))
        app.extensions["publisher"] = RecordingPublisher()
        with app.test_request_context("/"):
            cafe = cafes.create_cafe({"tables": 4, "seats_per_table": 10, "rounds": 2}, "de")
            group = [people.join(cafe.code, {"name": f"Person {n}"}).participant
                     for n in range(40)]
            rounds.start_round(cafe)
            seats = reads.seatings(cafe)[0]
            tables = {table.id: table for table in cafe.tables}
            db.session.execute(insert(Idea), [
                {"cafe_id": cafe.id, "participant_id": person.id, "client_id": f"seed-{n:06d}",
                 "pillar_id": tables[seats[person.id]].pillar_id, "table_id": seats[person.id],
                 "round_index": 0, "text": pool[n % len(pool)]}
                for n, person in ((n, group[n % len(group)]) for n in range(args.present))])
            db.session.commit()
            started = time.perf_counter()
            assert harvesting.regroup(cafe.id)
            regroup = time.perf_counter() - started
            themed = db.session.scalar(select(func.count(Idea.id)).where(
                Idea.cafe_id == cafe.id, Idea.theme_id.is_not(None)))
            assert themed == args.present, themed

            posted, written, told = [], [], []
            place, write, tell = (harvesting.idea_posted, harvesting._write_added,
                                  notify.themes_changed)

            def timed_place(idea):
                posted.append(time.perf_counter())
                place(idea)

            def timed_write(*a):
                write(*a)  # ends with notify.themes_changed
                written.append(time.perf_counter())

            def timed_tell(cafe_):
                told.append(time.perf_counter())
                tell(cafe_)

            harvesting.idea_posted, harvesting._write_added = timed_place, timed_write
            notify.themes_changed = timed_tell
            notify.words_changed = lambda idea: None
            to_theme, to_message = [], []
            for k in range(args.posts):
                text = f"{pool[(k * 7) % len(pool)]} (Tisch {k % 9 + 1})"
                idea = ideas.post_idea(group[k % len(group)],
                                       {"client_id": f"post-{k:06d}", "text": text})[0]
                to_theme.append((told[-1] - posted[-1]) * 1000)
                to_message.append((written[-1] - posted[-1]) * 1000)
                db.session.refresh(idea)
                assert idea.theme_id is not None
        app.extensions["harvester"].stop()
    q_theme, q_message = (statistics.quantiles(t, n=20) for t in (to_theme, to_message))
    print(f"basis {'wording' if args.wording else 'meaning'}; {args.present} ideas present; "
          f"{args.posts} posts; load average {os.getloadavg()[0]:.2f}")
    print(f"regroup of {args.present} through the worker (fresh worker, embeddings included): "
          f"{regroup:.2f} s")
    print(f"posted -> theme written (committed): p50 {statistics.median(to_theme):.0f} ms, "
          f"p95 {q_theme[18]:.0f} ms, max {max(to_theme):.0f} ms")
    print(f"posted -> `themes` built for consoles and screens: p50 "
          f"{statistics.median(to_message):.0f} ms, p95 {q_message[18]:.0f} ms, max "
          f"{max(to_message):.0f} ms")
    print(f"\n`python bench/harvest_app_speed.py` on {time.strftime('%Y-%m-%d %H:%M')} UTC")


if __name__ == "__main__":
    main()
