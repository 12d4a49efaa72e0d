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

# Publishing (see "Publishing" in README.md). SITEURL is read by
# publishconf.py from the environment: make publish SITEURL=https://...
GITHUB_PAGES_BRANCH ?= gh-pages
SSH_HOST ?=
SSH_PORT ?= 22
SSH_USER ?=
SSH_TARGET_DIR ?=
export SITEURL

# One build time for a published build (reproducible-builds.org): the last
# commit's time unless SOURCE_DATE_EPOCH is already set (CI sets it). When
# content/ has changes not yet committed (a bulletin just written), or outside
# a git checkout, it stays empty and the build uses the clock, so a bulletin
# dated now is published now rather than held back as scheduled.
SOURCE_DATE_EPOCH ?= $(shell cd "$(BASEDIR)" && git diff --quiet HEAD -- content 2>/dev/null \
	&& test -z "$$(git ls-files --others --exclude-standard -- content)" && git log -1 --format=%ct)

DEBUG ?= 0
ifeq ($(DEBUG), 1)
	PELICANOPTS += -D
endif

SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
# The web editor's local backend (make edit and the editor's tests only):
# decap-server from npm, pinned in admin/package-lock.json. make html and
# make publish never need node (the CMS itself is vendored in admin/vendor/).
EDITOR_DIR := $(BASEDIR)/admin
EDITOR_STAMP := $(EDITOR_DIR)/node_modules/.installed
EDITOR_PORT ?= 8081
EDIT_BROWSER ?= 1

.DEFAULT_GOAL := help

help:
	@echo 'The branch blog'
	@echo ''
	@echo '   make newpost TITLE="..."   start a new bulletin (a draft) in content/bulletins/'
	@echo '   make newevent TITLE="..." START="2027-01-20 18:00" [END=...] [LOCATION=...]  start a new meeting (a draft) in content/events/'
	@echo '   make newevent-uid          print a fresh Uid line for a meeting (a copy needs its own)'
	@echo '   make devserver [PORT=8000] preview on http://127.0.0.1:PORT: rebuilds on save, reloads the browser'
	@echo '   make edit                  the web editor on http://127.0.0.1:PORT/admin/ with the preview (needs node)'
	@echo '   make check                 check every bulletin and page, list every problem'
	@echo '   make publish               check, then build the site for publishing (refuses on any error)'
	@echo '   make editions [BULLETIN=content/bulletins/FILE.md]  e-mail and A4 letter of a bulletin (the newest without BULLETIN), into editions/'
	@echo '   make import FROM=FILE [DRY_RUN=1]  bring in the old blog: a Blogger or WordPress export (docs/WRITING.md)'
	@echo '   make html                  build the site into output/ (sets up .venv first)'
	@echo '   make test                  run every test'
	@echo '   make clean                 remove output/ and caches (keeps .venv)'
	@echo '   make regenerate            rebuild whenever a file changes'
	@echo '   make serve [PORT=8000]     serve output/ on http://127.0.0.1:PORT'
	@echo '   make gates                 check output/ as CI does before deploying'
	@echo '   make github                publish output/ to the gh-pages branch of origin'
	@echo '   make rsync_upload          publish output/ to SSH_USER@SSH_HOST:SSH_TARGET_DIR'
	@echo '   make bench                 measure our build against plain Pelican (docs/PERFORMANCE.md)'
	@echo '   make lighthouse            how fast and well pages read, by Lighthouse (needs Node; docs/PERFORMANCE.md)'
	@echo ''
	@echo 'OUTPUTDIR=... builds elsewhere; DEBUG=1 shows Pelican debug output;'
	@echo 'SITEURL=https://... sets the published address; GITHUB_PAGES_BRANCH=...'
	@echo 'pushes to another branch.'
	@echo 'How to write, preview, check and publish: docs/WRITING.md'

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

$(EDITOR_STAMP): $(EDITOR_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  echo "error: make edit and the editor's tests need Node.js and npm (Debian: sudo apt-get install nodejs npm;"; \
	  echo "or .ci/install-system-packages). make html and make publish do not."; exit 2; }
	cd "$(EDITOR_DIR)" && npm ci --omit=dev --no-audit --no-fund --loglevel=error
	@touch $@

# The secretary's commands live in secretary/ (one entry: python -m secretary).
SECRETARY := PYTHONPATH="$(BASEDIR):$(BASEDIR)/plugins" DEBUG=$(DEBUG) $(PY) -m secretary
BUILD := $(SECRETARY) build

html: $(SITE_STAMP)
	$(BUILD) --settings "$(CONFFILE)" --output "$(OUTPUTDIR)"

clean:
	rm -rf "$(OUTPUTDIR)" "$(CACHEDIR)" .pytest_cache .ruff_cache
	find . -path ./.venv -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

regenerate: $(SITE_STAMP)
	"$(PELICAN)" -r "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" $(PELICANOPTS)

serve: $(SITE_STAMP)
	"$(PELICAN)" -l "$(INPUTDIR)" -o "$(OUTPUTDIR)" -s "$(CONFFILE)" -b $(SERVER) -p $(PORT) $(PELICANOPTS)

# Preview: builds with the same build code as `make html`, serves output/,
# rebuilds on every save in content/, theme/, plugins/ or pelicanconf.py and
# reloads the open browser page. Drafts show, marked; Ctrl+C stops it.
devserver: $(SITE_STAMP)
	@$(SECRETARY) preview --settings "$(CONFFILE)" --output "$(OUTPUTDIR)" --host $(SERVER) --port $(PORT)

# The web editor (docs/EDITING.md) on this computer: its local backend
# (admin/local-backend.js, port EDITOR_PORT) and the preview together; the
# editor saves into content/ and the preview rebuilds. Ctrl+C stops both.
edit: $(SITE_STAMP) $(EDITOR_STAMP)
	@$(SECRETARY) edit --settings "$(CONFFILE)" --output "$(OUTPUTDIR)" --host $(SERVER) --port $(PORT) \
	  --editor-port $(EDITOR_PORT) $(if $(filter 0,$(EDIT_BROWSER)),--no-browser)

# Every content file checked without a build; every problem on one line.
# With the build time `make publish` takes, so the two agree on what is due.
check: $(SITE_STAMP)
	@SOURCE_DATE_EPOCH="$(SOURCE_DATE_EPOCH)" $(SECRETARY) check --settings "$(CONFFILE)"

# TITLE comes through the environment (make exports command-line
# variables), so quotes and other characters in it need no escaping.
newpost: $(SITE_STAMP)
	@$(SECRETARY) newpost --settings "$(CONFFILE)"

# A new draft meeting in content/events/ (docs/WRITING.md, "Meetings and
# events"); TITLE, START, END and LOCATION come through the environment.
newevent: $(SITE_STAMP)
	@$(SECRETARY) newevent --settings "$(CONFFILE)"

# A fresh Uid line for a meeting that has none, or a copy that needs its own.
newevent-uid: $(SITE_STAMP)
	@$(SECRETARY) newevent --uid --settings "$(CONFFILE)"

# The old blog's archive (docs/WRITING.md, "Bringing in the old blog"): a
# Blogger export (Google Takeout's feed.atom, or the older export) or a
# WordPress export (WXR). DRY_RUN=1 writes nothing and says what it would
# write; NO_FETCH=1 leaves pictures on the old site.
FROM ?=
DRY_RUN ?= 0
NO_FETCH ?= 0

import: $(SITE_STAMP)
	@test -n "$(FROM)" || { echo 'Name the export: make import FROM=path/to/feed.atom (or a WordPress .xml export)'; exit 2; }
	@$(SECRETARY) import --settings "$(CONFFILE)" --from "$(FROM)" --dry-run="$(DRY_RUN)" --no-fetch="$(NO_FETCH)" --through-make

# The e-mail and the A4 letter of one bulletin, into editions/ (docs/WRITING.md):
# made from the live site's build (publishconf.py: SITEURL, what is due), so
# every link leads to the live site. BULLETIN comes through the environment
# (make exports command-line variables); without it, the newest bulletin.
EDITIONSDIR ?= $(BASEDIR)/editions

editions: $(SITE_STAMP)
	@SOURCE_DATE_EPOCH="$(SOURCE_DATE_EPOCH)" $(SECRETARY) editions --settings "$(PUBLISHCONF)" --output "$(EDITIONSDIR)"

# The checks of `make check` first: any error and nothing is built or replaced.
publish: $(SITE_STAMP)
	SOURCE_DATE_EPOCH="$(SOURCE_DATE_EPOCH)" $(BUILD) --settings "$(PUBLISHCONF)" --output "$(OUTPUTDIR)" --strict

# The gates `make test` runs on a fresh build, run on output/ itself.
gates: $(TEST_STAMP)
	$(SECRETARY) gates --output "$(OUTPUTDIR)" --settings "$(PUBLISHCONF)"

# As pelican-quickstart does: commit output/ to the gh-pages branch with
# ghp-import and push it to origin.
github: publish gates
	"$(VENV)/bin/ghp-import" -m "Generate Pelican site" -b "$(GITHUB_PAGES_BRANCH)" "$(OUTPUTDIR)" --no-jekyll
	git push origin "$(GITHUB_PAGES_BRANCH)"

ssh-settings:
	@test -n "$(SSH_HOST)" -a -n "$(SSH_USER)" -a -n "$(SSH_TARGET_DIR)" || { \
	  echo "error: make rsync_upload needs SSH_HOST, SSH_USER and SSH_TARGET_DIR, e.g."; \
	  echo "  make rsync_upload SSH_HOST=example.org SSH_USER=branch SSH_TARGET_DIR=/var/www/blog"; \
	  exit 2; }

rsync_upload: ssh-settings publish gates
	rsync -e "ssh -p $(SSH_PORT)" -P -rvzc --include tags --cvs-exclude --delete "$(OUTPUTDIR)"/ "$(SSH_USER)@$(SSH_HOST):$(SSH_TARGET_DIR)"

# Two test processes (pytest-xdist), one for each core; each module runs
# whole in one of them (loadscope), so the sites a module builds once are
# built once. make test PYTEST_ARGS= runs everything in one process.
PYTEST_ARGS ?= -n 2 --dist loadscope

test: $(TEST_STAMP) $(EDITOR_STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

# The benchmark: N synthetic bulletins in a temporary copy, our build against
# plain Pelican, medians written to docs/PERFORMANCE.md. It takes about half
# an hour; try it with `make bench BENCH_SIZES=200 BENCH_RUNS=1
# BENCH_REPORT=/tmp/perf.md`. See tools/benchmark.py.
BENCH_SIZES ?= 500 2000 8000
BENCH_RUNS ?= 3
BENCH_REPORT ?= docs/PERFORMANCE.md
BENCH_ARGS ?=

bench: $(SITE_STAMP)
	$(PY) tools/benchmark.py --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) --venv "$(VENV)" --report "$(BENCH_REPORT)" $(BENCH_ARGS)

# Readers' speed: Lighthouse (pinned in tools/lighthouse/package-lock.json)
# in Debian's Chromium on every kind of page, as a phone and a desktop, the
# site served compressed as a host would; the figures go into
# docs/PERFORMANCE.md. Needs Node and npm (the rest of the project does
# not); `npm ci` runs when the lock file changes, from npm's cache when it
# can. About ten minutes (three runs of each page). See tools/lighthouse/run.mjs.
LIGHTHOUSE_PORT ?= 8765
LIGHTHOUSE_REPORT ?= docs/PERFORMANCE.md
LIGHTHOUSE_ARGS ?=
LIGHTHOUSE_DIR := $(BASEDIR)/tools/lighthouse
LIGHTHOUSE_SITE := $(CACHEDIR)/lighthouse/site
CHROME_PATH ?= /usr/bin/chromium

$(LIGHTHOUSE_DIR)/node_modules/.package-lock.json: $(LIGHTHOUSE_DIR)/package-lock.json
	cd "$(LIGHTHOUSE_DIR)" && npm ci --prefer-offline --no-audit --no-fund

lighthouse: $(SITE_STAMP) $(LIGHTHOUSE_DIR)/node_modules/.package-lock.json
	@$(MAKE) --no-print-directory publish OUTPUTDIR="$(LIGHTHOUSE_SITE)" SITEURL="http://127.0.0.1:$(LIGHTHOUSE_PORT)"
	CHROME_PATH="$(CHROME_PATH)" node "$(LIGHTHOUSE_DIR)/run.mjs" --site "$(LIGHTHOUSE_SITE)" --port $(LIGHTHOUSE_PORT) --report "$(LIGHTHOUSE_REPORT)" $(LIGHTHOUSE_ARGS)

.PHONY: help venv html clean regenerate serve devserver edit check newpost newevent newevent-uid import editions publish test gates github ssh-settings rsync_upload bench lighthouse
