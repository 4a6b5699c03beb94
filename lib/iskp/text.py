"""Numbers for the prose: formatted from the data at execution time and glued (myst-nb), so the
text cannot drift from the data. Glue plain Python values, never NumPy scalars."""

from __future__ import annotations

from typing import Any


def n(value: Any) -> str:
    """An integer with thousands separators."""
    return f"{int(value):,}"


def pct(value: float, digits: int = 0) -> str:
    """A percentage, e.g. '42%'."""
    return f"{float(value):.{digits}f}%"


def date(value: Any) -> str:
    """A date as '26 August 2021'."""
    import pandas as pd

    ts = pd.Timestamp(value)
    return f"{ts.day} {ts:%B %Y}"


def span(low: Any, high: Any) -> str:
    """'47' or '47 to 63'."""
    lo, hi = int(low), int(high)
    return n(lo) if lo == hi else f"{n(lo)} to {n(hi)}"


GLUE_PREFIX = "application/papermill.record/"
"""myst-nb's mime prefix for values glued without display."""


def glue(name: str, value: Any) -> None:
    """Glue one value for myst-nb's ``{glue:text}`` role without displaying it.

    Writes exactly what ``myst_nb.glue(name, value, display=False)`` writes (a test checks it),
    without importing myst-nb's glue module, which pulls in Sphinx and costs about a second per
    kernel."""
    import IPython.core.formatters
    from IPython.display import display

    bundle, metadata = IPython.core.formatters.format_display_data(value)
    metadata["scrapbook"] = dict(name=name, mime_prefix=GLUE_PREFIX)
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


def glue_all(values: dict[str, Any]) -> None:
    """Glue every value (converted to plain str/int/float) without displaying it."""
    for name, value in values.items():
        glue(name, _plain(value))


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float)) and not hasattr(value, "dtype"):
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def count(value: Any, zero: str = "none") -> str:
    """An integer for prose, with ``zero`` (default 'none') instead of 0."""
    return zero if int(value) == 0 else n(value)
