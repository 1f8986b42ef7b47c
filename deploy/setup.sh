#!/usr/bin/env bash
# Installs what the app needs into .venv and node_modules. Usage: deploy/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-$(command -v python3.11 || command -v python3)}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
requirements=requirements.txt
[ "${1:-}" = "dev" ] && requirements=requirements-dev.txt
# This machine's pip may name local mirrors that do not exist; those warnings are noise.
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements" 2>&1 \
  | { grep -v "^WARNING: Location 'file:" || true; }
npm ci --no-audit --no-fund --loglevel=error
.venv/bin/pybabel compile --statistics -d app/translations 2>&1 | grep -v '^compiling' || true
