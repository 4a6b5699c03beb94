"""Unit tests of the charts of the ties chapter (iskp.plot: relations_timeline, ties_lanes,
ties_effects) on hand-made tables: what they drew, where, and in which colour."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from iskp import plot


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def attacks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3"],
            "date_start": pd.to_datetime(["2022-01-10", "2023-05-01", "2030-01-01"]),
            "killed_best": pd.array([100, None, 5], dtype="Int64"),
        }
    )


def steps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2022-01-11", "2022-06-01", "2023-02-01", "2023-05-02"]),
            "kind": ["statement", "visit", "strike", "statement"],
            "direction": ["neutral", "warming", "cooling", "cooling"],
            "event_id": pd.array(["E1", None, None, "E9"], dtype="string"),
            "milestone_id": ["M1", "M2", "M3", "M4"],
        }
    )


def offsets(collection) -> np.ndarray:
    return np.asarray(collection.get_offsets())


def test_relations_timeline_rows_colours_links_and_labels():
    fig, ax = plt.subplots()
    out = plot.relations_timeline(
        attacks(), steps(), ax=ax, start="2021-08-15", end="2026-02-28", labels=("M3", "E1")
    )
    assert out is ax
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks == ["ISKP attacks", "visit", "statement", "strike"]  # KIND_ORDER
    known, unknown, stp = ax.collections[:3]
    assert len(offsets(known)) == 1 and len(offsets(unknown)) == 1  # E3 is after the end
    assert offsets(known)[0][1] == offsets(unknown)[0][1] == 3.5  # the top row
    colours = [to_hex(c) for c in stp.get_facecolors()]
    assert colours == [to_hex(plot.DIRECTION_COLOURS[d]) for d in steps()["direction"]]
    links = [ln for ln in ax.lines if ln.get_transform() == ax.transData]
    assert len(links) == 1  # M1 answers E1; M4 names an attack that is not drawn
    assert sorted(t.get_text() for t in ax.texts) == ["E1", "M3"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "step: cooling" in legend and "step answers the attack" in legend


def test_relations_timeline_sizes_attacks_by_toll():
    big = plot._attack_area(pd.Series([100]))[0]
    small = plot._attack_area(pd.Series([1]))[0]
    capped = plot._attack_area(pd.Series([5000]))[0]
    assert small < big < capped + 1e-9 and capped == plot._attack_area(pd.Series([180]))[0]


def lanes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "partner": ["RUS", "RUS", "PAK", "PAK", "PAK"],
            "name": ["Russia", "Russia", "Pakistan", "Pakistan", "Pakistan"],
            "date": pd.to_datetime(
                ["2022-01-01", "2022-02-01", "2022-03-01", "2022-04-01", "2022-05-01"]
            ),
            "what": ["attack", "step", "step", "attack", "attack"],
            "id": ["E1", "M1", "M2", "E2", "E3"],
            "kind": ["attack", "visit", "strike", "attack", "attack"],
            "direction": ["", "warming", "cooling", "", ""],
            "killed": pd.array([10, None, None, None, 3], dtype="Float64"),
        }
    )


def test_ties_lanes_one_lane_per_partner_first_at_the_top():
    ax = plot.ties_lanes(lanes(), start="2021-08-15", end="2026-02-28")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Russia", "Pakistan"]
    assert list(ax.get_yticks()) == [1, 0]
    stp, known, unknown = ax.collections[:3]
    assert offsets(stp)[:, 1].tolist() == pytest.approx([1.18, 0.18])  # above each lane
    assert offsets(known)[:, 1].tolist() == pytest.approx([0.8, -0.2])  # E1, E3 below
    assert offsets(unknown)[:, 1].tolist() == pytest.approx([-0.2])  # E2: toll unknown
    colours = [to_hex(c) for c in stp.get_facecolors()]
    assert colours == [to_hex(plot.DIRECTION_COLOURS[d]) for d in ("warming", "cooling")]
    assert ax.figure.get_figheight() >= 3.0


def study_rows() -> pd.DataFrame:
    rows = []
    for partner, name, n in (("RUS", "Russia", 4), ("TJK", "Tajikistan", 1), ("all", None, 9)):
        for w, e in ((30, 0.5), (90, -0.2), (180, 1.0)):
            rows.append(
                {
                    "partner": partner,
                    "name": name,
                    "window": w,
                    "n": n,
                    "effect_net": e,
                    "effect_net_lo": e - 0.4,
                    "effect_net_hi": e + 0.4,
                    "effect_steps": -e,
                    "effect_steps_lo": -e - 0.1,
                    "effect_steps_hi": -e + 0.1,
                }
            )
    return pd.DataFrame(rows)


def test_ties_effects_rows_windows_and_zero_line():
    ax = plot.ties_effects(study_rows())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Russia (n = 4)", "all partners (n = 9)"]  # Tajikistan: too few
    points = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert [ln.get_label() for ln in points] == [
        "30 days before and after",
        "90 days before and after",
        "180 days before and after",
    ]
    assert list(points[0].get_xdata()) == [0.5, 0.5]
    assert list(points[1].get_ydata()) == [1.0, 0.0]  # the middle window on the row
    segments = ax.collections[0].get_segments()
    assert np.allclose([s[:, 0] for s in segments], [(0.1, 0.9), (0.1, 0.9)])
    assert "net direction" in ax.get_xlabel()
    pace = plot.ties_effects(study_rows(), metric="steps")
    assert "number of steps" in pace.get_xlabel()
    assert list([ln for ln in pace.lines if ln.get_marker() == "o"][0].get_xdata()) == [-0.5, -0.5]
    rows = study_rows()
    apart = plot.ties_effects(
        rows[rows["partner"] != "all"], pooled=rows[rows["partner"] == "all"]
    )
    assert [t.get_text() for t in apart.get_yticklabels()] == labels
    with pytest.raises(ValueError):
        plot.ties_effects(study_rows(), metric="tone")
