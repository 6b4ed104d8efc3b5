# LinkedOut: `make help` lists the targets. Every target sets itself up first, so
# `make report` and `make test` work as the very first command on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
# A conda environment built from environment.yml (named linkedout) is used when active;
# otherwise a virtualenv in .venv.
ifeq ($(CONDA_DEFAULT_ENV),linkedout)
  PY := python
  STAMP := .setup-stamp
else
  PY := .venv/bin/python
  STAMP := .venv/.setup-stamp
endif

EXPORT ?=
COHORT ?=
WORKERS ?= 2
SCHEDULER ?=
OWNER_URL ?=
OWNER_NAME ?=
OWNER_FLAGS = $(if $(OWNER_URL),--owner-url "$(OWNER_URL)") $(if $(OWNER_NAME),--owner-name "$(OWNER_NAME)")
DEMO_DIR := .cache/demo
PIP_QUIET := grep -v "is ignored: it is neither a file nor a directory" || true

.PHONY: help setup demo ingest report doctor claims card cohort bench-cohort test validate browser lint lab bench loc clean clean-data

help: ## Show this help
	@echo "LinkedOut: test 'Delete LinkedIn' against your own LinkedIn data export."
	@echo
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-11s %s\n", $$1, $$2}'
	@echo
	@echo "Options: EXPORT=<zip or folder> (ingest/report/doctor), SHOW_CODE=1 and REVEAL=1 (report),"
	@echo "         OWNER_NAME=\"Your Name\" or OWNER_URL=<profile URL> (ingest/report/doctor),"
	@echo "         COHORT=<folder of exports and/or cards>, WORKERS=2, SCHEDULER=<address> (cohort),"
	@echo "         PYTHON=python3.11 (setup), LAB_ARGS='--port=8890 --no-browser' (lab)"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "LinkedOut needs Python 3.11 or newer: run 'make PYTHON=python3.11 ...'" >&2; exit 1; }
ifeq ($(CONDA_DEFAULT_ENV),linkedout)
	@echo "Using the active conda environment 'linkedout'."
	@$(PY) -c 'import analysis, pandas, statsmodels' || $(PY) -m pip install -q -e '.[dev]' 2>&1 | $(PIP_QUIET)
else
	@echo "Setting up .venv (first run only; takes a minute or two)..."
	@test -x .venv/bin/python || $(PYTHON) -m venv .venv
	@.venv/bin/python -m pip install -q --upgrade pip 2>&1 | $(PIP_QUIET)
	@.venv/bin/python -m pip install -q -e '.[dev]' 2>&1 | $(PIP_QUIET)
	@.venv/bin/python -c 'import analysis, pandas, pyarrow, statsmodels, sklearn, nbclient'
endif
	@touch $(STAMP)

setup: $(STAMP) ## Create the environment (.venv, or the active conda env 'linkedout')

demo: $(STAMP) ## Write the synthetic demo export into data/raw/demo/ to explore in the notebooks
	$(PY) -m tools.demo --out data/raw/demo

ingest: $(STAMP) ## Read your export (the one in data/raw/, or EXPORT=path) into data/processed/
	$(PY) -m analysis ingest $(EXPORT) $(OWNER_FLAGS)

report: $(STAMP) ## Build the findings in reports/ (the bundled demo when data/raw/ is empty)
	$(PY) -m analysis report $(if $(EXPORT),--export "$(EXPORT)") $(if $(SHOW_CODE),--show-code) $(if $(REVEAL),--reveal) $(OWNER_FLAGS)

doctor: $(STAMP) ## Check an export (EXPORT=path): files, owner, what each claim needs; writes nothing
	$(PY) -m analysis doctor $(EXPORT) $(OWNER_FLAGS)

claims: $(STAMP) ## Evaluate every claim on data/processed/, print the scorecard, save data/results/
	$(PY) -m analysis claims

card: $(STAMP) ## Make your PII-free effect card to donate (EXPORT=path): reports/card/card.json + .html preview
	$(PY) -m analysis card $(EXPORT) --out reports/card/card.json $(OWNER_FLAGS)

cohort: $(STAMP) ## Pool many exports and/or cards (COHORT=DIR) on Dask into reports/cohort/
	@test -n "$(COHORT)" || { echo "Name the folder of exports and/or cards: make cohort COHORT=DIR" >&2; exit 2; }
	$(PY) -m analysis cohort "$(COHORT)" --workers $(WORKERS) $(if $(SCHEDULER),--scheduler "$(SCHEDULER)")

test: $(STAMP) lint browser ## Run the linter and the whole test suite (offline)
	$(PY) -m pytest -n auto -q

validate: $(STAMP) ## Check every claim on simulated null and planted worlds (2-10 min on 2 cores): reports/validation.html
	$(PY) -m tools.validate $(if $(WORLDS),--worlds $(WORLDS))

browser: ## Install Debian's Chromium for the browser test when missing (needs root)
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Chromium for the browser test..."; \
			apt-get update -qq >/dev/null && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "Chromium is not installed (needs root): the browser test will be skipped."; fi; }

lint: $(STAMP) ## Check the code with ruff
	$(PY) -m ruff check analysis tests tools

lab: $(STAMP) ## Open the notebooks in JupyterLab (reads your export, or the demo, first if needed)
	$(PY) -m analysis.report.lab $(LAB_ARGS)

bench: $(STAMP) ## Measure speed and memory at heavy-user scale, and the cohort run on 100 and 1,000 exports (prints figures)
	$(PY) -m tools.bench
	$(PY) -m tools.bench_cohort --sizes 100 1000 --workers 2

bench-cohort: $(STAMP) ## Time the cohort run on N small demo exports (COHORT_N="10 40") and pooling 1,000 cards
	$(PY) -m tools.bench_cohort --sizes $(or $(COHORT_N),10 40) --workers $(WORKERS)

loc: ## Count the installed package's lines of Python (analysis/); fails above 14,000
	@$(PYTHON) -m tools.loc

clean: ## Remove caches and the environment (your data is kept)
	rm -rf .venv .setup-stamp .cache .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

clean-data: ## Delete processed data, results and reports (never touches data/raw/)
	find data/processed data/results reports -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
