# The COP e-handbook. `make help` lists the targets.
#
# LANG given on the make command line selects the book's language (make html LANG=fr).
# LANG in the environment is the POSIX locale: it never selects the language, and the
# commands below run with a locale that works whatever it holds.
ifeq ($(origin LANG),command line)
# $(value LANG): the text as typed, never expanded, so that `LANG='fr$(shell cmd)'` runs nothing.
BOOK_LANG := $(value LANG)
override LANG := C.UTF-8
export LANG
else
BOOK_LANG :=
endif

PYTHON ?= python3
VENV ?= .venv
COPPUB := $(VENV)/bin/coppub
STAMP := $(VENV)/.coppub-installed
# The same with the oldest versions coppub supports (pyproject.toml's floors).
VENV_OLDEST ?= .venv-oldest
STAMP_OLDEST := $(VENV_OLDEST)/.coppub-installed
# What every target needs first; tests set SETUP= to use the running environment.
SETUP ?= $(STAMP)
# The language reaches coppub through the environment, quoted by the shell, so that
# nothing in it is ever run; coppub refuses codes it does not know.
export COPPUB_BOOK_LANG := $(strip $(BOOK_LANG))
LANG_FLAG := $${COPPUB_BOOK_LANG:+-l "$$COPPUB_BOOK_LANG"}

PORT ?= 8000

.PHONY: help all html epub pdf gettext update-po update-ui check-po test test-fast test-oldest lint clean \
        serve venv lock a11y-tools

help:
	@echo "make all               set up, then build every language's HTML, EPUB and PDF"
	@echo "make html [LANG=fr]    build one language's HTML (default: English)"
	@echo "make epub [LANG=ar]    build one language's EPUB (default: English)"
	@echo "make pdf [LANG=ur]     build one language's PDF (default: English)"
	@echo "make gettext           extract the templates from source/"
	@echo "make update-po         extract, then merge the templates into every catalog"
	@echo "make test              run the whole test suite, linters and catalog checks"
	@echo "make test-fast         run the fast tests (no whole editions, EPUBCheck, browser)"
	@echo "make test-oldest       run the test suite on the oldest Sphinx, docutils... supported"
	@echo "make a11y-tools        install the accessibility checkers the tests run (needs npm)"
	@echo "make serve [PORT=8000] serve build/site on http://localhost:PORT/"
	@echo "make update-ui         refresh coppub's own interface catalogs (src/coppub/locale)"
	@echo "make lock              refresh both locks (newest releases, oldest supported), run the tests"
	@echo "make clean             remove build/ (never touches locales/)"

venv: $(STAMP)

# An environment is made from its lock (exact versions, with hashes) and is made anew
# whenever the lock changes, so it holds exactly what the lock says.
# $(call make-venv,FOLDER,LOCK)
define make-venv
	$(PYTHON) -m venv --clear $(1)
	$(1)/bin/python -m pip install --quiet --disable-pip-version-check \
	  --require-hashes --no-deps -r $(2)
	$(1)/bin/python -m pip install --quiet --disable-pip-version-check \
	  --no-deps --no-build-isolation -e .
	touch $@
endef

$(STAMP): requirements.lock pyproject.toml
	$(call make-venv,$(VENV),requirements.lock)

$(STAMP_OLDEST): requirements-oldest.lock pyproject.toml
	$(call make-venv,$(VENV_OLDEST),requirements-oldest.lock)

# Refresh requirements.lock to the newest releases the ranges in pyproject.toml allow and
# requirements-oldest.lock to their floors (lowest-direct: coppub's own dependencies at
# their lowest, the rest at the newest those allow), then run the whole suite on both:
# an upgrade is a reviewed diff of the locks.
lock: $(SETUP)
	$(VENV)/bin/uv pip compile --quiet --upgrade --universal --python-version 3.11 \
	  --generate-hashes --extra test pyproject.toml tools/lock.in -o requirements.lock
	$(VENV)/bin/uv pip compile --quiet --upgrade --universal --python-version 3.11 \
	  --resolution lowest-direct --generate-hashes --extra test pyproject.toml \
	  tools/oldest.in -o requirements-oldest.lock
	$(MAKE) --no-print-directory test
	$(MAKE) --no-print-directory test-oldest

all: $(SETUP)
	$(COPPUB) build all --all-languages

html: $(SETUP)
	$(COPPUB) build html $(LANG_FLAG)

epub: $(SETUP)
	$(COPPUB) build epub $(LANG_FLAG)

pdf: $(SETUP)
	$(COPPUB) build pdf $(LANG_FLAG)

gettext: $(SETUP)
	$(COPPUB) extract

update-po: gettext
	$(COPPUB) update $(LANG_FLAG)

check-po: $(SETUP)
	$(COPPUB) update --check

lint: $(SETUP)
	$(VENV)/bin/ruff check src tests benchmarks tools
	$(VENV)/bin/mypy

# Every core works (pytest-xdist), four at most (each worker may hold a browser and a
# book); a file's tests stay on one worker, so what a module builds once is built once.
# PYTEST_WORKERS=0 runs the suite in this one process.
PYTEST_WORKERS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ "$$n" -gt 4 ] && n=4; echo $$n)
PYTEST := -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile

test: $(SETUP)
	$(VENV)/bin/python $(PYTEST)
	$(MAKE) --no-print-directory lint
	$(COPPUB) update --check
	$(COPPUB) check

# The suite alone (lint and the catalog checks are the same on every version).
test-oldest: $(STAMP_OLDEST)
	$(VENV_OLDEST)/bin/python $(PYTEST)

# The fast selection for daily work: no whole editions, EPUBCheck or browser.
test-fast: $(SETUP)
	$(VENV)/bin/python $(PYTEST) -m "not slow"

# The accessibility checkers the tests run, DAISY Ace (EPUB) and Lighthouse (web pages),
# at the versions tools/a11y/package-lock.json pins. No install script runs and no browser
# is downloaded: both drive Debian's chromium. npm ci writes its own copy of the lock last.
A11Y_STAMP := tools/a11y/node_modules/.package-lock.json

a11y-tools: $(A11Y_STAMP)

$(A11Y_STAMP): tools/a11y/package.json tools/a11y/package-lock.json
	cd tools/a11y && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund \
	  --loglevel=error

update-ui: $(SETUP)
	$(VENV)/bin/python -m coppub.ui

serve: $(SETUP)
	@test -f build/site/index.html || $(COPPUB) build all --all-languages
	$(VENV)/bin/python -m http.server --directory build/site --bind 127.0.0.1 $(PORT)

clean:
	rm -rf build
