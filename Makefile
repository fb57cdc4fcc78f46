# Two entry points (see README): `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint bench training-data clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# CPU torch from this machine's disk first, so nothing pulls a CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	mkdir -p out
	$(BIN)/jixiao review training_data/raw/*.txt -o out

test: $(STAMP)
	$(BIN)/ruff check nlp tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check nlp tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_extract.py

training-data: $(STAMP)
	$(BIN)/jixiao extract training_data/raw/*.txt -o training_data/indicators.csv

clean:
	rm -rf $(VENV) out
