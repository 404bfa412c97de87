# The two commands a newcomer needs: `make run` and `make test` (see README.md).
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1:8000
# Absolute links (e-mails, feeds, calendar files) point to the development server.
SITE_URL ?= http://$(HOST)

.PHONY: run test lint install clean totp bench css smoke-deploy

$(INSTALLED): pyproject.toml
	@test -x $(PY) || "$$(scripts/find-python.sh)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

# Our bokmål catalogues (locale/), compiled with polib: no GNU gettext needed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po))
%.mo: %.po $(INSTALLED)
	DEBUG=1 $(PY) manage.py compilemessages -v 0

install: $(INSTALLED) $(MO_FILES)

# Runs the site with demo content at http://$(HOST); links in e-mails point there too.
run: install
	DEBUG=1 $(PY) manage.py migrate --noinput -v 0
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 SITE_URL=$(SITE_URL) $(PY) manage.py runserver $(HOST)

# The current two-factor code for the demo staff account (admin login in development).
totp: $(INSTALLED)
	@DEBUG=1 $(PY) manage.py demo_totp

lint: install
	$(VENV)/bin/ruff check .
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Lint, migration check and the whole pytest suite (browser tests included).
# DATABASE_URL selects the database (SQLite by default); PYTEST_ARGS narrows the run.
test: lint
	DEBUG=1 $(PY) -m pytest $(PYTEST_ARGS)

# Regenerates static/css/bootstrap.site.css: only the Bootstrap rules the templates use.
# Run it after using a Bootstrap class no template used before (a test fails until then).
css: $(INSTALLED)
	cd scripts/css && npm install --silent --no-audit --no-fund
	node scripts/css/purge-bootstrap.mjs "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"

# Load test under gunicorn on a throwaway PostgreSQL with a large data set (README: Performance).
bench: install
	scripts/with-postgres.sh $(PY) scripts/bench.py

# The deployment kit (deploy/) on this machine: nginx, gunicorn, PostgreSQL, Redis, the worker
# and one booking through it all (as root; CI runs it). README: Production.
smoke-deploy: install
	scripts/with-postgres.sh $(PY) scripts/smoke_deploy.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
