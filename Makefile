# Takeover Meter. `make run` to serve locally, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve edge install migrate load dataset test lint format collectstatic clean bench bench-db bench-search load-test load-test-responses lighthouse fonts

# The raw research data (only `make dataset` needs it; the site ships the result).
RAW_DATA ?= ../shared/data

$(STAMP): pyproject.toml
	@echo "Installing into $(VENV): about a minute the first time, then only when pyproject.toml changes."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input

# Editorial files first: an editorial file replaces the data-built one it covers.
load: migrate
	DEBUG=1 $(BIN)/python manage.py load_editorial
	DEBUG=1 $(BIN)/python manage.py import_dataset

# Build this quarter's draft data release from the raw files (after replaying
# the shipped ones); review and publish it in the admin. QUARTER=2027-q1 picks one.
dataset: migrate
	DEBUG=1 $(BIN)/python manage.py load_editorial
	DEBUG=1 $(BIN)/python manage.py import_dataset
	DEBUG=1 $(BIN)/python manage.py import_dataset --raw $(RAW_DATA) $(if $(QUARTER),--quarter $(QUARTER))

run: load
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production on one machine (docs/deploy.md): nginx on $(HOST):$(SERVE_PORT)
# in front of gunicorn's sync workers (WORKERS, default 2 x cores + 1) on a
# unix socket in var/serve/; Ctrl-C stops both. SECRET_KEY, DATABASE_URL,
# REDIS_URL and the rest come from the environment; migrate first.
SERVE_PORT ?= 8080
serve: collectstatic
	NGINX_LISTEN=$(HOST):$(SERVE_PORT) $(if $(WORKERS),WORKERS=$(WORKERS)) bash deploy/serve

# The same behind the edge cache (docs/deploy.md): Varnish on
# $(HOST):$(EDGE_PORT) with deploy/varnish.vcl, in front of nginx on
# $(SERVE_PORT); PROXY_COUNT defaults to 2 there. Ctrl-C stops all.
EDGE_PORT ?= 8090
edge: collectstatic
	EDGE_LISTEN=$(HOST):$(EDGE_PORT) NGINX_LISTEN=$(HOST):$(SERVE_PORT) $(if $(WORKERS),WORKERS=$(WORKERS)) bash deploy/edge

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Tests use plain static storage (no manifest), a dummy key and DEBUG off,
# over plain HTTP (the live server of the browser tests has no TLS).
test: lint
	SECRET_KEY=test-only SECURE_SSL_REDIRECT=0 STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

# A scratch PostgreSQL database with the full data set, for the benchmarks.
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/meterbench
BENCH_REDIS ?= redis://127.0.0.1:6379/5
bench-db: collectstatic
	psql "$(BENCH_DB:/meterbench=/postgres)" -qc "DROP DATABASE IF EXISTS meterbench" -c "CREATE DATABASE meterbench"
	DATABASE_URL=$(BENCH_DB) DEBUG=1 $(BIN)/python manage.py migrate --no-input -v0
	DATABASE_URL=$(BENCH_DB) DEBUG=1 $(BIN)/python manage.py load_editorial
	DATABASE_URL=$(BENCH_DB) DEBUG=1 $(BIN)/python manage.py import_dataset

# Public pages under gunicorn + Redis, against Django's hello world (needs wrk).
bench: bench-db
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	DATABASE_URL=$(BENCH_DB) REDIS_URL=$(BENCH_REDIS) SECRET_KEY=bench-only $(BIN)/python bench/pages.py

# Two app servers on one database and cache; 64 connections for 60 s while a
# publisher publishes through the other server's admin (needs wrk).
load-test: bench-db
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	DATABASE_URL=$(BENCH_DB) REDIS_URL=$(BENCH_REDIS) SECRET_KEY=bench-only $(BIN)/python bench/load.py

# Readers' answers under load: 64 connections for 60 s reading role pages and
# posting answers from many simulated readers; every accepted answer stored.
load-test-responses: bench-db
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	DATABASE_URL=$(BENCH_DB) REDIS_URL=$(BENCH_REDIS) SECRET_KEY=bench-only $(BIN)/python bench/responses_load.py

# Search speed on PostgreSQL with the full data set.
bench-search: bench-db
	DATABASE_URL=$(BENCH_DB) SECRET_KEY=bench-only $(BIN)/python bench/search.py

# Lighthouse scores of the index and a role file (npm installs Lighthouse once).
lighthouse: install
	bash .ci/lighthouse

# Rebuild the subset fonts in static/fonts/ from the Fontsource npm packages
# (needs npm). fontTools is not a project dependency: it lives in its own venv.
FONT_VENV ?= $(HOME)/.cache/takeover-meter-fonts
fonts:
	test -x $(FONT_VENV)/bin/python || $(PYTHON) -m venv $(FONT_VENV)
	$(FONT_VENV)/bin/python -m pip install --quiet fonttools==4.68.0 brotli==1.2.1
	$(FONT_VENV)/bin/python tools/subset_fonts.py

collectstatic: install
	SECRET_KEY=collectstatic-only $(BIN)/python manage.py collectstatic --no-input -v0

clean:
	rm -rf $(VENV) staticfiles var .pytest_cache .ruff_cache db.sqlite3
