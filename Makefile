# Clark Wellness CMS — the two commands are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The address the demo's Site takes (sitemap, feed, canonical links, QR codes): where `make run`
# answers. A server listening on every interface (HOST=0.0.0.0) is visited at 127.0.0.1.
SITE_URL ?= http://$(if $(filter 0.0.0.0 ::,$(HOST)),127.0.0.1,$(HOST)):$(PORT)/
# Two workers (the machine has 2 cores); a test module stays on one worker so module-scoped
# fixtures (rendered PDFs) are built once.
PYTEST_ARGS ?= -n 2 --dist loadfile

.PHONY: messages run serve test test-cache-on bench loadtest lighthouse lint format system-deps system-deps-test system-deps-prod demo admin clean help

help:
	@echo "make run    - install, migrate, load demo content, create the admin login, serve http://$(HOST):$(PORT)/"
	@echo "make test   - install with dev extras and run the whole test suite (browser tests included)"
	@echo "make test-cache-on - the public-page, publishing, visibility and caching tests again with the page cache on"
	@echo "make serve  - the production stack on DATABASE_URL (PostgreSQL): gunicorn, task worker, scheduler"
	@echo "make bench  - print handout, page and plain-language analysis performance numbers (lists: with DATABASE_URL=postgres://...)"
	@echo "make loadtest - bounded load on loopback against the production stack, with and without Varnish"
	@echo "make lighthouse - Lighthouse (mobile) scores of the home page, an article and a location (English and Spanish)"
	@echo "make lint   - ruff check and ruff format --check"

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@
	$(MAKE) messages

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/activate
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@
	$(MAKE) messages

# The Spanish interface strings: locale/es/LC_MESSAGES/django.po is committed, the .mo is built
# here (never committed), again whenever the .po changes.
MESSAGES_MO := locale/es/LC_MESSAGES/django.mo
messages: $(MESSAGES_MO)
$(MESSAGES_MO): locale/es/LC_MESSAGES/django.po | $(VENV)/bin/activate
	DJANGO_SETTINGS_MODULE=clinic.settings.test $(PY) manage.py compilemessages -l es --ignore ".venv/*" -v 0

system-deps:
	@bash .ci/system-deps.sh run

system-deps-test:
	@bash .ci/system-deps.sh test

system-deps-prod:
	@bash .ci/system-deps.sh prod

serve: system-deps $(VENV)/.installed messages
	bash clinic/deploy/serve.sh

run: system-deps $(VENV)/.installed messages
	DJANGO_SETTINGS_MODULE=clinic.settings.dev $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=clinic.settings.dev $(PY) manage.py load_demo_content --site-url $(SITE_URL)
	DJANGO_SETTINGS_MODULE=clinic.settings.dev $(PY) manage.py ensure_admin
	DJANGO_SETTINGS_MODULE=clinic.settings.dev $(PY) manage.py ensure_demo_staff
	@echo "Serving http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/) — Ctrl+C to stop."
	DJANGO_SETTINGS_MODULE=clinic.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

test: system-deps-test $(VENV)/.installed-dev messages
	$(PY) -m pytest $(PYTEST_ARGS)

# The public-page, publishing, visibility and caching tests again as deployed: with the site's page
# cache on, each transaction's on_commit work run when it ends (tests/conftest.py). CI runs it.
CACHE_ON_TESTS := tests/articles/test_public_pages.py tests/articles/test_visibility.py \
	tests/articles/test_search.py tests/clinic/test_caching.py tests/clinic/test_changes.py \
	tests/clinic/test_spanish_leaks.py tests/locations/test_pages.py tests/handouts/test_views.py \
	tests/handouts/test_fastpath.py tests/handouts/test_freshness.py tests/handouts/test_ranges.py \
	tests/handouts/test_print_counts.py
test-cache-on: system-deps-test $(VENV)/.installed-dev messages
	PAGE_CACHE=on $(PY) -m pytest $(PYTEST_ARGS) $(CACHE_ON_TESTS)

bench: system-deps $(VENV)/.installed-dev messages
	DJANGO_SETTINGS_MODULE=clinic.settings.test $(PY) tests/benchmarks/run.py
	DJANGO_SETTINGS_MODULE=clinic.settings.test $(PY) tests/benchmarks/packets.py
	DJANGO_SETTINGS_MODULE=clinic.settings.test $(PY) tests/benchmarks/plain_language.py
	DJANGO_SETTINGS_MODULE=clinic.settings.test $(PY) tests/benchmarks/paper.py
	DJANGO_SETTINGS_MODULE=clinic.settings.test $(PY) tests/benchmarks/desk_search.py
	DJANGO_SETTINGS_MODULE=clinic.settings.test $(PY) tests/benchmarks/lists.py

# Bounded load on loopback against the production stack; LOADTEST_ARGS=--quick for a short run.
loadtest: system-deps-prod $(VENV)/.installed-dev
	DJANGO_SETTINGS_MODULE=clinic.settings.test $(PY) tests/benchmarks/loadtest.py $(LOADTEST_ARGS)

# Lighthouse from npm (pinned in tests/lighthouse/package.json, installed there, never globally) with
# Debian's chromium, against the demo served with production settings; prints the scores.
LIGHTHOUSE := tests/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE): tests/lighthouse/package.json tests/lighthouse/package-lock.json
	npm install --prefix tests/lighthouse --no-audit --no-fund --no-save
	touch $@

lighthouse: system-deps $(VENV)/.installed $(LIGHTHOUSE)
	$(PY) tests/lighthouse/run.py $(LIGHTHOUSE_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
