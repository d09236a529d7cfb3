# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-12)
PORT ?= 8501

.PHONY: setup run test lint bench mutation system-deps clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	bash scripts/install_system_deps.sh

run: setup
	$(PY) -m qmi prepare
	$(PY) -m qmi.serve --server.port $(PORT)

test: setup system-deps
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check .

bench: setup system-deps
	$(PY) -m qmi bench

# Not part of `make test` (about an hour on 2 cores): see docs/testing.md.
mutation: setup
	$(PY) -m pip install --quiet -r requirements-mutation.txt
	rm -rf .cache/mutation-stores
	mkdir -p .cache && date +%s > .cache/mutation-start
	QMI_TEST_STORE_TEMPLATES=$(CURDIR)/.cache/mutation-stores $(VENV)/bin/mutmut run --max-children 2
	$(PY) scripts/mutation_report.py --write --since $$(cat .cache/mutation-start)

clean:
	rm -rf $(VENV) .pytest_cache mutants .cache
