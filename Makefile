# sectoken: `make demo` sets everything up and runs the UK-US scenario; `make test` sets up and runs the tests.
# Both are idempotent: a second run skips installs that are up to date.

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
export PATH := $(CURDIR)/$(BIN):$(CURDIR)/node_modules/.bin:$(PATH)

.PHONY: setup demo test coverage bench bench-quick audit compile artifacts lint typecheck clean ape-env

setup: $(STAMPS)/python $(STAMPS)/node $(STAMPS)/toolchain $(STAMPS)/brownie-paths $(STAMPS)/ape

$(STAMPS)/python: pyproject.toml
	@mkdir -p $(STAMPS)
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 (or run make PYTHON=/path/to/python3.11)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

$(STAMPS)/node: package.json package-lock.json
	@mkdir -p $(STAMPS)
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js 20 and npm (e.g. apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The offline compiler (npm solc behind a native-compatible launcher, where py-solc-x looks) and the
# native Anvil binary linked into the venv, where brownie's development network finds `anvil`.
# Outside the checkout this writes ~/.solcx/solc-v0.8.30 (a launcher shared by every project: it runs the solc
# of the project it is called from) and brownie's sectoken-coverage network in ~/.brownie, and prints both;
# `.venv/bin/python -m sectoken.toolchain uninstall` removes them.
$(STAMPS)/toolchain: $(STAMPS)/python $(STAMPS)/node src/sectoken/toolchain/__init__.py src/sectoken/toolchain/solc_shim.js
	$(BIN)/python -m sectoken.toolchain install
	@touch $@

# `brownie run` from a folder whose path has a dot in a folder name (eth-brownie 1.22.2 makes a script's module
# name of its absolute path): a one-line .pth in the venv adds sectoken.brownie_paths' import finder.
$(STAMPS)/brownie-paths: $(STAMPS)/python src/sectoken/brownie_paths.py
	$(BIN)/python -c 'import sectoken.brownie_paths as m; print("import finder for dotted folders:", m.install())'
	@touch $@

# Ape in its own virtualenv (eth-ape 0.8's pins differ from brownie's and sectoken's: click<8.2, rich<15), pinned
# in requirements-ape.txt, with this checkout's sectoken installed editable without its dependencies. Part of
# setup, so that the Ape tests (tests/ape) find it; about 1.5 minutes the first time, nothing after.
APE_VENV := .venv-ape
$(STAMPS)/ape: requirements-ape.txt pyproject.toml
	@mkdir -p $(STAMPS)
	@test -x $(APE_VENV)/bin/python || $(PYTHON) -m venv $(APE_VENV)
	$(APE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-ape.txt
	$(APE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

ape-env: $(STAMPS)/ape

# brownie compiles what changed (2 s when nothing did). The test targets compile first: in a fresh checkout
# the xdist controller would compile while its workers load the build from disk, and brownie's controller
# then finds their lists of contracts different and fails the run at its end.
compile: setup
	$(BIN)/brownie compile

demo: setup
	$(BIN)/python -m sectoken.demo

# The whole suite, in TEST_WORKERS processes (pytest-xdist, a file at a time), each on its own Anvil on a
# free port. `make test PYTEST_ARGS=...` passes options on (e.g. PYTEST_ARGS="-k lockup" or "-n 0").
TEST_WORKERS ?= 2
test: compile
	$(BIN)/pytest tests -n $(TEST_WORKERS) --no-loadscope-reorder $(PYTEST_ARGS)

# The same suite measuring coverage, and failing below the floors: contracts (brownie's --coverage, on
# the `sectoken-coverage` network: Anvil recording steps; table at the end, reports/contract-coverage.json)
# and the Python package (coverage.py, workers and CLI subprocesses included; reports/python-coverage.json).
CONTRACT_COVERAGE_MIN ?= 95
PYTHON_COVERAGE_MIN ?= 90
coverage: compile
	@rm -f .coverage .coverage.*
	$(BIN)/coverage run -m pytest tests -n $(TEST_WORKERS) --no-loadscope-reorder --coverage --network sectoken-coverage \
		--contract-coverage-min $(CONTRACT_COVERAGE_MIN) $(PYTEST_ARGS)
	@$(BIN)/coverage combine --quiet
	@$(BIN)/coverage json --quiet -o reports/python-coverage.json
	$(BIN)/coverage report --skip-covered --sort=cover --fail-under=$(PYTHON_COVERAGE_MIN)

bench: setup
	$(BIN)/python -m bench

bench-quick: setup
	$(BIN)/python -m bench --quick

# Static analysis in its own virtualenv (slither's pins differ from brownie's). brownie builds nothing for
# interfaces/, so audit/slither_audit.py has slither compile one generated file importing every contract,
# then fails on any finding not triaged in audit/triage.md (AUDIT_FAIL_ON=medium to gate on medium+ only).
AUDIT_VENV := .venv-audit
AUDIT_FAIL_ON ?= informational
$(STAMPS)/audit: requirements-audit.txt
	@mkdir -p $(STAMPS)
	@test -x $(AUDIT_VENV)/bin/python || $(PYTHON) -m venv $(AUDIT_VENV)
	$(AUDIT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-audit.txt
	@touch $@

audit: setup $(STAMPS)/audit
	$(AUDIT_VENV)/bin/python audit/slither_audit.py --fail-on $(AUDIT_FAIL_ON)

lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/mypy

clean:
	rm -rf build reports $(STAMPS) .hypothesis .coverage .coverage.*
