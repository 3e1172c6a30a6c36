# Everything a fresh clone needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test quick data install install-test browser clean

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

# The browser tests (tests/test_html.py) need Chromium: install Debian's when it is missing and this can (root,
# apt-get). Never a failed build for it: without Chromium those tests are skipped and say why.
APT = DEBIAN_FRONTEND=noninteractive apt-get -q -o Dpkg::Use-Pty=0
browser:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make: chromium is not installed and cannot be (needs root and apt-get): the browser tests will be skipped"; \
	else \
	  echo "make: installing chromium (Debian package) for the browser tests"; \
	  { $(APT) update >/dev/null && $(APT) install -y --no-install-recommends chromium >/dev/null; } \
	    || echo "make: could not install chromium (apt-get failed): the browser tests will be skipped"; \
	fi

# ruff and mypy first (their settings are in pyproject.toml): a lint or type error fails the build too.
test: install-test browser
	$(BIN)/ruff check linter tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The quick loop while working: no corpus, no subprocesses, no browser, no fuzzing.
quick: install-test
	$(BIN)/python -m pytest -q -m 'not corpus and not subprocess and not browser and not fuzz'

# After an edit of linter/data/*.yaml or rules/core.yaml: what PyYAML reads in them, kept (linter/core/shipped.py).
data: install
	$(BIN)/python -m linter.core.shipped

clean:
	rm -rf $(VENV) .pytest_cache .masklint_cache
