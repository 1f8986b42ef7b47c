#!/usr/bin/env bash
# One command from a fresh clone to a running café: installs, migrates, starts with a demo café.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/setup.sh
exec .venv/bin/python run.py --demo "$@"
