# Two commands on a fresh machine: `make run` (train if needed, then serve) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
BUNDLE ?= bundles/current
DATA ?=
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run train serve test lint format bench quality loadtest clean

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@echo "installing latentmap and its pinned dependencies (torch is large: about a minute)..."
	$(PY) -m pip install --progress-bar on -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

train: install
	$(PY) -m training --out $(BUNDLE) $(if $(DATA),--data $(DATA))

run: install
	@test -f $(BUNDLE)/manifest.json || $(MAKE) --no-print-directory train
	$(PY) -m service --bundle $(BUNDLE) --host $(HOST) --port $(PORT)

serve: install
	$(PY) -m service --bundle $(BUNDLE) --host $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: install
	$(PY) -m benchmarks

quality: install
	$(PY) -m benchmarks.quality $(ARGS)

loadtest: install
	$(PY) -m benchmarks.loadtest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
