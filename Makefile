# Two commands: `make run` (the app) and `make test` (the whole suite). Nothing to install by hand.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test bench lint typecheck pytest browser-deps js-deps golden rules-doc clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: $(VENV)/.installed
	@echo "Starting the app on http://localhost:$(PORT)"
	$(VENV)/bin/streamlit run ui/app.py --server.headless true --server.port $(PORT) \
		--browser.gatherUsageStats false

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check kg ui tests bench

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy kg

# The browser test drives Debian's Chromium; the GEXF test reads with graphology (npm).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

js-deps: tests/js/node_modules/.installed
tests/js/node_modules/.installed: tests/js/package.json
	cd tests/js && npm install --silent --no-audit --no-fund
	@touch $@

pytest: $(VENV)/.installed browser-deps js-deps
	$(PY) -m pytest

test: lint typecheck pytest

bench: $(VENV)/.installed
	$(PY) bench/bench.py

golden: $(VENV)/.installed
	$(PY) tests/golden/regenerate.py

rules-doc: $(VENV)/.installed
	$(PY) -m kg.rules > rules/README.md

clean:
	rm -rf $(VENV) tests/js/node_modules tests/artifacts
