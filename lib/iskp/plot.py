"""Charts in the house style. Every helper takes ``ax=None``, draws, and returns the Axes; it
never shows, saves or titles (the caption carries the title). Importing this module applies
the style file shipped in the package."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

STYLE = Path(__file__).with_name("iskp.mplstyle")
plt.style.use(STYLE)

# Okabe-Ito: colour-blind-safe qualitative palette.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
GREY = "#9a9a9a"

CLASS_COLOURS = {
    "attack": "#0072B2", "cross_border_strike": "#E69F00", "external_attack": "#D55E00",
    "external_plot_interdicted": "#CC79A7", "arrest": "#56B4E9", "leadership_killing": "#000000",
    "counter_operation": "#009E73",
}
THEME_COLOURS = {
    "taliban": "#0072B2", "sectarian": "#E69F00", "pakistan": "#009E73", "external": "#D55E00",
    "russia": "#CC79A7", "iran": "#56B4E9", "central_asia": "#F0E442", "china": "#000000",
}
LABELS = {
    "attack": "attack", "cross_border_strike": "cross-border strike", "external_attack": "external attack",
    "external_plot_interdicted": "interdicted plot", "arrest": "arrest", "leadership_killing": "leader killed or captured",
    "counter_operation": "counter-operation", "central_asia": "Central Asia",
}


def label(code: str) -> str:
    """Reader-facing label for a code."""
    return LABELS.get(code, code.replace("_", " "))


def _ax(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def stacked_bars(table: pd.DataFrame, *, ax: Axes | None = None, colours: dict[str, str] | None = None,
                 ylabel: str = "events", xlabel: str = "", width: float = 0.8) -> Axes:
    """Stacked bars of a wide table (index = x categories, columns = stacks)."""
    ax = _ax(ax)
    bottom = pd.Series(0.0, index=table.index)
    x = range(len(table.index))
    for i, col in enumerate(table.columns):
        colour = (colours or {}).get(col, OKABE_ITO[i % len(OKABE_ITO)])
        ax.bar(x, table[col].astype(float), bottom=bottom, width=width, color=colour, label=label(str(col)))
        bottom = bottom + table[col].astype(float)
    ax.set_xticks(list(x), [str(v) for v in table.index])
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    if len(table.columns) > 1:
        ax.legend(ncols=min(4, len(table.columns)), loc="upper left")
    return ax


def monthly(series: pd.DataFrame, *, ax: Axes | None = None, colours: dict[str, str] | None = None,
            ylabel: str = "events per month", marks: dict[str, str] | None = None) -> Axes:
    """Monthly counts as stacked bars on a time axis (index = month start timestamps)."""
    ax = _ax(ax)
    bottom = pd.Series(0.0, index=series.index)
    for i, col in enumerate(series.columns):
        colour = (colours or {}).get(col, OKABE_ITO[i % len(OKABE_ITO)])
        ax.bar(series.index, series[col].astype(float), bottom=bottom, width=25, align="edge", color=colour, label=label(str(col)))
        bottom = bottom + series[col].astype(float)
    for date, text in (marks or {}).items():
        ts = pd.Timestamp(date)
        ax.axvline(ts, color=GREY, lw=0.8, ls="--")
        ax.annotate(text, (ts, 1), xycoords=("data", "axes fraction"), xytext=(3, -3), textcoords="offset points",
                    va="top", fontsize=8, color="#555555")
    ax.set_ylabel(ylabel)
    if len(series.columns) > 1:
        ax.legend(ncols=min(4, len(series.columns)), loc="upper left", bbox_to_anchor=(0, -0.08))
    return ax


def ranges(frame: pd.DataFrame, *, label_col: str, low: str, best: str, high: str, claim: str | None = None,
           ax: Axes | None = None, xlabel: str = "", log: bool = False) -> Axes:
    """Horizontal ranges (low to high, dot at best), one row per label, with an optional
    claimed value drawn as a cross."""
    ax = _ax(ax)
    y = list(range(len(frame)))[::-1]
    ax.hlines(y, frame[low].astype(float), frame[high].astype(float), color=OKABE_ITO[0], lw=3, alpha=0.5, label="data: low to high")
    ax.plot(frame[best].astype(float), y, "o", color=OKABE_ITO[0], ms=4, label="data: best")
    if claim is not None:
        ax.plot(frame[claim].astype(float), y, "x", color=OKABE_ITO[3], ms=7, mew=2, label="claim")
    ax.set_yticks(y, frame[label_col].astype(str))
    ax.set_xlabel(xlabel)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    if log:
        ax.set_xscale("symlog", linthresh=10)
    ax.legend(loc="lower right")
    return ax


def hbar(values: pd.Series, *, ax: Axes | None = None, xlabel: str = "", colour: str = OKABE_ITO[0]) -> Axes:
    """Horizontal bars, largest at the top."""
    ax = _ax(ax)
    values = values.sort_values()
    ax.barh([label(str(i)) for i in values.index], values.astype(float), color=colour)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    return ax
