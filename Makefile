# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: FORCE help install run test test-fast test-under-load screenshots check-upgrade test-browser install-browser lint format messages compile-messages check lock serve backup restore bench audit clean

help:
	@echo "make run    create the environment, migrate, load demo content, serve on http://$(HOST):$(PORT)/"
	@echo "make test   run the whole test suite"
	@echo "make test-fast   the suite without the browser tests"
	@echo "make lint   ruff and djlint"
	@echo "make audit  Lighthouse CI (mobile) on every public page type in both languages, production settings"

# The environment is rebuilt when the lock file changes.
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(VENV)/.installed

# The catalogs are compiled again when a .po file changed or a .mo file is missing.
CATALOGS := $(wildcard locale/*/LC_MESSAGES/*.po)
COMPILED := $(CATALOGS:.po=.mo)
locale/.compiled: $(CATALOGS) $(VENV)/.installed $(if $(filter-out $(wildcard $(COMPILED)),$(COMPILED)),FORCE)
	$(MANAGE) compile_catalogs
	@touch $@

compile-messages: install locale/.compiled

FORCE:

run: install compile-messages
	$(MANAGE) migrate --noinput
	$(MANAGE) load_demo_content --if-empty
	HOST=$(HOST) PORT=$(PORT) $(MANAGE) sync_site_address
	HOST=$(HOST) PORT=$(PORT) $(MANAGE) ensure_dev_superuser
	HOST=$(HOST) PORT=$(PORT) $(MANAGE) runserver $(HOST):$(PORT)

# The suite runs on one worker per core (pytest-xdist, at most four: each worker migrates its own
# test database). Modules whose tests share data built once are kept on one worker
# (`xdist_group`). `make test PYTEST_WORKERS=0` runs it in this process.
PYTEST_WORKERS ?= auto
PARALLEL := -n $(PYTEST_WORKERS) --maxprocesses=4 --dist loadgroup

test: install compile-messages
	$(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS)

# Everything but the browser tests and the slow ones (backup and restore, S3, concurrency).
test-fast: install compile-messages
	$(PY) -m pytest $(PARALLEL) --ignore=tests/browser -m "not slow" $(PYTEST_ARGS)

# The whole suite while both cores are kept busy (scripts/cpu_load.py, stopped when the suite ends):
# the suite must pass on a busy machine too. LOAD_SECONDS bounds the load.
LOAD_SECONDS ?= 1200
test-under-load: install compile-messages
	@$(PYTHON) scripts/cpu_load.py --seconds $(LOAD_SECONDS) & load=$$!; \
	$(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS); status=$$?; kill $$load 2>/dev/null; exit $$status

# The browser tests alone (Playwright + Debian's Chromium, axe-core). `make test` runs them too.
test-browser: install compile-messages
	$(PY) -m pytest tests/browser $(PYTEST_ARGS)

# The README's pictures, from the browser tests' screenshots (so that they stay current).
screenshots: install compile-messages
	SCREENSHOTS=1 $(PY) -m pytest tests/browser tests/test_home.py -q -n 0 $(PYTEST_ARGS)
	$(PY) scripts/readme_screenshots.py

# Debian's Chromium for the browser tests (Playwright's own browser download does not work here).
install-browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && apt-get install -y -qq chromium)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint . --lint
	$(VENV)/bin/djlint . --check

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djlint . --reformat

# Regenerate the catalogs after changing interface strings (needs GNU gettext).
messages: install
	$(MANAGE) makemessages --all --no-obsolete --add-location=file --ignore=.venv --ignore=staticfiles --ignore=media --ignore=tests --ignore=artifacts

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run --noinput

# Regenerate requirements.lock from pyproject.toml (exact pins, no index host names).
lock: install
	$(VENV)/bin/pip-compile --quiet --extra dev --strip-extras --no-emit-index-url \
		--no-emit-find-links --no-emit-trusted-host --output-file requirements.lock pyproject.toml

# Production: gunicorn with the production settings against DATABASE_URL (SECRET_KEY required).
serve: install compile-messages
	DJANGO_SETTINGS_MODULE=quito_portal.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=quito_portal.settings.production $(MANAGE) createcachetable
	DJANGO_SETTINGS_MODULE=quito_portal.settings.production $(MANAGE) collectstatic --noinput
	DJANGO_SETTINGS_MODULE=quito_portal.settings.production $(VENV)/bin/gunicorn quito_portal.wsgi \
		--bind $${BIND:-0.0.0.0:8000} --workers $${WEB_CONCURRENCY:-3} --access-logfile -

# A large site on PostgreSQL under gunicorn, loaded with wrk (BENCH_DATABASE_URL to choose the database).
bench: install
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	@test -x /usr/sbin/nginx || (apt-get update -qq && apt-get install -y -qq nginx-light libnginx-mod-http-brotli-filter libnginx-mod-http-brotli-static)
	$(PY) bench/run.py $(BENCH_ARGS)

# Lighthouse CI and the Lighthouse it runs, pinned in audit/package.json (Lighthouse 12.2.3 through
# `overrides`: 13.x needs Node 22) and audit/package-lock.json (no registry URLs: audit/.npmrc),
# installed into the git-ignored audit/node_modules again when either file changes.
AUDIT_DIR := audit
$(AUDIT_DIR)/node_modules/.installed: $(AUDIT_DIR)/package.json $(AUDIT_DIR)/package-lock.json
	@command -v npm >/dev/null || (echo "make audit needs Node (18.20 or later) and npm" && exit 1)
	cd $(AUDIT_DIR) && npm ci --no-audit --no-fund
	touch $@

# Lighthouse CI in mobile mode on one page of every public page type (and the 404 page) in each
# language, against gunicorn with the production settings on the database quito_portal_audit
# (AUDIT_DATABASE_URL). Its assertions (audit/lighthouserc.json) fail under 95 in performance or
# 100 in accessibility, best practices and SEO; scores and failing audits in
# artifacts/lighthouse/summary.md, beside the HTML and JSON reports.
# `make audit AUDIT_ARGS="--only HomePage,404 --languages en"` audits fewer pages;
# AUDIT_ARGS=--recreate-database drops the audit database first.
audit: install compile-messages $(AUDIT_DIR)/node_modules/.installed
	$(PY) scripts/audit.py $(AUDIT_ARGS)

# PostgreSQL custom-format dump plus the media folder, into backups/ (or BACKUP_DIR).
backup:
	scripts/backup.sh $${BACKUP_DIR:-backups}

# make restore BACKUP=backups/20261127-120000
restore:
	scripts/restore.sh $(BACKUP)

# Migrate a demo database made by an earlier revision and check nothing was lost (PostgreSQL).
check-upgrade: install compile-messages
	$(PY) scripts/check_upgrade.py $(FROM)

clean:
	rm -rf $(VENV) staticfiles $(AUDIT_DIR)/node_modules .lighthouseci
