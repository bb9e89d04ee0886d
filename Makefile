# One entry point: `make run` starts the web chat, `make test` runs every check.
# Each target sets up what it needs (virtualenv, packages, index) on a fresh machine.

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
export HF_HUB_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: setup run test lint eval ingest bench bench-100k clean

# Each step says what it does on stderr (pip itself is kept quiet): a first `make run` spends
# minutes here before the chat starts, and must not look stuck.
$(STAMP): pyproject.toml
	@echo "Installing hustings and its packages into $(VENV) (once; a few minutes) …" >&2
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@echo "  torch (for this computer's CPU) …" >&2
	@# torch first: the CPU wheel on this machine, not a multi-GB CUDA build from the index
	@$(PY) -m pip install -q torch==2.13.0
	@echo "  hustings, the embedding model, spaCy, Chroma, Gradio and the rest …" >&2
	@$(PY) -m pip install -q -e '.[test,openai,mcp]'
	@rm -f $(VENV)/.installed-* && touch $@
	@echo "Installed." >&2

setup: $(STAMP)

run: $(STAMP)
	@$(PY) app.py

ingest: $(STAMP)
	$(VENV)/bin/hustings ingest

test: $(STAMP)
	bash scripts/ensure-chromium.sh
	bash scripts/ensure-axe.sh
	$(PY) -m ruff check .
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check .

eval: $(STAMP)
	$(VENV)/bin/hustings eval ../shared/eval/dev.jsonl --verbose

bench: $(STAMP)
	$(PY) -m benchmarks.run

bench-100k: $(STAMP)
	$(PY) -m benchmarks.run --scale 100000

clean:
	rm -rf .hustings tests/artifacts .pytest_cache
