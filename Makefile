# Works on a fresh machine with only Python 3.11: creates .venv, installs, runs.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export LITELLM_LOCAL_MODEL_COST_MAP := True

.PHONY: install demo test lint typecheck bench serve clean train

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# A .venv that is a link belongs to another checkout (a git worktree sharing it): installing
# into it would point its editable install at this tree, so it is left as it is.
$(STAMP): pyproject.toml | $(BIN)/python
	@if [ -L $(VENV) ]; then echo "$(VENV) is a link to another checkout's environment: not installing into it"; \
	else $(BIN)/python -m pip install --quiet --upgrade pip \
	  && $(BIN)/python -m pip install --quiet -e '.[dev]' && touch $(STAMP); fi

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/roleplay demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check roleplay tests bench
	$(BIN)/mypy roleplay bench

# Fits the turn model on data/turns (train split; validation for thresholds) and writes
# roleplay/analysis/model.npz. scikit-learn is needed here only.
train: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,train]'
	$(BIN)/python data/turns/train.py --report data/turns/validation_report.json

bench: $(STAMP)
	$(BIN)/python bench/grade_speed.py
	$(BIN)/python bench/speed_analysis.py
	$(BIN)/python bench/analysis_accuracy.py --split test
	$(BIN)/python bench/grader_accuracy.py ../shared/data
	$(BIN)/python bench/prospect_calls.py
	$(BIN)/python bench/prospect_heldout.py --split validation

serve: $(STAMP)
	$(BIN)/roleplay serve

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
