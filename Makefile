# Everyday commands. `make help` lists them. Everything runs from the repository root in .venv.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
PIP := $(PYTHON) -m pip --disable-pip-version-check
DEV_SETTINGS := intranet.settings.dev
MANAGE := DJANGO_SETTINGS_MODULE=$(DEV_SETTINGS) $(PYTHON) manage.py
# Extra arguments for `make bench`, e.g. make bench ARGS="--help"
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv dev-venv run test bench lint messages clean

help:
	@echo "make run        set up .venv, migrate, compile translations, seed demo data, serve on 127.0.0.1:8000"
	@echo "make test       the whole test run (system packages, quality gates, SQLite + PostgreSQL + browser tests)"
	@echo "make bench      benchmarks in-process, through gunicorn and under load (manage.py bench; ARGS="..." passes arguments)"
	@echo "make lint       ruff check"
	@echo "make messages   update locale/fr .po files and compile them"
	@echo "make venv       .venv with the runtime dependencies; make dev-venv adds the dev extra"
	@echo "make clean      remove var/ (local database and media) and caches (keeps .venv)"

venv: $(VENV)/.installed-runtime

dev-venv: $(VENV)/.installed-dev

$(PYTHON):
	$(PY) -m venv $(VENV)

$(VENV)/.installed-runtime: pyproject.toml | $(PYTHON)
	$(PIP) install --upgrade pip
	$(PIP) install --progress-bar off -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime pyproject.toml
	$(PIP) install --progress-bar off -e '.[dev]'
	touch $@

run: venv
	bash scripts/ensure_system_packages.sh gettext weasyprint
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) compilemessages --ignore=$(VENV)
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

test:
	bash scripts/test.sh

bench: dev-venv
	bash scripts/bench.sh $(ARGS)

lint: dev-venv
	$(BIN)/ruff check .

messages: venv
	bash scripts/ensure_system_packages.sh gettext
	$(MANAGE) makemessages -l fr --add-location=file --ignore=$(VENV) --ignore=var --ignore=node_modules --ignore=tests
	$(MANAGE) compilemessages --ignore=$(VENV)

clean:
	rm -rf var .pytest_cache .ruff_cache test-results build *.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
