# The two quick-start commands: `make run` (set up, then the main job) and `make test`
# (set up, install Debian's chromium for the browser tests if missing, then lint and the whole
# test suite). Both create ./.venv on first use.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test setup bench clean docs-check docs-figures

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/brink run korea-2017

test: $(STAMP)
	sh scripts/install-test-deps.sh
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/mypy
	$(PY) -m pytest -n 2 -q
	$(PY) scripts/figures.py --check --quick

# Every figure quoted in docs/ recomputed from real runs; fails when one drifts (docs/questions.md).
docs-check: $(STAMP)
	$(PY) scripts/figures.py --check

docs-figures: $(STAMP)
	$(PY) scripts/figures.py --write

bench: $(STAMP)
	$(PY) benchmarks/engine.py
	$(PY) benchmarks/validity.py
	$(PY) benchmarks/duel.py
	$(PY) benchmarks/report.py
	$(PY) benchmarks/dask_scaling.py
	$(PY) benchmarks/backtest.py
	$(PY) benchmarks/play_load.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info
