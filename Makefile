# Two commands on a fresh machine:
#   make demo   — create .venv, build the seed document's graph, run example queries
#   make test   — create .venv, run lint, type checks and the test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
SEED = seeds/hebei-telecom-fraud-2020.txt

.PHONY: demo test lint bench clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/kg

demo: $(BIN)/kg
	mkdir -p out
	$(BIN)/kg build $(SEED) --published 2020-08-20 -o out/seed.ttl
	$(BIN)/kg query out/seed.ttl --name quantities
	$(BIN)/kg query out/seed.ttl --name arrests_by_agency
	$(BIN)/kg query out/seed.ttl --name funds_frozen_by_place
	$(BIN)/kg export out/seed.ttl -o out/seed.html
	$(BIN)/kg export out/seed.ttl -o out/seed.svg

lint: $(BIN)/kg
	$(BIN)/ruff check kg tests bench scripts
	$(BIN)/mypy

test: $(BIN)/kg lint
	$(BIN)/pytest -q

bench: $(BIN)/kg
	$(BIN)/python bench/bench_corpus.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
