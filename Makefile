# selector: the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test setup browser venv lint bench fuzz-long docs clean

# A venv with selector (editable) and the test tools; re-run when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip install -q --no-deps 'litellm>=1.100'   # only its price map JSON is read; never imported
	touch $(STAMP)

venv: $(STAMP)

# Debian's chromium + chromedriver (browser tests, report PDF); never a downloaded browser.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v pdftoppm >/dev/null; then \
	  echo "chromium, chromedriver and pdftoppm present"; \
	else \
	  echo "installing chromium, chromium-driver, poppler-utils with apt"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver poppler-utils >/dev/null; \
	fi

setup: venv browser

demo: setup
	$(BIN)/selector catalog list
	$(BIN)/selector catalog validate

test: setup
	$(BIN)/python -m pytest

bench: venv
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache
