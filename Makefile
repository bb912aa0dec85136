# Takeover Meter. `make run` to serve locally, `make test` for the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run install migrate load test lint format collectstatic clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input

load: migrate
	DEBUG=1 $(BIN)/python manage.py load_editorial

run: load
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Tests use plain static storage (no manifest), a dummy key and DEBUG off.
test: lint
	SECRET_KEY=test-only STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage \
		$(BIN)/python -m pytest $(PYTEST_ARGS)

collectstatic: install
	SECRET_KEY=collectstatic-only $(BIN)/python manage.py collectstatic --no-input -v0

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache db.sqlite3
