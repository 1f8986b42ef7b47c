"""Start at once: the time from `start_round` to the last phone's seat, with the seating planned
ahead while people join (issue 15), in the café this app was made for.

    .venv/bin/python bench/start_bench.py [--mode eventlet] [--plan-ahead 20] [--runs 3]

The real server (run.py, one process, SQLite) with 60 phones: 4 pillars x 2 tables of 8, a
host at one table per pillar, 4 rounds, 23 municipalities, 4 roles. The phones join and
connect, the hosts are set, the server plans in the background (a quick plan, then
--plan-ahead seconds; 0: none, the first Start plans); once it is done every round is
started and ended in turn. Printed per
run: how long the planning ahead took, the start_round answer and the last phone's seat per
round (ms), and the plan's figures (most rounds one pair shares, extra meetings, pillar
repeats).
"""

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import Phone, connect_all, free_port, start, wait_until

PEOPLE = 60
ROUNDS = 4
ROLES = ["Verwaltung", "Zivilgesellschaft", "Politik", "Wirtschaft"]
TOWNS = [f"Gemeinde {n + 1}" for n in range(23)]


async def one_run(mode: str, plan_ahead: float, seed: int) -> dict:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    folder = tempfile.mkdtemp()
    env = {"HOST": "127.0.0.1", "PORT": str(port), "ASYNC_MODE": mode, "INSTANCE_PATH": folder,
           "DATABASE_URL": f"sqlite:///{folder}/start.db",
           "PLAN_AHEAD_TIME_LIMIT": str(plan_ahead)}
    server = start([sys.executable, "run.py"], env, port)
    rng = random.Random(seed)
    try:
        async with aiohttp.ClientSession() as session:
            async with session.post(f"{url}/api/cafes", json={
                    "tables": 8, "seats_per_table": 8, "rounds": ROUNDS, "roles": ROLES,
                    "round_minutes": 20}) as response:
                links = await response.json()
            code = links["code"]
            tokens = []
            for n in range(PEOPLE):  # one after the other, as people arrive
                async with session.post(f"{url}/api/cafes/{code}/participants", json={
                        "name": f"Person {n}", "organisation": rng.choice(TOWNS),
                        "role": rng.choice(ROLES)}) as response:
                    tokens.append((await response.json())["token"])
        moderator = Phone("/moderator", {"token": links["moderator_url"].rsplit("/", 1)[1]})
        await moderator.connect(url)
        phones = [Phone("/participant", {"token": t, "code": code}) for t in tokens]
        assert await connect_all(phones, url) == PEOPLE
        state = (await moderator.call("get_state"))["state"]
        for person, table in zip(state["participants"], state["cafe"]["tables"][:4],
                                 strict=False):
            assert (await moderator.call("set_host", {"participant_id": person["id"],
                                                      "table_id": table["id"]}))["ok"]
        hosts_set = time.perf_counter()
        await asyncio.sleep(1)  # REPLAN_DELAY: the search starts after the changes settle

        async def searching() -> bool:
            return (await moderator.call("get_state"))["state"]["planning"]["searching"]

        while await searching():
            await asyncio.sleep(0.2)
        figures = {"planning_s": time.perf_counter() - hosts_set, "answer_ms": [],
                   "last_seat_ms": []}
        if plan_ahead:
            plan = (await moderator.call("get_plan"))["plan"]
            assert plan["planned_rounds"] == list(range(ROUNDS)), plan["planned_rounds"]
        for _round in range(ROUNDS):
            since = time.perf_counter()
            answer = await moderator.call("start_round")
            figures["answer_ms"].append((time.perf_counter() - since) * 1000)
            assert answer["ok"], answer
            assert await wait_until(lambda s=since: all(p.first_after("state", s)
                                                        for p in phones), 30)
            last = max(p.first_after("state", since) for p in phones)
            figures["last_seat_ms"].append((last - since) * 1000)
            assert (await moderator.call("end_round"))["ok"]
        figures["plan"] = (await moderator.call("get_plan"))["plan"]["figures"]  # as played
        for phone in [*phones, moderator]:
            await phone.client.disconnect()
        return figures
    finally:
        server.kill()
        server.wait()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", default="eventlet")
    parser.add_argument("--plan-ahead", type=float, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"start benchmark: {PEOPLE} phones, {args.mode}, plan ahead {args.plan_ahead:g} s, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print("| run | planning ahead s | start_round answer ms (rounds 1-4) | last seat ms "
          "(rounds 1-4) | M / extra meetings / P |")
    print("|---|---|---|---|---|")
    seats = []
    for run in range(args.runs):
        f = await one_run(args.mode, args.plan_ahead, run)
        seats += f["last_seat_ms"]
        p = f["plan"]
        print(f"| {run + 1} | {f['planning_s']:.1f} | "
              f"{' / '.join(f'{v:.0f}' for v in f['answer_ms'])} | "
              f"{' / '.join(f'{v:.0f}' for v in f['last_seat_ms'])} | "
              f"{p['max_meetings']} / {p['repeat_pairs']} / {p['pillar_repeats']} |")
    print(f"last seat: median {statistics.median(seats):.0f} ms, worst {max(seats):.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
