#!/usr/bin/env bash
# Runs the project's benchmark command (`manage.py bench`) with the development settings.
# Extra arguments go to the command: bash scripts/bench.sh --help
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DJANGO_SETTINGS_MODULE=intranet.settings.dev
exec .venv/bin/python manage.py bench "$@"
