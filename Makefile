# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
TEST_SETTINGS := DJANGO_SETTINGS_MODULE=site_cms.settings.test

.PHONY: run test pytest install setup catalogues messages check format clean fuzz-api axe lighthouse client clients-check e2e

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Compile the UI string catalogues (locale/*/LC_MESSAGES/django.po -> .mo) with Babel.
catalogues: install
	$(MANAGE) ui_catalogues compile

## Re-extract UI strings from code and templates into the catalogues.
messages: install
	$(MANAGE) ui_catalogues update

## Migrate, make sure someone can log in, set up the translator and medical reviewer groups,
## and load the seed content (its medical review approved by the local admin).
setup: catalogues
	mkdir -p var
	$(MANAGE) migrate --noinput
	$(MANAGE) ensure_local_admin
	$(MANAGE) setup_translator_groups
	$(MANAGE) setup_medical_review
	$(MANAGE) load_seed_content

## Development renders and delivers webhooks inside each request (the immediate task
## backend); the worker beside the server only sweeps: webhook retries, stale renditions.
run: setup
	@echo "Site: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/"
	@echo "Rendering and webhook delivery run inside each request here; a worker retries failed deliveries."
	$(MANAGE) db_worker --no-reload --no-startup-delay --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

## Static checks: lint, format, the layers' import contracts, types (mypy, django-stubs), Django's checks,
## migrations and catalogues in sync.
check: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(TEST_SETTINGS) $(VENV)/bin/mypy
	$(TEST_SETTINGS) $(MANAGE) check
	$(TEST_SETTINGS) $(MANAGE) makemigrations --check --dry-run
	$(TEST_SETTINGS) $(MANAGE) ui_catalogues check

## axe-core, the accessibility engine the browser tests inject, at a pinned version from npm.
AXE_VERSION := 4.10.3
AXE := var/axe/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-audit --no-fund --prefix var/axe axe-core@$(AXE_VERSION)

axe: $(AXE)

## Lighthouse, at a pinned version from npm, on the seed's pages under gunicorn with the production
## settings (mobile preset, Debian's Chromium at CHROME_PATH): var/lighthouse/scores.json and
## summary.md; fails when a page misses a target (docs/accessibility.md). Once per CI run.
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE := var/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE):
	PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund --prefix var/lighthouse lighthouse@$(LIGHTHOUSE_VERSION)

lighthouse: catalogues $(LIGHTHOUSE)
	CHROME_PATH="$${CHROME_PATH:-/usr/bin/chromium}" $(PY) .ci/lighthouse.py

pytest: catalogues axe
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: check pytest

## Once per CI run: the end-to-end tests (pytest -m e2e): real varnishd, gunicorn and db_worker on
## loopback, and the whole topology of deploy/topology.py (PostgreSQL, Redis, Varnish, two web
## processes, three workers) under a publishing load; needs DATABASE_URL naming a PostgreSQL
## database the tests may create databases beside.
e2e: catalogues
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; \
	  *) echo "make e2e runs on PostgreSQL: set DATABASE_URL=postgres://user:password@host:port/name (SQLite is one machine's database)"; exit 2;; \
	esac
	$(VENV)/bin/pytest -m e2e

## Schemathesis against gunicorn on loopback, production settings, a seeded file database.
fuzz-api: catalogues
	.ci/api-fuzz

## The TypeScript client's types (clients/typescript/src/schema.d.ts), regenerated with
## openapi-typescript from the document a server on loopback serves (.ci/clients).
client: catalogues
	.ci/clients generate

## Once per CI run: openapi-typescript and openapi-python-client on the live document; fails when
## the committed client differs from it, tsc --strict refuses it, its node test against the server
## fails, or the Python client parses a rendering as something else (.ci/clients).
clients-check: catalogues
	.ci/clients check

## Performance: the website and the API beside an empty Django view and Wagtail's own API v2,
## gunicorn and wrk on a fresh database under var/bench/; writes bench/results/<date>.json and .md
## (docs/performance.md). Needs wrk: apt-get install wrk. ARTICLES=10000 sets the bulk corpus's size.
.PHONY: bench
bench: catalogues
	@command -v wrk >/dev/null || { echo "make bench needs wrk, a Debian package: sudo apt-get install wrk"; exit 1; }
	$(PY) -m bench.run $(if $(ARTICLES),--articles $(ARTICLES))

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
