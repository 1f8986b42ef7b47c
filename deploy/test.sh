#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: installs, lints, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh dev

# Browser tests drive Debian's chromium; never a downloaded browser.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests ..."
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

.venv/bin/ruff check .
# The slowest tests are named at the end: the suite must stay well inside CI's time.
.venv/bin/python -m pytest --durations=25 "$@"
