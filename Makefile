# Cordon: the targets people expect. `make demo` and `make test` install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SHARED_LISTS ?= $(abspath ../shared/data/sanctions)
# The demo and eval use the real lists when ../shared is beside the checkout.
LISTS_ENV := $(if $(wildcard $(SHARED_LISTS)),CORDON_LISTS=$(SHARED_LISTS),)

.PHONY: install demo test check format bench eval clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml setup.py $(wildcard matching/*.pyx matching/*.pxd)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

demo: install
	$(LISTS_ENV) $(BIN)/cordon demo $(ARGS)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

check: install
	$(BIN)/ruff format --check matching services streams tests deploy
	$(BIN)/ruff check matching services streams tests deploy
	$(BIN)/mypy

format: install
	$(BIN)/ruff format matching services streams tests deploy
	$(BIN)/ruff check --fix matching services streams tests deploy

bench: install
	$(LISTS_ENV) $(BIN)/cordon bench $(ARGS)

eval: install
	$(BIN)/cordon eval --lists $(SHARED_LISTS) $(ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
