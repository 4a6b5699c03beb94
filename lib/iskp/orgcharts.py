"""Charts and maps of the organisation chapter, in the house style: leaders' tenures against
attack tempo, ground by province, the languages of ISKP's media, named people and plot types.
Every helper takes ``ax=None`` (or ``axes=None`` for a figure of several panels), draws, and
returns what it drew on; it never shows, saves or titles (the caption carries the title)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from . import maps
from .analysis import TAKEOVER
from .organisation import MESSAGING_PHASES, NOT_REPORTED, STATUS_ORDER, UNDATED
from .plot import GREY, OKABE_ITO, PARTIAL_HATCH

END_STYLES: dict[str, dict] = {
    "killed": {"marker": "X", "color": "#000000", "label": "killed"},
    "captured": {"marker": "s", "color": OKABE_ITO[3], "label": "captured"},
    "surrendered": {"marker": "^", "color": OKABE_ITO[2], "label": "surrendered"},
    "died": {"marker": "P", "color": "#555555", "label": "died"},
    "replaced": {"marker": "o", "color": OKABE_ITO[5], "label": "replaced"},
    "in_office": {"marker": ">", "color": OKABE_ITO[0], "label": "in office (as last reported)"},
    "unknown": {"marker": "|", "color": GREY, "label": "end of role, how not reported"},
    "disputed": {"marker": "d", "color": OKABE_ITO[4], "label": "end disputed"},
}
"""Marker of each ``tenure_end`` on the leaders' timeline."""
TENURE_COLOUR = "#9ecae1"
COUNTRY_COLOURS = {"Afghanistan": OKABE_ITO[0], "Pakistan": OKABE_ITO[2], "elsewhere": GREY}
STATUS_COLOURS = {"present": "#fdd49e", "contested": "#fc8d59", "held": "#b30000"}
"""Sequential colours of the territory statuses, weakest to strongest."""
PHASE_SHADES = ("#f3f3f3", "#e4e4e4", "#f3f3f3")


def _ax(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _date_axis(ax: Axes) -> None:
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def strength(frame: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Published strength estimates, the UN's emphasised: a bar from low to high at each
    estimate's date (a dot for a single figure), the UN's (Monitoring Team and
    Secretary-General) in colour, everyone else's in grey; a dashed line at the takeover.
    ``frame`` is :func:`iskp.coverage.strength` with an ``estimator`` column."""
    ax = _ax(ax)
    un = frame["estimator"] == "UN"
    for sel, colour, lab in ((~un, GREY, "other estimators"), (un, OKABE_ITO[0], "UN")):
        g = frame[sel]
        lo, hi = g["value_low"].astype(float), g["value_high"].astype(float)
        ax.vlines(g["date"], lo, hi, color=colour, lw=3, alpha=0.8)
        ax.plot(g["date"], (lo + hi) / 2, "o", color=colour, ms=4, label=lab)
    fam = frame[frame["families"] == "yes"]
    mid = (fam["value_low"].astype(float) + fam["value_high"].astype(float)) / 2
    ax.plot(fam["date"], mid, "o", mfc="none", mec="#000000", ms=9, label="families counted")
    ax.axvline(TAKEOVER, color="#555555", lw=0.8, ls="--")
    ax.annotate(
        "takeover",
        (TAKEOVER, 1),
        xycoords=("data", "axes fraction"),
        xytext=(3, -2),
        textcoords="offset points",
        va="top",
        fontsize=7.5,
        color="#555555",
    )
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel("fighters (estimate)")
    _date_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    return ax


def leader_timeline(tenures: pd.DataFrame, *, ax: Axes | None = None, legend: bool = True) -> Axes:
    """Leaders' tenures, one row each (first at the top), grouped by role: a bar where both
    ends are dated, a marker at the end of each tenure shaped by how it ended; tenures with no
    date are not drawn. ``tenures`` is :func:`iskp.organisation.tenures`; the role of each
    group is written at the right of the axes."""
    ax = _ax(ax)
    rows = tenures[tenures["drawn"] != "undated"].reset_index(drop=True)
    y = np.arange(len(rows))[::-1]
    span = rows["drawn"] == "span"
    left = mdates.date2num(rows.loc[span, "start"])
    ax.barh(
        y[span.to_numpy()],
        mdates.date2num(rows.loc[span, "end"]) - left,
        left=left,
        height=0.55,
        color=TENURE_COLOUR,
        lw=0,
    )
    for kind, style in END_STYLES.items():
        hit = ((rows["tenure_end"] == kind) & rows["end"].notna()).to_numpy()
        kw = {"marker": style["marker"], "color": style["color"], "ls": "", "ms": 6}
        ax.plot(rows.loc[hit, "end"], y[hit], **kw, zorder=3)
    ax.set_yticks(y, rows["person"].astype(str))
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x")
    ax.set_ylim(-0.7, len(rows) - 0.3)
    for role, g in rows.groupby("role", sort=False):
        ys = y[g.index.to_numpy()]
        if ys.min() > 0:
            ax.axhline(ys.min() - 0.5, color="#cccccc", lw=0.6)
        ax.annotate(
            role,
            (1, (ys.min() + ys.max()) / 2),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
            color="#444444",
        )
    _date_axis(ax)
    first = rows[["start", "end"]].min().min()
    if pd.notna(first):
        ax.set_xlim(left=mdates.date2num(first - pd.Timedelta(days=120)))
    if legend:
        present = [k for k in END_STYLES if k in set(rows["tenure_end"])]
        handles = [
            Line2D([], [], ls="", marker=END_STYLES[k]["marker"], color=END_STYLES[k]["color"])
            for k in present
        ]
        labels = [END_STYLES[k]["label"] for k in present]
        handles.insert(0, Patch(facecolor=TENURE_COLOUR))
        labels.insert(0, "tenure, both ends dated")
        ax.legend(
            handles, labels, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=3, fontsize=7.5
        )
    return ax


def tempo(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    partial: Sequence[bool] | None = None,
    marks: pd.Series | None = None,
    ylabel: str = "attacks per quarter",
) -> Axes:
    """Attacks per quarter as stacked bars on a time axis (``table`` from
    :func:`iskp.organisation.tempo`: index quarter start, one column per country group); bars
    of ``partial`` quarters hatched; a dotted vertical line at each date of ``marks``."""
    ax = _ax(ax)
    bottom = np.zeros(len(table))
    width = 80
    for col in table.columns:
        values = table[col].astype(float).to_numpy()
        colour = COUNTRY_COLOURS.get(str(col), GREY)
        ax.bar(
            table.index, values, bottom=bottom, width=width, align="edge", color=colour, label=col
        )
        bottom = bottom + values
    handles, labels = ax.get_legend_handles_labels()
    if partial is not None and any(partial):
        hatch = dict(color="none", edgecolor="#444444", hatch=PARTIAL_HATCH, lw=0)
        for when, top, part in zip(table.index, bottom, partial):
            if part and top > 0:
                ax.bar([when], [top], width=width, align="edge", **hatch)
        handles.append(Patch(facecolor="white", edgecolor="#444444", hatch=PARTIAL_HATCH))
        labels.append("partial quarter")
    for when in [] if marks is None else marks.dropna():
        ax.axvline(pd.Timestamp(when), color="#555555", lw=0.7, ls=":", zorder=0)
    if marks is not None and len(marks.dropna()):
        handles.append(Line2D([], [], color="#555555", lw=0.7, ls=":"))
        labels.append("emir killed or captured")
    ax.set_ylabel(ylabel)
    ax.yaxis.get_major_locator().set_params(integer=True)
    _date_axis(ax)
    ax.legend(handles, labels, loc="upper right", fontsize=7.5)
    return ax


def leaders_and_tempo(
    tenures: pd.DataFrame,
    table: pd.DataFrame,
    *,
    partial: Sequence[bool] | None = None,
    marks: pd.Series | None = None,
    ylabel: str = "attacks per quarter",
    axes: Sequence[Axes] | None = None,
) -> np.ndarray:
    """The leaders' timeline above the attack tempo, on one shared time axis. Returns the two
    Axes (timeline, tempo)."""
    if axes is None:
        _, axes = plt.subplots(
            2, 1, figsize=(7.5, 7.2), sharex=True, gridspec_kw={"height_ratios": [3.2, 1.3]}
        )
    axes = np.asarray(axes)
    leader_timeline(tenures, ax=axes[0])
    tempo(table, ax=axes[1], partial=partial, marks=marks, ylabel=ylabel)
    axes[0].tick_params(axis="x", labelbottom=False)
    return axes


def _provinces(country: str):
    """The province polygons of ``country`` in the region's projection."""
    return maps.projected(maps.PROVINCE_LAYER[country], maps.REGION_CRS)


def status_map(
    status: pd.DataFrame, *, country: str = "AFG", ax: Axes | None = None, legend: bool = True
) -> Axes:
    """Provinces shaded by the strongest territory status reported (present, contested, held)
    among the rows of ``status``; provinces with none light grey. ``status`` has
    ``country``, ``adm1`` and ``status`` (one period of
    :func:`iskp.organisation.province_status`)."""
    ax = _ax(ax)
    prov = _provinces(country)
    sel = status[status["country"] == country]
    rank = sel.assign(rank=[STATUS_ORDER.index(str(s)) + 1 for s in sel["status"]])
    rank = rank.groupby(["country", "adm1"], as_index=False)["rank"].max()  # strongest
    values = maps.province_values(rank, country, value="rank")
    prov["status"] = prov["province"].map(values).fillna(0).astype(int)
    colours = [maps.NO_DATA, *[STATUS_COLOURS[s] for s in STATUS_ORDER]]
    prov.plot(
        ax=ax, color=[colours[r] for r in prov["status"]], edgecolor=maps.BORDER, linewidth=0.4
    )
    if legend:
        handles = [Patch(facecolor=maps.NO_DATA, edgecolor=maps.BORDER, label="none reported")]
        handles += [
            Patch(facecolor=STATUS_COLOURS[s], edgecolor=maps.BORDER, label=s)
            for s in STATUS_ORDER
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7.5)
    ax.set_axis_off()
    return ax


def ground_maps(
    status: pd.DataFrame,
    periods: Sequence[str],
    *,
    country: str = "AFG",
    axes: Sequence[Axes] | None = None,
) -> np.ndarray:
    """One :func:`status_map` per period (``status`` has a ``period`` column), side by side,
    the period written under each panel, one legend at the right. Returns the Axes."""
    if axes is None:
        _, axes = plt.subplots(1, len(periods), figsize=(2.7 * len(periods) + 0.9, 2.9))
    axes = np.atleast_1d(axes)
    for i, (ax, name) in enumerate(zip(axes, periods)):
        status_map(
            status[status["period"] == name],
            country=country,
            ax=ax,
            legend=(i == len(periods) - 1),
        )
        ax.text(0.5, -0.02, name, transform=ax.transAxes, ha="center", va="top", fontsize=9)
    return axes


def attack_maps(
    ev: pd.DataFrame,
    *,
    countries: Sequence[str] = ("AFG", "PAK"),
    breaks: tuple[int, ...] = maps.BREAKS,
    legend_title: str = "attacks",
    axes: Sequence[Axes] | None = None,
) -> np.ndarray:
    """Events per province of each country, one panel each, with the same class breaks and
    one legend (on the last panel). Returns the Axes."""
    if axes is None:
        _, axes = plt.subplots(1, len(countries), figsize=(7.5, 3.6))
    axes = np.atleast_1d(axes)
    names = {"AFG": "Afghanistan", "PAK": "Pakistan"}
    for i, (ax, country) in enumerate(zip(axes, countries)):
        maps.province_choropleth(
            ev,
            country=country,
            breaks=breaks,
            ax=ax,
            legend=(i == len(countries) - 1),
            legend_title=legend_title,
        )
        ax.text(
            0.5,
            -0.02,
            names.get(country, country),
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=9,
        )
    return axes


def language_timeline(
    rows: pd.DataFrame,
    firsts: pd.DataFrame,
    *,
    phases: Mapping[str, tuple[str, str | None]] = MESSAGING_PHASES,
    until: str | pd.Timestamp | None = None,
    ax: Axes | None = None,
) -> Axes:
    """When each language of ISKP's media was seen: one row per language (``firsts`` from
    :func:`iskp.organisation.language_firsts`, in its order), a filled marker at its first
    dated appearance and a hollow one at each later outlet or publication (``rows`` from
    :func:`iskp.organisation.language_rows`); a line shows the span a date known only to the
    month or year may stand for; languages with no dated row are marked 'undated'. The phases
    of the usual account are shaded and named at the top."""
    ax = _ax(ax)
    end = pd.Timestamp(until) if until is not None else rows["first_seen"].max()
    for i, (name, (lo, hi)) in enumerate(phases.items()):
        p_hi = pd.Timestamp(hi) if hi else end
        ax.axvspan(pd.Timestamp(lo), p_hi, color=PHASE_SHADES[i % 3], lw=0, zorder=0)
        ax.annotate(
            name.replace(": ", "\n"),
            (pd.Timestamp(lo), 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, 3),
            textcoords="offset points",
            va="bottom",
            fontsize=7.5,
            color="#444444",
        )
    order = list(firsts.index)
    y = {code: len(order) - 1 - i for i, code in enumerate(order)}
    dated = rows[rows["first_seen"].notna() & rows["language"].isin(order)]
    for r in dated.itertuples(index=False):
        start = pd.Timestamp(r.first_seen)
        prec = 1 if pd.isna(r.first_prec) else int(r.first_prec)
        stop = start.to_period("Y" if prec >= 5 else "M").end_time if prec >= 3 else start
        ax.hlines(y[r.language], start, stop, color=OKABE_ITO[0], lw=1.5, alpha=0.6)
        ax.plot(start, y[r.language], "o", mfc="white", mec=OKABE_ITO[0], ms=5, zorder=3)
    for code, f in firsts.iterrows():
        if pd.isna(f["first_seen"]):
            ax.annotate(
                UNDATED,
                (pd.Timestamp(next(iter(phases.values()))[0]), y[code]),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
                color="#777777",
            )
        else:
            ax.plot(f["first_seen"], y[code], "o", color=OKABE_ITO[0], ms=6, zorder=4)
    ax.set_yticks(list(y.values()), firsts["language"].tolist())
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_xlim(pd.Timestamp(next(iter(phases.values()))[0]) - pd.Timedelta(days=60), end)
    ax.grid(axis="y", visible=False)
    _date_axis(ax)
    handles = [
        Line2D([], [], ls="", marker="o", color=OKABE_ITO[0], ms=6),
        Line2D([], [], ls="", marker="o", mfc="white", mec=OKABE_ITO[0], ms=5),
        Line2D([], [], color=OKABE_ITO[0], lw=1.5, alpha=0.6),
    ]
    labels = ["first seen", "an outlet or publication", "date known to the month or year"]
    ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7.5)
    return ax


def counts(
    values: pd.Series,
    *,
    ax: Axes | None = None,
    xlabel: str = "",
    colour: str = OKABE_ITO[0],
    grey: Sequence[str] = (NOT_REPORTED, "unknown"),
) -> Axes:
    """Horizontal bars in the order given (first at the top), each with its count written at
    its end; categories in ``grey`` (not reported, unknown) drawn grey."""
    ax = _ax(ax)
    y = np.arange(len(values))[::-1]
    colours = [GREY if str(k) in grey else colour for k in values.index]
    ax.barh(y, values.astype(float), color=colours, height=0.7)
    for yi, v in zip(y, values):
        ax.annotate(
            f"{int(v)}",
            (float(v), yi),
            xytext=(2, 0),
            textcoords="offset points",
            va="center",
            fontsize=7.5,
        )
    ax.set_yticks(y, [str(k) for k in values.index])
    ax.set_xlabel(xlabel)
    ax.margins(x=0.12)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    return ax


def people_and_plots(
    nationalities: pd.Series,
    plot_types: pd.Series,
    *,
    xlabels: tuple[str, str] = ("people named", "external attacks and plots"),
    axes: Sequence[Axes] | None = None,
) -> np.ndarray:
    """Two bar panels side by side: named people by nationality, and external attacks and
    plots by type (each from :mod:`iskp.organisation`). Returns the Axes."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(7.5, 3.6), gridspec_kw={"width_ratios": [1.3, 1]})
    axes = np.asarray(axes)
    counts(nationalities, ax=axes[0], xlabel=xlabels[0])
    counts(plot_types, ax=axes[1], xlabel=xlabels[1], colour=OKABE_ITO[3])
    return axes
