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
  # The suite above runs on SQLite; once more on PostgreSQL the service tests that write and
  # read the most (group commit, unique ids, cascades, restore, batched reads), the leases
  # and the migrations: 215 tests in about 4 minutes on 2 busy cores. All of tests/services
  # (363) took 13 minutes there; it passes too (pytest --database=postgresql tests/services).
  echo "Service tests and migrations on PostgreSQL ..."
  .venv/bin/python -m pytest --database=postgresql -q \
    tests/services/test_ideas.py tests/services/test_people.py tests/services/test_rounds.py \
    tests/services/test_votes.py tests/services/test_moderation.py \
    tests/services/test_privacy.py tests/services/test_archive.py tests/services/test_reads.py \
    tests/services/test_cafes.py tests/services/test_seating.py tests/services/test_leases.py \
    tests/test_migrations.py
fi
