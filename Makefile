# KAUSA Hub: `make demo` serves the app with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ENV := DEBUG=1 SECURE_SSL_REDIRECT=0

.PHONY: install demo serve worker test lint typecheck migrations-check pytest pytest-postgres check-deploy clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,production]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

var:
	mkdir -p var

demo: install var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(BIN)/python manage.py load_demo --size small
	$(DEMO_ENV) $(BIN)/python manage.py schedule_housekeeping
	@echo "Serving http://$(HOST):$(PORT)/ with the background worker (Ctrl+C stops both)."
	@$(DEMO_ENV) $(BIN)/python manage.py db_worker --no-startup-delay & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/python manage.py schedule_housekeeping
	$(BIN)/python manage.py db_worker

test: install lint migrations-check pytest pytest-postgres

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy kausa

migrations-check: install
	DEBUG=1 SQLITE_PATH=:memory: $(BIN)/python manage.py makemigrations --check --dry-run

pytest: install
	env -u DATABASE_URL $(BIN)/pytest

pytest-postgres: install
	@case "$$DATABASE_URL" in \
	  postgres://*|postgresql://*) echo "== tests on PostgreSQL =="; $(BIN)/pytest -m "not browser" ;; \
	  *) echo "== DATABASE_URL names no PostgreSQL server: PostgreSQL run skipped ==" ;; \
	esac

check-deploy: install
	DEBUG=0 SECRET_KEY=$$(openssl rand -hex 32) ALLOWED_HOSTS=kausa.example.org \
	  FIELD_ENCRYPTION_KEYS=$$(openssl rand -base64 32 | tr '+/' '-_') \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
