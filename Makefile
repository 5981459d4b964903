# KAUSA Hub: `make demo` serves the app with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_ENV := DEBUG=1 SECURE_SSL_REDIRECT=0 TASKS_BACKEND=database

.PHONY: install demo serve worker test lint typecheck migrations-check pytest pytest-postgres check-deploy clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,production,redis]'
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

# `make worker WORKERS=3`: several worker processes. The queue is the one the settings pick:
# Redis through RQ when REDIS_URL is set (or TASKS_BACKEND=redis), else the database.
WORKERS ?= 1
RQ_WORKER := manage.py rqworker --job-class django_tasks_rq.Job --with-scheduler default
worker: install
	$(BIN)/python manage.py schedule_housekeeping
	@backend="$${TASKS_BACKEND:-$$(test -n "$$REDIS_URL" && echo redis || echo database)}"; \
	case "$$backend" in redis) command="$(RQ_WORKER)" ;; *) command="manage.py db_worker" ;; esac; \
	echo "Starting $(WORKERS) worker process(es) on the $$backend queue (Ctrl+C stops them)."; \
	pids=""; for i in $$(seq $(WORKERS)); do $(BIN)/python $$command & pids="$$pids $$!"; done; \
	trap 'kill $$pids 2>/dev/null' EXIT INT TERM; wait

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
