# Dân Vận Số — two commands: `make demo` and `make test`. Both are safe to run again.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DANVAN := $(BIN)/danvan
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/danvan
# `make test PYTEST_ARGS="-k units"` to narrow the suite.
PYTEST_ARGS ?=
# The suite runs on every core (pytest-xdist: one test database per worker); `XDIST=` for one.
XDIST ?= -n auto

.PHONY: demo test test-pg setup setup-dev assets messages chromium db lint typecheck migrations-check \
        serve worker bench chaos national clean

## make demo: set up, load demo data, print demo logins, serve at http://127.0.0.1:8000
demo: setup assets messages db
	$(DANVAN) collectstatic --noinput -v0
	$(DANVAN) seed --profile demo
	@echo ""
	@echo "Dân Vận Số đang chạy tại / is serving at http://$(HOST):$(PORT)  (Ctrl+C để dừng / to stop)"
	@# The background worker (reminders, escalations, registering API submissions) runs beside
	@# the web server and stops with it. It waits out database outages by itself; should it
	@# stop all the same (status other than 0), the loop starts it again after 2 s. Its
	@# warnings go to data/worker.log.
	@( trap 'kill $$pid 2>/dev/null; exit 0' TERM; \
	   while :; do \
	     $(DANVAN) worker --interval 1 >/dev/null 2>>"$${DATA_DIR:-data}/worker.log" & pid=$$!; \
	     wait $$pid && break; \
	     echo "The worker stopped (status $$?): starting it again in 2 s" >&2; sleep 2; \
	   done ) & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(DANVAN) runserver $(HOST):$(PORT) --noreload

## make test: dev dependencies, lint, type check, migrations check, the whole suite (browser tests too)
test: setup-dev assets messages chromium lint typecheck migrations-check
	$(BIN)/pytest $(XDIST) $(PYTEST_ARGS)

## make test-pg: the suite again on PostgreSQL (127.0.0.1:5432, user postgres), but for the
## browser journeys: they run on SQLite in `make test` and test pages, not the database, and
## running them twice took CI past 45 minutes (docs/decisions/0029, "CI time").
PG_MARKERS ?= -m "not browser"
test-pg: setup-dev assets messages
	DATABASE_URL=$(PG_URL) $(BIN)/pytest $(XDIST) $(PG_MARKERS) $(PYTEST_ARGS)

$(VENV)/.created:
	@$(PY) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required: install it, or run make PY=/path/to/python3.11")'
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@touch $@

$(VENV)/.runtime: $(VENV)/.created pyproject.toml
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime pyproject.toml
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is required for the front-end assets: apt-get install npm"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

assets: node_modules/.package-lock.json

# Translations are compiled at set-up (the .mo files are build output, not committed).
messages: setup
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	  else echo "msgfmt is missing: run 'sudo apt-get install gettext' and try again"; exit 1; fi; }
	cd src/danvan && ../../$(DANVAN) compilemessages -v0 --ignore='.venv/*'

# Browser tests drive Debian's chromium (never a downloaded browser).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: run 'sudo apt-get install chromium' and try again"; exit 1; fi; }

db: setup
	$(DANVAN) migrate --noinput -v0
	$(DANVAN) createcachetable

lint: setup-dev
	$(BIN)/ruff check src tests bench

typecheck: setup-dev
	$(BIN)/mypy

migrations-check: setup-dev
	$(DANVAN) makemigrations --check --dry-run -v1

serve: setup db
	$(DANVAN) runserver $(HOST):$(PORT)

## make worker: run the background task worker (django-tasks, database backend)
worker: setup db
	$(DANVAN) worker

## make national: the whole national network (34 provinces, 3,321 communes) for benchmarks
national: setup db
	$(DANVAN) seed --profile national

## make bench: benchmarks against PostgreSQL; figures go to docs/benchmarks.md
bench: setup-dev
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else echo "wrk is missing: run 'sudo apt-get install wrk' and try again"; exit 1; fi; }
	DATABASE_URL=$(PG_URL) $(BIN)/python bench/run.py

## make chaos: PostgreSQL restarted under a load of submissions, on a private server of its own
chaos: setup
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "make chaos starts a private PostgreSQL: install its server programs (sudo apt-get install postgresql)"; exit 1; }
	$(BIN)/python bench/chaos.py

clean:
	rm -rf $(VENV) node_modules staticfiles
