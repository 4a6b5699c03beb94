"""Helper package of the ISKP book: load and validate the curated event dataset, analyse it,
recompute published claims, and draw charts and maps in the house style.

Chapters import the public API in one cell::

    from iskp import analysis, claims, load, maps, plot, text, views

The modules form one flow with no arrow back (``tests/test_layers.py`` holds it)::

    paths, errors -> schema -> read, geo, dataset -> validate -> load
        -> analysis, text -> claims, views -> plot -> maps -> export
"""

from __future__ import annotations

import importlib
from types import ModuleType

import pandas as _pd

from . import analysis, claims, load, text, views
from .dataset import Dataset
from .errors import DataError, Problem

__all__ = ["analysis", "claims", "load", "text", "views", "Dataset", "DataError", "Problem"]
__version__ = "1.0.0"

# Tables in the book show whole summaries and claims, not text cut at 50 characters, and every
# row of the (small) tables the chapters print.
_pd.set_option("display.max_colwidth", None)
_pd.set_option("display.max_rows", 500)


def __getattr__(name: str) -> ModuleType:
    # plot and maps import matplotlib/geopandas: loaded on first use to keep `import iskp` light
    if name in ("plot", "maps", "geo", "export", "schema", "validate", "read"):
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)
