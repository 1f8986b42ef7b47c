"""run.py under cProfile, for bench/load.py --profile: the server's own time (all greenlets
together) written to the file named first when the process is told to stop (SIGTERM).

    .venv/bin/python bench/profiled_run.py /tmp/server.prof      (environment as for run.py)
    .venv/bin/python -m pstats /tmp/server.prof      (then: sort tottime, stats 40)

SIGUSR1 closes the figures so far into `<file>.<n>` (n = 1, 2, ...) and starts afresh, so
that a phase of a benchmark (bench/load.py marks each) is read on its own.

Under eventlet or gevent a greenlet's wait is counted in the function that switched away
(the hub's), so read tottime (time in a function itself), not cumulative time.
"""

import cProfile
import runpy
import signal
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    output = sys.argv.pop(1)
    profiler = cProfile.Profile()
    closed = 0

    def stop(_signal, _frame):
        profiler.disable()
        profiler.dump_stats(output)
        sys.exit(0)

    def next_phase(_signal, _frame):
        nonlocal closed
        # The stop may follow at once: it waits until this file is whole.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        closed += 1
        profiler.dump_stats(f"{output}.{closed}")  # stops the profiler
        profiler.clear()
        profiler.enable()
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGUSR1, next_phase)
    sys.path.insert(0, str(ROOT))
    profiler.enable()
    runpy.run_path(str(ROOT / "run.py"), run_name="__main__")


if __name__ == "__main__":
    main()
