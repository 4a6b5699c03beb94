"""The claims ledger: recompute published figures from the events, with the claim's own
population, as a range, and say whether the claim agrees with the data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .analysis import sum_range, with_theme
from .dataset import Dataset

TOLERANCE = {"exact": 0.0, "approx": 0.10, "at_least": 0.0, "more_than": 0.0, "range": 0.0}


@dataclass(frozen=True)
class Recomputed:
    """A claim beside what the dataset says."""

    claim_id: str
    value: float
    value_high: float | None
    n_events: int
    n_unknown: int
    low: float | None
    best: float | None
    high: float | None
    verdict: str
    detail: str


def _list(v: Any) -> list[str]:
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)) or str(v) == "":
        return []
    return str(v).split(";")


def _get(claim: Any, name: str) -> Any:
    return claim[name] if isinstance(claim, (pd.Series, dict)) else getattr(claim, name)


def population(claim: Any, events: pd.DataFrame) -> pd.DataFrame:
    """The active events that fall in the claim's population: its named events, or its
    period (by ``date_start``), countries, classes and attribution statuses."""
    ev = events[events["record_status"] == "active"] if "record_status" in events else events
    ids = _list(_get(claim, "event_ids"))
    if ids:
        return ev[ev["event_id"].isin(ids)]
    mask = pd.Series(True, index=ev.index)
    start, end = _get(claim, "period_start"), _get(claim, "period_end")
    if start is not None and not pd.isna(start):
        mask &= ev["date_start"] >= pd.Timestamp(start)
    if end is not None and not pd.isna(end):
        mask &= ev["date_start"] <= pd.Timestamp(end)
    for field, col in (
        ("countries", "country"),
        ("event_classes", "event_class"),
        ("attribution_statuses", "attribution_status"),
    ):
        values = _list(_get(claim, field))
        if values:
            mask &= ev[col].astype(str).isin(values)
    return ev[mask]


def _sum_range(pop: pd.DataFrame, field: str) -> tuple[float, float, float, int]:
    cols = (
        ("killed_low", "killed_best", "killed_high")
        if field == "killed"
        else ("wounded_best",) * 3
    )
    low, best, high, unknown = sum_range(pop, *cols)
    return float(low), float(best), float(high), unknown


def recompute(claim: Any, events: pd.DataFrame) -> Recomputed:
    """Recompute one claim (a row of ``claims.csv``) from ``events``.

    Counts give ``low = best = high = n_events``. Sums give the range from ``killed_low``,
    ``killed_best`` and ``killed_high`` (a missing bound falls back to ``best``), with events
    of unknown toll counted apart in ``n_unknown``: they make the recomputed sum a floor.
    """
    cid = str(_get(claim, "claim_id"))
    value = float(_get(claim, "value"))
    vh = _get(claim, "value_high")
    value_high = None if vh is None or vh is pd.NA or pd.isna(vh) else float(vh)
    qualifier = str(_get(claim, "value_qualifier"))

    def unjudged(n: int, verdict: str, detail: str) -> Recomputed:
        return Recomputed(cid, value, value_high, n, 0, None, None, None, verdict, detail)

    if str(_get(claim, "comparability")) == "not_recomputable":
        return unjudged(0, "not recomputable", str(_get(claim, "definition_notes")))
    pop = population(claim, events)
    n = len(pop)
    if n == 0:
        return unjudged(0, "no events", "the dataset has no event in this claim's population")
    metric = str(_get(claim, "metric"))
    if metric in ("count_events", "count_plots"):
        low = best = high = float(n)
        n_unknown = 0
    elif metric in ("sum_killed", "sum_wounded"):
        low, best, high, n_unknown = _sum_range(
            pop, "killed" if metric == "sum_killed" else "wounded"
        )
    else:
        return unjudged(n, "not recomputable", f"metric {metric} cannot be recomputed from events")
    verdict, detail = judge(value, value_high, qualifier, low, high, n_unknown)
    return Recomputed(cid, value, value_high, n, n_unknown, low, best, high, verdict, detail)


def judge(
    value: float,
    value_high: float | None,
    qualifier: str,
    low: float,
    high: float,
    n_unknown: int = 0,
) -> tuple[str, str]:
    """Compare a claimed figure with a recomputed range [low, high].

    ``at_least`` and ``more_than`` claims agree when the data reach the figure; a claim above the
    data's upper bound is 'higher than data', below the lower bound 'lower than data'. Unknown
    tolls make the recomputed sum a floor, so a claim above it is only 'higher' with that caveat.
    """
    tol = TOLERANCE.get(qualifier, 0.0)
    c_low, c_high = value, value_high if value_high is not None else value
    if qualifier in ("at_least", "more_than"):
        ok = high > value if qualifier == "more_than" else high >= value
        if ok:
            says = "more than" if qualifier == "more_than" else "at least"
            return "consistent", f"the data reach {high:g}, the claim says {says} {value:g}"
        gap = value - high
        caveat = f"; {n_unknown} event(s) of unknown toll" if n_unknown else ""
        return "higher than data", f"the claim exceeds the data's upper bound by {gap:g}{caveat}"
    lo_ok = c_high * (1 + tol) >= low
    hi_ok = c_low * (1 - tol) <= high
    if lo_ok and hi_ok:
        return (
            "consistent",
            f"the claim ({_fmt(c_low, value_high)}) overlaps the data's range {low:g} to {high:g}",
        )
    if not hi_ok:
        caveat = f"; {n_unknown} event(s) of unknown toll" if n_unknown else ""
        return (
            "higher than data",
            f"the claim exceeds the data's upper bound {high:g} by {c_low - high:g}{caveat}",
        )
    return (
        "lower than data",
        f"the claim falls short of the data's lower bound {low:g} by {low - c_high:g}",
    )


def _fmt(v: float, vh: float | None) -> str:
    return f"{v:g}" if vh is None else f"{v:g} to {vh:g}"


def ledger(claims: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Every claim beside its recomputation, one row per claim, in the order of ``claims``."""
    rows = []
    for _, c in claims.iterrows():
        r = recompute(c, events)
        rows.append(
            {
                "claim_id": r.claim_id,
                "source_id": c["source_id"],
                "claim_text": c["claim_text"],
                "metric": c["metric"],
                "value": r.value,
                "value_high": r.value_high,
                "n_events": r.n_events,
                "n_unknown": r.n_unknown,
                "recomputed_low": r.low,
                "recomputed_best": r.best,
                "recomputed_high": r.high,
                "verdict": r.verdict,
                "detail": r.detail,
                "error_note": c["error_note"],
                "event_ids": _list(c["event_ids"]),
            }
        )
    return pd.DataFrame(rows)


def cited_ledger(ds: Dataset) -> pd.DataFrame:
    """:func:`ledger` of the dataset's claims against its active events, with each claim's
    source article as a short label (``articles.csv``; else its publisher) and its
    citation."""
    out = ledger(ds.claims, ds.events)
    src = ds.sources.set_index("source_id")
    labels = dict(zip(ds.articles["source_id"], ds.articles["label"]))
    out["article"] = [labels.get(s, str(src.at[s, "publisher"])) for s in out["source_id"]]
    out["citation"] = [
        f"{src.at[s, 'publisher']}, \u201c{src.at[s, 'title']}\u201d"
        + (f", {src.at[s, 'url']}" if src.at[s, "url"] is not pd.NA else "")
        for s in out["source_id"]
    ]
    return out


def verdict_counts(led: pd.DataFrame) -> dict[str, int]:
    """How many claims got each verdict."""
    return {k: int(v) for k, v in led["verdict"].value_counts().items()}


def ledger_view(led: pd.DataFrame) -> pd.DataFrame:
    """The ledger as a reader sees it: claim, claimed figure, data range, verdict, why."""

    def fig(v, vh):
        return f"{v:,.0f}" if vh is None or pd.isna(vh) else f"{v:,.0f}–{vh:,.0f}"

    def rng(r):
        if pd.isna(r.recomputed_low):
            return ""
        lo, hi = int(r.recomputed_low), int(r.recomputed_high)
        return f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"

    return pd.DataFrame(
        {
            "claim": led["claim_id"],
            "article": led["article"],
            "claim text": led["claim_text"],
            "claimed": [fig(v, vh) for v, vh in zip(led["value"], led["value_high"])],
            "data": [rng(r) for r in led.itertuples()],
            "events": led["n_events"],
            "unknown toll": led["n_unknown"],
            "verdict": led["verdict"],
            "why": led["detail"],
        }
    )


def about(led: pd.DataFrame, event_ids: Iterable[str]) -> pd.DataFrame:
    """Ledger rows whose claim names at least one of ``event_ids``."""
    ids = set(event_ids)
    return led[[bool(set(x) & ids) for x in led["event_ids"]]]


def verdict_on(led: pd.DataFrame, event_id: str) -> str:
    """The verdict of the one ledger claim about ``event_id``; LookupError naming the event
    when no claim, or more than one, is about it."""
    rows = about(led, [event_id])
    if len(rows) != 1:
        raise LookupError(f"{len(rows)} claims are about {event_id}; expected exactly one")
    return str(rows["verdict"].iloc[0])


def claim_row(table: pd.DataFrame, claim_id: str) -> pd.Series:
    """The row of ``table`` (with a ``claim`` or ``claim_id`` column) for ``claim_id``."""
    col = "claim_id" if "claim_id" in table else "claim"
    rows = table[table[col] == claim_id]
    if len(rows) != 1:
        raise LookupError(f"claim {claim_id} is not in the table")
    return rows.iloc[0]


def chart_rows(led: pd.DataFrame, metrics: tuple[str, ...] = ("sum_killed",)) -> pd.DataFrame:
    """Recomputed rows of the given metrics, labelled 'article · claim' and sorted, for
    :func:`iskp.plot.ranges`."""
    rows = led[led["metric"].isin(metrics) & led["recomputed_best"].notna()].sort_values(
        ["article", "claim_id"]
    )
    return rows.assign(label=rows["article"] + " · " + rows["claim_id"])


def compare(
    claims_table: pd.DataFrame, ids: list[str], events: pd.DataFrame, strict_events: pd.DataFrame
) -> pd.DataFrame:
    """Claims ``ids`` beside the data: the count in all active events and in a stricter subset
    (for example without doubtful events)."""
    rows = []
    for _, c in claims_table[claims_table["claim_id"].isin(ids)].iterrows():
        a, b = recompute(c, events), recompute(c, strict_events)
        rows.append(
            {
                "claim": c["claim_id"],
                "claim text": c["claim_text"],
                "published": int(c["value"]),
                "in the data": a.n_events,
                "without doubtful events": b.n_events,
                "verdict": a.verdict,
            }
        )
    return pd.DataFrame(rows)


def on_theme(ds: Dataset, theme: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The ledger view of the claims about events of ``theme`` (plus claims ``extra``), with
    each claim's verdict and why."""
    led = cited_ledger(ds)
    ids = with_theme(ds.events, theme)["event_id"]
    rows = led[led.index.isin(about(led, ids).index) | led["claim_id"].isin(extra)]
    return ledger_view(rows)
