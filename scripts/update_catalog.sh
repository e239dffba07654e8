#!/usr/bin/env bash
# Re-extract the French catalog as `make messages` does (file names only as locations, so that
# moving code does not rewrite the catalog), without compiling it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-intranet.settings.test} .venv/bin/python manage.py makemessages -l fr \
    --add-location=file --ignore=.venv --ignore=var --ignore=node_modules --ignore=tests >/dev/null
