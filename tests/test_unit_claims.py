"""Unit tests of the claims ledger on hand-made claims and events."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from iskp import claims
from iskp.claims import Recomputed
from iskp.dataset import Dataset


def events() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3", "E4", "E5"],
            "record_status": ["active", "active", "active", "retracted", "active"],
            "event_class": ["attack", "attack", "external_attack", "attack", "arrest"],
            "country": ["AFG", "PAK", "IRN", "AFG", "AFG"],
            "attribution_status": [
                "claimed_by_iskp",
                "attributed_by_authorities",
                "claimed_by_iskp",
                "claimed_by_iskp",
                "claimed_by_iskp",
            ],
            "date_start": pd.to_datetime(
                ["2021-08-26", "2022-03-04", "2024-01-03", "2022-05-01", "2022-06-01"]
            ),
            "themes": pd.array(["taliban", "pakistan;sectarian", "iran", None, "taliban"]),
            "killed_low": pd.array([150, 60, 90, 5, None], dtype="Int64"),
            "killed_best": pd.array([170, 63, 95, 5, None], dtype="Int64"),
            "killed_high": pd.array([183, 70, 100, 5, None], dtype="Int64"),
            "wounded_best": pd.array([200, None, 280, 1, None], dtype="Int64"),
        }
    )


def claim(**cells) -> dict:
    row = dict(
        claim_id="C001",
        source_id="src-0001",
        claim_text="a text",
        metric="count_events",
        value=2.0,
        value_high=None,
        value_qualifier="exact",
        period_start=None,
        period_end=None,
        countries=None,
        event_classes="attack",
        attribution_statuses=None,
        event_ids=None,
        comparability="recomputable",
        definition_notes="notes",
        error_note=None,
    )
    return {**row, **cells}


def ids(frame: pd.DataFrame) -> list[str]:
    return frame["event_id"].tolist()


def test_recomputed_is_a_frozen_record():
    r = Recomputed("C001", 10.0, None, 3, 1, 8.0, 9.0, 12.0, "consistent", "why")
    assert (r.claim_id, r.n_events, r.n_unknown, r.low, r.high) == ("C001", 3, 1, 8.0, 12.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.verdict = "other"  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(Recomputed)][-2:] == ["verdict", "detail"]


def test_recompute_returns_a_recomputed():
    r = claims.recompute(pd.Series(claim(metric="sum_killed")), events())
    assert r == Recomputed(
        "C001", 2.0, None, 2, 0, 210.0, 233.0, 253.0, "lower than data", r.detail
    )


def test_population_by_named_events_skips_inactive_records():
    got = claims.population(claim(event_ids="E1;E4;E3", event_classes="arrest"), events())
    assert ids(got) == ["E1", "E3"]  # named events win over classes; E4 is retracted


def test_population_by_period_country_class_and_status():
    ev = events()
    assert ids(claims.population(claim(), ev)) == ["E1", "E2"]
    got = claims.population(claim(period_start="2021-08-26", period_end="2022-03-03"), ev)
    assert ids(got) == ["E1"]  # inclusive bounds on date_start
    got = claims.population(claim(event_classes=None, countries="AFG;IRN"), ev)
    assert ids(got) == ["E1", "E3", "E5"]
    got = claims.population(
        claim(event_classes="attack;external_attack", attribution_statuses="claimed_by_iskp"), ev
    )
    assert ids(got) == ["E1", "E3"]
    no_status = ev.drop(columns="record_status")  # without the column every row counts
    assert ids(claims.population(claim(countries="AFG"), no_status)) == ["E1", "E4"]


@pytest.mark.parametrize(
    "value, high, qualifier, low, data_high, unknown, verdict",
    [
        (100, None, "exact", 90, 110, 0, "consistent"),
        (100, None, "exact", 101, 110, 0, "lower than data"),
        (100, None, "exact", 80, 99, 0, "higher than data"),
        (100, None, "approx", 105, 120, 0, "consistent"),  # within 10 %
        (100, None, "approx", 111, 120, 0, "lower than data"),
        (100, None, "approx", 80, 91, 0, "consistent"),
        (100, None, "approx", 80, 89, 0, "higher than data"),
        (10, 20, "range", 18, 30, 0, "consistent"),
        (10, 20, "range", 25, 30, 0, "lower than data"),
        (50, None, "at_least", 10, 50, 0, "consistent"),
        (50, None, "at_least", 10, 49, 0, "higher than data"),
        (50, None, "more_than", 10, 51, 0, "consistent"),
        (50, None, "more_than", 10, 50, 0, "higher than data"),
    ],
)
def test_judge_verdicts(value, high, qualifier, low, data_high, unknown, verdict):
    assert claims.judge(value, high, qualifier, low, data_high, unknown)[0] == verdict


def test_judge_details():
    assert claims.judge(100, None, "exact", 80, 95, 2) == (
        "higher than data",
        "the claim exceeds the data's upper bound 95 by 5; 2 event(s) of unknown toll",
    )
    assert claims.judge(10, 20, "range", 25, 30) == (
        "lower than data",
        "the claim falls short of the data's lower bound 25 by 5",
    )
    assert claims.judge(10, 20, "range", 12, 30)[1] == (
        "the claim (10 to 20) overlaps the data's range 12 to 30"
    )
    assert (
        claims.judge(50, None, "at_least", 0, 60)[1]
        == "the data reach 60, the claim says at least 50"
    )
    assert claims.judge(50, None, "at_least", 0, 40, 1)[1] == (
        "the claim exceeds the data's upper bound by 10; 1 event(s) of unknown toll"
    )


def dataset() -> Dataset:
    cl = pd.DataFrame(
        [
            claim(claim_id="C001", source_id="src-0001", value=2.0),  # attacks: E1, E2
            claim(
                claim_id="C002",
                source_id="src-0002",
                metric="sum_killed",
                value=250.0,
                value_qualifier="approx",
            ),  # killed in attacks: 210 to 253
            claim(
                claim_id="C003",
                source_id="src-0003",
                metric="sum_killed",
                value=1000.0,
                value_high=1500.0,
                value_qualifier="range",
                event_ids="E3",
                event_classes=None,
            ),
            claim(
                claim_id="C004",
                source_id="src-0001",
                metric="strength",
                value=4000.0,
                value_qualifier="approx",
                comparability="not_recomputable",
                definition_notes="fighters",
            ),
        ]
    )
    src = pd.DataFrame(
        {
            "source_id": ["src-0001", "src-0002", "src-0003"],
            "publisher": ["Radio Free Europe/Radio Liberty", "Reuters", "unknown author"],
            "title": ["Report", "Wire", "Essay"],
            "url": pd.array(
                ["https://rferl.org/x", "https://reuters.com/y", None], dtype="string"
            ),
        }
    )
    articles = pd.DataFrame(
        {"source_id": ["src-0001", "src-0003"], "label": ["RFE/RL (2022)", "ISKP essay (2022)"]}
    )
    ev = events()
    active = ev[ev["record_status"] == "active"].reset_index(drop=True)
    return make_dataset(records=ev, events=active, sources=src, claims=cl, articles=articles)


def make_dataset(**frames) -> Dataset:
    """A Dataset of the given frames; every other table is empty."""
    given = {
        f.name: frames.get(f.name, pd.DataFrame())
        for f in dataclasses.fields(Dataset)
        if f.name not in ("lines", "data_dir")
    }
    return Dataset(**given, lines={}, data_dir=Path("."))


def test_cited_ledger_labels_and_cites_each_claim():
    led = claims.cited_ledger(dataset())
    assert led["claim_id"].tolist() == ["C001", "C002", "C003", "C004"]
    assert led["verdict"].tolist() == [
        "consistent",
        "consistent",
        "higher than data",
        "not recomputable",
    ]
    assert led["article"].tolist() == [
        "RFE/RL (2022)",
        "Reuters",  # no row in articles: the publisher
        "ISKP essay (2022)",
        "RFE/RL (2022)",
    ]
    assert led.loc[0, "citation"] == (
        "Radio Free Europe/Radio Liberty, \u201cReport\u201d, https://rferl.org/x"
    )
    assert led.loc[2, "citation"] == "unknown author, \u201cEssay\u201d"  # no URL
    assert led.loc[1, ["recomputed_low", "recomputed_best", "recomputed_high"]].tolist() == [
        210.0,
        233.0,
        253.0,
    ]
    assert led.loc[2, "event_ids"] == ["E3"]


def test_verdict_counts():
    led = pd.DataFrame({"verdict": ["consistent", "higher than data", "consistent", "no events"]})
    assert claims.verdict_counts(led) == {"consistent": 2, "higher than data": 1, "no events": 1}
    assert all(type(v) is int for v in claims.verdict_counts(led).values())
    assert claims.verdict_counts(led.iloc[:0]) == {}


def test_ledger_view_formats_figures_and_ranges():
    view = claims.ledger_view(claims.cited_ledger(dataset()))
    assert view.columns.tolist() == [
        "claim",
        "article",
        "claim text",
        "claimed",
        "data",
        "events",
        "unknown toll",
        "verdict",
        "why",
    ]
    assert view["claimed"].tolist() == ["2", "250", "1,000–1,500", "4,000"]
    assert view["data"].tolist() == ["2", "210–253", "90–100", ""]
    assert view["events"].tolist() == [2, 2, 1, 0]
    assert view.loc[3, "why"] == "fighters"


def test_chart_rows_keeps_recomputed_rows_of_the_metrics_sorted():
    led = pd.DataFrame(
        {
            "claim_id": ["C003", "C001", "C002", "C004", "C005"],
            "article": ["B", "B", "A", "A", "A"],
            "metric": ["sum_killed", "sum_killed", "sum_killed", "count_events", "sum_killed"],
            "recomputed_best": [1.0, 2.0, 3.0, 4.0, None],
        }
    )
    rows = claims.chart_rows(led)
    assert rows["label"].tolist() == ["A · C002", "B · C001", "B · C003"]
    both = claims.chart_rows(led, metrics=("sum_killed", "count_events"))
    assert both["claim_id"].tolist() == ["C002", "C004", "C001", "C003"]


def test_on_theme_shows_claims_about_events_of_the_theme():
    ds = dataset()
    assert claims.on_theme(ds, "iran")["claim"].tolist() == ["C003"]  # names E3
    assert claims.on_theme(ds, "taliban")["claim"].tolist() == []  # no claim names E1 or E5
    got = claims.on_theme(ds, "iran", extra=("C001",))
    assert got["claim"].tolist() == ["C001", "C003"]
    assert got.columns.tolist()[:2] == ["claim", "article"]
    with pytest.raises(ValueError):
        claims.on_theme(ds, "mars")


def test_verdict_on_needs_exactly_one_claim_about_the_event():
    led = pd.DataFrame(
        {
            "claim_id": ["C001", "C002", "C003"],
            "verdict": ["consistent", "higher than data", "no events"],
            "event_ids": [["E1", "E2"], ["E2"], []],
        }
    )
    assert claims.verdict_on(led, "E1") == "consistent"
    with pytest.raises(LookupError, match="2 claims are about E2"):
        claims.verdict_on(led, "E2")
    with pytest.raises(LookupError, match="0 claims are about E9"):
        claims.verdict_on(led, "E9")


def test_claim_row_finds_a_claim_by_either_column_name():
    led = pd.DataFrame({"claim_id": ["C001", "C002"], "value": [1.0, 2.0]})
    assert claims.claim_row(led, "C002")["value"] == 2.0
    view = pd.DataFrame({"claim": ["C001", "C002"], "verdict": ["a", "b"]})
    assert claims.claim_row(view, "C001")["verdict"] == "a"
    with pytest.raises(LookupError, match="claim C003 is not in the table"):
        claims.claim_row(led, "C003")
    twice = pd.DataFrame({"claim_id": ["C001", "C001"]})
    with pytest.raises(LookupError):
        claims.claim_row(twice, "C001")


def test_compare_counts_in_all_and_in_strict_events():
    table = pd.DataFrame(
        [
            claim(claim_id="C001", claim_text="two attacks", value=2.0),
            claim(claim_id="C002", claim_text="AFG", event_classes=None, countries="AFG"),
            claim(claim_id="C003", claim_text="not asked for"),
        ]
    )
    ev = events()
    strict = ev[ev["event_id"] != "E2"]
    out = claims.compare(table, ["C002", "C001"], ev, strict)
    assert out.columns.tolist() == [
        "claim",
        "claim text",
        "published",
        "in the data",
        "without doubtful events",
        "verdict",
    ]
    assert out["claim"].tolist() == ["C001", "C002"]  # in the table's order
    assert out["in the data"].tolist() == [2, 2]  # E1, E2; E1, E5 (E4 is retracted)
    assert out["without doubtful events"].tolist() == [1, 2]
    assert out["published"].tolist() == [2, 2] and out["published"].dtype == "int64"
    assert out["verdict"].tolist() == ["consistent", "consistent"]
