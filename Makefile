# OpenSched: `make run` installs everything and serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
SYSTEM_PACKAGES := chromium fonts-wqy-microhei poppler-utils gettext libpango-1.0-0 libpangoft2-1.0-0 postgresql-client
PG_URL ?= postgres://postgres@127.0.0.1:5432/opensched_ci
RQ_REDIS_URL ?= redis://127.0.0.1:6379/5
# The background-job tests, run again on RQ by test-rq.
JOB_TESTS := tests/test_jobs_exports.py tests/test_jobs_rq.py tests/test_jobs_calendar.py tests/test_jobs_imports.py
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test deps system-deps venv migrate demo check test-sqlite test-postgres test-rq lint messages translations-check bench clean

run: deps  ## install, migrate, load the demo and serve http://127.0.0.1:8000 with the background worker beside it
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@# One command, two processes: the worker runs the background exports; Ctrl-C stops both.
	DEBUG=1 $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

test: deps check test-sqlite test-postgres test-rq  ## the whole suite: lint, checks, SQLite, PostgreSQL, RQ

deps: system-deps venv

system-deps:  ## Debian packages the product needs (CJK font for PDFs, Chromium for browser tests, …)
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages: $$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

venv: .venv/.installed

.venv/.installed: requirements.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

check: translations-check  ## lint, Django checks, migrations in sync, translations complete
	.venv/bin/ruff check .
	DJANGO_SETTINGS_MODULE=opensched.settings_test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=opensched.settings_test $(PY) manage.py makemigrations --check --dry-run

test-sqlite:
	$(PY) -m pytest

test-postgres:
	DATABASE_URL=$(PG_URL) $(PY) -m pytest --create-db

test-rq:  ## the background-job tests again on RQ, with a real RQ worker against Redis (fails if Redis is missing)
	REDIS_URL=$(RQ_REDIS_URL) OPENSCHED_REQUIRE_RQ=1 $(PY) -m pytest $(JOB_TESTS)

ZH_PO := locale/zh_Hans/LC_MESSAGES/django.po

messages:  ## update the catalogues from the code, compile them, and check that every string is translated
	DEBUG=1 $(PY) manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles --ignore=bench
	DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv
	$(MAKE) translations-check

translations-check:  ## the .po files are the only source: fail on an untranslated, fuzzy or malformed entry
	msgfmt --check -o /dev/null $(ZH_PO)
	@untranslated=$$(msgattrib --untranslated --no-obsolete $(ZH_PO) | grep -c '^msgid ' || true); \
	fuzzy=$$(msgattrib --only-fuzzy --no-obsolete $(ZH_PO) | grep -c '^msgid ' || true); \
	if [ "$${untranslated:-0}" -gt 1 ] || [ "$${fuzzy:-0}" -gt 1 ]; then \
	  echo "$(ZH_PO): $$untranslated untranslated and $$fuzzy fuzzy entries (counts include the header):"; \
	  msgattrib --untranslated --no-obsolete $(ZH_PO) | grep '^msgid ' | head -20; exit 1; fi

bench: deps
	$(PY) bench/run.py --quick

clean:
	rm -rf .venv staticfiles media db.sqlite3
