"""Map and chart helpers: check what they drew, not only that they ran."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PathCollection  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402

from iskp import geo, load, maps, plot  # noqa: E402
from iskp.geo import boundaries  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def ev_small():
    ev = load.events()
    return ev


def test_class_labels_and_classify():
    assert maps.class_labels((1, 2, 5, 10)) == ["1", "2–4", "5–9", "10+"]
    got = maps.classify(pd.Series([0, 1, 2, 4, 5, 9, 10, 500]), (1, 2, 5, 10)).tolist()
    assert got == [-1, 0, 1, 1, 2, 2, 3, 3]


def test_province_values_cover_all_34_provinces():
    v = maps.province_values(load.events())
    assert (
        len(v) == 34 and v.sum() == (load.events().query("country == 'AFG'")["adm1"].notna()).sum()
    )


def test_province_choropleth_draws_34_shapes_and_a_legend():
    ev = load.events()
    ax = maps.province_choropleth(ev)
    n_polys = sum(len(c.get_paths()) for c in ax.collections)
    assert n_polys >= 34
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["none"] + maps.class_labels()


def test_shared_breaks_across_small_multiples():
    ev = load.events()
    axes = maps.small_multiples(
        ev, {"before": (None, "2021-08-14"), "after": ("2021-08-15", None)}
    )
    assert len(axes) == 2
    assert axes[0].get_legend() is None and axes[1].get_legend() is not None
    assert [t.get_text() for t in axes[1].get_legend().get_texts()][1:] == maps.class_labels()


def test_regional_map_points_and_arrows():
    ev = load.events()
    ax = maps.regional_map(ev)
    n_points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    expected = geo.points(ev, max_where_prec=3).to_crs(maps.REGION_CRS)
    x0, x1, y0, y1 = maps._projected_box(maps.REGION_EXTENT, maps.REGION_CRS)
    expected = expected[expected.geometry.x.between(x0, x1) & expected.geometry.y.between(y0, y1)]
    assert n_points == len(expected) > 100
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    strikes = expected[
        (expected["event_class"] == "cross_border_strike") & expected["origin_country"].notna()
    ]
    assert len(arrows) == len(strikes) > 0
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    assert "attack" in labels


def test_regional_map_legend_names_only_what_is_drawn():
    ev = load.events()
    ax = maps.regional_map(ev, extent=(66.0, 29.0, 74.5, 37.0))
    labels = {t.get_text() for t in ax.get_legend().get_texts()}
    assert "interdicted plot" not in labels and "attack" in labels


def test_world_map_draws_external_events_and_origin_arrows():
    ev = load.events()
    ax = maps.world_map(ev)
    ext = ev[ev["event_class"].isin(["external_attack", "external_plot_interdicted"])]
    pts = geo.points(ext, max_where_prec=6)
    n_points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert n_points == len(pts)
    arrows = [p for p in ax.patches if isinstance(p, FancyArrowPatch)]
    assert len(arrows) == pts["origin_country"].notna().sum()
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[-1] == "directed from (where reported)"
    x0, x1 = ax.get_xlim()
    assert x1 - x0 > 1e7  # metres in Equal Earth: a world-wide extent


def test_plot_helpers_return_axes_and_take_ax():
    fig, ax = plt.subplots()
    table = pd.DataFrame({"a": [1, 2], "b": [0, 3]}, index=[2021, 2022])
    assert plot.stacked_bars(table, ax=ax) is ax
    assert len(ax.patches) == 4
    r = pd.DataFrame({"lab": ["x", "y"], "lo": [1, 2], "be": [2, 3], "hi": [3, 9], "cl": [5, 1]})
    ax2 = plot.ranges(r, label_col="lab", low="lo", best="be", high="hi", claim="cl")
    top = max(zip(ax2.get_yticks(), [t.get_text() for t in ax2.get_yticklabels()]))
    assert top[1] == "x"  # the first row is drawn at the top


def test_style_is_applied_and_palette_colour_blind_safe():
    assert plt.rcParams["axes.spines.top"] is False
    assert plot.OKABE_ITO[0] == "#0072B2"


def test_boundary_layers():
    afg = boundaries("afg_provinces")
    assert len(afg) == 34 and afg["province"].is_unique
    assert {"Daykundi", "Panjshir", "Uruzgan", "Parwan"} <= set(afg["province"])
    pak = boundaries("pak_provinces")
    assert "Khyber Pakhtunkhwa" in set(pak["province"]) and "FATA" not in set(pak["province"])
    world = boundaries("world")
    assert {"AFG", "PAK", "IRN", "RUS", "MDV", "QAT", "USA"} <= set(world["iso_a3"])
    assert all(layer.geometry.is_valid.all() for layer in (afg, pak, world))
