"""Unit tests of iskp.ties on synthetic data whose answer is known: steps placed by chance
show no effect, a planted cooling is found, a baseline that does not re-time the attacks is
caught, power behaves, and the exposure rule picks the right events. Every seed is fixed."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from iskp import ties

START = pd.Timestamp("2020-01-01")
END = pd.Timestamp("2024-12-31")
N_DAYS = (END - START).days + 1  # 1827
FAST = {"n_permutations": 1000, "n_boot": 1000}


def day(k: int | np.ndarray) -> pd.DatetimeIndex:
    """Dates ``k`` days after START."""
    return START + pd.to_timedelta(np.atleast_1d(k), unit="D")


def background(seed: int, rate: float = 1 / 20) -> pd.DataFrame:
    """Steps of a Poisson process (about one every 20 days), independent of any attack;
    60% warming, 25% cooling, 15% neutral."""
    rng = np.random.default_rng([seed, 1])
    n = rng.poisson(rate * N_DAYS)
    days = np.sort(rng.integers(0, N_DAYS, n))
    direction = rng.choice(["warming", "cooling", "neutral"], size=n, p=[0.6, 0.25, 0.15])
    return pd.DataFrame({"date": day(days), "direction": direction})


def attack_days(seed: int, n: int = 15) -> np.ndarray:
    """``n`` attack days drawn at random, independently of the steps."""
    return np.sort(np.random.default_rng([seed, 2]).integers(0, N_DAYS, n))


def planted(days: np.ndarray, seed: int, k: int = 2, window: int = 30, sign: str = "cooling"):
    """``k`` steps of direction ``sign`` within ``window`` days from each attack's day."""
    rng = np.random.default_rng([seed, 3])
    at = np.repeat(days, k)
    at = np.minimum(at + rng.integers(0, window, len(at)), N_DAYS - 1)
    return pd.DataFrame({"date": day(at), "direction": sign})


def with_steps(*frames: pd.DataFrame) -> pd.DataFrame:
    """Frames of steps as :func:`ties.steps` returns them (a ``sign`` column, date order)."""
    out = pd.concat(frames, ignore_index=True).sort_values("date", ignore_index=True)
    out["sign"] = out["direction"].map(ties.SIGNS)
    return out


def study(exposure_days, steps, **kw) -> pd.Series:
    """The 30-day row of :func:`ties.event_study` on the synthetic period."""
    kw = {**FAST, "windows": (30,), "start": START, "end": END, **kw}
    return ties.event_study(day(exposure_days), steps, **kw).iloc[0]


# --- the central claims ---------------------------------------------------------------------


def test_no_effect_when_steps_ignore_attacks():
    row = study(attack_days(0), with_steps(background(0)))
    assert row["n"] == 15
    assert row["effect_net_lo"] <= 0 <= row["effect_net_hi"]
    assert row["d_net_lo"] <= 0 <= row["d_net_hi"]
    assert row["p_net"] > 0.2 and row["p_steps"] > 0.2
    assert ties.verdict(row).startswith("no detectable change")


def test_no_effect_is_rarely_called_across_seeds():
    """Over 40 seeds with no effect the test calls one at about its nominal rate (10%), and
    the 90% interval of the change beyond chance covers 0 about 90% of the time."""
    rows = [
        study(attack_days(s), with_steps(background(s)), n_permutations=400, n_boot=400)
        for s in range(40)
    ]
    called = sum(r["p_net"] < 0.1 for r in rows)
    covered = sum(r["effect_net_lo"] <= 0 <= r["effect_net_hi"] for r in rows)
    not_called = sum(not ties.verdict(r).startswith(("cooling", "warming")) for r in rows)
    assert called <= 8  # expected 4
    assert covered >= 32  # expected 36
    assert not_called >= 36


def assert_detects_planted_cooling(module) -> None:
    """Two cooling steps within 30 days after each of 15 attacks, on top of chance steps,
    must be found: p < 0.05, an interval below 0, the verdict 'cooling after attacks'."""
    days = attack_days(1)
    steps = with_steps(background(1), planted(days, 1))
    row = module.event_study(day(days), steps, windows=(30,), start=START, end=END, **FAST).iloc[0]
    assert row["p_net"] < 0.05
    assert row["d_net_hi"] < 0 and row["effect_net_hi"] < 0
    assert -2.6 < row["effect_net"] < -1.4  # the planted -2, give or take chance
    assert row["effect_steps_lo"] > 0 and row["p_steps"] < 0.05  # the pace rises too
    assert module.verdict(row).startswith("cooling after attacks")


def test_planted_cooling_is_detected():
    assert_detects_planted_cooling(ties)


def test_planted_warming_is_detected():
    days = attack_days(2)
    row = study(days, with_steps(background(2), planted(days, 2, sign="warming")))
    assert row["p_net"] < 0.05 and row["effect_net_lo"] > 0
    assert ties.verdict(row).startswith("warming after attacks")


def test_a_baseline_that_does_not_retime_the_attacks_is_caught(monkeypatch):
    """If the 'random' re-timings were the observed dates themselves, every baseline value
    would equal the observation: p is 1, and the planted effect goes unseen. The test above
    then fails, which is what it is for."""

    def identity(rng, days, n_days, size, null="uniform"):
        return np.broadcast_to(np.asarray(days), (size, len(days)))

    monkeypatch.setattr(ties, "retime", identity)
    days = attack_days(1)
    row = study(days, with_steps(background(1), planted(days, 1)))
    assert row["p_net"] == 1.0 and row["p_steps"] == 1.0
    assert row["base_net"] == pytest.approx(row["d_net"])
    with pytest.raises(AssertionError):
        assert_detects_planted_cooling(ties)


def test_retime_keeps_the_number_of_attacks_and_the_period():
    rng = np.random.default_rng(0)
    days = np.array([3, 10, 400])
    uniform = ties.retime(rng, days, 500, 1000)
    assert uniform.shape == (1000, 3)
    assert uniform.min() >= 0 and uniform.max() < 500
    assert len(np.unique(uniform)) > 400  # really random, not the observed days
    shifted = ties.retime(rng, days, 500, 1000, null="shift")
    gaps = (shifted - shifted[:, :1]) % 500
    assert (gaps == np.array([0, 7, 397])).all()  # the spacing of the attacks is kept
    with pytest.raises(ValueError):
        ties.retime(rng, days, 500, 10, null="none")


def test_shift_null_detects_the_planted_effect_too():
    days = attack_days(1)
    row = study(days, with_steps(background(1), planted(days, 1)), null="shift")
    assert row["p_net"] < 0.05 and row["effect_net_hi"] < 0


def test_results_are_reproducible_and_windows_independent():
    steps = with_steps(background(3))
    a = ties.event_study(day(attack_days(3)), steps, windows=(30, 90), start=START, end=END)
    b = ties.event_study(day(attack_days(3)), steps, windows=(90,), start=START, end=END)
    pd.testing.assert_series_equal(
        a.iloc[1].drop("window"), b.iloc[0].drop("window"), check_names=False
    )
    assert list(a["window"]) == [30, 90]


# --- power ----------------------------------------------------------------------------------


def test_power_is_alpha_without_effect_and_rises_with_effect_and_n():
    steps = with_steps(background(4))
    kw = {"window": 30, "start": START, "end": END, "n_sim": 200, "n_permutations": 200}
    null = ties.power(15, steps, effect=0, **kw)
    small = ties.power(15, steps, effect=-0.5, **kw)
    one = ties.power(15, steps, effect=-1, **kw)
    two = ties.power(15, steps, effect=-2, **kw)
    assert 0.02 <= null <= 0.17  # the nominal 0.1
    assert null < small < one <= two
    assert two > 0.9
    few = ties.power(4, steps, effect=-1, **kw)
    many = ties.power(40, steps, effect=-1, **kw)
    assert few < one < many
    assert ties.power(0, steps, effect=-1, **kw) != ties.power(0, steps, effect=-1, **kw)  # nan
    pace = ties.power(15, steps, effect=1, metric="steps", **kw)
    assert pace > null


def test_power_with_no_steps_at_all_still_sees_a_large_effect():
    empty = pd.DataFrame({"date": pd.to_datetime([]), "direction": pd.Series([], dtype=str)})
    kw = {"window": 30, "start": START, "end": END, "n_sim": 50, "n_permutations": 200}
    assert ties.power(10, empty, effect=-2, **kw) > 0.9
    with pytest.raises(ValueError):
        ties.power(10, empty, effect=-2, metric="tone", **kw)


# --- windows and truncation at the edges ----------------------------------------------------


def test_window_counts_by_hand():
    steps = pd.DataFrame(
        {
            "date": day([90, 95, 100, 101, 130, 200]),
            "sign": [1, -1, -1, -1, 1, 1],
        }
    )
    out = ties.window_counts(day(100), steps["date"], steps["sign"], 30, 30)
    r = out.iloc[0]
    assert (r["n_before"], r["n_after"]) == (2, 2)  # 90, 95 | 100, 101 (130 is day 30: out)
    assert (r["net_before"], r["net_after"]) == (0, -2)
    assert (r["d_steps"], r["d_net"]) == (0, -2)
    assert (r["days_before"], r["days_after"]) == (30, 30)
    longer = ties.window_counts(day(100), steps["date"], steps["sign"], 30, 31).iloc[0]
    assert longer["n_after"] == 3


def test_windows_are_truncated_equally_at_both_edges():
    steps = pd.DataFrame({"date": day([0, 5, 15]), "sign": [1, 1, -1]})
    exposures = day([0, 10, N_DAYS - 6, N_DAYS + 3])
    out = ties.window_counts(exposures, steps["date"], steps["sign"], 30, 30, start=START, end=END)
    assert len(out) == 3  # the exposure after the end is left out
    assert list(out["days_before"]) == [0, 10, 6]
    assert list(out["days_after"]) == [0, 10, 6]
    assert list(out["n_before"]) == [0, 2, 0] and list(out["n_after"]) == [0, 1, 0]
    unequal = ties.window_counts(
        day(10), steps["date"], steps["sign"], 20, 40, start=START, end=END
    )
    assert (unequal["days_before"].iloc[0], unequal["days_after"].iloc[0]) == (10, 20)


def test_truncation_gives_a_fair_baseline_at_the_edges():
    """With one step every day the change is 0 at every date, edges included, for the observed
    attacks (three of them near the edges) and for every re-timing alike."""
    daily = pd.DataFrame({"date": day(np.arange(N_DAYS)), "direction": "cooling"})
    row = ties.event_study(
        day([0, 3, 900, N_DAYS - 2, N_DAYS - 1]),
        with_steps(daily),
        windows=(30, 180),
        start=START,
        end=END,
        n_permutations=300,
        n_boot=300,
    )
    for col in ("d_steps", "d_net", "base_steps", "base_net", "base_net_lo", "base_net_hi"):
        assert (row[col] == 0).all(), col
    assert (row["p_net"] == 1).all()


# --- verdicts -------------------------------------------------------------------------------


def test_too_few_attacks_and_no_attacks():
    steps = with_steps(background(5))
    two = study([400, 800], steps)
    assert two["n"] == 2
    assert ties.verdict(two) == "too few attacks to test (n = 2, window 30 days)"
    none = study([], steps)
    assert none["n"] == 0 and np.isnan(none["p_net"])
    assert ties.verdict(none).startswith("too few attacks to test")


def test_verdict_states_the_numbers():
    row = {
        "n": 5,
        "window": 90,
        "effect_net": -0.6,
        "effect_net_lo": -1.2,
        "effect_net_hi": -0.1,
        "base_net": 0.0,
        "p_net": 0.04,
        "effect_steps": 0.4,
        "effect_steps_lo": -0.2,
        "effect_steps_hi": 1.0,
        "p_steps": 0.3,
    }
    text = ties.verdict(row)
    assert text.startswith("cooling after attacks: net direction \u22120.60 per attack")
    assert "\u22121.20 to \u22120.10" in text and "p = 0.040" in text and "n = 5" in text
    assert text.endswith("few attacks, so the interval is rough")
    assert ties.verdict({**row, "p_net": 0.2}).startswith("no detectable change")
    assert ties.verdict({**row, "effect_net_hi": 0.1}).startswith("no detectable change")
    faster = ties.verdict({**row, "p_steps": 0.01, "effect_steps_lo": 0.1, "n": 12})
    assert "p = 0.010: more steps after attacks" in faster and "rough" not in faster
    slower = ties.verdict({**row, "p_steps": 0.01, "effect_steps_hi": -0.1})
    assert "fewer steps after attacks" in slower
    assert ties.verdict({**row, "power": 0.43}).endswith("one step per attack 0.43")


# --- which events count for which partner ---------------------------------------------------


def hand_events() -> pd.DataFrame:
    rows = [
        # id, class, country, target, themes, doubt, status, summary
        ("E01", "attack", "AFG", "foreign_diplomatic", "russia", False, "active",
         "A bomber struck the Russian embassy."),
        ("E02", "attack", "AFG", "shia_hazara", "china;sectarian", False, "active",
         "A Uyghur bomber, citing China, hit a Shia mosque."),
        ("E03", "attack", "AFG", "foreign_nationals", "china;pakistan", False, "active",
         "A blast at a Chinese-run restaurant killed a Chinese national."),
        ("E04", "external_attack", "IRN", "shia_hazara", "iran;central_asia", False, "active",
         "A Tajik gunman attacked a shrine in Shiraz."),
        ("E05", "external_plot_interdicted", "IND", "soft_target_abroad", "russia;external",
         False, "active", "Russia's FSB detained a man planning a bombing in India."),
        ("E06", "cross_border_strike", "TJK", "foreign_state_territory",
         "central_asia;external", False, "active", "Rockets landed in Tajikistan."),
        ("E07", "attack", "AFG", "taliban_security", "central_asia;taliban", False, "active",
         "Tajik fighters attacked a Taliban post."),
        ("E08", "attack", "PAK", "pakistan_security", "pakistan", True, "active",
         "A doubtful bombing in Peshawar."),
        ("E09", "counter_operation", "PAK", "iskp_members", "pakistan", False, "active",
         "Pakistani forces raided a hideout."),
        ("E10", "attack", "AFG", "us_coalition", None, False, "active",
         "A bomber struck the airport gate."),
        ("E11", "attack", "PAK", "shia_hazara", "pakistan;sectarian", False, "retracted",
         "A retracted record."),
        ("E12", "attack", "AFG", "foreign_diplomatic", "pakistan;taliban", None, "active",
         "Gunfire targeted Pakistan's head of mission."),
        ("E13", "external_attack", "TJK", "foreign_nationals", "china;central_asia", False,
         "active", "Gunmen killed Chinese workers in Tajikistan."),
    ]  # fmt: skip
    cols = ["event_id", "event_class", "country", "target_primary", "themes", "scope_doubt"]
    ev = pd.DataFrame(rows, columns=[*cols, "record_status", "summary"])
    ev["scope_doubt"] = ev["scope_doubt"].astype("boolean")
    ev["themes"] = ev["themes"].astype("string")
    ev["date_start"] = day(np.arange(len(ev)) * 10 + 100)
    ev["date_prec"] = 1
    return ev


@pytest.mark.parametrize(
    ("partner", "expected"),
    [
        ("RUS", ["E01"]),  # not the plot in India that Russia foiled (E05)
        ("CHN", ["E03", "E13"]),  # not the mosque with a Uyghur bomber (E02)
        ("IRN", ["E04"]),
        ("PAK", ["E12"]),  # not E03 (no Pakistani named), E08 (doubtful), E09, E11
        ("TJK", ["E06", "E13"]),  # not E07: central_asia outside Tajikistan
        ("UZB", []),
        ("IND", ["E05"]),  # a plot on Indian soil counts for India
        ("USA", ["E10"]),
        ("QAT", []),
    ],
)
def test_exposures_pick_the_events_that_hit_the_partner(partner, expected):
    out = ties.exposures(hand_events(), partner)
    assert list(out["event_id"]) == expected
    assert out["date_start"].is_monotonic_increasing


def test_exposures_say_on_what_basis():
    ev = hand_events()
    assert ties.exposures(ev, "RUS")["basis"].tolist() == ["abroad"]
    assert ties.exposures(ev, "TJK")["basis"].tolist() == ["territory", "territory"]
    assert ties.exposures(ev, "USA")["basis"].tolist() == ["us forces"]


def test_partners_are_the_thirteen_of_the_relations_table():
    assert set(ties.PARTNERS) == {
        "RUS", "CHN", "IRN", "PAK", "TJK", "UZB", "KGZ", "KAZ", "TKM", "TUR", "IND", "QAT", "USA"
    }  # fmt: skip
    assert ties.PARTNERS["TKM"] == "Turkmenistan"


def hand_milestones() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "milestone_id": ["M1", "M2", "M3", "M4", "M5"],
            "date": pd.to_datetime(
                ["2021-03-01", "2021-01-05", "2021-02-01", "2021-01-10", "2021-04-01"]
            ),
            "date_prec": pd.array([1, 1, 4, 1, 1], dtype="Int64"),
            "country": ["RUS", "RUS", "RUS", "CHN", "RUS"],
            "kind": pd.Categorical(["visit", "statement", "sanction", "visit", "economic"]),
            "direction": pd.Categorical(["warming", "neutral", "cooling", "warming", "warming"]),
            "event_id": pd.array([None, "E01", None, None, None], dtype="string"),
        }
    )


def test_steps_of_one_partner_with_signs():
    out = ties.steps(hand_milestones(), "RUS")
    assert list(out["milestone_id"]) == ["M2", "M3", "M1", "M5"]  # date order
    assert list(out["sign"]) == [0, -1, 1, 1]
    assert list(out["kind"]) == ["statement", "sanction", "visit", "economic"]
    assert ties.steps(hand_milestones(), "QAT").empty
    rest = ties.steps(hand_milestones(), "RUS", exclude_responses=True)
    assert list(rest["milestone_id"]) == ["M3", "M1", "M5"]  # the response to E01 left out


def test_steps_refuse_an_unknown_direction():
    bad = hand_milestones().astype({"direction": str})
    bad.loc[0, "direction"] = "frosty"
    with pytest.raises(ValueError, match="frosty"):
        ties.steps(bad, "RUS")


# --- pooled and per partner -----------------------------------------------------------------


def synthetic_world(seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Attacks on Pakistan's and Iran's soil, and relations steps with two planted cooling
    steps after each attack on top of chance steps."""
    ev, ms = [], []
    for i, partner in enumerate(("PAK", "IRN")):
        days = attack_days(seed + i, n=8)
        ev.append(
            pd.DataFrame(
                {
                    "event_id": [f"{partner}-{k}" for k in range(len(days))],
                    "event_class": "attack",
                    "country": partner,
                    "target_primary": "civilians_general",
                    "themes": pd.array([None] * len(days), dtype="string"),
                    "scope_doubt": pd.array([False] * len(days), dtype="boolean"),
                    "record_status": "active",
                    "summary": "",
                    "date_start": day(days),
                    "date_prec": 1,
                }
            )
        )
        st = pd.concat([background(seed + i), planted(days, seed + i)], ignore_index=True)
        ms.append(st.assign(country=partner, kind="statement", event_id=None))
    return pd.concat(ev, ignore_index=True), pd.concat(ms, ignore_index=True)


def test_pooled_adds_up_the_partners_and_finds_a_shared_effect():
    ev, ms = synthetic_world(6)
    kw = {"windows": (30,), "start": START, "end": END, **FAST}
    pool = ties.pooled(ev, ms, partners=("PAK", "IRN", "QAT"), **kw).iloc[0]
    assert pool["partner"] == "all" and pool["n"] == 16
    assert pool["n_steps"] == len(ms)
    assert pool["p_net"] < 0.05 and pool["effect_net_hi"] < 0
    assert ties.verdict(pool).startswith("cooling after attacks")


def test_by_partner_table():
    ev, ms = synthetic_world(7)
    kw = {"windows": (30, 90), "start": START, "end": END, "n_permutations": 300}
    table = ties.by_partner(ev, ms, partners=("PAK", "QAT"), n_sim=20, **kw)
    assert list(table["partner"]) == ["PAK", "PAK", "QAT", "QAT"]
    assert list(table["name"]) == ["Pakistan", "Pakistan", "Qatar", "Qatar"]
    assert table.loc[0, "verdict"].startswith("cooling after attacks")
    assert table.loc[2, "verdict"].startswith("too few attacks to test")
    assert 0 <= table.loc[0, "power"] <= 1 and np.isnan(table.loc[2, "power"])
    quiet = ties.by_partner(ev, ms, partners=("PAK",), power_effect=None, **kw)
    assert "power" not in quiet


# --- the chapter's tables -------------------------------------------------------------------


def test_overview_counts_attacks_by_basis_doubt_and_steps():
    ev = hand_events()
    ms = hand_milestones()
    out = ties.overview(ev, ms, start="2020-01-01", end="2021-12-31", partners=("RUS", "PAK"))
    rus = out.set_index("partner").loc["RUS"]
    assert rus["name"] == "Russia" and rus["attacks"] == 1 and rus["abroad"] == 1
    assert rus["on its soil"] == 0 and rus["doubtful left out"] == 0
    assert (rus["steps"], rus["warming"], rus["cooling"], rus["neutral"]) == (4, 2, 1, 1)
    assert rus["responses"] == 1  # M2 names E01
    pak = out.set_index("partner").loc["PAK"]
    assert pak["attacks"] == 1 and pak["doubtful left out"] == 1  # E08 is doubtful
    assert pak["steps"] == 0
    early = ties.overview(ev, ms, start="2020-01-01", end="2020-04-15", partners=("RUS",))
    assert early["attacks"].tolist() == [1] and early["steps"].tolist() == [0]


def test_lanes_put_attacks_and_steps_of_each_partner_in_one_frame():
    ev = hand_events().assign(killed_best=pd.array([5] + [None] * 12, dtype="Int64"))
    kw = {"start": "2020-01-01", "end": "2021-12-31", "partners": ("CHN", "RUS")}
    out = ties.lanes(ev, hand_milestones(), **kw)
    assert list(dict.fromkeys(out["partner"])) == ["CHN", "RUS"]  # the order given
    rus = out[out["partner"] == "RUS"]
    assert sorted(rus["what"]) == ["attack", "step", "step", "step", "step"]
    attack = rus[rus["what"] == "attack"]
    assert attack["id"].tolist() == ["E01"] and attack["killed"].tolist() == [5]
    assert attack["direction"].tolist() == [""]
    steps_ = rus[rus["what"] == "step"]
    assert set(steps_["direction"]) == {"warming", "cooling", "neutral"}
    assert steps_["killed"].isna().all()
    chn = out[out["partner"] == "CHN"]
    assert sorted(chn["id"]) == ["E03", "E13", "M4"]


def test_after_attacks_marks_steps_in_the_window_after_an_attack_with_the_chance_cover():
    ev = hand_events().assign(country="RUS", target_primary="civilians_general")
    ev = ev[ev["event_id"].isin(["E01", "E04"])]  # attacks on days 100 and 130
    ms = pd.DataFrame(
        {
            "milestone_id": ["A", "B", "C", "D"],
            "date": day([99, 100, 129, 170]),
            "country": "RUS",
            "kind": ["visit", "statement", "security", "visit"],
            "direction": ["warming", "neutral", "warming", "warming"],
            "event_id": pd.array([None, "E01", None, None], dtype="string"),
        }
    )
    kw = {"start": day(0)[0], "end": day(199)[0], "partners": ("RUS",)}
    out = ties.after_attacks(ev, ms, window=30, **kw)
    got = out.set_index("milestone_id")
    assert got["after"].tolist() == [False, True, True, False]  # day 99 before; 170 = 130 + 40
    assert got.loc["B", "attack"] == "E01" and got.loc["B", "days"] == 0
    assert got.loc["C", "attack"] == "E01" and got.loc["C", "days"] == 29
    assert got["responds"].tolist() == [False, True, False, False]
    assert got["cover"].iloc[0] == pytest.approx(60 / 200)  # days 100-159 of 200
    table = ties.by_kind(out)
    assert table.loc["all", "steps"] == 4 and table.loc["all", "after an attack"] == 2
    assert table.loc["all", "expected by chance"] == pytest.approx(1.2)
    assert table.loc["visit", "after an attack"] == 0 and table.loc["visit", "steps"] == 2
    assert table.loc["statement", "neutral"] == 1 and table.loc["security", "warming"] == 1
    assert table.loc["statement", "responses"] == 1
    assert list(table.index)[-1] == "all"


def test_mentions_find_steps_that_answer_or_name_iskp():
    ms = hand_milestones().assign(
        milestone=[
            "A visit.",
            "A condemnation.",
            "Sanctions over Daesh camps.",
            "Talks on IS and trade.",
            "An oil deal with ISLAMABAD traders.",
        ]
    )
    out = ties.mentions(ms, partners=("RUS", "CHN"))
    assert out["milestone_id"].tolist() == ["M2", "M4", "M3"]  # date order; not M1, M5
    assert out["how"].tolist() == ["answers an attack", "names ISKP", "names ISKP"]
    assert out["partner"].tolist() == ["RUS", "CHN", "RUS"]
    late = ties.mentions(ms, start="2021-01-20", partners=("RUS", "CHN"))
    assert late["milestone_id"].tolist() == ["M3"]


def test_detectable_is_the_smallest_effect_found_four_times_in_five():
    steps = with_steps(background(8))
    kw = {"window": 30, "start": START, "end": END, "n_sim": 60, "n_permutations": 200}
    many = ties.detectable(40, steps, effects=(0.25, 0.5, 1, 2), **kw)
    few = ties.detectable(3, steps, effects=(0.25, 0.5, 1, 2), **kw)
    assert many <= 1 and (np.isnan(few) or few > many)
    assert np.isnan(ties.detectable(0, steps, **kw))
    assert np.isnan(ties.detectable(40, steps, effects=(0.01,), **kw))


def _rows(partner: str, n: int, nets, pvals, power=None) -> pd.DataFrame:
    rows = []
    for w, e, p in zip((30, 90, 180), nets, pvals):
        rows.append(
            {
                "partner": partner,
                "name": ties.PARTNERS.get(partner, partner),
                "window": w,
                "n": n,
                "n_steps": 20,
                "effect_net": e,
                "effect_net_lo": e - 0.3,
                "effect_net_hi": e + 0.3,
                "base_net": 0.0,
                "p_net": p,
                "effect_steps": 0.1,
                "effect_steps_lo": -0.2,
                "effect_steps_hi": 0.4,
                "p_steps": 0.5,
            }
        )
    out = pd.DataFrame(rows)
    if power is not None:
        out["power"] = power
    return out


def test_partner_verdict_sums_up_the_windows_in_one_line():
    quiet = _rows("PAK", 31, [0.1, 0.2, -0.1], [0.5, 0.4, 0.7], power=[0.9, 0.5, 0.25])
    text = ties.partner_verdict(quiet)
    assert text.startswith("no detectable change at 30, 90 and 180 days (n = 31 attacks")
    assert "+0.10 (\u22120.20 to +0.40) at 30 days (p = 0.500)" in text
    power = "power to detect one cooling step per attack 0.90, 0.50 and 0.25 at 30, 90 and 180"
    assert text.endswith(power + " days)")
    cool = _rows("IRN", 5, [-0.1, -0.8, -0.1], [0.5, 0.02, 0.6])
    text = ties.partner_verdict(cool)
    assert text.startswith(
        "no detectable change at 30 and 180 days; cooling after attacks at 90 days (n = 5 attacks"
    )
    assert text.endswith("few attacks, so the intervals are rough")
    pace = cool.assign(p_steps=[0.01, 0.5, 0.5], effect_steps_lo=[0.2, -0.2, -0.2])
    assert "; more steps after attacks at 30 days (p = 0.010)" in ties.partner_verdict(pace)
    assert ties.partner_verdict(_rows("TJK", 1, [0, 0, 0], [1, 1, 1])) == (
        "too few attacks to test (n = 1)"
    )
    both = pd.concat([quiet, _rows("TJK", 1, [0, 0, 0], [1, 1, 1])], ignore_index=True)
    v = ties.verdicts(both)
    assert v["partner"].tolist() == ["PAK", "TJK"] and v["attacks"].tolist() == [31, 1]
    assert v["name"].tolist() == ["Pakistan", "Tajikistan"]
    assert v["verdict"].iloc[1] == "too few attacks to test (n = 1)"


def test_table_formats_effects_and_blanks_untestable_rows():
    res = pd.concat(
        [
            _rows("RUS", 4, [0.5, 0.2, 1.1], [0.2, 0.7, 0.3], power=[0.6, 0.2, 0.1]),
            _rows("TJK", 1, [0, 0, 0], [1, 1, 1], power=[0.5, 0.1, 0.1]),
        ],
        ignore_index=True,
    )
    out = ties.table(res)
    assert out["partner"].tolist()[:1] == ["Russia"] and len(out) == 6
    net = "net direction per attack, beyond chance (90% interval)"
    assert out[net].tolist()[0] == "+0.50 (+0.20 to +0.80)"
    assert out["p (direction)"].tolist()[0] == "0.200" and out["power"].tolist()[0] == "0.60"
    tj = out[out["partner"] == "Tajikistan"]
    assert (tj[net] == "").all() and (tj["power"] == "").all()
    assert (tj["verdict"] == "too few attacks to test").all()
    assert out["verdict"].tolist()[0] == "no detectable change"
    pooled = ties.table(res.drop(columns=["name", "power"]).assign(partner="all"))
    assert "power" not in pooled and pooled["partner"].tolist()[0] == "all"


# --- steps named in the prose ---------------------------------------------------------------


def test_named_steps_are_picked_by_milestone_id():
    from types import SimpleNamespace

    from iskp import named

    ds = SimpleNamespace(milestones=hand_milestones())
    key = "russia_delisting"
    ds.milestones.loc[0, "milestone_id"] = named.STEPS[key]
    assert named.step(ds, key)["date"] == pd.Timestamp("2021-03-01")
    with pytest.raises(LookupError, match="no named step 'nowhere'"):
        named.step(ds, "nowhere")
    with pytest.raises(LookupError, match="russia_recognition"):
        named.step(ds, "russia_recognition")  # its milestone is not in this table


def test_robustness_runs_the_pooled_study_under_four_variants():
    ev, ms = synthetic_world(9)
    kw = {"windows": (30,), "start": START, "end": END, "n_permutations": 300}
    out = ties.robustness(ev, ms, partners=("PAK", "IRN"), **kw)
    assert out["variant"].tolist() == [
        "as above",
        "steps answering an attack left out",
        "attacks shifted together, clusters kept",
        "Pakistan left out",
    ]
    assert out["n"].tolist() == [16, 16, 16, 8]  # Pakistan's eight attacks left out last
    assert (out["partner"] == "all").all()
    shown = ties.table(out)
    assert shown.columns[0] == "variant" and shown["variant"].tolist() == out["variant"].tolist()


def test_sensitivity_gives_a_detectable_effect_per_testable_partner_and_window():
    ev, ms = synthetic_world(10)
    ev = ev[~((ev["country"] == "IRN") & (ev["event_id"] != "IRN-0"))]  # Iran: one attack
    out = ties.sensitivity(ev, ms, start=START, end=END, windows=(30, 90),
                           partners=("PAK", "IRN"), n_sim=40, n_permutations=200)  # fmt: skip
    assert out.index.tolist() == ["Pakistan"]  # Iran has too few attacks to test
    assert out.columns.tolist() == [30, 90]
    assert out.loc["Pakistan", 30] in (0.5, 1, 2, 3, 5)
    assert out.loc["Pakistan", 30] <= out.loc["Pakistan", 90]  # longer windows hide more


def test_with_doubtful_keeps_the_doubtful_attacks_for_a_sensitivity_check():
    ev = hand_events()
    assert ties.exposures(ev, "PAK")["event_id"].tolist() == ["E12"]
    kept = ties.with_doubtful(ev)
    assert ties.exposures(kept, "PAK")["event_id"].tolist() == ["E08", "E12"]
    assert ev["scope_doubt"].fillna(False).any()  # the original is untouched


def test_window_verdicts_group_the_windows_by_verdict():
    quiet = _rows("PAK", 31, [0.1, 0.2, -0.1], [0.5, 0.4, 0.7])
    assert ties.window_verdicts(quiet) == "no detectable change at 30, 90 and 180 days"
    warm = _rows("RUS", 12, [0.9, 0.2, -0.1], [0.01, 0.4, 0.7])
    assert ties.window_verdicts(warm) == (
        "warming after attacks at 30 days; no detectable change at 90 and 180 days"
    )
    assert ties.window_verdicts(_rows("TJK", 1, [0, 0, 0], [1, 1, 1])) == (
        "too few attacks to test at 30, 90 and 180 days"
    )


def test_effect_as_text():
    row = _rows("PAK", 31, [-0.123, 0.2, 0.3], [0.0456, 0.4, 0.7]).set_index("window").loc[30]
    got = ties.effect(row)
    assert got == {"estimate": "\u22120.12", "interval": "\u22120.42 to +0.18", "p": "0.046"}
    assert ties.effect(row, "steps")["estimate"] == "+0.10"
    with pytest.raises(ValueError):
        ties.effect(row, "tone")


def test_listing_joins_items_as_prose():
    assert ties.listing([]) == "" and ties.listing(["Russia"]) == "Russia"
    assert ties.listing(["Russia", "China"]) == "Russia and China"
    assert ties.listing(["30", "90", "180"], "or") == "30, 90 or 180"
