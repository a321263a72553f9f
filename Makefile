# Two commands for people (README): `make run` and `make test`. `make bench` measures.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTHON_VERSION := $(shell cat .python-version)

.PHONY: run test bench bench-http soak lint lock serve setup clean messages

# Settings default to production (DEBUG off, secret key required); the development server,
# the demo seeding and the tests run with DEBUG on unless the caller says otherwise.
run setup serve test bench: export DJANGO_DEBUG ?= 1

# The virtual environment is rebuilt only when the lock file changes, so later runs take seconds.
$(STAMP): requirements.lock .python-version
	@./scripts/find-python.sh $(PYTHON_VERSION) > /dev/null
	@test -x $(PY) || $$(./scripts/find-python.sh $(PYTHON_VERSION)) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $(STAMP)

# Migrations and seeding create only what is missing, so they are quick on later runs.
setup: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

run: setup
	@$(PY) manage.py demo_accounts
	$(PY) manage.py runserver 127.0.0.1:8000

# Serves without migrating or seeding, for when both are known to be done.
serve: $(STAMP)
	$(PY) manage.py runserver 127.0.0.1:8000

# Two workers (pytest-xdist): on the two cores CI has, the suite takes about two thirds of
# the time it takes in one process. PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/run.py $(BENCH_ARGS)

# Over HTTP, as an operator measures: gunicorn (2 workers, DEBUG off) on the bench database,
# wrk against the floor and the reading pages, and a worker's memory. Needs wrk; installs
# nothing (bench/wrk_pages.py says how to install wrk when it is missing).
bench-http: $(STAMP)
	$(PY) bench/wrk_pages.py $(BENCH_HTTP_ARGS)

# gunicorn (4 workers) and the task worker on a fresh PostgreSQL database under a bounded
# load, one worker killed midway; checks nothing accepted was lost or doubled (bench/soak.py).
# Not part of `make test`; needs PostgreSQL at SOAK_PG (default 127.0.0.1:5432).
soak: $(STAMP)
	$(PY) bench/soak.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# Regenerates the lock from pyproject.toml (needs network to PyPI; not part of run or test).
lock:
	$(PY) -m pip install --quiet uv && $(VENV)/bin/uv pip compile pyproject.toml --extra dev \
		--generate-hashes --python-version $(PYTHON_VERSION) -o requirements.lock

# Translations: collects new strings into locale/<language>/LC_MESSAGES/django.po (translate
# them there), then compiles the .mo files, which are committed so a fresh clone needs no
# gettext tools. Needs gettext (apt-get install gettext).
LANGUAGE_FLAGS := -l fr -l ru -l de -l it -l es
MESSAGE_IGNORES := --ignore=.venv --ignore=tests --ignore=bench --ignore=staticfiles \
	--ignore=test-artifacts --ignore=node_modules
messages: $(STAMP)
	$(PY) manage.py makemessages $(LANGUAGE_FLAGS) $(MESSAGE_IGNORES) --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm
