# coachsite: every day-to-day command. README.md explains each one.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PYTEST := $(PY) -m pytest
MANAGE := $(PY) manage.py
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# The PostgreSQL database the second test run uses (pytest-django creates test_<name>).
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/coachsite

.PHONY: run worker test bench audit lint format migrations-check messages screenshots lock clean

$(PY):
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "coachsite needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

# Installs from the hash-pinned lock files; reinstalls only when a lock file changes.
$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

## run: set up, migrate, load demo content into an empty site, serve with a task worker
run: export DJANGO_DEBUG ?= 1
# Payments go to a stand-in for Mollie that devserver starts (payments/fake.py).
run: export MOLLIE_API_KEY ?= test_makerunmakerunmakerunmakerun
run: export MOLLIE_API_URL ?= http://127.0.0.1:8001
# Mail goes to a stand-in for Postmark that prints it and reports bounces back by
# webhook (core/fake_postmark.py: an address bounce@… bounces, spam@… complains);
# with EMAIL_HOST set it goes to that SMTP server instead.
ifeq ($(EMAIL_HOST),)
run: export EMAIL_PROVIDER ?= postmark
run: export ANYMAIL_POSTMARK_SERVER_TOKEN ?= make-run-server-token
run: export ANYMAIL_POSTMARK_API_URL ?= http://127.0.0.1:8002/
run: export ANYMAIL_WEBHOOK_SECRET ?= makerun:make-run-webhook-secret
endif
run: $(VENV)/.installed
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content --if-empty
	$(MANAGE) ensure_admin
	$(MANAGE) devserver 127.0.0.1:8000

## worker: run the task worker that fits the settings (db_worker or RQ)
worker: $(VENV)/.installed
	$(MANAGE) worker

## test: ruff, the import contracts, migration check, the suite on SQLite, then on PostgreSQL when reachable
test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(MAKE) --no-print-directory migrations-check
	@if $(PY) -m tests.services postgresql; then \
		echo "== SQLite (browser and end-to-end tests run once, on PostgreSQL) =="; \
		$(PYTEST) -m "not browser and not e2e" && \
		echo "== PostgreSQL ==" && \
		DATABASE_URL=$(PG_TEST_URL) $(PYTEST); \
	elif [ -n "$$COACHSITE_STRICT_SERVICES" ]; then \
		echo "PostgreSQL is not reachable and COACHSITE_STRICT_SERVICES is set."; exit 1; \
	else \
		echo "== SQLite (PostgreSQL not reachable: its run is left out) =="; \
		$(PYTEST); \
	fi

## bench: page times in-process and requests/s through gunicorn (see bench/run.py)
bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

# Lighthouse, pinned in bench/package-lock.json; reinstalled only when that changes.
bench/node_modules/.installed: bench/package-lock.json
	cd bench && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

## audit: Lighthouse scores of the main pages in Chromium, and the caching headers
audit: $(VENV)/.installed-dev bench/node_modules/.installed
	$(PY) bench/audit.py

migrations-check: $(VENV)/.installed-dev
	$(MANAGE) makemigrations --check --dry-run

## lint / format: fix what ruff can fix
lint format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: update the nl and en catalogues and compile them (needs GNU gettext)
messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(MANAGE) makemessages --locale nl --locale en --no-obsolete \
		--ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*'
	DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore '.venv/*'

## screenshots: the site's and the admin's pages at 390 px and 1280 px into artifacts/screenshots/
screenshots: $(VENV)/.installed-dev
	$(PYTEST) tests/browser/test_layout.py tests/browser/test_admin_on_a_phone.py -k screenshots

## lock: re-resolve the dependencies in pyproject.toml into the lock files
lock: $(VENV)/.installed-dev
	$(VENV)/bin/uv pip compile pyproject.toml --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" -o requirements.lock -q
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command "make lock" -o requirements-dev.lock -q

clean:
	rm -rf $(VENV) staticfiles artifacts .pytest_cache .ruff_cache
