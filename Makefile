# briefgen: every target sets up what it needs first, so on a fresh Debian/Ubuntu machine
#   make demo   installs system packages, .venv and the package, then builds the example briefs
#   make test   does the same set-up, then runs the whole test suite
# Both are idempotent and quick when everything is already installed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OUT ?= out
# Python packages come from the lock (constraints.txt: every package at one version, for every
# platform), so every machine renders byte-identical briefs. LOCK=none installs the newest
# releases instead (make test-latest); make lock writes a new lock.
LOCK ?= constraints.txt
PIP_SOURCE = $(if $(filter none,$(LOCK)),--upgrade --upgrade-strategy eager,--constraint $(LOCK))

# Runtime: Pango for WeasyPrint, HarfBuzz's subsetter (fast CJK font subsetting), fontconfig,
# and Noto Sans CJK KR, the default Korean font.
APT_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-noto-cjk
# Tests also read PDFs back and draw them in the readers' viewers (poppler-utils, Ghostscript,
# MuPDF), check the font fallback chain (fonts-nanum),
# open our DOCX files in a real client (LibreOffice, headless) and drive the live preview in
# a real browser (Chromium, headless).
APT_TEST := poppler-utils ghostscript mupdf-tools fonts-nanum libreoffice-writer-nogui chromium

# The benchmark compares against pandoc (Debian) and Typst (PyPI, the `bench` extra).
APT_BENCH := pandoc

.PHONY: demo test test-latest bench lock setup setup-test setup-bench system-packages lint clean

demo: setup
	$(BIN)/briefgen build --seeds seeds --out $(OUT) --jobs 2 > /dev/null
	@echo "The example briefs (PDF and DOCX) are in $(CURDIR)/$(OUT)/"

# The suite runs on every core (pytest-xdist); coverage counts the render workers and the CLI
# subprocesses too, and fails the run below the floor. Measured: 95.0-95.1%; the floor sits a
# point lower because what forked workers report varies by a few lines from run to run.
COVERAGE_FLOOR := 94

test: setup-test
	$(BIN)/ruff check briefgen tests examples bench
	$(BIN)/mypy
	$(BIN)/python -m pytest -n auto --cov --cov-report=term --cov-fail-under=$(COVERAGE_FLOOR)

# The suite against the newest release of every package (not the lock), in a venv of its own:
# upstream changes show up here on purpose, before users meet them.
test-latest:
	@$(MAKE) --no-print-directory test VENV=.venv-latest LOCK=none

# A new lock from pyproject.toml's ranges (uv resolves for every platform and Python >= 3.11);
# review the diff, run make test, commit constraints.txt.
lock: setup
	$(BIN)/python -m pip install --quiet 'uv>=0.9'
	$(BIN)/python -m uv pip compile pyproject.toml --all-extras --universal \
	  --python-version 3.11 --quiet --output-file constraints.txt

bench: setup-bench
	$(BIN)/python bench/run.py
	@echo "Results: $(CURDIR)/bench/RESULTS.md"

lint: setup-test
	$(BIN)/ruff check briefgen tests examples bench
	$(BIN)/ruff format --check briefgen tests examples bench
	$(BIN)/mypy

setup:
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(APT_RUNTIME)"
	@$(MAKE) --no-print-directory $(VENV)/.installed-runtime

setup-test:
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(APT_RUNTIME) $(APT_TEST)"
	@$(MAKE) --no-print-directory $(VENV)/.installed-test

setup-bench:
	@$(MAKE) --no-print-directory system-packages PACKAGES="$(APT_RUNTIME) $(APT_BENCH)"
	@$(MAKE) --no-print-directory $(VENV)/.installed-bench

# Installs only what dpkg does not list as installed; uses sudo when not root.
system-packages:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "Not a Debian/Ubuntu system: install Pango, HarfBuzz and a Korean font yourself (see README)."; \
	  exit 0; \
	fi; \
	missing=""; \
	for package in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$package" 2>/dev/null | grep -q "ok installed" || missing="$$missing $$package"; \
	done; \
	if ! $(PYTHON) -c 'import ensurepip, venv' >/dev/null 2>&1; then missing="$$missing python3-venv"; fi; \
	if [ -n "$$missing" ]; then \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  echo "Installing system packages:$$missing"; \
	  $$sudo apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The demo needs only the runtime; tests and the benchmark add their tools.
EXTRAS_runtime :=
EXTRAS_test := [test]
EXTRAS_bench := [bench]
$(VENV)/.installed-%: pyproject.toml $(filter-out none,$(LOCK))
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "briefgen needs Python 3.11 or newer: set PYTHON=python3.11 (or newer)")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(PIP_SOURCE) -e '.$(EXTRAS_$*)'
	@touch $@

clean:
	rm -rf $(OUT) build dist .pytest_cache .ruff_cache .mypy_cache .coverage .coverage.* .venv-latest
