#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: installs, lints, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh dev

# Browser tests drive Debian's chromium; never a downloaded browser. The scale tests start
# PostgreSQL, Redis and nginx themselves (tests/support/services.py) on loopback test ports
# with throwaway data: only the Debian packages are needed, not their running services.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing from Debian for the browser and scale tests: ${missing[*]} ..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

.venv/bin/ruff check .
# The slowest tests are named at the end: the suite must stay well inside CI's time.
.venv/bin/python -m pytest --durations=25 "$@"
if [ "$#" -eq 0 ]; then
  # The suite above runs on SQLite (the migrations and the scale tests on PostgreSQL too);
  # once more on PostgreSQL the service tests where the two databases could differ: group
  # commit and unique client ids, cascades and moving rows (merging, deleting), restoring
  # with fresh ids, presence upserts and the planning leases. All of tests/services passes
  # there as well (pytest --database=postgresql tests/services), in three times the time, and
  # so do tests/e2e and tests/realtime with the real server on PostgreSQL (7 minutes).
  echo "Service tests on PostgreSQL ..."
  .venv/bin/python -m pytest --database=postgresql -q \
    tests/services/test_ideas.py tests/services/test_people.py tests/services/test_merging.py \
    tests/services/test_privacy.py tests/services/test_archive.py \
    tests/services/test_presence.py tests/services/test_leases.py
fi
