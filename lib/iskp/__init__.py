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

from .dataset import Dataset
from .errors import DataError, Problem

MODULES = (
    "analysis",
    "claims",
    "coverage",
    "dataset",
    "errors",
    "export",
    "geo",
    "load",
    "maps",
    "named",
    "organisation",
    "orgcharts",
    "plot",
    "read",
    "schema",
    "text",
    "ties",
    "validate",
    "views",
    "web",
)
__all__ = [*MODULES, "Dataset", "DataError", "Problem"]
__version__ = "2.0.0"

# Tables in the book show whole summaries and claims, not text cut at 50 characters, and every
# row (the register lists every event, however many).
_pd.set_option("display.max_colwidth", None)
_pd.set_option("display.max_rows", None)


def __getattr__(name: str) -> ModuleType:
    # modules load on first use (`from iskp import load` imports only what loading needs;
    # plot and maps, which import matplotlib and geopandas, only when a chapter draws)
    if name in MODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'iskp' has no attribute {name!r}")
