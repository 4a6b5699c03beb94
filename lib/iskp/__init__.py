"""Helper package of the ISKP book: load and validate the curated event dataset, analyse it,
recompute published claims, and draw charts and maps in the house style.

Chapters import the public API in one cell::

    from iskp import analysis, claims, load, maps, plot, text
"""

from __future__ import annotations

import pandas as _pd

from . import analysis, claims, load, text

# Tables in the book show whole summaries and claims, not text cut at 50 characters, and every
# row of the (small) tables the chapters print.
_pd.set_option("display.max_colwidth", None)
_pd.set_option("display.max_rows", 500)
from .errors import DataError, Problem

__all__ = ["analysis", "claims", "load", "text", "DataError", "Problem", "__version__"]
__version__ = "1.0.0"


def __getattr__(name: str):
    # plot and maps import matplotlib/geopandas: loaded on first use to keep `import iskp` light
    if name in ("plot", "maps", "geo", "export"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(name)
