"""Numbers for the prose: formatted from the data at execution time and glued (myst-nb), so the
text cannot drift from the data. Glue plain Python values, never NumPy scalars (NumPy 2 renders
them as ``np.float64(...)``)."""

from __future__ import annotations

from typing import Any

import pandas as pd


def n(value: Any) -> str:
    """An integer with thousands separators."""
    return f"{int(value):,}"


def pct(value: float, digits: int = 0) -> str:
    """A percentage, e.g. '42%'."""
    return f"{float(value):.{digits}f}%"


def share(part: int, whole: int, digits: int = 0) -> str:
    """``part`` of ``whole`` as a percentage string ('0%' when ``whole`` is 0)."""
    return pct(100.0 * part / whole if whole else 0.0, digits)


def date(value: Any) -> str:
    """A date as '26 August 2021'."""
    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}"


def span(low: Any, high: Any) -> str:
    """'47' or '47 to 63'."""
    lo, hi = int(low), int(high)
    return n(lo) if lo == hi else f"{n(lo)} to {n(hi)}"


def count(value: Any, zero: str = "none") -> str:
    """An integer for prose, with ``zero`` (default 'none') instead of 0."""
    return zero if int(value) == 0 else n(value)


GLUE_PREFIX = "application/papermill.record/"
"""myst-nb's mime prefix for values glued without display."""


def glue(name: str, value: Any) -> None:
    """Glue one value for myst-nb's ``{glue:text}`` role without displaying it.

    Writes exactly what ``myst_nb.glue(name, value, display=False)`` writes
    (``myst_nb/ext/glue/__init__.py``, myst-nb 1.4; a test checks the equivalence) without
    importing that module: its ``from nbformat import NotebookNode`` pulls in nbformat, whose
    jsonschema format checkers build a grammar at import. Measured here (2 cores): 1.15 to
    1.36 s per kernel on top of IPython and pandas (Sphinx is not imported), paid by every
    chapter in every run of nbval, the freshness check and ``make refresh``."""
    import IPython.core.formatters
    from IPython.display import display

    bundle, metadata = IPython.core.formatters.format_display_data(value)
    metadata["scrapbook"] = dict(name=name, mime_prefix=GLUE_PREFIX)
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


def glue_all(values: dict[str, Any], *, show: bool = True) -> None:
    """Glue every value (converted to plain str/int/float) without displaying it; then, unless
    ``show=False``, display the glued values as a small table (name, value), so that a reader
    who re-runs the chapter sees the numbers behind the prose."""
    plain = {name: _plain(value) for name, value in values.items()}
    for name, value in plain.items():
        glue(name, value)
    if show:
        from IPython.display import display

        display(glued_table(plain))


def glued_table(values: dict[str, Any]) -> pd.DataFrame:
    """The table :func:`glue_all` shows: one row per glued name, with its value as text."""
    frame = pd.DataFrame({"glued": list(values), "value": [str(v) for v in values.values()]})
    return frame.set_index("glued")


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float)) and not hasattr(value, "dtype"):
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def ratio(value: float, digits: int = 0) -> str:
    """A ratio (0.3) as a percentage ('30%'); 'none' for a missing ratio."""
    if value != value:  # NaN
        return "none"
    return pct(100 * float(value), digits)
