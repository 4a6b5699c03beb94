"""Charts in the house style. Every helper takes ``ax=None``, draws, and returns the Axes; it
never shows, saves or titles (the caption carries the title). Importing this module applies
the style file shipped in the package."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

STYLE = Path(__file__).with_name("iskp.mplstyle")
plt.style.use(STYLE)

# Okabe-Ito: colour-blind-safe qualitative palette.
OKABE_ITO = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#F0E442",
    "#000000",
]
GREY = "#9a9a9a"

CLASS_COLOURS = {
    "attack": "#0072B2",
    "cross_border_strike": "#E69F00",
    "external_attack": "#D55E00",
    "external_plot_interdicted": "#CC79A7",
    "arrest": "#56B4E9",
    "leadership_killing": "#000000",
    "counter_operation": "#009E73",
    "clash": "#999999",
    "surrender": "#F0E442",
    "extrajudicial_killing": "#882255",
}
THEME_COLOURS = {
    "taliban": "#0072B2",
    "sectarian": "#E69F00",
    "pakistan": "#009E73",
    "external": "#D55E00",
    "russia": "#CC79A7",
    "iran": "#56B4E9",
    "central_asia": "#F0E442",
    "china": "#000000",
}
LABELS = {
    "attack": "attack",
    "cross_border_strike": "cross-border strike",
    "external_attack": "external attack",
    "external_plot_interdicted": "interdicted plot",
    "arrest": "arrest",
    "leadership_killing": "leader killed or captured",
    "counter_operation": "counter-operation",
    "central_asia": "Central Asia",
    "shia_hazara": "Shia and Hazara",
    "sikh_hindu": "Sikh and Hindu",
    "christian": "Christians",
    "sufi": "Sufi",
    "aid_health_workers": "aid and health workers",
    "election_site": "election sites",
    "clash": "clash",
    "surrender": "surrender",
    "extrajudicial_killing": "extrajudicial killing",
    "pakistan_political": "Pakistani politicians and parties",
    "pakistan_security": "Pakistani security forces",
    "sunni_cleric_or_madrasa": "Sunni clerics and madrasas",
    "civilians_general": "civilians (general)",
    "taliban_security": "Taliban security forces",
    "taliban_official": "Taliban officials",
    "foreign_diplomatic": "foreign diplomats",
    "foreign_nationals": "foreign nationals",
    "afghan_republic_security": "Afghan Republic forces",
    "us_coalition": "US and coalition forces",
    "iskp_members": "ISKP members",
}


def label(code: str) -> str:
    """Reader-facing label for a code."""
    return LABELS.get(code, code.replace("_", " "))


def _ax(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


PARTIAL_HATCH = "////"


def _mark_partial(
    ax: Axes,
    x: list,
    tops: pd.Series,
    partial: list[bool] | None,
    width: float,
    horizontal: bool = False,
    align: str = "center",
) -> bool:
    """Overlay a hatch on the bars of partial periods; True if any was drawn (an empty partial
    period has no bar to hatch)."""
    if not partial or not any(partial):
        return False
    kw = dict(color="none", edgecolor="#444444", hatch=PARTIAL_HATCH, lw=0)
    drawn = False
    for xi, top, is_partial in zip(x, tops, partial):
        if is_partial and top > 0:
            if horizontal:
                ax.barh([xi], [top], height=width, **kw)
            else:
                ax.bar([xi], [top], width=width, align=align, **kw)
            drawn = True
    return drawn


def _legend(ax: Axes, partial: bool, **kw) -> None:
    """The legend of the drawn series, with a 'partial period' entry when partial bars are
    hatched."""
    from matplotlib.patches import Patch

    handles, labels = ax.get_legend_handles_labels()
    if partial:
        handles.append(Patch(facecolor="white", edgecolor="#444444", hatch=PARTIAL_HATCH))
        labels.append("partial period")
    if len(handles) > 1 or partial:
        ax.legend(handles, labels, **kw)


def not_entered(
    ax: Axes, after: pd.Timestamp | str, until: pd.Timestamp | str, text: str = ""
) -> Axes:
    """Shade the span after the last entered event up to the cut-off: 'nothing entered', not
    'nothing happened'."""
    after, until = pd.Timestamp(after), pd.Timestamp(until)
    ax.axvspan(after, until, color="#e6e6e6", zorder=0, lw=0)
    ax.annotate(
        text or "no event entered",
        (after, 0.98),
        xycoords=("data", "axes fraction"),
        xytext=(2, 0),
        textcoords="offset points",
        va="top",
        fontsize=7,
        color="#555555",
    )
    return ax


def stacked_bars(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    colours: dict[str, str] | None = None,
    ylabel: str = "events",
    xlabel: str = "",
    width: float = 0.8,
    horizontal: bool = False,
    partial: list[bool] | None = None,
) -> Axes:
    """Stacked bars of a wide table (index = categories, columns = stacks); with
    ``horizontal=True`` the categories run down the y axis, the first at the top. ``partial``
    marks the bars of periods the record covers only in part (hatched, named in the
    legend)."""
    ax = _ax(ax)
    bottom = pd.Series(0.0, index=table.index)
    x = list(range(len(table.index)))[::-1] if horizontal else list(range(len(table.index)))
    for i, col in enumerate(table.columns):
        colour = (colours or {}).get(col, OKABE_ITO[i % len(OKABE_ITO)])
        values = table[col].astype(float)
        if horizontal:
            ax.barh(x, values, left=bottom, height=width, color=colour, label=label(str(col)))
        else:
            ax.bar(x, values, bottom=bottom, width=width, color=colour, label=label(str(col)))
        bottom = bottom + values
    hatched = _mark_partial(ax, x, bottom, partial, width, horizontal)
    if horizontal:
        ax.set_yticks(x, [str(v) for v in table.index])
        ax.set_xlabel(ylabel)
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)
    else:
        ax.set_xticks(x, [str(v) for v in table.index])
        ax.set_ylabel(ylabel)
        ax.set_xlabel(xlabel)
    ax.margins(
        **({"x": 0.08} if horizontal else {"y": 0.12})
    )  # room for the legend above the tallest bar
    _legend(
        ax,
        hatched,
        ncols=min(4, len(table.columns) + 1),
        loc="lower right" if horizontal else "upper left",
    )
    return ax


def monthly(
    series: pd.DataFrame,
    *,
    ax: Axes | None = None,
    colours: dict[str, str] | None = None,
    ylabel: str = "events per month",
    marks: dict[str, str] | None = None,
    width: float = 25,
    partial: list[bool] | None = None,
) -> Axes:
    """Counts per period as stacked bars on a time axis (index = period start timestamps;
    ``width`` in days: 25 for months, 80 for quarters). ``partial`` hatches the periods the
    record covers only in part."""
    ax = _ax(ax)
    bottom = pd.Series(0.0, index=series.index)
    for i, col in enumerate(series.columns):
        colour = (colours or {}).get(col, OKABE_ITO[i % len(OKABE_ITO)])
        values = series[col].astype(float)
        nz = values > 0  # empty months draw nothing: far fewer artists, same picture
        ax.bar(
            series.index[nz],
            values[nz],
            bottom=bottom[nz],
            width=width,
            align="edge",
            color=colour,
            label=label(str(col)),
        )
        bottom = bottom + values
    hatched = _mark_partial(ax, list(series.index), bottom, partial, width, align="edge")
    if len(series.index):  # the axis covers every period, empty ones at either end included
        pad = pd.Timedelta(days=width / 2)
        ax.set_xlim(series.index[0] - pad, series.index[-1] + pd.Timedelta(days=width) + pad)
    for date, text in (marks or {}).items():
        ts = pd.Timestamp(date)
        ax.axvline(ts, color=GREY, lw=0.8, ls="--")
        ax.annotate(
            text,
            (ts, 1),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            va="top",
            fontsize=8,
            color="#555555",
        )
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 2.5 events
    _legend(
        ax,
        hatched,
        ncols=min(4, len(series.columns) + 1),
        loc="upper left",
        bbox_to_anchor=(0, -0.08),
    )
    return ax


def ranges(
    frame: pd.DataFrame,
    *,
    label_col: str,
    low: str,
    best: str,
    high: str,
    claim: str | None = None,
    ax: Axes | None = None,
    xlabel: str = "",
    log: bool = False,
) -> Axes:
    """Horizontal ranges (low to high, dot at best), one row per label, with an optional
    claimed value drawn as a cross."""
    ax = _ax(ax)
    y = list(range(len(frame)))[::-1]
    ax.hlines(
        y,
        frame[low].astype(float),
        frame[high].astype(float),
        color=OKABE_ITO[0],
        lw=3,
        alpha=0.5,
        label="data: low to high",
    )
    ax.plot(frame[best].astype(float), y, "o", color=OKABE_ITO[0], ms=4, label="data: best")
    if claim is not None:
        ax.plot(frame[claim].astype(float), y, "x", color=OKABE_ITO[3], ms=7, mew=2, label="claim")
    ax.set_yticks(y, frame[label_col].astype(str))
    ax.set_xlabel(xlabel)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    if log:
        ax.set_xscale("symlog", linthresh=10)
        ax.set_xlim(left=0)
    ax.legend(loc="lower right")
    return ax


def hbar(
    values: pd.Series, *, ax: Axes | None = None, xlabel: str = "", colour: str = OKABE_ITO[0]
) -> Axes:
    """Horizontal bars, largest at the top."""
    ax = _ax(ax)
    values = values.sort_values()
    ax.barh([label(str(i)) for i in values.index], values.astype(float), color=colour)
    ax.set_xlabel(xlabel)
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    return ax


def range_bars(
    frame: pd.DataFrame,
    *,
    ax: Axes | None = None,
    ylabel: str = "victims killed",
    colour: str = OKABE_ITO[0],
    partial: list[bool] | None = None,
) -> Axes:
    """Bars at ``best`` with a line from ``low`` to ``high`` (columns of ``frame``), one per
    index value; the number of events of unknown toll, if any, written above the bar;
    ``partial`` hatches periods the record covers only in part."""
    ax = _ax(ax)
    x = list(range(len(frame)))
    best = frame["best"].astype(float)
    ax.bar(x, best, color=colour, width=0.7, label="best estimate")
    hatched = _mark_partial(ax, x, best, partial, 0.7)
    ax.errorbar(
        x,
        best,
        yerr=[best - frame["low"].astype(float), frame["high"].astype(float) - best],
        fmt="none",
        ecolor="#333333",
        capsize=3,
        lw=1,
        label="low to high",
    )
    if "unknown" in frame:
        for xi, (b, h, u) in enumerate(zip(best, frame["high"].astype(float), frame["unknown"])):
            if u:
                ax.annotate(
                    f"+{int(u)}?",
                    (xi, max(b, h)),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=7,
                    color="#555555",
                )
    ax.set_xticks(x, [str(v) for v in frame.index])
    ax.set_ylabel(ylabel)
    _legend(ax, hatched, loc="upper left")
    return ax


def timeline(
    events: pd.DataFrame,
    milestones: pd.DataFrame,
    *,
    ax: Axes | None = None,
    start: str = "2021-08-15",
    end: str | None = None,
) -> Axes:
    """Events (upper band: a stem per event, height = victims killed, best estimate; a hollow
    marker when the toll is unknown) above the milestones of diplomacy (lower band: a tick and a
    short label each), on one time axis from ``start``."""
    ax = _ax(ax)
    ev = events[events["date_start"] >= pd.Timestamp(start)]
    for cls, grp in ev.groupby(ev["event_class"].astype(str)):
        colour = CLASS_COLOURS.get(cls, GREY)
        known = grp[grp["killed_best"].notna()]
        ax.vlines(known["date_start"], 0, known["killed_best"].astype(float), color=colour, lw=1.2)
        ax.plot(
            known["date_start"],
            known["killed_best"].astype(float),
            "o",
            color=colour,
            ms=4,
            label=label(cls),
        )
        unknown = grp[grp["killed_best"].isna()]
        ax.plot(
            unknown["date_start"],
            [0] * len(unknown),
            "o",
            mfc="white",
            mec=colour,
            ms=5,
            label=f"{label(cls)} (toll unknown or none)" if len(unknown) else None,
        )
    top = max(float(ev["killed_best"].max()) if ev["killed_best"].notna().any() else 1.0, 1.0)
    ms = (
        milestones[milestones["date"] >= pd.Timestamp(start)]
        .sort_values("date")
        .reset_index(drop=True)
    )
    for i, r in ms.iterrows():
        y = -top * (0.12 + 0.11 * (i % 4))
        ax.vlines(r["date"], y, 0, color=GREY, lw=0.7, ls=":")
        ax.annotate(
            f"{r['milestone_id']} {r['kind']}",
            (r["date"], y),
            fontsize=7,
            color="#444444",
            ha="left",
            va="top",
            xytext=(2, 0),
            textcoords="offset points",
        )
    ax.axhline(0, color="#777777", lw=0.6)
    ax.set_ylim(-top * 0.62, top * 1.08)
    ax.set_yticks([t for t in ax.get_yticks() if 0 <= t <= top * 1.08])
    if end:
        ax.set_xlim(pd.Timestamp(start), pd.Timestamp(end))
    ax.set_ylabel("victims killed per event (above); milestones (below)")
    ax.legend(loc="upper left", fontsize=7.5)
    return ax


FAMILY_MARKERS = {
    "attacks": "o",
    "claimed_attacks": "s",
    "battle_deaths": "^",
    "nonstate_deaths": "v",
    "deaths": "D",
    "civilian_deaths": "P",
    "civilian_casualties": "X",
    "plots": "*",
}
COUNTRY_COLOURS = {"AFG": OKABE_ITO[0], "PAK": OKABE_ITO[2]}


ZERO = 0.005
"""Where a capture ratio of zero is drawn on the log scale (labelled 'none')."""


def capture(frame: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Capture ratios in time on a log scale: one marker per benchmark (x = the middle of its
    period, y = the record's figure divided by the benchmark's), shape by family, colour by
    country; a ratio of zero is drawn hollow on the 'none' line; a dashed line at 100% (the
    record equals the benchmark). ``frame`` is :func:`iskp.coverage.by_year`."""
    ax = _ax(ax)
    countries = frame["country"].fillna("AFG and PAK")
    for (metric, country), g in frame.groupby(["metric", countries]):
        ratio = g["ratio"].astype(float)
        colour = COUNTRY_COLOURS.get(country, GREY)
        marker = FAMILY_MARKERS.get(metric, "o")
        some = ratio > 0
        ax.scatter(
            g["year"][some],
            ratio[some],
            marker=marker,
            s=28,
            color=colour,
            alpha=0.85,
            edgecolor="white",
            linewidth=0.4,
            zorder=3,
        )
        ax.scatter(
            g["year"][~some & ratio.notna()],
            [ZERO] * int((~some & ratio.notna()).sum()),
            marker=marker,
            s=28,
            facecolor="none",
            edgecolor=colour,
            zorder=3,
        )
    ax.axhline(1, color="#555555", lw=0.8, ls="--")
    ax.annotate(
        "record = benchmark",
        (1, 1),
        xycoords=("axes fraction", "data"),
        xytext=(-2, 3),
        textcoords="offset points",
        ha="right",
        fontsize=7,
        color="#555555",
    )
    ax.set_yscale("log")
    ax.set_ylim(ZERO * 0.7, 4)
    ticks = [ZERO, 0.01, 0.03, 0.1, 0.3, 1, 3]
    ax.set_yticks(ticks, ["none", "1%", "3%", "10%", "30%", "100%", "300%"])
    ax.minorticks_off()
    ax.set_ylabel("record as a share of the benchmark")
    present = set(frame["metric"])
    handles = [
        plt.Line2D([], [], ls="", marker=m, color="#555555", label=label_family(k))
        for k, m in FAMILY_MARKERS.items()
        if k in present
    ]
    colours = {**COUNTRY_COLOURS, "AFG and PAK": GREY}
    handles += [
        plt.Line2D([], [], ls="", marker="o", color=c, label=k)
        for k, c in colours.items()
        if k in set(countries)
    ]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7.5, frameon=False
    )
    return ax


def label_family(metric: str) -> str:
    """Short legend label of a benchmark family."""
    return {
        "attacks": "attacks",
        "claimed_attacks": "claimed attacks",
        "battle_deaths": "battle deaths (UCDP)",
        "nonstate_deaths": "IS-Taliban deaths (UCDP)",
        "deaths": "deaths in attacks",
        "civilian_deaths": "civilian deaths (UNAMA)",
        "civilian_casualties": "civilian casualties (UNAMA)",
        "plots": "plots",
    }.get(metric, metric)


ESTIMATOR_COLOURS = {
    "UN": OKABE_ITO[0],
    "US": OKABE_ITO[3],
    "Russia": OKABE_ITO[4],
    "Afghanistan": OKABE_ITO[2],
    "analysts": OKABE_ITO[1],
}


def estimator(authority: str) -> str:
    """The broad estimator group of a benchmark authority (UN, US, Russia, Afghanistan,
    analysts)."""
    a = str(authority)
    if a.startswith("UN"):
        return "UN"
    if a.startswith(("US", "SIGAR")):
        return "US"
    if a.startswith("Russian"):
        return "Russia"
    if a.startswith("Afghan government"):
        return "Afghanistan"
    return "analysts"


def strength(frame: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Published strength estimates: a vertical bar from low to high at each estimate's date
    (a dot for a single figure), coloured by who estimated; a ring marks estimates that count
    family members. ``frame`` has ``date``, ``value_low``, ``value_high``, ``estimator`` and
    ``families``."""
    ax = _ax(ax)
    for who, g in frame.groupby("estimator"):
        c = ESTIMATOR_COLOURS.get(who, GREY)
        ax.vlines(
            g["date"],
            g["value_low"].astype(float),
            g["value_high"].astype(float),
            color=c,
            lw=3,
            alpha=0.8,
        )
        mid = (g["value_low"].astype(float) + g["value_high"].astype(float)) / 2
        ax.plot(g["date"], mid, "o", color=c, ms=4, label=who)
        fam = g[g["families"] == "yes"]
        ax.plot(
            fam["date"],
            (fam["value_low"] + fam["value_high"]).astype(float) / 2,
            "o",
            mfc="none",
            mec="#000000",
            ms=9,
        )
    ax.plot([], [], "o", mfc="none", mec="#000000", ms=9, label="families counted")
    ax.set_ylabel("fighters (estimate)")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7.5, frameon=False)
    return ax


def regimes(
    ax: Axes, takeover: pd.Timestamp | str, start: pd.Timestamp | str, *, labels: bool = True
) -> Axes:
    """Shade the years before the takeover, when the record admits fewer attacks (ten or more
    deaths, or a strategic target), and name the two inclusion rules on the chart."""
    start, takeover = pd.Timestamp(start), pd.Timestamp(takeover)
    ax.axvspan(start, takeover, color="#f0f0f0", zorder=0, lw=0)
    ax.axvline(takeover, color=GREY, lw=0.8, ls="--")
    if labels:  # above the plot area, so that no bar runs under them
        kw = dict(
            xycoords=("data", "axes fraction"),
            textcoords="offset points",
            va="bottom",
            fontsize=7,
            color="#555555",
            annotation_clip=False,
        )
        ax.annotate(
            "before the takeover:\n10+ deaths or strategic targets",
            (start, 1.0),
            xytext=(3, 2),
            ha="left",
            **kw,
        )
        ax.annotate(
            "since the takeover:\nevery reported attack",
            (takeover, 1.0),
            xytext=(3, 2),
            ha="left",
            **kw,
        )
    return ax


# --- relations with the Taliban's partners (chapter "Does ISKP break the Taliban's ties?") ---

DIRECTION_COLOURS = {"warming": "#0072B2", "cooling": "#D55E00", "neutral": "#999999"}
"""Colours of the direction of a step in the relations table."""
KIND_ORDER = (
    "recognition",
    "delisting",
    "diplomatic",
    "visit",
    "economic",
    "security",
    "statement",
    "sanction",
    "deportation",
    "border_clash",
    "strike",
)
"""Kinds of relations steps, from the warmest kinds to the coldest, top to bottom."""
WINDOW_COLOURS = {30: OKABE_ITO[0], 90: OKABE_ITO[1], 180: OKABE_ITO[4]}
"""Colours of the event study's windows (days)."""
ATTACK_COLOUR = "#000000"
PAD = pd.Timedelta(days=30)
"""Room on the time axis before the start and after the end, so that markers on the edges
show whole."""


def _years(ax: Axes) -> None:
    """A time axis labelled by year, with a minor tick at each half year."""
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(1, 7)))


def _attack_area(killed: pd.Series, scale: float = 1.0) -> pd.Series:
    """Marker area (points squared) for attacks by victims killed: grows with the toll,
    capped so that the deadliest attack does not hide its neighbours."""
    k = pd.to_numeric(killed, errors="coerce").fillna(0).astype(float)
    return (14 + 2.2 * k.clip(upper=180)) * scale


def _attack_legend(scale: float = 1.0) -> list:
    """Legend handles for attack markers: sizes for 1, 10 and 100 killed, and the hollow
    marker of an unknown or nil toll."""
    handles = [
        plt.scatter([], [], s=float(_attack_area(pd.Series([k]), scale).iloc[0]), color="k")
        for k in (1, 10, 100)
    ]
    labels = ["attack: 1 killed", "10 killed", "100 killed"]
    handles.append(plt.scatter([], [], s=14 * scale, facecolor="white", edgecolor="k"))
    labels.append("toll unknown or none")
    return list(zip(handles, labels))


def _direction_legend() -> list:
    return [
        (plt.Line2D([], [], ls="", marker="o", color=c, ms=6), f"step: {d}")
        for d, c in DIRECTION_COLOURS.items()
    ]


def relations_timeline(
    attacks: pd.DataFrame,
    steps: pd.DataFrame,
    *,
    ax: Axes | None = None,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    labels: tuple[str, ...] | list[str] = (),
    attack_label: str = "ISKP attacks",
) -> Axes:
    """One partner's relations with the Taliban and the ISKP attacks on it, on one time axis
    from ``start`` to ``end``. Top row: a marker per attack (``attacks``: ``date_start``,
    ``event_id``, ``killed_best``), its area growing with the victims killed (best estimate),
    hollow when the toll is unknown or none. Below, one row per kind of step present
    (``steps`` as :func:`iskp.ties.steps` returns them, ordered by :data:`KIND_ORDER`), a
    marker per step coloured by its direction. A thin line joins a step to the attack it
    answers (its ``event_id``) when that attack is drawn. ``labels``: event or milestone IDs
    to write beside their markers. The legend sits outside the axes, on the right."""
    ax = _ax(ax)
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    att = attacks[(attacks["date_start"] >= s) & (attacks["date_start"] <= e)]
    st = steps[(steps["date"] >= s) & (steps["date"] <= e)]
    kinds = [k for k in KIND_ORDER if k in set(st["kind"].astype(str))]
    kinds += sorted(set(st["kind"].astype(str)) - set(kinds))
    top = len(kinds)
    rows = {k: top - 1 - i for i, k in enumerate(kinds)}
    killed = pd.to_numeric(att["killed_best"], errors="coerce")
    known = killed.fillna(0) > 0
    ax.scatter(
        att["date_start"][known],
        [top + 0.5] * int(known.sum()),
        s=_attack_area(killed[known]),
        color=ATTACK_COLOUR,
        alpha=0.75,
        zorder=3,
    )
    ax.scatter(
        att["date_start"][~known],
        [top + 0.5] * int((~known).sum()),
        s=14,
        facecolor="white",
        edgecolor=ATTACK_COLOUR,
        zorder=3,
    )
    y = st["kind"].astype(str).map(rows).astype(float)
    colours = st["direction"].astype(str).map(DIRECTION_COLOURS).fillna(GREY)
    ax.scatter(st["date"], y, s=22, c=list(colours), zorder=3, edgecolor="white", lw=0.4)
    where = dict(zip(att["event_id"].astype(str), att["date_start"]))
    for r, yi in zip(st.itertuples(index=False), y):
        eid = str(r.event_id) if not pd.isna(r.event_id) else ""
        if eid in where:
            ax.plot([where[eid], r.date], [top + 0.5, yi], color="#777777", lw=0.6, zorder=2)
    area = dict(zip(att["event_id"].astype(str), _attack_area(killed.where(known, 0))))
    marks = [
        (eid, d, top + 0.5, 0.5 * float(area[eid]) ** 0.5 + 1)
        for eid, d in where.items()
        if eid in labels
    ]
    marks += [
        (str(r.milestone_id), r.date, yi, 3.0)
        for r, yi in zip(st.itertuples(index=False), y)
        if str(r.milestone_id) in labels
    ]
    for text, d, yi, off in marks:
        ax.annotate(
            text,
            (d, yi),
            xytext=(off, off),
            textcoords="offset points",
            fontsize=7,
            color="#333333",
            zorder=4,
        )
    ax.axhline(top, color="#777777", lw=0.6)
    ax.set_yticks(
        [top + 0.5, *[rows[k] for k in kinds]],
        [attack_label, *[k.replace("_", " ") for k in kinds]],
    )
    ax.set_ylim(-0.7, top + 1.2)
    ax.set_xlim(s - PAD, e + PAD)
    _years(ax)
    ax.grid(axis="x", color="#eeeeee", lw=0.5)
    ax.set_ylabel("")
    handles = _attack_legend() + _direction_legend()
    handles.append((plt.Line2D([], [], color="#777777", lw=0.6), "step answers the attack"))
    _side_legend(ax, handles)
    return ax


def _side_legend(ax: Axes, handles: list[tuple[object, str]]) -> None:
    """A small legend of (handle, text) pairs to the right of the axes (the ties charts)."""
    ax.legend(
        [h for h, _ in handles],
        [t for _, t in handles],
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=7.5,
        frameon=False,
        scatterpoints=1,
    )


def ties_lanes(
    lanes: pd.DataFrame,
    *,
    ax: Axes | None = None,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
) -> Axes:
    """Every partner's attacks and steps on one time axis, one lane per partner (``lanes``
    from :func:`iskp.ties.lanes`, the first partner at the top): in each lane the relations
    steps above the lane's line, coloured by direction, and the ISKP attacks that hit the
    partner below it, their area growing with the victims killed (hollow when the toll is
    unknown or none). Without ``ax`` the figure grows with the number of lanes. The legend
    sits outside the axes, on the right."""
    names = list(dict.fromkeys(lanes["name"].astype(str)))
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, max(3.0, 0.4 * len(names) + 1.0)))
    s, e = pd.Timestamp(start), pd.Timestamp(end)
    y0 = {n: len(names) - 1 - i for i, n in enumerate(names)}
    lanes = lanes[(lanes["date"] >= s) & (lanes["date"] <= e)]
    y = lanes["name"].astype(str).map(y0).astype(float)
    stp = lanes["what"] == "step"
    colours = lanes["direction"][stp].astype(str).map(DIRECTION_COLOURS).fillna(GREY)
    ax.scatter(
        lanes["date"][stp],
        y[stp] + 0.18,
        s=16,
        c=list(colours),
        edgecolor="white",
        lw=0.3,
        zorder=3,
    )
    att = lanes[~stp]
    killed = pd.to_numeric(att["killed"], errors="coerce")
    known = killed.fillna(0) > 0
    ax.scatter(
        att["date"][known],
        y[~stp][known] - 0.2,
        s=_attack_area(killed[known], 0.5),
        color=ATTACK_COLOUR,
        alpha=0.7,
        zorder=3,
    )
    ax.scatter(
        att["date"][~known],
        y[~stp][~known] - 0.2,
        s=7,
        facecolor="white",
        edgecolor=ATTACK_COLOUR,
        lw=0.6,
        zorder=3,
    )
    for yi in y0.values():
        ax.axhline(yi, color="#dddddd", lw=0.5, zorder=1)
    ax.set_yticks(list(y0.values()), names)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.set_xlim(s - PAD, e + PAD)
    _years(ax)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#eeeeee", lw=0.5)
    handles = _direction_legend() + _attack_legend(0.5)
    _side_legend(ax, handles)
    return ax


def ties_effects(
    res: pd.DataFrame,
    *,
    pooled: pd.DataFrame | None = None,
    ax: Axes | None = None,
    metric: str = "net",
    min_n: int = 3,
) -> Axes:
    """The event study's effects beyond chance with their 90% intervals: one row per partner
    with at least ``min_n`` attacks (``res`` from :func:`iskp.ties.by_partner`), and a last
    row 'all partners' for ``pooled`` (from :func:`iskp.ties.pooled`, or rows whose
    ``partner`` is 'all'); one point and line per window, coloured by window; a dashed line
    at zero (no change beyond chance). ``metric`` 'net' draws the change in net direction,
    'steps' the change in the number of steps. The legend sits outside the axes, on the
    right."""
    if metric not in ("net", "steps"):
        raise ValueError(f"unknown metric {metric!r}; 'net' or 'steps'")
    ax = _ax(ax)
    if pooled is not None:
        res = pd.concat([res, pooled.assign(partner="all")], ignore_index=True)
    res = res[res["n"] >= min_n]
    name = res["name"] if "name" in res else pd.Series(pd.NA, index=res.index)
    name = name.where(res["partner"] != "all", "all partners").fillna(res["partner"])
    rows = list(dict.fromkeys(name.astype(str)))
    n = res.groupby(name.astype(str))["n"].max()
    y0 = {r: len(rows) - 1 - i for i, r in enumerate(rows)}
    windows = sorted(int(w) for w in res["window"].unique())
    offset = {w: 0.22 * (1 - 2 * i / max(len(windows) - 1, 1)) for i, w in enumerate(windows)}
    for w in windows:
        sub = res[res["window"] == w]
        yy = [y0[str(r)] + offset[w] for r in name[sub.index]]
        colour = WINDOW_COLOURS.get(w, GREY)
        ax.hlines(
            yy,
            sub[f"effect_{metric}_lo"].astype(float),
            sub[f"effect_{metric}_hi"].astype(float),
            color=colour,
            lw=2,
            alpha=0.8,
        )
        ax.plot(
            sub[f"effect_{metric}"].astype(float),
            yy,
            "o",
            color=colour,
            ms=5,
            label=f"{w} days before and after",
        )
    if metric == "steps":
        kw_text = ("\u2190 fewer steps after attacks", "more steps after attacks \u2192")
    else:
        kw_text = ("\u2190 cooler after attacks", "warmer after attacks \u2192")
    ax.axvline(0, color="#555555", lw=0.8, ls="--")
    kw = dict(xycoords=("data", "axes fraction"), textcoords="offset points", va="bottom")
    kw.update(fontsize=7.5, color="#555555")
    ax.annotate(kw_text[0], (0, 1), xytext=(-4, 2), ha="right", **kw)
    ax.annotate(kw_text[1], (0, 1), xytext=(4, 2), ha="left", **kw)
    ax.set_yticks(list(y0.values()), [f"{r} (n = {int(n[r])})" for r in rows])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x")
    what = "net direction of steps" if metric == "net" else "number of steps"
    ax.set_xlabel(f"change in the {what} per attack, after minus before, beyond chance")
    ax.legend(
        loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7.5, frameon=False, title="window"
    )
    return ax
