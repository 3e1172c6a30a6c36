# Everything a fresh clone needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test quick install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# Lints the example API. Findings are the point of the demo, so exit code 1 (findings) is success here;
# exit code 2 (bad input) still fails.
demo: install
	$(BIN)/masklint lint specs/shop.yaml || test $$? -eq 1

# ruff and mypy first (their settings are in pyproject.toml): a lint or type error fails the build too.
test: install-test
	$(BIN)/ruff check linter tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The quick loop while working: no corpus, no subprocesses, no browser, no fuzzing.
quick: install-test
	$(BIN)/python -m pytest -q -m 'not corpus and not subprocess and not browser and not fuzz'

clean:
	rm -rf $(VENV) .pytest_cache .masklint_cache
