# Pasar: the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT ?= 8000

.PHONY: install run test lint typecheck bench clean screenshots rules-doc

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("Pasar needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/pasar run --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy src

test: lint typecheck
	$(BIN)/pytest -n 2 --dist loadfile

rules-doc: install
	$(BIN)/pasar rules doc --output docs/rules.md

screenshots: install
	PASAR_SCREENSHOTS=1 $(BIN)/pytest tests/web/test_browser*.py -q

bench: install
	$(BIN)/python benchmarks/orders.py
	$(BIN)/python benchmarks/moderation.py
	$(BIN)/python benchmarks/metrics.py
	$(BIN)/python benchmarks/checkout_http.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache pasar.db pasar.db-*
