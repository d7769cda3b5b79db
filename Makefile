# geomath: the two commands of the README are `make verify` and `make test`.
# Both create .venv when missing and install the project into it; both are idempotent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.geomath-installed
PYTEST := $(BIN)/python -m pytest

.PHONY: install verify test test-all bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# torch is pinned only when none is importable: a CPU build of 2.13.0 lies on these
# machines' disk, while an unpinned `torch` pulls a multi-GB CUDA build. pyproject keeps
# the range open (torch>=2.2) for people who manage their own environment.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -c "import torch" 2>/dev/null || $(BIN)/python -m pip install -q "torch==2.13.0"
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

verify: install
	$(BIN)/geomath verify --out reports --readme README.md

# Two xdist workers on the two cores; the tests that read the claims' results share one worker
# (xdist_group "claims"), so each claim runs once.
test: install
	$(PYTEST) -q -m "not slow" --ignore=tests/bench -n 2 --dist loadgroup

test-all: install
	$(PYTEST) -q --ignore=tests/bench -n 2 --dist loadgroup

# PYTHONHASHSEED is pinned because sympy.simplify's time on Kerr depends on set iteration
# order (see the note printed by the benchmark summary): the same command, the same numbers.
# The Fisher anchors pull torchvision, whose newest release pins the newest torch: hold the
# installed torch with a constraint so that pip never replaces it (see pyproject's bench extra).
bench: install
	$(BIN)/python -c "import torch; print('torch==' + torch.__version__)" > $(VENV)/torch-constraint.txt
	$(BIN)/python -m pip install -q -e ".[test,bench]" -c $(VENV)/torch-constraint.txt
	PYTHONHASHSEED=0 $(PYTEST) tests/bench --benchmark-only --benchmark-group-by=param:case --benchmark-columns=min,mean,rounds -p no:randomly -s

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .benchmarks
