# CRM-RES: two commands for a newcomer.
#   make run   - app + worker on the embedded Postgres/Redis, demo data ready, http://localhost:3000
#   make test  - the whole test suite against real Postgres and Redis
#                (with line coverage per package, held to tools/coverage_floor.json)
#   make mutate - mutation testing (mutmut) of the risky modules; long (GROUPS=... for some)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOOLS := .tools
# Reflex cannot download bun here; the npm package ships the binary. Reflex finds it on PATH.
export PATH := $(CURDIR)/$(TOOLS)/node_modules/.bin:$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false

.PHONY: run test install install-dev bun web lint bench audit clean mutate mutation-sample coverage-floor

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(TOOLS)/node_modules/.bin/bun:
	@command -v npm >/dev/null || { echo "npm is required (Node.js 20+)"; exit 1; }
	npm install --silent --no-fund --no-audit --prefix $(TOOLS) bun@1
	$@ --version

# The Reflex frontend (.web) is initialised once; `reflex run --env prod` builds it.
.web/package.json: $(VENV)/.installed $(TOOLS)/node_modules/.bin/bun rxconfig.py
	$(VENV)/bin/reflex init --no-agents --loglevel warning
	touch $@

install: $(VENV)/.installed bun
bun: $(TOOLS)/node_modules/.bin/bun
web: .web/package.json

run: $(VENV)/.installed $(TOOLS)/node_modules/.bin/bun .web/package.json
	$(PY) -m crm_res.runtime.launcher

test: $(VENV)/.installed-dev $(TOOLS)/node_modules/.bin/bun .web/package.json
	$(PY) -m pytest -q -rfE --cov=crm_res --cov-report=json:coverage.json
	$(PY) tools/coverage_floor.py

# Raise tools/coverage_floor.json to today's figures (after `make test`; never lowers one).
coverage-floor: $(VENV)/.installed-dev
	$(PY) tools/coverage_floor.py --raise

# Every group of risky modules under mutmut, with each group's tests (see tools/mutate.py).
mutate: $(VENV)/.installed-dev
	$(PY) tools/mutate.py --show $(GROUPS)

# The fixed sample of mutants CI runs (a few minutes).
mutation-sample: $(VENV)/.installed-dev
	$(PY) tools/mutation_sample.py

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Known vulnerabilities in the pinned Python and frontend packages (skipped when offline).
audit: $(VENV)/.installed-dev
	PY=$(PY) .ci/audit

bench: $(VENV)/.installed-dev
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf .web .states $(TOOLS) test-artifacts
