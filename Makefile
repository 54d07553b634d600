# selector: the two commands a new machine needs are `make demo` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export NO_MKDOCS_2_WARNING := 1
# pip on these machines warns about every missing local index folder; the warnings are noise.
PIP_NOISE := is ignored: it is neither a file nor a directory

.PHONY: demo test setup browser venv lint bench fuzz fuzz-long load docs clean mutate

# A venv with selector (editable), its dashboard extra, the test and lint tools, the docs tools, the evaluation
# metrics, and the two maintained price maps `selector catalog refresh` reads (litellm, genai-prices); re-run
# when pyproject.toml or this file changes.
# Quiet: one line per step (make V=1 shows the commands and pip's own output).
PIP := $(BIN)/pip install -q --progress-bar off
Q := $(if $(V),,@)

$(STAMP): pyproject.toml Makefile
	$(Q)test -x $(BIN)/python || { echo "creating the virtual environment (.venv)"; $(PY) -m venv $(VENV); }
	$(Q)echo "installing packages (about 90 s)…"
	$(Q)set -o pipefail; $(PIP) -e '.[dashboard,test,docs,evaluate]' 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	$(Q)set -o pipefail; $(PIP) --no-deps 'litellm>=1.100' 2>&1 | { grep -v "$(PIP_NOISE)" || true; }  # only its price map JSON is read; never imported
	$(Q)set -o pipefail; $(PIP) --no-deps 'genai-prices>=0.2.3' 2>&1 | { grep -v "$(PIP_NOISE)" || true; }  # MIT; only its data module is parsed (ast), never imported
	$(Q)touch $(STAMP)
	$(Q)echo "packages installed"

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

DEMO ?= examples/portfolio-shared-budget.yaml

# A real recommendation: the terminal summary, then the trade-off report in HTML and PDF under out/.
# Each step prints one line; the selector's own progress goes to out/demo.log (shown if a step fails).
DEMO_RUN = $(BIN)/selector recommend $(DEMO)
DEMO_LOG = 2>>out/demo.log || { cat out/demo.log; exit 1; }
demo: setup
	$(Q)mkdir -p out && : > out/demo.log
	$(Q)echo "[1/4] recommending for $(DEMO) (terminal summary below; HTML report to out/report.html)"
	$(Q)$(DEMO_RUN) --report out/report.html $(DEMO_LOG)
	$(Q)echo "[2/4] the JSON answer: out/recommendation.json"
	$(Q)$(DEMO_RUN) --format json > out/recommendation.json $(DEMO_LOG)
	$(Q)echo "[3/4] the Markdown report: out/report.md"
	$(Q)$(DEMO_RUN) --format markdown > out/report.md $(DEMO_LOG)
	$(Q)echo "[4/4] the PDF report (chromium): out/report.pdf"
	$(Q)$(DEMO_RUN) --report out/report.pdf > /dev/null $(DEMO_LOG)
	@echo
	@echo "Report: out/report.html (also out/report.pdf, out/report.md, out/recommendation.json)"
	@echo "Dashboard: $(BIN)/selector dashboard   then open http://127.0.0.1:8050"

# The suite on both cores (pytest-xdist): the dash_duo tests share one worker (tests/conftest.py).
# TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= 2
test: setup lint
	$(Q)echo "running the tests on $(TEST_WORKERS) workers (several minutes)…"
	$(Q)$(BIN)/python -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadgroup)

# ruff (rules in pyproject.toml [tool.ruff]; the formatter is not used) and mypy, strict on selector/
# ([tool.mypy]). Part of `make test`.
lint: venv
	$(Q)echo "lint: ruff and mypy"
	$(Q)$(BIN)/ruff check -q selector dashboard
	$(Q)$(BIN)/mypy

# The documentation site under site/ (open site/index.html; works offline). `make test` also builds it
# (tests/docs), so a broken link or a stale generated page fails the tests.
docs: venv
	$(BIN)/mkdocs build --strict -d site
	@echo "Docs: site/index.html   (live preview: $(BIN)/mkdocs serve)"

# Longer reliability runs of docs/reliability.md, left out of `make test` (which fuzzes 400 generated inputs
# and loads the dashboard with 20 sessions for 20 s): `make fuzz` 1,200 inputs, `make fuzz-long` 10,000
# (outcome counts in out/fuzz-long.json; FUZZ_EXAMPLES=... changes the total), `make load` 20 sessions for 60 s.
fuzz: venv
	SELECTOR_FUZZ_EXAMPLES=1200 $(BIN)/python -m pytest tests/reliability/test_fuzz.py --durations=10

load: venv
	SELECTOR_LOAD_SECONDS=60 $(BIN)/python -m pytest tests/reliability/test_dashboard_load.py -s

FUZZ_EXAMPLES ?= 10000
fuzz-long: venv
	mkdir -p out
	SELECTOR_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) SELECTOR_FUZZ_REPORT=out/fuzz-long.json \
	  $(BIN)/python -m pytest tests/reliability/test_fuzz.py --durations=10
	@cat out/fuzz-long.json

bench: venv
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/run_all.py

# Mutation testing (docs/testing.md): mutmut over selector/costs, options, scoring, sensitivity and optimise,
# each mutant against the tests of those packages ([tool.mutmut] in pyproject.toml). Long (about an hour on
# 2 cores); never part of `make test`. It resumes where it stopped; `rm -rf mutants` starts afresh.
MUTATE_CHILDREN ?= 2
mutate: venv
	set -o pipefail; $(BIN)/pip install -q -e '.[mutate]' 2>&1 | { grep -v "$(PIP_NOISE)" || true; }
	$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN)
	$(BIN)/python -m tests.mutation_summary

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache site
