# Two commands a fresh clone needs: `make extract` and `make test`.
# Each creates and fills .venv when it is missing (or when pyproject.toml changed).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: extract test lint eval bench clean-venv

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

extract: $(STAMP)
	$(PY) -m pipeline extract raw -o output

test: $(STAMP)
	$(PY) -m pytest

eval: $(STAMP)
	$(PY) -m pipeline.evaluate tests/data

bench: $(STAMP)
	$(PY) -m pipeline.bench tests/data

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/mypy pipeline
	$(VENV)/bin/lint-imports

clean-venv:
	rm -rf $(VENV)

.PHONY: schemas
schemas: $(STAMP)
	$(PY) -m pipeline.schemas
