"""Unit tests of iskp.analysis on small hand-made tables, with results worked out by hand."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest

from iskp import analysis, coverage
from iskp.dataset import Dataset
from iskp.paths import DATA_DIR


def events() -> pd.DataFrame:
    """Six events; tolls, themes, tags and nationalities chosen to make sums easy to check."""
    return pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3", "E4", "E5", "E6"],
            "event_class": pd.Categorical(
                ["attack", "attack", "external_attack", "cross_border_strike", "arrest", "attack"]
            ),
            "country": ["AFG", "PAK", "RUS", "UZB", "AFG", "AFG"],
            "date_start": pd.to_datetime(
                [
                    "2021-07-01",
                    "2021-08-20",
                    "2021-09-30",
                    "2021-10-01",
                    "2022-01-15",
                    "2022-02-01",
                ]
            ),
            "themes": pd.array(
                ["taliban;sectarian", "pakistan", "external;russia", None, "taliban", "sectarian"],
                dtype="string",
            ),
            "tags": pd.array(
                ["kabul;mosque", "mosque", None, "rocket", "", "kabul"], dtype="string"
            ),
            "scope_doubt": pd.array([False, True, None, False, None, True], dtype="boolean"),
            "perpetrator_nationality": pd.array(
                ["Tajik;Uzbek", None, "Tajik", None, "Pakistani", None], dtype="string"
            ),
            "killed_low": pd.array([10, None, 100, None, None, 1], dtype="Int64"),
            "killed_best": pd.array([12, 3, 140, None, None, 2], dtype="Int64"),
            "killed_high": pd.array([20, None, None, None, None, 2], dtype="Int64"),
            "wounded_best": pd.array([5, 0, None, 1, None, 4], dtype="Int64"),
        }
    )


def ids(frame: pd.DataFrame) -> list[str]:
    return frame["event_id"].tolist()


def test_with_tag():
    assert ids(analysis.with_tag(events(), "kabul")) == ["E1", "E6"]
    assert ids(analysis.with_tag(events(), "mosque")) == ["E1", "E2"]
    assert ids(analysis.with_tag(events(), "kab")) == []  # whole tags only


def test_count_by_one_column_with_every_requested_value():
    out = analysis.count_by(events(), "country", index_values=["AFG", "PAK", "IRN"])
    assert out.columns.tolist() == ["n"]
    assert out["n"].to_dict() == {"AFG": 3, "PAK": 1, "IRN": 0}
    assert out["n"].dtype == "int64"
    assert analysis.count_by(events(), "country")["n"].to_dict() == {
        "AFG": 3,
        "PAK": 1,
        "RUS": 1,
        "UZB": 1,
    }


def test_count_by_sums_a_value():
    out = analysis.count_by(events(), "country", value="killed_best")
    assert out["n"].to_dict() == {"AFG": 14, "PAK": 3, "RUS": 140, "UZB": 0}


def test_count_by_two_columns_drops_requested_columns_that_stay_zero():
    ev = events().assign(year=lambda d: d["date_start"].dt.year)
    out = analysis.count_by(
        ev,
        "year",
        "country",
        index_values=[2020, 2021, 2022],
        column_values=["AFG", "IRN", "PAK"],
    )
    assert out.index.tolist() == [2020, 2021, 2022]
    assert out.columns.tolist() == ["AFG", "PAK"]  # IRN is all zero
    assert out.loc[2021].tolist() == [1, 1] and out.loc[2022].tolist() == [2, 0]
    assert out.loc[2020].tolist() == [0, 0]
    wide = analysis.count_by(ev, "year", "country")
    assert wide.loc[2021].to_dict() == {"AFG": 1, "PAK": 1, "RUS": 1, "UZB": 1}


def test_quarter_labels():
    idx = pd.DatetimeIndex(["2021-07-01", "2021-10-01", "2022-01-01", "2022-04-01"])
    assert analysis.quarter_labels(idx) == ["2021-Q3", "2021-Q4", "2022-Q1", "2022-Q2"]
    assert analysis.quarter_labels(pd.DatetimeIndex([])) == []


def test_sum_range_falls_back_to_best():
    low, best, high, unknown = analysis.sum_range(
        events(), "killed_low", "killed_best", "killed_high"
    )
    # low: 10 + 3 (best) + 100 + 1; best: 12 + 3 + 140 + 2; high: 20 + 3 + 140 (best) + 2
    assert (low, best, high, unknown) == (114, 157, 165, 2)
    w = analysis.sum_range(events(), "wounded_best", "wounded_best", "wounded_best")
    assert w == (10, 10, 10, 2)
    assert analysis.sum_range(events().iloc[:0], "killed_low", "killed_best", "killed_high") == (
        0,
        0,
        0,
        0,
    )


def test_sum_range_missing_best_falls_back_to_low():
    one = pd.DataFrame(
        {
            "lo": pd.array([4, None], dtype="Int64"),
            "be": pd.array([None, None], dtype="Int64"),
            "hi": pd.array([9, 3], dtype="Int64"),
        }
    )
    assert analysis.sum_range(one, "lo", "be", "hi") == (4, 4, 12, 0)


def test_sum_range_high_is_never_below_low():
    """Regression: with only the low bound given, high counted 0 (high < low)."""
    only_low = pd.DataFrame(
        {
            "lo": pd.array([5], dtype="Int64"),
            "be": pd.array([None], dtype="Int64"),
            "hi": pd.array([None], dtype="Int64"),
        }
    )
    low, best, high, unknown = analysis.sum_range(only_low, "lo", "be", "hi")
    assert (low, best, unknown) == (5, 5, 0)
    assert high >= best  # a missing best falls back to low, a missing high to best: 5


def test_share_abroad():
    # abroad: external_attack, cross_border_strike (2); attacks at home: 3; arrests don't count
    assert analysis.share_abroad(events()) == pytest.approx(40.0)
    assert analysis.share_abroad(events().iloc[[4]]) == 0.0  # an arrest alone: nothing to share


def test_classes_follow_the_codebook():
    raw = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in raw["resources"] if r["name"] == "events")
    field = next(f for f in res["schema"]["fields"] if f["name"] == "event_class")
    got = analysis.classes()
    assert got == tuple(field["constraints"]["enum"])
    assert got[0] == "attack" and "arrest" in got


def test_core_keeps_events_not_in_doubt():
    assert ids(analysis.core(events())) == ["E1", "E3", "E4", "E5"]


def test_deaths_by():
    out = analysis.deaths_by(events(), "country", index_values=["AFG", "PAK", "IRN"])
    assert out.index.name == "country"
    assert out.columns.tolist() == ["low", "best", "high", "unknown", "events"]
    # AFG: E1 (10/12/20), E5 (unknown), E6 (1/2/2)
    assert out.loc["AFG"].tolist() == [11, 14, 22, 1, 3]
    assert out.loc["PAK"].tolist() == [3, 3, 3, 0, 1]
    assert out.loc["IRN"].tolist() == [0, 0, 0, 0, 0]
    by_class = analysis.deaths_by(events(), "event_class")
    assert set(by_class.index) == {"attack", "external_attack", "cross_border_strike", "arrest"}
    assert by_class.loc["external_attack", "high"] == 140


def test_nationalities_one_row_per_event_and_nationality():
    out = analysis.nationalities(events())
    assert out.columns.tolist() == ["event_id", "event_class", "country", "nationality"]
    assert out[["event_id", "nationality"]].values.tolist() == [
        ["E1", "Tajik"],
        ["E1", "Uzbek"],
        ["E3", "Tajik"],
        ["E5", "Pakistani"],
    ]
    assert out.index.tolist() == [0, 1, 2, 3]


@pytest.mark.parametrize(
    "code, group",
    [
        ("taliban_security", "Taliban forces and officials"),
        ("taliban_official", "Taliban forces and officials"),
        ("shia_hazara", "Shia, Hazara, Sufi, Sikh"),
        ("sikh_hindu", "Shia, Hazara, Sufi, Sikh"),
        ("us_coalition", "foreigners and diplomats"),
        ("education", "other"),
        (None, "other"),
    ],
)
def test_target_group(code, group):
    assert analysis.target_group(code) == group


def test_select_is_a_union_in_the_original_order():
    ev = events()
    assert ids(analysis.select(ev)) == []
    assert ids(analysis.select(ev, themes=["sectarian"])) == ["E1", "E6"]
    assert ids(analysis.select(ev, countries=["PAK", "UZB"])) == ["E2", "E4"]
    assert ids(analysis.select(ev, classes=["arrest"])) == ["E5"]
    got = analysis.select(ev, themes=["russia"], countries=["AFG"], classes=["arrest"])
    assert ids(got) == ["E1", "E3", "E5", "E6"]


@pytest.mark.parametrize(
    "adm1, region",
    [
        ("Kabul", "Kabul"),
        ("Nangarhar", "east (Nangarhar, Kunar)"),
        ("Kunar", "east (Nangarhar, Kunar)"),
        ("Sar-e Pol", "north"),
        ("Kunduz", "north"),
        ("Herat", "elsewhere"),
        (None, "unknown"),
        (pd.NA, "unknown"),
        (float("nan"), "unknown"),
    ],
)
def test_region(adm1, region):
    assert analysis.region(adm1) == region


# ---------------------------------------------------------------------------------------------
# inclusion rules across the takeover


def tolls() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["A", "B", "C", "D", "E", "F"],
            "event_class": ["attack", "attack", "attack", "attack", "attack", "arrest"],
            "date_start": pd.to_datetime(
                [
                    "2020-01-01",
                    "2021-08-14",
                    "2021-08-15",
                    "2022-01-01",
                    "2023-01-01",
                    "2022-01-01",
                ]
            ),
            "target_primary": [
                "taliban_security",
                "shia_hazara",
                "civilians_general",
                "foreign_diplomatic",
                "civilians_general",
                "iskp_members",
            ],
            "killed_low": pd.array([None, 10, 1, None, 12, 20], dtype="Int64"),
            "killed_best": pd.array([12, None, 2, None, 9, 20], dtype="Int64"),
        }
    )


def test_ten_or_more_uses_best_else_low():
    assert analysis.ten_or_more(tolls()).tolist() == [True, True, False, False, False, True]
    assert analysis.ten_or_more(tolls()).dtype == bool


def test_apply_rule():
    ev = tolls()
    assert ids(analysis.apply_rule(ev, "all")) == ["A", "B", "C", "D", "E"]  # attacks only
    assert ids(analysis.apply_rule(ev, "ten_deaths")) == ["A", "B"]
    # shia_hazara and foreign_diplomatic are strategic targets
    assert ids(analysis.apply_rule(ev, "strategic_or_ten")) == ["A", "B", "D"]
    with pytest.raises(ValueError, match="unknown rule 'most'"):
        analysis.apply_rule(ev, "most")


@pytest.mark.parametrize(
    "start, end, regimes",
    [
        (None, "2021-08-14", {"before"}),
        ("2021-08-15", None, {"since"}),
        ("2021-08-15", "2021-08-15", {"since"}),
        ("2020-01-01", "2021-08-15", {"before", "since"}),
        (None, None, {"before", "since"}),
    ],
)
def test_regime(start, end, regimes):
    assert analysis.regime(start, end) == regimes


def test_compare_periods_refuses_a_rule_that_changed_at_the_takeover():
    ev = tolls()
    with pytest.raises(analysis.InclusionError, match="different inclusion rules"):
        analysis.compare_periods(ev, analysis.PERIODS)
    with pytest.raises(analysis.InclusionError):
        analysis.compare_periods(ev, {"straddles": ("2021-01-01", "2022-01-01")})
    assert issubclass(analysis.InclusionError, ValueError)
    ten = analysis.compare_periods(ev, analysis.PERIODS, rule="ten_deaths")
    assert list(ten) == ["before", "since"]
    assert ids(ten["before"]) == ["A", "B"] and ids(ten["since"]) == []
    mixed = analysis.compare_periods(ev, analysis.PERIODS, allow_mixed=True)
    assert ids(mixed["before"]) == ["A", "B"] and ids(mixed["since"]) == ["C", "D", "E"]
    one = analysis.compare_periods(ev, {"since": ("2021-08-15", None)})
    assert ids(one["since"]) == ["C", "D", "E"]


def test_last_entered():
    last = analysis.last_entered(tolls())
    assert last.to_dict() == {
        "arrest": pd.Timestamp("2022-01-01"),
        "attack": pd.Timestamp("2023-01-01"),
    }
    by_target = analysis.last_entered(tolls(), by="target_primary")
    assert by_target["shia_hazara"] == pd.Timestamp("2021-08-14")


def test_partial_periods():
    months = pd.DatetimeIndex(["2015-01-01", "2015-02-01", "2026-02-01", "2026-03-01"])
    got = analysis.partial_periods(months, "M", start="2015-01-15", end="2026-02-28")
    assert got == [True, False, False, True]  # the cut-off is February's last day
    quarters = pd.DatetimeIndex(["2025-10-01", "2026-01-01"])
    assert analysis.partial_periods(quarters, "Q", end="2026-02-28") == [False, True]
    assert analysis.partial_periods(
        [2015, 2016, 2026], "Y", start="2015-01-01", end="2026-02-28"
    ) == [
        False,
        False,
        True,
    ]
    assert analysis.partial_periods(months, "M") == [False] * 4
    # years as numpy integers (a list of count_by's nullable Int64 index) are years too
    years = list(pd.Index([2021, 2022, 2026], dtype="Int64"))
    assert isinstance(years[0], np.integer)
    assert analysis.partial_periods(years, "Y", start="2021-08-15", end="2026-02-28") == [
        True,
        False,
        True,
    ]


def test_years_between():
    assert analysis.years_between("2021-08-15", "2022-08-14") == 1.0  # 365 days
    assert analysis.years_between("2015-01-01", "2026-02-28") == 11.2  # 4,077 days
    assert analysis.years_between("2022-01-01", "2022-01-01") == 0.0


def test_taliban_war_sides():
    ev = pd.DataFrame(
        {
            "event_id": list("ABCDEFGHI"),
            "event_class": [
                "attack",
                "attack",
                "attack",
                "clash",
                "arrest",
                "arrest",
                "extrajudicial_killing",
                "counter_operation",
                "attack",
            ],
            "country": ["AFG", "AFG", "AFG", "AFG", "AFG", "AFG", "AFG", "PAK", "AFG"],
            "initiator": [
                "ISKP",
                "ISKP",
                "ISKP",
                "ISKP",
                "Taliban intelligence",
                "Afghan Republic",
                "unknown",
                "Taliban",
                "ISKP",
            ],
            "themes": [None, "taliban", "sectarian", "taliban", None, None, None, None, None],
            "date_start": pd.to_datetime(
                ["2022-01-01", "2018-05-01", "2018-05-01"] + ["2022-01-01"] * 6
            ),
            "target_primary": [
                "taliban_security",
                "civilians_general",
                "shia_hazara",
                "iskp_members",
                "iskp_members",
                "iskp_members",
                "iskp_members",
                "iskp_members",
                "taliban_official",
            ],
        }
    )
    war = analysis.taliban_war(ev)
    assert dict(zip(war["event_id"], war["side"])) == {
        "A": "ISKP attack",
        "B": "ISKP attack",  # before the takeover, themed taliban
        "D": "clash",
        "E": "Taliban operation",
        "G": "extrajudicial killing",
        "I": "ISKP attack",
    }  # C: not on the Taliban; F: not by them; H: in Pakistan


# ---------------------------------------------------------------------------------------------
# coverage: the record against published benchmarks


def test_query_is_a_frozen_record():
    q = coverage.Query("plots", lambda ev, b: ev, "count", "what differs")
    assert (q.metric, q.measure, q.difference) == ("plots", "count", "what differs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.metric = "x"  # type: ignore[misc]
    assert set(coverage.QUERIES) >= {"attacks", "deaths", "plots"}
    assert all(coverage.QUERIES[k].metric == k for k in coverage.QUERIES)
    assert "fighters" not in coverage.QUERIES


def test_benchmark_value_is_best_else_the_middle():
    assert coverage.benchmark_value(pd.Series({"value_best": 7.0, "value_low": 1.0})) == 7.0
    b = pd.Series({"value_best": None, "value_low": 20.0, "value_high": 41.0})
    assert coverage.benchmark_value(b) == 30.5


def coverage_dataset() -> Dataset:
    def day(s):
        return pd.Timestamp(s)

    ev = pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3", "E4", "E5", "E6", "E7"],
            "event_class": ["attack"] * 5 + ["external_plot_interdicted"] * 2,
            "country": ["AFG", "AFG", "AFG", "PAK", "AFG", "DEU", "FRA"],
            "adm1": ["Kabul", "Kabul", "Kunar", "Sindh", "Kabul", None, None],
            "date_start": pd.to_datetime(
                [
                    "2022-03-01",
                    "2022-06-01",
                    "2022-09-01",
                    "2022-05-01",
                    "2021-05-01",
                    "2023-01-10",
                    "2023-03-10",
                ]
            ),
            "scope_doubt": pd.array([False, True, False, False, False, False, None]),
            "killed_low": pd.array([5, None, 2, 10, 1, None, None], dtype="Int64"),
            "killed_best": pd.array([6, None, 3, 10, 1, None, None], dtype="Int64"),
            "killed_high": pd.array([8, None, 3, 12, 1, None, None], dtype="Int64"),
            "wounded_best": pd.array([10, 4, None, 0, 0, None, None], dtype="Int64"),
            "iskp_claimed": ["yes", "yes", "no", "yes", "yes", "no", "no"],
            "target_primary": [
                "shia_hazara",
                "civilians_general",
                "taliban_security",
                "shia_hazara",
                "education",
                "soft_target_abroad",
                "soft_target_abroad",
            ],
            "initiator": ["ISKP"] * 7,
            "counterpart": [None] * 7,
        }
    )
    bench = pd.DataFrame(
        {
            "benchmark_id": ["B1", "B2", "B3", "B4", "B5", "B6"],
            "source_id": ["s1", "s1", "s2", "s9", "s2", "s1"],
            "authority": ["UN", "GTI", "X", "Police", "UNAMA", "UN"],
            "metric": ["attacks", "deaths", "fighters", "plots", "claimed_attacks", "attacks"],
            "actor": ["iskp"] * 6,
            "country": ["AFG", "AFG", "AFG", None, "AFG", "AFG"],
            "adm1": [None, None, None, None, None, "Kabul"],
            "period_start": [day("2022-01-01")] * 3
            + [day("2023-01-01")]
            + [day("2022-01-01")] * 2,
            "period_end": [day("2022-12-31")] * 3 + [day("2023-12-31")] + [day("2022-12-31")] * 2,
            "value_low": [None, 20.0, 2000.0, None, None, None],
            "value_high": [None, 40.0, 4000.0, None, None, None],
            "value_best": [4.0, None, None, 4.0, 1.0, 0.0],
        }
    )
    sources = pd.DataFrame({"source_id": ["s1", "s2"], "publisher": ["UN News", "UNAMA"]})
    given = {f.name: pd.DataFrame() for f in dataclasses.fields(Dataset)}
    given.update(events=ev, benchmarks=bench, sources=sources, lines={}, data_dir=DATA_DIR)
    return Dataset(**given)


def test_capture_sets_the_record_against_each_benchmark():
    cap = coverage.capture(coverage_dataset())
    assert cap["benchmark_id"].tolist() == ["B1", "B2", "B4", "B5", "B6"]  # no query: fighters
    rows = cap.set_index("benchmark_id")
    # B1: AFG attacks of 2022 are E1, E2 (doubtful, left out), E3
    assert rows.loc["B1", ["benchmark", "record_best", "record_events"]].tolist() == [4.0, 2.0, 2]
    assert rows.loc["B1", "doubtful_left_out"] == 1 and rows.loc["B1", "ratio"] == 0.5
    # B2: deaths in E1 and E3 against the middle of 20 to 40
    assert rows.loc["B2", ["record_low", "record_best", "record_high"]].tolist() == [
        7.0,
        9.0,
        11.0,
    ]
    assert rows.loc["B2", "benchmark"] == 30.0 and rows.loc["B2", "ratio"] == pytest.approx(0.3)
    # B4: plots anywhere in 2023; a blank scope_doubt (E7) is no doubt
    assert rows.loc["B4", ["record_events", "doubtful_left_out", "ratio"]].tolist() == [2, 0, 0.5]
    assert rows.loc["B5", "record_best"] == 1.0  # only E1 is claimed among the kept ones
    assert rows.loc["B6", "record_best"] == 1.0 and pd.isna(rows.loc["B6", "ratio"])  # Kabul
    assert rows["publisher"].tolist() == ["UN News", "UN News", "", "UNAMA", "UN News"]
    assert rows.loc["B4", "difference"] == coverage.QUERIES["plots"].difference


def test_by_year_places_ratios_in_time():
    cap = pd.DataFrame(
        {
            "metric": ["plots", "attacks", "attacks"],
            "period_start": pd.to_datetime(["2023-01-01", "2022-01-01", "2020-01-01"]),
            "period_end": pd.to_datetime(["2023-12-31", "2022-01-31", "2020-01-01"]),
            "ratio": [0.5, 0.2, 1.0],
        }
    )
    out = coverage.by_year(cap)
    assert out["metric"].tolist() == ["attacks", "attacks", "plots"]
    assert out["period_start"].dt.year.tolist() == [2020, 2022, 2023]
    assert out["days"].tolist() == [1, 31, 365]
    assert out["family"].tolist() == [
        coverage.FAMILIES["attacks"],
        coverage.FAMILIES["attacks"],
        "interdicted plots",
    ]
    # middles: 1 Jan 2020; 16 Jan 2022 (day 16); 2 July 2023 (day 183)
    assert out["year"].tolist() == pytest.approx([2020.0, 2022 + 15 / 365.25, 2023 + 182 / 365.25])
    assert out.index.tolist() == [0, 1, 2]
