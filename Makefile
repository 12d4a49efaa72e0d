# The branch blog. `make html` sets everything up on a fresh clone and builds
# output/; `make test` runs every test. See README.md.

PYTHON_SYSTEM ?= python3
VENV ?= $(CURDIR)/.venv
PY := $(VENV)/bin/python
PELICAN := $(VENV)/bin/pelican
PELICANOPTS ?=

BASEDIR := $(CURDIR)
INPUTDIR := $(BASEDIR)/content
OUTPUTDIR ?= $(BASEDIR)/output
CONFFILE := $(BASEDIR)/pelicanconf.py
PUBLISHCONF := $(BASEDIR)/publishconf.py
CACHEDIR := $(BASEDIR)/cache

PORT ?= 8000
SERVER ?= 127.0.0.1

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed

.DEFAULT_GOAL := help

help:
	@echo 'The branch blog'
	@echo ''
	@echo '   make html                  build the site into output/ (sets up .venv first)'
	@echo '   make test                  run every test'
	@echo '   make clean                 remove output/ and caches (keeps .venv)'
	@echo '   make regenerate            rebuild whenever a file changes'
	@echo '   make serve [PORT=8000]     serve output/ on http://127.0.0.1:PORT'
	@echo '   make devserver [PORT=8000] preview: serve, rebuild on save, reload the browser'
	@echo '   make publish               build the site for publishing (strict)'
	@echo '   make bench                 measure our build against plain Pelican (docs/PERFORMANCE.md)'
	@echo ''
	@echo 'OUTPUTDIR=... builds elsewhere; DEBUG=1 shows Pelican debug output.'

# The virtual environment: created once, reinstalled only when a
# requirements file changes.
$(SITE_STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(TEST_STAMP): requirements-test.txt $(SITE_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

venv: $(SITE_STAMP)

BUILD := PYTHONPATH="$(BASEDIR)/plugins" DEBUG=$(DEBUG) $(PY) -m secretary.build

html: $(SITE_STAMP)
	$(BUILD) --settings "$(CONFFILE)" --output "$(OUTPUTDIR)"

clean:
	rm -rf "$(OUTPUTDIR)" "$(CACHEDIR)" .pytest_cache
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

regenerate: $(SITE_STAMP)
	"$(PELICAN)" -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(SITE_STAMP)
	"$(PELICAN)" -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -b $(SERVER) -p $(PORT) $(PELICANOPTS)

devserver: $(SITE_STAMP)
	"$(PELICAN)" -lr "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -b $(SERVER) -p $(PORT) $(PELICANOPTS)

publish: $(SITE_STAMP)
	$(BUILD) --settings "$(PUBLISHCONF)" --output "$(OUTPUTDIR)" --strict

test: $(TEST_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The benchmark: N synthetic bulletins in a temporary copy, our build against
# plain Pelican, medians written to docs/PERFORMANCE.md. It takes about half
# an hour; try it with `make bench BENCH_SIZES=200 BENCH_RUNS=1
# BENCH_REPORT=/tmp/perf.md`. See tests/benchmark.py.
BENCH_SIZES ?= 500 2000 8000
BENCH_RUNS ?= 3
BENCH_REPORT ?= docs/PERFORMANCE.md
BENCH_ARGS ?=

bench: $(SITE_STAMP)
	$(PY) tests/benchmark.py --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) --venv "$(VENV)" --report "$(BENCH_REPORT)" $(BENCH_ARGS)

.PHONY: help venv html clean regenerate serve devserver publish test bench
