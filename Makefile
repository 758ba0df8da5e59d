# The developer's tasks (README, "Working on irru"). Run inside the virtual environment that has '.[test,dev]'.
#   make check        lint, format, types, then every test (docs drift included): what CI runs
#   make quick        the quick loop: every test but the slow ones (wheel build, browser, benchmark harness)
#   make regen        regenerate every generated doc and snapshot, then review `git diff`
#   make bench-smoke  the benchmark harness in its quick mode (its tables, not its timings, are checked)
PYTHON ?= python3
PYTEST ?= $(PYTHON) -m pytest
SOURCES = irru tests benchmarks

.PHONY: check lint format types docs test quick regen bench-smoke fix

check: lint format types test

lint:
	$(PYTHON) -m ruff check $(SOURCES)

format:
	$(PYTHON) -m ruff format --check $(SOURCES)

types:
	$(PYTHON) -m mypy --strict irru

# The drift tests alone: README, docs/ and snapshots against the commands that make them (part of `test`).
docs:
	$(PYTEST) -q tests/test_docs.py tests/test_launch.py tests/test_diff.py tests/test_schema2.py

test:
	$(PYTEST) -q

quick:
	$(PYTEST) -q -m "not slow"

regen:
	$(PYTHON) tests/regenerate.py

bench-smoke:
	$(PYTEST) -q -n 0 tests/test_benchmarks.py

# Apply ruff's fixes and formatting (what `lint` and `format` would complain about).
fix:
	$(PYTHON) -m ruff check --fix $(SOURCES)
	$(PYTHON) -m ruff format $(SOURCES)
