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


def glue_all(values: dict[str, Any]) -> None:
    """Glue every value (converted to plain str/int/float) without displaying it."""
    from myst_nb import glue

    for name, value in values.items():
        glue(name, _plain(value), display=False)


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float)) and not hasattr(value, "dtype"):
        return value
    if hasattr(value, "item"):
        return value.item()
    return str(value)
