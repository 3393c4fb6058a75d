# The two commands in the README, and the steps they are made of.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast setup demo lint screenshots bench clean

# Set everything up and serve the site on http://127.0.0.1:8000 with the demo data loaded,
# with the background worker that reads admin uploads beside it; Ctrl-C stops both.
run: setup demo
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; trap 'exit 130' INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:8000

# Set everything up and run the whole test suite.
test: setup
	$(BIN)/python -m pytest

# Everyday work: everything but the slow tests (the whole corpus ingested, load tests) and the
# browser tests, in under two minutes.
test-fast: setup
	$(BIN)/python -m pytest -m "not slow and not browser"

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: setup
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo

# Refresh docs/screenshots/*.png from the browser tests (look at them afterwards).
screenshots: setup
	SAVE_SCREENSHOTS=1 $(BIN)/python -m pytest tests/browser -k screenshots

# Benchmark the site at ten times the national size on SQLite (a file in /tmp) and PostgreSQL
# (database "bench" on 127.0.0.1) and write docs/benchmarks.md; then the open data (the API's
# lists over many filter sets, the bulk downloads' build) on that PostgreSQL database, into
# its own section of the same file. Needs poppler-utils. The benchmark settings are the only
# ones that install the dev-only perf app (perf/).
BENCH_DATABASE_URL := postgres://postgres@127.0.0.1:5432/bench
bench: setup
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(40))') \
	DJANGO_SETTINGS_MODULE=ofsted_kb.settings_bench $(BIN)/python manage.py bench_site
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(40))') \
	DJANGO_SETTINGS_MODULE=ofsted_kb.settings_bench DATABASE_URL=$(BENCH_DATABASE_URL) \
	$(BIN)/python manage.py bench_open_data

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles media
