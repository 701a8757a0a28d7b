# Two commands a new user needs: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export LANGSMITH_TRACING := false

.PHONY: install run test test-all eval bench lint fuzz docs clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	@$(BIN)/python -m compileall -q assistant app_pages > /dev/null  # .pyc even where PYTHONDONTWRITEBYTECODE is set
	@touch $(STAMP)

install: $(STAMP) ## create .venv if missing and install (fast when nothing changed)

run: install ## start the Streamlit app on embedded defaults
	$(BIN)/streamlit run app.py --server.address=127.0.0.1 --server.port=$${PORT:-8501} \
		--server.headless=true --browser.gatherUsageStats=false

test: install ## fast test suite (no full eval)
	$(BIN)/pytest -q -p no:cacheprovider

eval: install ## full evals; non-zero exit on regression vs evals/baseline.json
	$(BIN)/python -m evals.run

bench: install ## benchmarks; prints a table and writes bench/results.json
	$(BIN)/python -m bench.run

fuzz: install ## long fuzzing run (>= 10,000 examples)
	ASSISTANT_FUZZ_EXAMPLES=10000 $(BIN)/pytest -q -p no:cacheprovider --timeout=0 tests/test_fuzz.py -s

lint: install
	$(BIN)/ruff check assistant tests evals bench app.py app_pages

docs: install ## regenerate docs/rules.md and docs/cli.md
	$(BIN)/python -m assistant.docs

clean:
	rm -rf $(VENV) data .pytest_cache
