"""Unit tests of the organisation chapter's helpers (iskp.organisation, iskp.orgcharts) on small
hand-made tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from iskp import organisation as org
from iskp import orgcharts

T = pd.Timestamp


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def leaders_table() -> pd.DataFrame:
    rows = [
        # leader_id, person, role, from, to, end, ended_by, event
        ("L1", "Amir One", "emir", "2015-01-01", "2016-07-26", "killed", "United States", "E1"),
        (
            "L2",
            "Amir Two",
            "emir",
            None,
            "2017-04-27",
            "killed",
            "Afghan Republic; United States",
            "E2",
        ),
        ("L3", "Amir Three", "emir", None, "2019-04-01", "replaced", None, None),
        ("L4", "Amir Three", "other", None, "2020-05-11", "captured", "Afghan Republic", "E3"),
        ("L5", "Amir Four", "emir", "2020-06-01", None, "in_office", None, None),
        ("L6", "Speaker", "spokesman", "2015-01-01", "2025-05-16", "captured", "Pakistan", "E4"),
        ("L7", "Planner", "external_operations", None, None, "unknown", None, None),
        ("L8", "Deputy", "deputy_emir", None, "2023-03-01", "killed", "Taliban", "E5"),
        ("L9", "Fighter", "senior_commander", None, "2018-01-01", "killed", "Taliban", None),
    ]
    cols = [
        "leader_id",
        "person",
        "role",
        "date_from",
        "date_to",
        "tenure_end",
        "ended_by",
        "event_id",
    ]
    f = pd.DataFrame(rows, columns=cols)
    f["date_from"] = pd.to_datetime(f["date_from"])
    f["date_to"] = pd.to_datetime(f["date_to"])
    f["role"] = f["role"].astype("category")
    f["tenure_end"] = f["tenure_end"].astype("category")
    f["area"] = "Khorasan"
    for c in ("person", "ended_by", "event_id"):
        f[c] = f[c].astype("string")
    return f


def events_table() -> pd.DataFrame:
    rows = [
        # id, class, date, country, adm1, killed_best, target, doubt, plot_type
        ("E1", "attack", "2015-02-10", "AFG", "Kabul", 12, "shia_hazara", False, None),
        ("E2", "attack", "2015-02-20", "PAK", "Balochistan", 30, "civilians_general", False, None),
        ("E3", "attack", "2015-05-01", "AFG", "Kabul", 3, "civilians_general", False, None),
        ("E4", "attack", "2015-08-01", "AFG", "Nangarhar", 15, "taliban_security", True, None),
        ("E5", "attack", "2015-11-30", "AFG", "Nangarhar", 10, "taliban_security", False, None),
        (
            "E6",
            "external_attack",
            "2015-06-01",
            "RUS",
            None,
            140,
            "soft_target_abroad",
            False,
            "enabled",
        ),
        (
            "E7",
            "external_plot_interdicted",
            "2015-07-01",
            "DEU",
            None,
            None,
            "soft_target_abroad",
            False,
            None,
        ),
        (
            "E8",
            "external_plot_interdicted",
            "2015-07-02",
            "AUT",
            None,
            None,
            "soft_target_abroad",
            True,
            "inspired",
        ),
    ]
    cols = [
        "event_id",
        "event_class",
        "date_start",
        "country",
        "adm1",
        "killed_best",
        "target_primary",
        "scope_doubt",
        "plot_type",
    ]
    f = pd.DataFrame(rows, columns=cols)
    f["date_start"] = pd.to_datetime(f["date_start"])
    f["killed_best"] = f["killed_best"].astype("Int64")
    f["killed_low"] = f["killed_best"]
    f["scope_doubt"] = f["scope_doubt"].astype("boolean")
    f["plot_type"] = f["plot_type"].astype("category")
    return f


def territory_table() -> pd.DataFrame:
    rows = [
        ("T1", "AFG", "Nangarhar", "Achin", "held", "2015-06-01", "2015-08-31", "s1"),
        ("T2", "AFG", "Nangarhar", "Achin", "contested", "2016-12-01", "2017-02-01", "s2"),
        ("T3", "AFG", "Nangarhar", "Kot", "present", "2017-03-01", "2017-03-02", "s2"),
        ("T4", "AFG", "Kunar", None, "present", "2019-02-01", "2019-02-01", "s3"),
        ("T5", "AFG", "Jowzjan", "Darzab", "contested", "2018-07-12", "2018-08-01", "s4"),
    ]
    cols = [
        "territory_id",
        "country",
        "adm1",
        "district",
        "status",
        "date_from",
        "date_to",
        "source_id",
    ]
    f = pd.DataFrame(rows, columns=cols)
    f["date_from"] = pd.to_datetime(f["date_from"])
    f["date_to"] = pd.to_datetime(f["date_to"])
    f["district"] = f["district"].astype("string")
    f["status"] = f["status"].astype("category")
    return f


def media_table() -> pd.DataFrame:
    rows = [
        ("M1", "radio", "ps", "2015-12-01", 4),
        ("M2", "outlet", "ps", "2015-01-01", 5),
        ("M3", "outlet", "ar", "2016-05-01", 4),
        ("M4", "magazine", "en", "2022-01-01", 4),
        ("M5", "channel", "tg", "2021-01-01", 5),
        ("M6", "channel", "ur", None, None),
        ("M7", "outlet", "multi", "2021-01-01", 5),
        ("M8", "video_series", None, "2021-05-01", 4),
    ]
    f = pd.DataFrame(rows, columns=["media_id", "kind", "language", "first_seen", "first_prec"])
    f["first_seen"] = pd.to_datetime(f["first_seen"])
    f["first_prec"] = f["first_prec"].astype("Int64")
    f["language"] = f["language"].astype("string")
    f["name"] = f["media_id"]
    return f


def people_table() -> pd.DataFrame:
    rows = [
        ("P1", "Ali Rahimov", "E6", "attacker", "Tajik", "convicted"),
        ("P2", "ali  rahimov", "E7", "plotter", "Tajik", "convicted"),
        ("P3", "Ivan K.", "E6", "facilitator", "Tajik;Russian", "convicted"),
        ("P4", "Unnamed Helper", "E6", "facilitator", None, "arrested"),
        ("P5", "Bomber", "E1", "suicide_attacker", "Afghan", "killed_in_attack"),
        ("P6", "Other Helper", "E7", "facilitator", None, "unknown"),
    ]
    f = pd.DataFrame(
        rows, columns=["person_id", "name", "event_id", "role", "nationality", "fate"]
    )
    f["role"] = pd.Categorical(
        f["role"],
        categories=["attacker", "suicide_attacker", "plotter", "facilitator", "financier"],
    )
    f["fate"] = f["fate"].astype("category")
    f["nationality"] = f["nationality"].astype("string")
    return f


def strength_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "date": pd.to_datetime(
                [
                    "2017-02-10",
                    "2020-01-16",
                    "2021-07-24",
                    "2023-07-25",
                    "2025-07-02",
                    "2018-09-17",
                ]
            ),
            "value_low": [2000.0, 2100.0, 500.0, 4000.0, 2000.0, 10000.0],
            "value_high": [3500.0, 2100.0, 1500.0, 6000.0, 2000.0, 10000.0],
            "estimator": ["UN", "UN", "UN", "UN", "UN", "Russia"],
            "families": ["not said", "not said", "not said", "yes", "not said", "not said"],
        }
    )


# ---------------------------------------------------------------------------------------------
# organisation


def test_strength_summary_splits_at_the_takeover_and_gives_the_latest():
    s = org.strength_summary(strength_table(), "2021-08-15")
    assert s["n"] == 5  # the Russian figure is not the UN's
    assert (s["before_low"], s["before_high"]) == (500.0, 3500.0)
    assert (s["since_low"], s["since_high"]) == (2000.0, 6000.0)
    assert (s["last_low"], s["last_high"], s["last_date"]) == (2000.0, 2000.0, T("2025-07-02"))


def test_tenures_orders_by_role_and_end_and_says_what_is_dated():
    t = org.tenures(leaders_table(), until="2026-02-28")
    assert t["leader_id"].tolist() == ["L1", "L2", "L3", "L5", "L8", "L6", "L7"]
    drawn = t.set_index("leader_id")["drawn"]
    assert drawn.to_dict() == {
        "L1": "span",
        "L2": "end",
        "L3": "end",
        "L5": "span",  # in office: ends at the cut-off
        "L8": "end",
        "L6": "span",
        "L7": "undated",
    }
    assert t.set_index("leader_id").loc["L5", "end"] == T("2026-02-28")
    assert t.set_index("leader_id").loc["L8", "role"] == "deputy emir"
    assert pd.isna(org.tenures(leaders_table()).set_index("leader_id").loc["L5", "end"])


def test_removals_are_the_killed_and_captured_of_one_role():
    t = org.tenures(leaders_table(), until="2026-02-28")
    r = org.removals(t, "emir")
    assert r.to_dict() == {"L1": T("2016-07-26"), "L2": T("2017-04-27")}
    assert org.removals(t, "spokesman").to_dict() == {"L6": T("2025-05-16")}


def test_parties_split_joint_operations_and_name_the_unknown():
    got = org.parties(pd.Series(["Afghan Republic; United States", None, "Taliban"]))
    assert got.tolist() == [["Afghan Republic", "United States"], ["not reported"], ["Taliban"]]


def test_ends_by_party_counts_a_joint_operation_for_each_party():
    table = org.ends_by_party(leaders_table(), "emir")
    assert table.loc["United States", "killed"] == 2
    assert table.loc["Afghan Republic", "killed"] == 1
    assert table.loc["Afghan Republic", "joint"] == 1
    assert "captured" not in table.columns  # no emir was captured in office here
    several = org.ends_by_party(leaders_table(), ["emir", "spokesman", "deputy_emir"])
    assert several.loc["Pakistan", "captured"] == 1
    assert several.loc["Taliban", "killed"] == 1  # the senior commander is not counted
    assert several.index[0] == "United States"  # most first


def test_fates_gives_what_became_of_each_emir_later():
    f = org.fates(leaders_table()).set_index("leader_id")
    assert f.loc["L3", "end"] == "replaced"
    assert f.loc["L3", "afterwards"] == "captured 2020-05-11 by Afghan Republic"
    assert f.loc["L1", "afterwards"] == ""
    assert f.loc["L5", "end"] == "in office (as last reported)"
    assert (f.loc["L1", "date"], f.loc["L5", "date"]) == ("2016-07-26", "")
    month = leaders_table().assign(to_prec=[4, 1, 1, 1, 1, 1, 1, 1, 1])
    assert org.fates(month).set_index("leader_id").loc["L1", "date"] == "2016-07"
    assert list(f.index) == ["L1", "L2", "L3", "L5"]


def test_date_text_keeps_the_precision():
    assert org.date_text(T("2020-05-11")) == "2020-05-11"
    assert org.date_text(T("2020-05-01"), 4) == "2020-05"
    assert org.date_text(T("2020-01-01"), 5) == "2020"
    assert org.date_text(pd.NaT, 1) == ""


def test_country_group():
    got = org.country_group(pd.Series(["AFG", "PAK", "IRN"]))
    assert got.tolist() == ["Afghanistan", "Pakistan", "elsewhere"]


def test_tempo_counts_one_rule_per_quarter_without_doubtful_events():
    t = org.tempo(events_table(), start="2015-01-01", end="2015-12-31")
    assert len(t) == 4  # every quarter present
    assert list(t.columns) == ["Afghanistan", "Pakistan"]
    q = {str(k.date()): v for k, v in t.sum(axis=1).items()}
    # E1 and E2 in Q1, E3 (3 dead) left out, E4 doubtful, E5 in Q4, E6 not an attack
    assert q == {"2015-01-01": 2, "2015-04-01": 0, "2015-07-01": 0, "2015-10-01": 1}
    every = org.tempo(events_table(), start="2015-01-01", end="2015-12-31", rule="all")
    assert int(every.to_numpy().sum()) == 4


def test_around_counts_the_year_before_and_after_and_flags_the_cut_off():
    att = events_table()[events_table()["event_class"] == "attack"]
    dates = pd.Series({"L1": T("2015-04-01"), "L2": T("2015-10-01")}).rename_axis("leader_id")
    a = org.around(att, dates, days=100, until="2015-12-31")
    assert a.index.name == "leader_id"
    assert a.loc["L1", ["before", "after"]].tolist() == [2, 1]
    assert a.loc["L2", ["before", "after"]].tolist() == [1, 1]
    assert a["partial"].tolist() == [False, True]


def test_territory_periods_place_a_spanning_report_in_both_periods():
    placed = org.territory_periods(territory_table())
    assert sorted(placed[placed["territory_id"] == "T2"]["period"]) == ["2015-16", "2017-18"]
    assert placed[placed["territory_id"] == "T4"]["period"].tolist() == ["2019-21"]
    assert len(org.territory_periods(territory_table(), {})) == 0


def test_strongest_status():
    assert org.strongest(pd.Series(["present", "held", "contested"])) == "held"
    assert org.strongest(pd.Series(["present"])) == "present"
    assert org.strongest(pd.Series([], dtype=object)) == ""


def test_province_status_takes_the_strongest_and_counts_named_districts():
    s = org.province_status(org.territory_periods(territory_table()))
    row = s[(s["period"] == "2017-18") & (s["adm1"] == "Nangarhar")].to_dict("records")[0]
    assert (row["status"], row["rank"], row["districts"], row["reports"]) == (
        "contested",
        2,
        2,
        2,
    )
    kunar = s[s["adm1"] == "Kunar"].to_dict("records")[0]
    assert (kunar["status"], kunar["districts"]) == ("present", 0)  # a province-wide report
    assert list(org.province_status(territory_table().head(0).assign(period=[]))) == [
        "period",
        "country",
        "adm1",
        "status",
        "rank",
        "districts",
        "reports",
    ]


def test_districts_lists_named_districts_with_readable_columns():
    d = org.districts(territory_table())
    assert d["district"].tolist() == ["Darzab", "Achin", "Kot"]  # by province, then district
    achin = d[d["district"] == "Achin"].to_dict("records")[0]
    assert achin["strongest status reported"] == "held"
    assert achin["statuses reported"] == "held, contested"
    assert (achin["first reported"], achin["last reported"], achin["reports"]) == (
        "2015-06-01",
        "2017-02-01",
        2,
    )


def test_phase_allows_for_the_precision_of_a_date():
    assert org.phase(T("2016-05-01"), 4) == "2015-19: local"
    assert org.phase(T("2021-01-01"), 5) == org.STRADDLES  # any day of 2021
    assert org.phase(T("2021-01-01"), 4) == "2020-21: regional"
    assert org.phase(T("2022-01-01"), 5) == "since the takeover: multilingual"
    assert org.phase(pd.NaT, None) == org.UNDATED
    assert org.phase(T("2010-01-01"), 1) == "before the phases"


def test_language_rows_leave_out_multi_and_blank():
    rows = org.language_rows(media_table())
    assert sorted(rows["media_id"]) == ["M1", "M2", "M3", "M4", "M5", "M6"]
    assert rows.set_index("media_id").loc["M1", "language_name"] == "Pashto"


def test_language_firsts_and_languages_by_phase():
    f = org.language_firsts(media_table())
    assert list(f.index) == ["ps", "ar", "tg", "en", "ur"]  # by first appearance, undated last
    assert f.loc["ps", "first_seen"] == T("2015-01-01")
    assert f.loc["ps", "rows"] == 2
    assert f.loc["tg", "phase"] == org.STRADDLES
    assert f.loc["ur", "phase"] == org.UNDATED
    assert f.loc["ur", "undated_rows"] == 1
    by = org.languages_by_phase(f)
    assert by["added"].to_dict() == {
        "2015-19: local": 2,
        "2020-21: regional": 0,
        "since the takeover: multilingual": 1,
        org.STRADDLES: 1,
        org.UNDATED: 1,
    }
    assert by.loc["2015-19: local", "languages"] == "Pashto, Arabic"


def test_person_key_ignores_case_and_spaces():
    got = org.person_key(pd.Series(["Ali  Rahimov", "ali rahimov ", None]))
    assert got.tolist() == ["ali rahimov", "ali rahimov", ""]


def test_named_people_counts_each_person_once():
    p = org.named_people(people_table())
    assert len(p) == 5
    ali = p[p["person_id"] == "P1"].to_dict("records")[0]
    assert (ali["roles"], ali["events"], ali["nationality"]) == ("attacker, plotter", 2, "Tajik")
    assert p[p["person_id"] == "P3"]["nationality"].tolist() == ["Russian and Tajik"]
    assert p[p["person_id"] == "P4"]["nationality"].tolist() == [org.NOT_REPORTED]


def test_nationality_counts_put_not_reported_last():
    c = org.nationality_counts(org.named_people(people_table()))
    assert c.to_dict() == {"Afghan": 1, "Russian and Tajik": 1, "Tajik": 1, "not reported": 2}
    assert c.index[-1] == org.NOT_REPORTED


def test_is_central_asian_sees_dual_nationals():
    got = org.is_central_asian(
        pd.Series(["Russian and Tajik", "Afghan", "Uzbek"]), ["Tajik", "Uzbek"]
    )
    assert got.tolist() == [True, False, True]


def test_role_counts_and_roles_and_fates():
    r = org.role_counts(people_table())
    assert r.to_dict() == {"facilitator": 3, "attacker": 1, "suicide_attacker": 1, "plotter": 1}
    t = org.roles_and_fates(people_table())
    assert t.loc["facilitator", "people named"] == 3
    assert t.loc["facilitator", "fates reported"] == "arrested, convicted, unknown"
    assert t.loc["attacker", "fates reported"] == "convicted"
    assert "suicide attacker" in t.index


def test_plot_types_count_external_events_and_treat_blank_as_unknown():
    t = org.plot_types(events_table())
    assert t.loc["enabled", "external_attack"] == 1
    assert t.loc["unknown", "external_plot_interdicted"] == 1
    assert t.loc["inspired", "all"] == 1
    assert int(t["all"].sum()) == 3  # attacks are not counted
    assert list(t.index) == ["directed", "enabled", "inspired", "unknown"]


# ---------------------------------------------------------------------------------------------
# orgcharts


def test_strength_draws_un_and_others_apart_with_a_ring_for_families():
    ax = orgcharts.strength(strength_table())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["other estimators", "UN", "families counted"]
    assert ax.get_ylim()[0] == 0
    assert ax.get_title() == ""


def test_leader_timeline_draws_bars_for_dated_tenures_and_markers_by_end():
    t = org.tenures(leaders_table(), until="2026-02-28")
    fig, ax = plt.subplots()
    assert orgcharts.leader_timeline(t, ax=ax) is ax
    assert len(ax.patches) == 3  # L1, L5 (to the cut-off), L6
    names = [x.get_text() for x in ax.get_yticklabels()]
    assert names[0] == "Amir One" and "Planner" not in names  # first at the top; undated out
    assert ax.get_yticks()[0] == max(ax.get_yticks())
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert legend[0] == "tenure, both ends dated"
    assert {"killed", "captured", "replaced", "in office (as last reported)"} <= set(legend)
    roles = {a.get_text() for a in ax.texts}
    assert roles == {"emir", "deputy emir", "spokesman"}


def test_tempo_chart_stacks_countries_and_hatches_the_partial_quarter():
    table = org.tempo(events_table(), start="2015-01-01", end="2015-12-31")
    fig, ax = plt.subplots()
    marks = pd.Series({"L1": T("2015-06-01")})
    assert orgcharts.tempo(table, ax=ax, partial=[False, False, False, True], marks=marks) is ax
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert legend == ["Afghanistan", "Pakistan", "partial quarter", "emir killed or captured"]
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == 1
    assert mdates.num2date(hatched[0].get_x()).date() == T("2015-10-01").date()


def test_leaders_and_tempo_share_the_time_axis():
    t = org.tenures(leaders_table(), until="2026-02-28")
    table = org.tempo(events_table(), start="2015-01-01", end="2015-12-31")
    axes = orgcharts.leaders_and_tempo(t, table)
    assert len(axes) == 2
    assert axes[0].get_xlim() == axes[1].get_xlim()


def status_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": ["a", "a", "b"],
            "country": ["AFG", "AFG", "AFG"],
            "adm1": ["Nangarhar", "Kunar", "Nangarhar"],
            "status": ["held", "present", "contested"],
        }
    )


def test_status_map_shades_provinces_by_status():
    fig, ax = plt.subplots()
    assert orgcharts.status_map(status_frame(), ax=ax) is ax
    colours = {tuple(np.round(c, 3)) for c in ax.collections[0].get_facecolors()}
    assert len(colours) == 3  # none, present, held (the strongest in Nangarhar)
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert legend == ["none reported", "present", "contested", "held"]


def test_ground_maps_one_panel_per_period_one_legend():
    axes = orgcharts.ground_maps(status_frame(), ["a", "b"])
    assert len(axes) == 2
    assert axes[0].get_legend() is None and axes[1].get_legend() is not None
    assert [t.get_text() for t in axes[0].texts] == ["a"]


def test_attack_maps_one_panel_per_country():
    ev = events_table()
    axes = orgcharts.attack_maps(ev)
    assert len(axes) == 2
    assert [t.get_text() for t in axes[1].texts] == ["Pakistan"]
    assert axes[0].get_legend() is None and axes[1].get_legend() is not None


def test_language_timeline_rows_phases_and_undated():
    rows = org.language_rows(media_table())
    firsts = org.language_firsts(media_table())
    ax = orgcharts.language_timeline(rows, firsts, until="2026-02-28")
    assert [t.get_text() for t in ax.get_yticklabels()] == list(firsts["language"])
    texts = [t.get_text() for t in ax.texts]
    assert "undated" in texts
    assert "2015-19\nlocal" in texts


def test_counts_keeps_order_and_greys_unknown():
    values = pd.Series({"Tajik": 5, "Afghan": 2, "not reported": 9})
    fig, ax = plt.subplots()
    assert orgcharts.counts(values, ax=ax, xlabel="people") is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Tajik", "Afghan", "not reported"]
    bars = sorted(ax.patches, key=lambda b: -b.get_y())
    assert [b.get_width() for b in bars] == [5, 2, 9]
    assert bars[2].get_facecolor() != bars[0].get_facecolor()
    assert [t.get_text() for t in ax.texts] == ["5", "2", "9"]


def test_people_and_plots_two_panels():
    nat = pd.Series({"Tajik": 3, "not reported": 1})
    types = pd.Series({"directed": 1, "unknown": 2})
    axes = orgcharts.people_and_plots(nat, types)
    assert len(axes) == 2
    assert axes[1].get_xlabel() == "external attacks and plots"
