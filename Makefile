# MIA-resultat: start, test and benchmark. Needs only python3 (3.11) and, for `make test`,
# apt-get (Chromium for the browser tests is installed from Debian when missing).
#
#   make run     start the dashboard on http://127.0.0.1:8501 (MIA_ADDRESS / MIA_PORT override)
#   make test    the whole test suite, browser tests included
#   make bench   timings of the query layer
#
# No activated virtual environment is needed: everything runs .venv/bin/python.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Newer than requirements.txt <=> the venv holds what requirements.txt asks for.
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

MIA_ADDRESS ?= 127.0.0.1
MIA_PORT ?= 8501
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="tests/browser -x"`.
PYTEST_ARGS ?=

.PHONY: help run test bench install chromium

help:
	@echo "make run    - starta dashboarden på http://$(MIA_ADDRESS):$(MIA_PORT) (MIA_ADDRESS, MIA_PORT, MIA_DB)"
	@echo "make test   - kör alla tester (installerar Chromium från Debian om den saknas)"
	@echo "make bench  - mät frågelagrets tider"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check --no-input -r requirements.txt
	touch $(STAMP)

# numba compiles disclosure's kernels (mia/suppression.py) into its cache in mia/__pycache__
# once, about 20 s, so that no page view waits for the compiler.
KERNELS := mia/__pycache__/.kernels
$(KERNELS): mia/suppression.py $(STAMP)
	$(PY) -c "from mia import suppression; suppression.warm_up()"
	touch $(KERNELS)

install: $(STAMP) $(KERNELS)

# Debian's Chromium for the browser tests (never `playwright install`: it downloads).
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
	  echo "Installerar Chromium från Debian (apt-get)..."; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update; \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

run: $(STAMP) $(KERNELS)
	$(PY) -m streamlit run dashboard.py --server.address "$(MIA_ADDRESS)" --server.port "$(MIA_PORT)"

# pytest's exit code is make's: 5 (no tests collected) fails like any other.
test: $(STAMP) $(KERNELS) chromium
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP) $(KERNELS)
	$(PY) -m mia bench
