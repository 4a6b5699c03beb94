"""iskp.claims: recompute claims on small hand-made event tables."""

from __future__ import annotations

import pandas as pd

from iskp import claims, load, validate


def events(*rows):
    cols = [
        "event_id",
        "record_status",
        "event_class",
        "country",
        "attribution_status",
        "date_start",
        "killed_low",
        "killed_best",
        "killed_high",
        "wounded_best",
    ]
    df = pd.DataFrame(rows, columns=cols)
    df["date_start"] = pd.to_datetime(df["date_start"])
    for c in ("killed_low", "killed_best", "killed_high", "wounded_best"):
        df[c] = df[c].astype("Int64")
    return df


EV = events(
    ("E1", "active", "attack", "AFG", "claimed_by_iskp", "2022-01-10", 5, 6, 8, 10),
    (
        "E2",
        "active",
        "attack",
        "AFG",
        "attributed_by_authorities",
        "2022-03-01",
        None,
        None,
        None,
        None,
    ),
    ("E3", "active", "attack", "PAK", "claimed_by_iskp", "2022-05-01", 20, 25, 30, 40),
    ("E4", "retracted", "attack", "AFG", "claimed_by_iskp", "2022-06-01", 100, 100, 100, 0),
    (
        "E5",
        "active",
        "external_plot_interdicted",
        "DEU",
        "attributed_by_authorities",
        "2023-07-06",
        None,
        None,
        None,
        None,
    ),
    ("E6", "active", "attack", "AFG", "claimed_by_iskp", "2023-02-01", 3, None, 7, None),
)


def claim(**kw):
    base = dict(
        claim_id="C999",
        value=0,
        value_high=None,
        value_qualifier="exact",
        metric="sum_killed",
        period_start=None,
        period_end=None,
        countries="",
        event_classes="attack",
        attribution_statuses="",
        event_ids="",
        comparability="recomputable",
        definition_notes="test",
        recompute_field="killed",
    )
    base.update(kw)
    return pd.Series(base)


def test_sum_is_a_range_with_unknown_tolls_counted_apart():
    r = claims.recompute(claim(value=14, countries="AFG", period_end="2023-12-31"), EV)
    assert r.n_events == 3  # E1, E2, E6; E4 is retracted
    assert r.n_unknown == 1  # E2
    assert (r.low, r.best, r.high) == (8, 9, 15)  # E6: best falls back to low
    assert r.verdict == "consistent"


def test_count_and_filters():
    r = claims.recompute(
        claim(
            metric="count_events",
            value=2,
            countries="AFG;PAK",
            attribution_statuses="claimed_by_iskp",
        ),
        EV,
    )
    assert r.n_events == 3 and r.verdict == "lower than data"
    r = claims.recompute(
        claim(
            metric="count_events",
            value=3,
            countries="AFG;PAK",
            attribution_statuses="claimed_by_iskp",
        ),
        EV,
    )
    assert r.verdict == "consistent" and (r.low, r.high) == (3, 3)


def test_higher_and_lower_than_data():
    assert claims.recompute(claim(value=100, event_ids="E3"), EV).verdict == "higher than data"
    assert claims.recompute(claim(value=10, event_ids="E3"), EV).verdict == "lower than data"
    r = claims.recompute(claim(value=100, event_ids="E3"), EV)
    assert "70" in r.detail  # 100 - 30


def test_more_than_and_at_least():
    assert (
        claims.recompute(claim(value=25, value_qualifier="more_than", event_ids="E3"), EV).verdict
        == "consistent"
    )
    assert (
        claims.recompute(claim(value=30, value_qualifier="more_than", event_ids="E3"), EV).verdict
        == "higher than data"
    )
    assert (
        claims.recompute(claim(value=30, value_qualifier="at_least", event_ids="E3"), EV).verdict
        == "consistent"
    )


def test_approx_tolerance():
    assert (
        claims.recompute(claim(value=33, value_qualifier="approx", event_ids="E3"), EV).verdict
        == "consistent"
    )
    assert (
        claims.recompute(claim(value=33, value_qualifier="exact", event_ids="E3"), EV).verdict
        == "higher than data"
    )


def test_empty_population():
    r = claims.recompute(
        claim(
            value=4,
            countries="QAT",
            event_classes="external_plot_interdicted",
            metric="count_plots",
        ),
        EV,
    )
    assert r.n_events == 0 and r.verdict == "no events"


def test_not_recomputable_keeps_its_reason():
    r = claims.recompute(
        claim(
            value=5000,
            metric="strength",
            comparability="not_recomputable",
            definition_notes="a strength estimate",
        ),
        EV,
    )
    assert r.verdict == "not recomputable" and r.detail == "a strength estimate"


def test_retracted_events_never_count():
    r = claims.recompute(claim(value=100, event_ids="E4"), EV)
    assert r.verdict == "no events"


def test_wounded_sum():
    r = claims.recompute(
        claim(metric="sum_wounded", value=50, countries="AFG;PAK", recompute_field="wounded"), EV
    )
    assert (r.low, r.high) == (50, 50) and r.n_unknown == 2


def test_every_real_claim_gets_a_verdict():
    ds = load.dataset()
    ledger = claims.ledger(ds.claims, ds.events)
    assert len(ledger) == len(ds.claims)
    assert set(ledger["verdict"]) <= {
        "consistent",
        "higher than data",
        "lower than data",
        "not recomputable",
        "no events",
    }
    assert ledger["verdict"].notna().all()


def test_claim_population_problem():
    c = claim(event_classes="", event_ids="")
    assert validate.claim_population_problem(
        c["event_ids"], c["event_classes"], c["comparability"]
    )
    c = claim()
    assert (
        validate.claim_population_problem(c["event_ids"], c["event_classes"], c["comparability"])
        is None
    )
