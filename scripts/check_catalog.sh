#!/usr/bin/env bash
# Every user-facing string must have its French translation. Extract the messages again (as
# `make messages` would) and check the result, then put the committed catalog back untouched.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
saved=$(mktemp -d)
cp -a locale "$saved/"
restore() { rm -rf locale && cp -a "$saved/locale" locale && rm -rf "$saved"; }
trap restore EXIT
.venv/bin/python manage.py makemessages -l fr --add-location=file --ignore=.venv --ignore=var --ignore=node_modules \
    --ignore=tests >/dev/null
.venv/bin/python scripts/check_translations.py
