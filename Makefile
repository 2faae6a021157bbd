# `make run` sets up, loads the seed evidence and serves http://127.0.0.1:8000.
# `make test` runs the whole suite (browser and PostgreSQL tests skip locally when absent).
# `make serve` serves in production with gunicorn (README, "Deployment").
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=true
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-secret DJANGO_ALLOW_ASYNC_UNSAFE=true DJANGO_CONN_MAX_AGE=0
# Production as an operator runs it: DEBUG off, HTTPS, a secret as long as `check --deploy` wants.
DEPLOY_CHECK_ENV := env -u DJANGO_ALLOW_ASYNC_UNSAFE DJANGO_DEBUG=false DJANGO_PLAIN_HTTP=false \
	DJANGO_SECRET_KEY=deploy-check-only-not-a-secret-0123456789abcdefghijklmnop

.PHONY: run serve test setup lint format

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

# The operator's environment (DJANGO_SECRET_KEY, DATABASE_URL, DJANGO_ALLOWED_HOSTS, ...), plus
# WEB_CONCURRENCY (gunicorn workers, default 2) and SERVE_ADDRESS (default 127.0.0.1:8000).
serve: setup
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input
	$(BIN)/gunicorn -c python:ketamine_ref.gunicorn_conf

test: setup
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(DEPLOY_CHECK_ENV) $(BIN)/python manage.py check --deploy --fail-level WARNING
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

# `make load-fault` serves the app with gunicorn on a fresh PostgreSQL database while simulated
# reviewers comment and readers browse, restarts PostgreSQL once, then checks that every
# acknowledged comment was stored (bench/fault.py; about 90 s; restarts the local cluster).
.PHONY: load-fault
load-fault: setup
	$(BIN)/python -m bench.fault
