# `make run` sets up, loads the seed evidence and serves http://127.0.0.1:8000.
# `make test` runs the whole suite (browser and PostgreSQL tests skip locally when absent).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=true
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-secret DJANGO_ALLOW_ASYNC_UNSAFE=true DJANGO_CONN_MAX_AGE=0

.PHONY: run test setup lint format

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

run: setup
	$(DEV_ENV) $(BIN)/python manage.py migrate --no-input
	$(DEV_ENV) $(BIN)/python manage.py load_seed_evidence
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: setup
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/ruff check .
	$(TEST_ENV) $(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/pytest

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# `make bench` times every page at 1,000 and 100,000 claims on SQLite and PostgreSQL, then
# under gunicorn with wrk; writes bench/results/latest.md and .json (see bench/README.md).
.PHONY: bench
bench: setup
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 \
		|| echo "wrk could not be installed: throughput will be skipped"
	$(BIN)/python -m bench
