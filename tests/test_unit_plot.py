"""Unit tests of chart and map helpers: what they drew (bars, lines, labels, limits) on
hand-made tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection

from iskp import maps, plot
from iskp.geo import boundaries


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def tick_texts(labels) -> list[str]:
    return [t.get_text() for t in labels]


@pytest.mark.parametrize(
    "code, text",
    [
        ("attack", "attack"),
        ("cross_border_strike", "cross-border strike"),
        ("leadership_killing", "leader killed or captured"),
        ("shia_hazara", "Shia and Hazara"),
        ("central_asia", "Central Asia"),
        ("soft_target_abroad", "soft target abroad"),  # not listed: underscores to spaces
        ("", ""),
    ],
)
def test_label(code, text):
    assert plot.label(code) == text


def test_hbar_draws_one_bar_per_value_largest_at_the_top():
    values = pd.Series({"attack": 5, "arrest": 2, "cross_border_strike": 9})
    fig, ax = plt.subplots()
    assert plot.hbar(values, ax=ax, xlabel="events", colour="#123456") is ax
    bars = ax.patches
    assert len(bars) == 3
    by_y = sorted(bars, key=lambda b: b.get_y())
    assert [b.get_width() for b in by_y] == [2.0, 5.0, 9.0]  # bottom to top
    labels = dict(zip(ax.get_yticks(), tick_texts(ax.get_yticklabels())))
    assert [labels[round(b.get_y() + b.get_height() / 2)] for b in by_y] == [
        "arrest",
        "attack",
        "cross-border strike",
    ]
    assert ax.get_xlabel() == "events"
    assert matplotlib.colors.to_hex(bars[0].get_facecolor()) == "#123456"


def test_hbar_creates_axes_when_none_given():
    ax = plot.hbar(pd.Series({"a": 1}))
    assert len(ax.patches) == 1 and ax.get_xlabel() == ""


def test_range_bars_draw_best_bars_low_high_lines_and_unknown_counts():
    frame = pd.DataFrame(
        {"low": [10, 0], "best": [12, 3], "high": [20, 3], "unknown": [0, 2]},
        index=[2021, 2022],
    )
    fig, ax = plt.subplots()
    assert plot.range_bars(frame, ax=ax, ylabel="killed") is ax
    assert [b.get_height() for b in ax.patches] == [12.0, 3.0]
    assert [b.get_x() + b.get_width() / 2 for b in ax.patches] == [0.0, 1.0]
    (bars,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = [s.tolist() for s in bars.get_segments()]
    assert segments == [[[0.0, 10.0], [0.0, 20.0]], [[1.0, 0.0], [1.0, 3.0]]]
    notes = [t for t in ax.texts if t.get_text().startswith("+")]
    assert [(t.get_text(), t.xy) for t in notes] == [("+2?", (1, 3.0))]  # none for 2021
    assert tick_texts(ax.get_xticklabels()) == ["2021", "2022"]
    assert ax.get_ylabel() == "killed"
    assert legend_texts(ax) == ["best estimate", "low to high"]


def test_range_bars_without_unknown_column_write_nothing():
    frame = pd.DataFrame({"low": [1], "best": [2], "high": [3]}, index=["a"])
    ax = plot.range_bars(frame)
    assert len(ax.texts) == 0 and ax.get_ylabel() == "victims killed"


def timeline_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    events = pd.DataFrame(
        {
            "event_class": ["attack", "attack", "attack", "arrest"],
            "date_start": pd.to_datetime(["2021-01-05", "2021-08-26", "2022-03-04", "2022-06-01"]),
            "killed_best": pd.array([500, 170, None, 3], dtype="Int64"),
        }
    )
    milestones = pd.DataFrame(
        {
            "milestone_id": ["M001", "M003", "M002"],
            "date": pd.to_datetime(["2020-02-29", "2022-05-01", "2021-09-07"]),
            "kind": ["diplomatic", "economic", "security"],
        }
    )
    return events, milestones


def test_timeline_draws_events_from_start_and_labels_milestones():
    events, milestones = timeline_data()
    fig, ax = plt.subplots()
    assert plot.timeline(events, milestones, ax=ax) is ax
    labelled = {ln.get_label(): ln for ln in ax.lines if not ln.get_label().startswith("_")}
    assert legend_texts(ax) == ["arrest", "attack", "attack (toll unknown or none)"]
    attack = labelled["attack"]
    assert list(attack.get_ydata()) == [170.0]  # the 2021-01-05 attack is before the start
    assert list(labelled["arrest"].get_ydata()) == [3.0]
    hollow = labelled["attack (toll unknown or none)"]
    assert list(hollow.get_ydata()) == [0] and hollow.get_markerfacecolor() == "white"
    assert matplotlib.colors.to_hex(attack.get_color()) == plot.CLASS_COLOURS["attack"].lower()
    stems = [c for c in ax.collections if isinstance(c, LineCollection)]
    heights = sorted(seg[1][1] for c in stems for seg in c.get_segments() if seg[1][1] > 0)
    assert heights == [3.0, 170.0]
    notes = sorted(t.get_text() for t in ax.texts)
    assert notes == ["M002 security", "M003 economic"]  # M001 is before the start
    assert ax.get_ylim() == pytest.approx((-170 * 0.62, 170 * 1.08))
    assert all(0 <= t <= 170 * 1.08 for t in ax.get_yticks())


def test_timeline_end_sets_the_time_axis():
    events, milestones = timeline_data()
    ax = plot.timeline(events, milestones, start="2022-01-01", end="2022-12-31")
    x0, x1 = ax.get_xlim()
    assert mdates.num2date(x0).date().isoformat() == "2022-01-01"
    assert mdates.num2date(x1).date().isoformat() == "2022-12-31"
    assert legend_texts(ax) == ["arrest", "attack", "attack (toll unknown or none)"]
    assert ax.get_ylim() == pytest.approx((-3 * 0.62, 3 * 1.08))  # only the arrest's 3 killed
    assert sorted(t.get_text() for t in ax.texts) == ["M003 economic"]


def test_timeline_without_known_tolls_keeps_a_unit_scale():
    events, milestones = timeline_data()
    ax = plot.timeline(events.iloc[[2]], milestones.iloc[:0])
    assert ax.get_ylim() == pytest.approx((-0.62, 1.08))
    assert "attack (toll unknown or none)" in legend_texts(ax)
    (hollow,) = [ln for ln in ax.lines if ln.get_label() == "attack (toll unknown or none)"]
    assert list(hollow.get_ydata()) == [0] and len(ax.texts) == 0


def test_marker_size_grows_with_the_toll_and_is_capped():
    killed = pd.Series(pd.array([0, 10, None, 200, 500], dtype="Int64"), index=list("abcde"))
    size = maps.marker_size(killed)
    assert size.tolist() == pytest.approx([8.0, 30.0, 8.0, 448.0, 448.0])
    assert size.index.tolist() == list("abcde")


def test_projected_reprojects_a_layer_and_returns_a_copy():
    lonlat = boundaries("afg_provinces")
    p = maps.projected("afg_provinces", maps.REGION_CRS)
    assert len(p) == len(lonlat) == 34
    assert p.crs == maps.REGION_CRS and lonlat.crs.to_epsg() == 4326
    minx, miny, maxx, maxy = p.total_bounds
    # Afghanistan spans about 60.5 to 75 E around the projection's centre meridian 67 E:
    # hundreds of kilometres either side, in metres
    assert -800e3 < minx < -400e3 and 600e3 < maxx < 900e3
    assert -600e3 < miny < 0 < maxy < 800e3
    back = p.to_crs(4326).total_bounds
    assert np.allclose(back, lonlat.total_bounds, atol=1e-6)
    p["province"] = "changed"
    assert (maps.projected("afg_provinces", maps.REGION_CRS)["province"] != "changed").all()
    world = maps.projected("world", maps.WORLD_CRS)
    assert world.crs.to_epsg() == 8857


# ---------------------------------------------------------------------------------------------
# coverage chart, inclusion regimes and the stretch after the last entry


@pytest.mark.parametrize(
    "metric, text",
    [
        ("attacks", "attacks"),
        ("battle_deaths", "battle deaths (UCDP)"),
        ("civilian_casualties", "civilian casualties (UNAMA)"),
        ("fighters", "fighters"),  # no short label: the code
    ],
)
def test_label_family(metric, text):
    assert plot.label_family(metric) == text


def span_of(patch) -> tuple[str, str]:
    """The dates a vertical span covers."""
    x0 = patch.get_x()
    return tuple(mdates.num2date(v).date().isoformat() for v in (x0, x0 + patch.get_width()))


def test_not_entered_shades_from_the_last_entry_to_the_cut_off():
    fig, ax = plt.subplots()
    ax.plot(pd.to_datetime(["2025-01-01", "2026-03-31"]), [0, 1])
    assert plot.not_entered(ax, "2025-11-30", "2026-02-28") is ax
    (shade,) = ax.patches
    assert span_of(shade) == ("2025-11-30", "2026-02-28")
    assert [t.get_text() for t in ax.texts] == ["no event entered"]
    plot.not_entered(ax, "2025-01-01", "2025-02-01", text="gap")
    assert [t.get_text() for t in ax.texts] == ["no event entered", "gap"]


def test_regimes_shade_the_years_before_the_takeover():
    fig, ax = plt.subplots()
    ax.plot(pd.to_datetime(["2015-01-01", "2026-01-01"]), [0, 1])
    assert plot.regimes(ax, "2021-08-15", "2015-01-01") is ax
    (shade,) = ax.patches
    assert span_of(shade) == ("2015-01-01", "2021-08-15")
    dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert len(dashed) == 1
    at = ax.convert_xunits(dashed[0].get_xdata()[0])
    assert at == mdates.date2num(pd.Timestamp("2021-08-15"))
    notes = [t.get_text() for t in ax.texts]
    assert len(notes) == 2 and notes[0].startswith("before the takeover")
    assert notes[1].startswith("since")
    fig2, bare = plt.subplots()
    plot.regimes(bare, "2021-08-15", "2015-01-01", labels=False)
    assert len(bare.texts) == 0 and len(bare.patches) == 1


def test_capture_chart_draws_ratios_on_a_log_scale():
    frame = pd.DataFrame(
        {
            "metric": ["attacks", "attacks", "deaths", "attacks"],
            "country": ["AFG", "AFG", None, "PAK"],
            "year": [2022.5, 2023.5, 2019.5, 2024.0],
            "ratio": [0.5, 0.0, 1.2, 0.1],
        }
    )
    fig, ax = plt.subplots()
    assert plot.capture(frame, ax=ax) is ax
    assert ax.get_yscale() == "log"
    drawn = {}
    for c in ax.collections:
        for x, y in c.get_offsets():
            drawn[float(x)] = float(y)
    assert drawn == {2022.5: 0.5, 2023.5: plot.ZERO, 2019.5: 1.2, 2024.0: 0.1}  # zero: 'none'
    assert tick_texts(ax.get_yticklabels()) == ["none", "1%", "3%", "10%", "30%", "100%", "300%"]
    assert ax.get_ylim() == pytest.approx((plot.ZERO * 0.7, 4))
    assert legend_texts(ax) == [
        "attacks",
        "deaths in attacks",
        "AFG",
        "PAK",
        "AFG and PAK",
    ]
    assert any(ln.get_linestyle() == "--" and list(ln.get_ydata()) == [1, 1] for ln in ax.lines)


def test_monthly_axis_runs_to_the_last_period_even_when_it_is_empty():
    idx = pd.DatetimeIndex(["2025-07-01", "2025-10-01", "2026-01-01"])
    series = pd.DataFrame({"attack": [2, 0, 0]}, index=idx)
    ax = plot.monthly(series, width=80, partial=[False, False, True])
    lo, hi = ax.get_xlim()
    assert mdates.num2date(hi).date() >= pd.Timestamp("2026-03-22").date()  # 1 Jan + 80 days
    assert mdates.num2date(lo).date() <= pd.Timestamp("2025-07-01").date()
    # nothing to hatch in an empty partial quarter, so no 'partial period' in the legend
    assert ax.get_legend() is None or "partial period" not in legend_texts(ax)
    ax2 = plot.monthly(series.assign(attack=[2, 0, 1]), width=80, partial=[False, False, True])
    assert "partial period" in legend_texts(ax2)


def test_monthly_counts_have_whole_number_ticks():
    idx = pd.date_range("2022-01-01", periods=3, freq="QS")
    ax = plot.monthly(pd.DataFrame({"attack": [1, 3, 2]}, index=idx), width=80)
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks)
