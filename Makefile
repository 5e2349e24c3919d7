# Tweede Spoor Online: `make run` serves the demo portal, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
# Links in mails and on PDF overviews point at the port the portal is served on.
export BASE_URL ?= http://127.0.0.1:$(PORT)
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/test
# pytest-xdist processes: one per core (each has a database or schema of its own).
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -n $(TEST_WORKERS)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-sqlite test-postgres install install-test system-deps migrate seed lint bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test system-deps

# Operating-system packages some features need (PDF rendering, the browser suite).
# Installed only where we are root with apt; elsewhere those parts skip with a clear line.
system-deps:
	@bash scripts/system-deps.sh

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

# With REDIS_URL set, PDF overviews go to RQ: a worker runs beside the server and stops with
# it. Without it the server's own thread works the database queue (nothing else to start).
run: migrate
	$(FLASK) seed-demo --no-logins
	@echo ""
	@echo "Tweede Spoor Online draait op http://127.0.0.1:$(PORT)"
	@$(PY) -c "from portal.demo import print_logins; print_logins()"
	@if [ -n "$$REDIS_URL" ]; then \
		echo "Achtergrondtaken: worker op $$REDIS_URL"; \
		$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	fi; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-test
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

# Tests marked `timing` compare wall-clock times (equal answers for unknown accounts, a
# linear parser): they run alone after the parallel run, where no other test shares the cores.
test-sqlite:
	@echo "== tests on SQLite"
	$(PYTEST) -m "not timing"
	$(PY) -m pytest -q -m timing

test-postgres:
	@if $(PY) scripts/pg_ready.py "$(PG_TEST_URL)"; then \
		echo "== tests on PostgreSQL ($(PG_TEST_URL))"; \
		TEST_DATABASE_URL="$(PG_TEST_URL)" $(PYTEST) --ignore=tests/e2e -m "not timing" && \
		TEST_DATABASE_URL="$(PG_TEST_URL)" $(PY) -m pytest -q --ignore=tests/e2e -m timing; \
	else \
		echo "== PostgreSQL not reachable at $(PG_TEST_URL): skipped the PostgreSQL run"; \
	fi

lint: install-test
	$(VENV)/bin/ruff check portal tests
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .pytest_cache
