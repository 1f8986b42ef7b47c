"""What scaling out costs and buys: bench/load.py's hall against three set-ups in one run,
with the CPU time every server process spent in each phase.

    .venv/bin/python bench/scale.py --phones 500

(a) one process on SQLite, (b) one process on PostgreSQL with Redis as message queue, (c)
three processes behind nginx on PostgreSQL and Redis (deploy/nginx-site.conf); and, to tell
the database's cost from Redis's, one process on SQLite with Redis (`--setups sqlite
sqlite-redis pg1 pg3`). PostgreSQL, Redis and nginx are started on loopback ports with
throwaway data, as the scale tests start them (tests/support/services.py); PostgreSQL runs
durable (fsync and synchronous commit on, as Debian installs it), SQLite with
synchronous=FULL as always.

Around each phase (joining, connecting, planning, idle, rotation, burst, steady, storm) it reads
utime+stime from /proc/<pid>/stat of each app process, of its children (the seat planner),
of PostgreSQL (the postmaster and its backends, live and exited), Redis, nginx, this client
process, and the whole machine's busy time (/proc/stat: other sessions' work shows as what
no measured process accounts for).
"""

import argparse
import asyncio
import contextlib
import os
import secrets
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import ROOT, measure_app, shown, start_app
from tests.support.services import (
    NginxServer,
    PostgresServer,
    RedisServer,
    Unavailable,
)

TICK = os.sysconf("SC_CLK_TCK")
# name -> (database, Redis as message queue, processes). "sqlite-redis" is no deployment: it
# tells what Redis alone costs (the queue, and the rate-limit buckets kept there).
SETUPS = {"sqlite": ("sqlite", False, 1), "sqlite-redis": ("sqlite", True, 1),
          "pg1": ("postgresql", True, 1), "pg3": ("postgresql", True, 3)}


def process_table() -> dict[int, tuple[int, float, float]]:
    """pid -> (parent pid, own CPU seconds, CPU seconds of its reaped children)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue  # it ended meanwhile
        # The command name may hold spaces and parentheses: the fields follow the last ')'.
        fields = raw[raw.rindex(")") + 2:].split()
        table[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK,
                                  (int(fields[13]) + int(fields[14])) / TICK)
    return table


def descendants(table: dict, root: int) -> list[int]:
    found, frontier = [], [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _, _) in table.items() if ppid == parent]
        found += children
        frontier += children
    return found


def own_seconds(table: dict, pid: int) -> float:
    return table[pid][1] if pid in table else 0.0


def children_seconds(table: dict, pid: int) -> float:
    """What a process's children spent: the reaped ones are in its own record, the live
    ones (and theirs) in theirs."""
    if pid not in table:
        return 0.0
    return table[pid][2] + sum(table[c][1] + table[c][2] for c in descendants(table, pid))


def machine_busy_seconds() -> float:
    """CPU seconds all cores spent on anything but idling, since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = values[3], values[4]
    return (sum(values[:8]) - idle - iowait) / TICK


class CpuMeter:
    """Reads every measured process's CPU seconds around each phase."""

    def __init__(self, apps: list[int], services: dict[str, int]):
        self.apps = apps
        self.services = services  # name -> pid of a server counted with its children
        self.phases: dict[str, dict[str, float]] = {}

    def read(self) -> dict[str, float]:
        table = process_table()
        seconds = {f"app {n + 1}": own_seconds(table, pid) for n, pid in enumerate(self.apps)}
        seconds["planner"] = sum(children_seconds(table, pid) for pid in self.apps)
        for name, pid in self.services.items():
            seconds[name] = own_seconds(table, pid) + children_seconds(table, pid)
        seconds["client"] = own_seconds(table, os.getpid())
        seconds["machine"] = machine_busy_seconds()
        return seconds

    @contextlib.contextmanager
    def phase(self, name: str):
        load = os.getloadavg()[0]
        before, began = self.read(), time.perf_counter()
        yield
        after, wall = self.read(), time.perf_counter() - began
        spent = {key: after[key] - before[key] for key in after}
        spent["wall"], spent["load"] = wall, load
        self.phases[name] = spent


def postmaster_pid(server: PostgresServer) -> int:
    return int((server.data / "postmaster.pid").read_text().split("\n", 1)[0])


async def run_setup(name: str, args, postgres: PostgresServer | None,
                    redis: RedisServer | None) -> tuple[dict, CpuMeter]:
    database, queued, processes = SETUPS[name]
    settings = {"SECRET_KEY": secrets.token_hex(16),  # one key for all processes
                "PLAN_AHEAD_TIME_LIMIT": str(args.plan_ahead)}
    services = {}
    if database == "postgresql":
        settings["DATABASE_URL"] = postgres.create_database(f"bench_{name}_{os.getpid()}")
        services["postgresql"] = postmaster_pid(postgres)
    if queued:
        settings["MESSAGE_QUEUE"] = redis.url
        services["redis"] = redis.process.pid
    if processes > 1:
        settings["TRUSTED_PROXIES"] = "1"
    servers = []
    nginx = None
    try:
        # One after the other: the first migrates the empty database.
        for _ in range(processes):
            servers.append(start_app(args.mode, ROOT, **settings))
        url = servers[0][1]
        if processes > 1:
            nginx = NginxServer([int(u.rsplit(":", 1)[1]) for _, u in servers]).start()
            url = nginx.url
            services["nginx"] = nginx.process.pid
        meter = CpuMeter([server.pid for server, _ in servers], services)
        figures = await measure_app([server.pid for server, _ in servers], url, args.phones,
                                    0, args.steady_seconds, meter.phase, args.idle_seconds,
                                    args.joining)
        if nginx:
            held = [0] * processes
            ports = [u.rsplit(":", 1)[1] for _, u in servers]
            for addresses in nginx.routes().values():
                for address in addresses:
                    held[ports.index(address.rsplit(":", 1)[1])] += 1
            figures["devices_per_process"] = " / ".join(map(str, held))
    finally:
        if nginx:
            nginx.remove()
        for server, _ in servers:
            server.kill()
            server.wait()
    return figures, meter


def report(setups: list[tuple[str, dict, CpuMeter]], phones: int, idle_seconds: float) -> None:
    names = [name for name, _, _ in setups]
    print("\n### Figures\n")
    print("| figure | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    rows = [
        ("phones connected / refused", lambda f: f"{f['connected']} / {f['refused']}"),
        ("seconds to connect them", lambda f: shown(f["connect_s"])),
        ("server memory per phone, KiB (all app processes)",
         lambda f: shown(f["kib_per_phone"])),
        ("rotation: last phone has its seat, ms", lambda f: shown(f["rotation_last_seat_ms"])),
        ("burst: acked / at moderator / stored / twice",
         lambda f: f"{f['burst_acked']} / {f['burst_at_moderator']} / {f['burst_stored']}"
                   f" / {f['burst_doubled']}"),
        ("burst: ideas per second", lambda f: shown(f["burst_ideas_per_s"])),
        ("steady 50/s: p50 / p95 emit to moderator, ms",
         lambda f: f"{shown(f['steady_p50_ms'])} / {shown(f['steady_p95_ms'])}"),
        # A phone whose connect was not answered within load.py's 30 s counts as not back,
        # though it may get its state later: the second figure waits a minute for that.
        ("storm: connects answered in 30 s / all with state",
         lambda f: f"{f['storm_reconnected']} / {f['storm_all_state']}"),
        ("storm: seconds until all had state", lambda f: shown(f["storm_s"])),
        ("storm: slowest moderator answer, ms", lambda f: shown(f["storm_moderator_max_ms"])),
        ("devices per process (nginx log)", lambda f: f.get("devices_per_process", "–")),
    ]
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(f) for _, f, _ in setups) + " |")

    print("\n### CPU seconds per phase (wall s, load average at its start)\n")
    columns = ["app (sum)", "planner", "postgresql", "redis", "nginx", "servers (sum)",
               "client", "machine"]
    print("| set-up | phase | wall s | load | " + " | ".join(columns) + " | app per process |")
    print("|---|---|---|---|" + "---|" * len(columns) + "---|")
    for name, _, meter in setups:
        for phase in meter.phases:
            spent = meter.phases[phase]
            apps = [spent[k] for k in spent if k.startswith("app ")]
            servers = sum(apps) + sum(spent.get(k, 0.0) for k in
                                      ("planner", "postgresql", "redis", "nginx"))
            cells = [sum(apps), spent["planner"], spent.get("postgresql"), spent.get("redis"),
                     spent.get("nginx"), servers, spent["client"], spent["machine"]]
            print(f"| {name} | {phase} | {spent['wall']:.1f} | {spent['load']:.2f} | "
                  + " | ".join("–" if c is None else f"{c:.2f}" for c in cells)
                  + " | " + " / ".join(f"{a:.2f}" for a in apps) + " |")

    print("\n### Server CPU per unit (ms; app processes, then PostgreSQL + Redis + nginx)\n")
    print("| per | " + " | ".join(names) + " |")
    print("|---|" + "---|" * len(names))
    units = [("joining phone (HTTP)", "join", phones), ("connecting phone", "connect", phones),
             ("seat sent at rotation", "rotation", phones), ("idea in the burst", "burst", phones),
             ("steady idea", "steady", None), ("phone back in the storm", "storm", phones),
             ("phone held for a second, idle", "idle", phones * idle_seconds)]
    for label, phase, count in units:
        if phase not in setups[0][2].phases:
            continue
        cells = []
        for _, figures, meter in setups:
            spent = meter.phases[phase]
            per = count or figures["steady_sent"]
            app = sum(spent[k] for k in spent if k.startswith("app "))
            rest = sum(spent.get(k, 0.0) for k in ("postgresql", "redis", "nginx"))
            cells.append(f"{app / per * 1000:.3g} + {rest / per * 1000:.3g}")
        print(f"| {label} | " + " | ".join(cells) + " |")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--mode", default="eventlet")
    parser.add_argument("--steady-seconds", type=float, default=10)
    parser.add_argument("--idle-seconds", type=float, default=20,
                        help="the hall sits connected and silent this long (the app pings "
                             "every 10 s and beats its presence heartbeat every 10 s)")
    parser.add_argument("--joining", type=int, default=10,
                        help="people joining at a time (load.py: 50; one process on "
                             "PostgreSQL starved joins of pooled connections for 30 s then)")
    parser.add_argument("--plan-ahead", type=float, default=5,
                        help="PLAN_AHEAD_TIME_LIMIT of the servers: the search for a better "
                             "plan while phones join (the bench waits for it)")
    parser.add_argument("--setups", nargs="+", default=["sqlite", "pg1", "pg3"],
                        choices=list(SETUPS))
    args = parser.parse_args()
    print(f"scale benchmark: {args.phones} phones, {args.mode}, set-ups {args.setups}, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores")
    postgres = redis = None
    setups = []
    try:
        if any(SETUPS[name][0] == "postgresql" for name in args.setups):
            postgres = PostgresServer(durable=True).start()
        if any(SETUPS[name][1] for name in args.setups):
            redis = RedisServer().start()
        for name in args.setups:
            figures, meter = await run_setup(name, args, postgres, redis)
            setups.append((name, figures, meter))
            print(f"{name} done at load average {os.getloadavg()[0]:.2f}", flush=True)
    except Unavailable as exc:
        sys.exit(f"scale benchmark: {exc}")
    finally:
        if redis:
            redis.remove()
        if postgres:
            postgres.remove()
    report(setups, args.phones, args.idle_seconds)


if __name__ == "__main__":
    asyncio.run(main())
