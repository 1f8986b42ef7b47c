"""bench/scale.py, whose figures docs/benchmarks.md records, runs end to end with a few phones:
the single SQLite process and the three behind nginx serve the whole hall, and the CPU of
every server process is read."""

import shutil
import subprocess
import sys

import pytest

from tests.support.live_server import ROOT
from tests.support.services import (
    NginxServer,
    PostgresServer,
    RedisServer,
    Unavailable,
    require,
)

pytestmark = [pytest.mark.server, pytest.mark.scale]

PHONES = 4
# The two ends (a bench run of all four set-ups is 80 s of CI): pg3 has every server in it.
SETUPS = ("sqlite", "pg3")


def installed(what: str, make) -> None:
    """Skip (or, in CI, fail) as the other scale tests do when a server is not installed; the
    bench starts its own."""
    try:
        server = make()
    except Unavailable as exc:
        require(what, str(exc))
    shutil.rmtree(server.dir, ignore_errors=True)


def table(output: str, heading: str) -> list[list[str]]:
    """The rows of the markdown table under `### heading`, split into cells."""
    section = output.split(f"### {heading}", 1)[1].split("###", 1)[0]
    rows = [line.strip("|").split(" | ") for line in section.splitlines()
            if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]  # without the header


def test_the_scale_bench_runs_every_setup_with_a_few_phones():
    installed("PostgreSQL", PostgresServer)
    installed("Redis", RedisServer)
    installed("nginx", lambda: NginxServer([]))
    done = subprocess.run(
        [sys.executable, "bench/scale.py", "--phones", str(PHONES), "--setups", *SETUPS,
         "--steady-seconds", "1", "--idle-seconds", "1", "--plan-ahead", "1"],
        cwd=ROOT, capture_output=True, text=True, timeout=280)
    assert done.returncode == 0, done.stderr[-3000:]

    figures = {row[0]: row[1:] for row in table(done.stdout, "Figures")}
    assert figures["phones connected / refused"] == [f"{PHONES} / 0"] * len(SETUPS)
    assert figures["burst: acked / at moderator / stored / twice"] == [
        f"{PHONES} / {PHONES} / {PHONES} / 0"] * len(SETUPS)
    assert figures["storm: connects answered in 30 s / all with state"] == [
        f"{PHONES} / True"] * len(SETUPS)
    # nginx logged every phone's device on one process (its first WebSocket ended in the
    # storm); the moderator's only when its socket closes at the end, which may come late.
    spread = figures["devices per process (nginx log)"][-1].split(" / ")
    assert len(spread) == 3 and PHONES <= sum(map(int, spread)) <= PHONES + 1

    cpu = {(row[0], row[1]): row for row in table(done.stdout, "CPU seconds per phase")}
    for setup in SETUPS:
        for phase in ("join", "connect", "idle", "rotation", "burst", "steady", "storm"):
            row = cpu[(setup, phase)]
            per_process = row[-1].split(" / ")
            assert len(per_process) == (3 if setup == "pg3" else 1)
        # Joining and connecting cost the app processes CPU time: the reading is real.
        assert float(cpu[(setup, "join")][4]) > 0
    header = ["app (sum)", "planner", "postgresql", "redis", "nginx"]
    measured = {"sqlite": {"app (sum)", "planner"}, "pg3": set(header)}
    for setup, servers in measured.items():
        row = cpu[(setup, "join")]
        for column, cell in zip(header, row[4:9], strict=True):
            assert (cell != "–") == (column in servers), (setup, column, cell)
    assert float(cpu[("pg3", "join")][6]) > 0  # PostgreSQL's backends wrote the joins
