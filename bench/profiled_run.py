"""run.py under cProfile, for bench/load.py --profile: the server's own time (all greenlets
together) written to the file named first when the process is told to stop (SIGTERM).

    .venv/bin/python bench/profiled_run.py /tmp/server.prof      (environment as for run.py)
    .venv/bin/python -m pstats /tmp/server.prof      (then: sort tottime, stats 40)

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

    def stop(_signal, _frame):
        profiler.disable()
        profiler.dump_stats(output)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    sys.path.insert(0, str(ROOT))
    profiler.enable()
    runpy.run_path(str(ROOT / "run.py"), run_name="__main__")


if __name__ == "__main__":
    main()
