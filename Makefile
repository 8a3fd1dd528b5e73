# Growth Hub Matchmaker: `make run` to try it, `make test` to test it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# compat mode: a plain path entry, so scripts run from bench/ import the package normally.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e . --config-settings editable_mode=compat
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]' --config-settings editable_mode=compat
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-fund --no-audit --loglevel=error

matchmaker/static/dist/app.css: node_modules/.package-lock.json matchmaker/static/scss/app.scss
	npm run --silent build

.PHONY: install
install: $(VENV)/.installed matchmaker/static/dist/app.css ## Install Python and front-end dependencies

.PHONY: db
db: install ## Create or migrate the database
	$(FLASK) db upgrade

.PHONY: demo
demo: db ## Load demo data (safe to repeat)
	$(FLASK) demo load

.PHONY: run
run: demo ## Install, migrate, load demo data and serve on http://localhost:5000
	@echo "Serving on http://localhost:$(PORT) (e-mails are written to this log). Ctrl+C stops."
	@trap 'kill 0' EXIT; $(FLASK) worker --interval 2 & $(FLASK) run --host 127.0.0.1 --port $(PORT)

.PHONY: chromium
chromium: ## Install Debian's Chromium for the browser tests, if missing
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

.PHONY: lint
lint: $(VENV)/.installed-test ## Check style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: test
test: $(VENV)/.installed-test matchmaker/static/dist/app.css chromium lint ## Run every test (SQLite, then PostgreSQL if TEST_DATABASE_URL is set)
	TEST_DATABASE_URL= $(BIN)/pytest -n auto -p no:cacheprovider
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "Running the suite again on PostgreSQL"; \
		$(BIN)/pytest -n auto -p no:cacheprovider; \
	fi

.PHONY: clean
clean: ## Remove the virtualenv, built assets and the local database
	rm -rf $(VENV) node_modules matchmaker/static/dist instance
