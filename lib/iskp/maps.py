"""Maps in the house style: boundaries from the committed GeoPackage only (no tiles, no
network), one named projection per map kind, sequential palettes for magnitudes and
qualitative ones for categories, shared class breaks across small multiples. Every helper takes
``ax=None`` and returns the Axes."""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import BoundaryNorm, ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch

from . import plot as _plot  # applies the style
from .analysis import period
from .geo import PROVINCE_LAYER, boundaries, points, province_name

REGION_CRS = "+proj=aea +lat_1=30 +lat_2=38 +lat_0=33 +lon_0=67 +datum=WGS84 +units=m +no_defs"
"""Albers equal-area for Afghanistan, Pakistan and their neighbours."""
WORLD_CRS = "EPSG:8857"
"""Equal Earth, for world maps."""

BREAKS = (1, 2, 5, 10, 20, 50)
"""Default class breaks for province counts: classes 1, 2-4, 5-9, 10-19, 20-49, 50+."""
SEQUENTIAL = ["#fff3c4", "#fdd49e", "#fc8d59", "#d7301f", "#990000", "#4a0000"]
NO_DATA = "#f2f2f2"
LAND = "#eeeeee"
BORDER = "#8c8c8c"

REGION_EXTENT = (59.0, 23.5, 77.5, 40.0)  # lon/lat box of the AfPak map


def class_labels(breaks: tuple[int, ...] = BREAKS) -> list[str]:
    """Legend labels for integer class breaks: '1', '2–4', ..., '50+'."""
    out = []
    for lo, hi in zip(breaks, list(breaks[1:]) + [None]):
        if hi is None:
            out.append(f"{lo}+")
        elif hi - lo == 1:
            out.append(f"{lo}")
        else:
            out.append(f"{lo}–{hi - 1}")
    return out


def classify(values: pd.Series, breaks: tuple[int, ...] = BREAKS) -> pd.Series:
    """Class index (0-based) of each value by ``breaks``; -1 for values below the first break."""
    edges = np.asarray(breaks, dtype=float)
    return pd.Series(
        np.searchsorted(edges, values.astype(float).to_numpy(), side="right") - 1,
        index=values.index,
    )


def province_values(ev: pd.DataFrame, country: str = "AFG", value: str | None = None) -> pd.Series:
    """Counts (or sums of ``value``) of events per province of ``country``, all provinces
    listed."""
    layer = PROVINCE_LAYER[country]
    names = boundaries(layer)["province"].tolist()
    sub = ev[(ev["country"] == country) & ev["adm1"].notna()]
    keys = sub["adm1"].astype(str).map(province_name)
    counts = sub.groupby(keys)[value].sum() if value else keys.value_counts()
    return counts.reindex(names, fill_value=0).astype(float)


def province_choropleth(
    ev: pd.DataFrame,
    *,
    country: str = "AFG",
    value: str | None = None,
    breaks: tuple[int, ...] = BREAKS,
    ax: Axes | None = None,
    legend_title: str = "events",
    legend: bool = True,
) -> Axes:
    """Provinces of Afghanistan (or Pakistan) shaded by classed counts of events (or sums of
    ``value``, e.g. ``killed_best``); provinces with none are light grey."""
    if ax is None:
        _, ax = plt.subplots()
    layer = PROVINCE_LAYER[country]
    prov = projected(layer, REGION_CRS)
    vals = province_values(ev, country, value)
    prov["value"] = prov["province"].map(vals).fillna(0)
    prov["cls"] = classify(prov["value"], breaks)
    cmap = ListedColormap(SEQUENTIAL[: len(breaks)])
    none = prov[prov["cls"] < 0]
    some = prov[prov["cls"] >= 0]
    none.plot(ax=ax, color=NO_DATA, edgecolor=BORDER, linewidth=0.4)
    if len(some):
        some.plot(
            ax=ax,
            column="cls",
            cmap=cmap,
            norm=BoundaryNorm(np.arange(-0.5, len(breaks)), len(breaks)),
            edgecolor=BORDER,
            linewidth=0.4,
        )
    if legend:
        handles = [Patch(facecolor=NO_DATA, edgecolor=BORDER, label="none")] + [
            Patch(facecolor=SEQUENTIAL[i], edgecolor=BORDER, label=lab)
            for i, lab in enumerate(class_labels(breaks))
        ]
        ax.legend(
            handles=handles, title=legend_title, loc="lower right", fontsize=7.5, title_fontsize=8
        )
    ax.set_axis_off()
    return ax


@lru_cache(maxsize=16)
def _projected(layer: str, crs: str) -> gpd.GeoDataFrame:
    """A boundary layer reprojected once per process (callers get a copy)."""
    return boundaries(layer).to_crs(crs)


def projected(layer: str, crs: str) -> gpd.GeoDataFrame:
    """A boundary layer in projection ``crs`` (a copy the caller may change)."""
    return _projected(layer, crs).copy()


def _region_base(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    region = projected("region", REGION_CRS)
    region.plot(ax=ax, color=LAND, edgecolor=BORDER, linewidth=0.5)
    focus = region[region["iso_a3"].isin(["AFG", "PAK"])]
    focus.plot(ax=ax, color="#e3e3e3", edgecolor="#555555", linewidth=0.8)
    x0, x1, y0, y1 = _projected_box(extent, REGION_CRS)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    labels = gpd.GeoSeries(
        gpd.points_from_xy(region["label_x"], region["label_y"]), crs=4326
    ).to_crs(REGION_CRS)
    for name, lab in zip(region["name"], labels):
        if x0 < lab.x < x1 and y0 < lab.y < y1:
            ax.annotate(name, (lab.x, lab.y), ha="center", fontsize=7, color="#666666")


def _projected_box(
    extent: tuple[float, float, float, float], crs: str
) -> tuple[float, float, float, float]:
    """x and y limits in ``crs`` that hold the whole lon/lat box (edges densified: a conic
    projection bends the parallels)."""
    from shapely.geometry import box

    poly = gpd.GeoSeries([box(*extent).segmentize(0.5)], crs=4326).to_crs(crs).iloc[0]
    minx, miny, maxx, maxy = poly.bounds
    return minx, maxx, miny, maxy


def _legend(
    ax: Axes,
    keys: list[str],
    colours: dict[str, str],
    markers: dict[str, str] | None = None,
    extra: list[dict] | None = None,
) -> None:
    """A legend with one same-size marker per category (sizes on the map encode deaths)."""
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker=(markers or {}).get(k, "o"),
            ms=6,
            color=colours[k],
            alpha=0.8,
            label=_plot.label(k),
        )
        for k in keys
    ]
    handles += [Line2D([], [], **kw) for kw in extra or []]
    ax.legend(
        handles=handles,
        loc="lower left",
        fontsize=7.5,
        framealpha=0.85,
        frameon=True,
        edgecolor="none",
    )


def marker_size(killed: pd.Series) -> pd.Series:
    """Marker area by victims killed (area proportional to the toll, floor for unknown/0)."""
    return 8 + 2.2 * killed.astype(float).fillna(0).clip(upper=200)


def regional_map(
    ev: pd.DataFrame,
    *,
    colour_by: str = "event_class",
    ax: Axes | None = None,
    extent: tuple[float, float, float, float] = REGION_EXTENT,
    legend: bool = True,
    max_where_prec: int = 3,
    figsize: tuple[float, float] = (7.5, 6.5),
) -> Axes:
    """Events as points sized by deaths and coloured by class (or theme), on Afghanistan,
    Pakistan and their neighbours; cross-border strikes drawn as arrows from the origin
    country's label point to the target. Points are only drawn for precision codes up to
    ``max_where_prec`` (town level by default) and inside ``extent``; the legend names only the
    classes drawn."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    _region_base(ax, extent)
    pts = points(ev, max_where_prec=max_where_prec).to_crs(REGION_CRS)
    x0, x1, y0, y1 = _projected_box(extent, REGION_CRS)
    pts = pts[
        pts.geometry.x.between(x0, x1) & pts.geometry.y.between(y0, y1)
    ]  # only what the map shows
    colours = _plot.CLASS_COLOURS if colour_by == "event_class" else _plot.THEME_COLOURS
    keys = (
        pts[colour_by].astype(str)
        if colour_by == "event_class"
        else pts["themes"].fillna("").astype(str).str.split(";").str[0]
    )
    order = [k for k in colours if k in set(keys)]
    for k in order:
        sub = pts[keys == k]
        ax.scatter(
            sub.geometry.x,
            sub.geometry.y,
            s=marker_size(sub["killed_best"]),
            color=colours[k],
            alpha=0.65,
            edgecolor="white",
            linewidth=0.4,
            label=_plot.label(k),
            zorder=3,
        )
    strikes = pts[pts["event_class"] == "cross_border_strike"]
    _arrows(ax, strikes, REGION_CRS, boundaries("region"))
    if legend and order:
        extra = (
            [
                dict(
                    color=_plot.CLASS_COLOURS["cross_border_strike"],
                    lw=0.9,
                    label="strike from Afghanistan (claimed)",
                )
            ]
            if len(strikes)
            else []
        )
        _legend(ax, order, colours, extra=extra)
    ax.set_axis_off()
    return ax


def _arrows(
    ax: Axes,
    pts: gpd.GeoDataFrame,
    crs: str,
    countries: gpd.GeoDataFrame,
    colour: str | None = None,
) -> int:
    """Draw an arrow from each row's origin country label point to its location, in
    ``colour`` (default: the colour of the row's event class). Returns how many were drawn."""
    origins = countries.set_index("iso_a3")
    origin = pts["origin_country"].astype("string")
    rows = pts[origin.notna() & origin.isin(origins.index)]
    if not len(rows):
        return 0
    codes = rows["origin_country"].astype(str)
    starts = gpd.GeoSeries(
        gpd.points_from_xy(origins.loc[codes, "label_x"], origins.loc[codes, "label_y"]), crs=4326
    ).to_crs(crs)
    for start, (_, r) in zip(starts, rows.iterrows()):
        c = colour or _plot.CLASS_COLOURS.get(str(r["event_class"]), "#333333")
        ax.add_patch(
            FancyArrowPatch(
                (start.x, start.y),
                (r.geometry.x, r.geometry.y),
                arrowstyle="-|>",
                mutation_scale=9,
                color=c,
                lw=0.9,
                alpha=0.8,
                connectionstyle="arc3,rad=0.15",
                zorder=4,
            )
        )
    return len(rows)


def world_map(
    ev: pd.DataFrame,
    *,
    ax: Axes | None = None,
    legend: bool = True,
    extent: tuple[float, float, float, float] | None = (-12, 8, 112, 63),
    figsize: tuple[float, float] = (8, 4.6),
) -> Axes:
    """External attacks and interdicted plots on a world map (Equal Earth): a marker where each
    struck or was stopped, and an arrow from the country it was directed from, where reported."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    world = boundaries("world")
    world_p = projected("world", WORLD_CRS)
    world_p.plot(ax=ax, color=LAND, edgecolor="#bdbdbd", linewidth=0.3)
    world_p[world_p["iso_a3"].isin(["AFG", "PAK"])].plot(
        ax=ax, color="#d0d0d0", edgecolor="#555555", linewidth=0.6
    )
    ext = ev[ev["event_class"].isin(["external_attack", "external_plot_interdicted"])]
    pts = points(ext, max_where_prec=6).to_crs(WORLD_CRS)
    for k in ("external_attack", "external_plot_interdicted"):
        sub = pts[pts["event_class"] == k]
        if len(sub):
            ax.scatter(
                sub.geometry.x,
                sub.geometry.y,
                s=marker_size(sub["killed_best"]),
                color=_plot.CLASS_COLOURS[k],
                alpha=0.75,
                edgecolor="white",
                linewidth=0.4,
                label=_plot.label(k),
                zorder=3,
                marker="o" if k == "external_attack" else "D",
            )
    _arrows(ax, pts, WORLD_CRS, world, colour="#555555")
    if extent is not None:
        x0, x1, y0, y1 = _projected_box(extent, WORLD_CRS)
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
    if legend and len(pts):
        keys = [
            k
            for k in ("external_attack", "external_plot_interdicted")
            if (pts["event_class"] == k).any()
        ]
        _legend(
            ax,
            keys,
            _plot.CLASS_COLOURS,
            markers={"external_plot_interdicted": "D"},
            extra=[dict(color="#555555", lw=0.9, label="directed from (where reported)")],
        )
    ax.set_axis_off()
    return ax


def small_multiples(
    ev: pd.DataFrame,
    periods: dict[str, tuple[str | None, str | None]],
    *,
    country: str = "AFG",
    value: str | None = None,
    breaks: tuple[int, ...] = BREAKS,
    legend_title: str = "events",
    axes: np.ndarray | None = None,
    figsize: tuple[float, float] | None = None,
) -> np.ndarray:
    """One province choropleth per period, side by side, with the same class breaks; the
    period name is written under each panel. Returns the array of Axes."""
    if axes is None:
        _, axes = plt.subplots(1, len(periods), figsize=figsize or (3.8 * len(periods), 3.6))
    axes = np.atleast_1d(axes)
    for i, (ax, (name, (start, end))) in enumerate(zip(axes, periods.items())):
        province_choropleth(
            period(ev, start, end),
            country=country,
            value=value,
            breaks=breaks,
            ax=ax,
            legend=(i == len(periods) - 1),
            legend_title=legend_title,
        )
        ax.text(0.5, -0.02, name, transform=ax.transAxes, ha="center", va="top", fontsize=9)
    return axes
