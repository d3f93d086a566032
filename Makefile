# Two commands a fresh clone needs: `make extract` and `make test`.
# Each creates and fills .venv when it is missing (or when pyproject.toml changed).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: extract test lint eval bench diff review fuzz clean-venv

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

extract: $(STAMP)
	$(PY) -m pipeline extract raw -o output

test: $(STAMP) chromium
	$(PY) -m pytest

eval: $(STAMP)
	$(PY) -m pipeline.evaluate tests/data

bench: $(STAMP)
	$(PY) -m pipeline.bench tests/data

# one HTML review page per page of output/ (editors' corrections included), into review/
review: $(STAMP)
	$(PY) -m pipeline review output -o review

# what changed in output/ since the last commit, by partnership and property (exit 1: changes)
diff: $(STAMP)
	$(PY) -m pipeline diff --git-head output

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline tests
	$(VENV)/bin/mypy pipeline
	$(VENV)/bin/lint-imports

clean-venv:
	rm -rf $(VENV)

.PHONY: schemas
schemas: $(STAMP)
	$(PY) -m pipeline.schemas

# Debian's chromium for the review page's browser tests (tests/test_review.py); installed
# only when missing and only as root, otherwise those tests are skipped with the reason.
.PHONY: chromium
chromium:
	@if [ -x /usr/bin/chromium ]; then \
		echo "chromium: /usr/bin/chromium is already installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "chromium: /usr/bin/chromium missing; running: apt-get update -qq && apt-get install -y -qq chromium"; \
		apt-get update -qq && apt-get install -y -qq chromium; \
	else \
		echo "chromium: /usr/bin/chromium missing and not root: nothing installed (browser tests will be skipped)"; \
	fi

# Fuzz extract_page with FUZZ_RUNS cases (at least 100,000; slow, not part of `make test`):
# atheris (coverage-guided) when it installs, otherwise hypothesis.  Findings: $TMPDIR/fuzz-findings/
FUZZ_RUNS ?= 100000
fuzz: $(STAMP)
	@$(PY) -c "import atheris" 2>/dev/null || $(PY) -m pip install --quiet atheris \
		|| echo "fuzz: atheris did not install: using hypothesis"
	$(PY) fuzz/fuzz_extract.py $(FUZZ_RUNS)
