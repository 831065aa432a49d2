# Two commands do everything on a fresh machine: `make run` (the main job) and `make test` (lint + tests).
# Both create or update .venv from pyproject.toml + constraints.txt, and skip that step when nothing changed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench browser clean langid-profiles

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/smugglewatch run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Browser tests need Debian's chromium (never a downloaded browser); install it when missing.
browser:
	@test -x /usr/bin/chromium || { \
	  echo "installing Debian chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser lint
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/smugglewatch bench

# Language-ID profiles are data built from the phrase banks: rebuild them after the banks change.
langid-profiles: $(STAMP)
	$(BIN)/python -m classifiers.langid_profiles

clean:
	rm -rf var .pytest_cache .ruff_cache
