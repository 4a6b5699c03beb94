"""How complete is the record: the record's figures set against published aggregate figures
(``benchmarks.csv``), each on the benchmark's own definition as far as the record allows.

For every benchmark with a comparable query, :func:`capture` counts or sums the record over the
same period, country (and province), actor and metric, and gives the capture ratio: the record's
figure divided by the benchmark's (its best estimate, else the middle of its range). What the
record cannot match is said in ``difference``. Doubtful events (``scope_doubt``) are left out
of the ratio and counted apart. Nothing here loads data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .analysis import core, sum_range
from .dataset import Dataset, split_list

SECURITY = (
    "taliban_security",
    "taliban_official",
    "afghan_republic_security",
    "pakistan_security",
    "us_coalition",
)
"""Targets that make an attack part of the fighting between a state and ISKP."""
STATE_SIDE = ("Afghan Republic", "United States", "Pakistan", "Taliban")
"""Initiators that fight ISKP as a state (the Taliban as the government from 15 Aug 2021)."""
OPERATION_CLASSES = ("counter_operation", "leadership_killing", "clash", "surrender")
ATTACK_CLASSES = ("attack", "external_attack", "cross_border_strike")


@dataclass(frozen=True)
class Query:
    """How the record answers one metric: which events, what is counted, what differs."""

    metric: str
    select: Callable[[pd.DataFrame, pd.Series], pd.DataFrame]
    measure: str  # "count", "killed" or "killed_wounded"
    difference: str


def _place(ev: pd.DataFrame, b: pd.Series, classes: tuple[str, ...]) -> pd.DataFrame:
    """Events of ``classes`` in the benchmark's period, country and province."""
    sel = ev[ev["event_class"].astype(str).isin(classes)]
    sel = sel[(sel["date_start"] >= b["period_start"]) & (sel["date_start"] <= b["period_end"])]
    if pd.notna(b.get("country")):
        sel = sel[sel["country"] == b["country"]]
    if pd.notna(b.get("adm1")):
        sel = sel[sel["adm1"] == b["adm1"]]
    return sel


def _attacks(ev: pd.DataFrame, b: pd.Series) -> pd.DataFrame:
    classes = ("attack",) if pd.notna(b.get("country")) else ATTACK_CLASSES
    return _place(ev, b, classes)


def _claimed(ev: pd.DataFrame, b: pd.Series) -> pd.DataFrame:
    sel = _attacks(ev, b)
    return sel[sel["iskp_claimed"] == "yes"]


def _civilian(ev: pd.DataFrame, b: pd.Series) -> pd.DataFrame:
    sel = _attacks(ev, b)
    return sel[~sel["target_primary"].astype(str).isin(SECURITY)]


def _is_state(initiator: pd.Series, date: pd.Series) -> pd.Series:
    text = initiator.fillna("").astype(str)
    state = pd.Series(False, index=initiator.index)
    for side in STATE_SIDE:
        hit = text.str.contains(side, regex=False)
        if side == "Taliban":  # the Taliban are the state only from the takeover
            hit &= date >= pd.Timestamp("2021-08-15")
        state |= hit
    return state


def _battle(ev: pd.DataFrame, b: pd.Series) -> pd.DataFrame:
    ops = _place(ev, b, OPERATION_CLASSES)
    ops = ops[_is_state(ops["initiator"], ops["date_start"])]
    att = _place(ev, b, ("attack",))
    post = att["date_start"] >= pd.Timestamp("2021-08-15")
    targets = att["target_primary"].astype(str)
    republic = ("afghan_republic_security", "us_coalition", "pakistan_security")
    taliban_state = ("taliban_security", "taliban_official", "pakistan_security")
    on_state = (~post & targets.isin(republic)) | (post & targets.isin(taliban_state))
    return pd.concat([ops, att[on_state]])


def _nonstate(ev: pd.DataFrame, b: pd.Series) -> pd.DataFrame:
    sel = _place(ev, b, (*OPERATION_CLASSES, "attack"))
    pre = sel["date_start"] < pd.Timestamp("2021-08-15")
    taliban = sel["initiator"].fillna("").astype(str).str.contains("Taliban", regex=False)
    on_taliban = split_list(sel["themes"]).map(lambda xs: "taliban" in xs)
    return sel[pre & (taliban | on_taliban | (sel["event_class"] == "clash"))]


def _plots(ev: pd.DataFrame, b: pd.Series) -> pd.DataFrame:
    return _place(ev, b, ("external_plot_interdicted",))


QUERIES: dict[str, Query] = {
    q.metric: q
    for q in (
        Query(
            "attacks",
            _attacks,
            "count",
            "the record's attacks (claimed or attributed, fatal or not since the takeover; "
            "before it, attacks with ten or more deaths and attacks on strategic targets)",
        ),
        Query(
            "claimed_attacks",
            _claimed,
            "count",
            "the record's attacks reported as claimed by ISKP or the Islamic State",
        ),
        Query(
            "deaths",
            _attacks,
            "killed",
            "victims killed in the record's attacks (attackers excluded)",
        ),
        Query(
            "civilian_deaths",
            _civilian,
            "killed",
            "victims of attacks on targets other than security forces and officials "
            "(the record does not tell civilians from others within one attack)",
        ),
        Query(
            "civilian_casualties",
            _civilian,
            "killed_wounded",
            "killed and wounded in attacks on targets other than security forces and "
            "officials (wounded are often unreported)",
        ),
        Query(
            "battle_deaths",
            _battle,
            "killed",
            "people killed in the record's operations and clashes of a state against ISKP "
            "and in ISKP attacks on state forces (UCDP counts every battle death, "
            "including fighting never reported event by event)",
        ),
        Query(
            "nonstate_deaths",
            _nonstate,
            "killed",
            "people killed in the record's clashes and operations between ISKP and the "
            "Taliban, and ISKP attacks on the Taliban, before the takeover",
        ),
        Query("plots", _plots, "count", "the record's interdicted plots abroad"),
    )
}
"""The comparable query of each metric; ``fighters`` and the rest have none."""


def benchmark_value(b: pd.Series) -> float:
    """The benchmark's figure for a ratio: its best estimate, else the middle of its range."""
    if pd.notna(b.get("value_best")):
        return float(b["value_best"])
    return (float(b["value_low"]) + float(b["value_high"])) / 2


def _measure(sel: pd.DataFrame, how: str) -> tuple[float, float, float, int]:
    if how == "count":
        n = float(len(sel))
        return n, n, n, 0
    low, best, high, unknown = sum_range(sel, "killed_low", "killed_best", "killed_high")
    if how == "killed_wounded":
        w = float(sel["wounded_best"].fillna(0).sum())
        return low + w, best + w, high + w, unknown
    return float(low), float(best), float(high), unknown


def capture(ds: Dataset) -> pd.DataFrame:
    """One row per benchmark that the record can be compared with: the benchmark's figure, the
    record's (without doubtful events; the doubtful ones counted apart), the capture ratio and
    the difference of definition. Benchmarks without a query (strength estimates) are left
    out."""
    pubs = ds.sources.set_index("source_id")["publisher"]
    rows = []
    for b in ds.benchmarks.itertuples(index=False):
        q = QUERIES.get(str(b.metric))
        if q is None:
            continue
        row = pd.Series(b._asdict())
        sel = q.select(ds.events, row)
        kept = core(sel)
        low, best, high, unknown = _measure(kept, q.measure)
        value = benchmark_value(row)
        rows.append(
            {
                "benchmark_id": b.benchmark_id,
                "authority": b.authority,
                "publisher": pubs.get(b.source_id, ""),
                "metric": b.metric,
                "actor": b.actor,
                "country": b.country,
                "adm1": b.adm1,
                "period_start": b.period_start,
                "period_end": b.period_end,
                "benchmark": value,
                "record_low": low,
                "record_best": best,
                "record_high": high,
                "record_events": len(kept),
                "doubtful_left_out": len(sel) - len(kept),
                "unknown_toll": unknown,
                "ratio": best / value if value else float("nan"),
                "difference": q.difference,
            }
        )
    return pd.DataFrame(rows)


FAMILIES = {
    "attacks": "attacks (UN, UNAMA, ACLED, others)",
    "claimed_attacks": "claimed attacks (Afghan Witness, SIGAR, others)",
    "battle_deaths": "battle deaths (UCDP, state against IS)",
    "nonstate_deaths": "deaths in IS-Taliban fighting (UCDP)",
    "deaths": "deaths in attacks (GTI, SATP, PIPS, others)",
    "civilian_deaths": "civilian deaths (UNAMA)",
    "civilian_casualties": "civilian casualties (UNAMA)",
    "plots": "interdicted plots",
}
"""Reader-facing names of the benchmark families, by metric."""


def by_year(cap: pd.DataFrame) -> pd.DataFrame:
    """The capture ratios placed in time (the middle of each benchmark's period, as a decimal
    year) with their family and country, for the standing chart."""
    mid = cap["period_start"] + (cap["period_end"] - cap["period_start"]) / 2
    out = cap.assign(
        year=mid.dt.year + (mid.dt.day_of_year - 1) / 365.25,
        family=cap["metric"].map(FAMILIES),
        days=(cap["period_end"] - cap["period_start"]).dt.days + 1,
    )
    return out.sort_values(["metric", "period_start"]).reset_index(drop=True)


def summary(
    cap: pd.DataFrame,
    metric: str,
    country: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> dict[str, float | int]:
    """The median capture ratio of one benchmark family, optionally for one country and for
    benchmarks whose period lies within [start, end]: ``median``, ``low`` and ``high`` (the
    smallest and largest ratio) and ``n`` benchmarks."""
    sel = cap[cap["metric"] == metric]
    if country is not None:
        sel = sel[sel["country"] == country]
    if start is not None:
        sel = sel[sel["period_start"] >= pd.Timestamp(start)]
    if end is not None:
        sel = sel[sel["period_end"] <= pd.Timestamp(end)]
    r = sel["ratio"].dropna()
    if not len(r):
        return {"n": 0, "median": float("nan"), "low": float("nan"), "high": float("nan")}
    return {
        "n": int(len(r)),
        "median": float(r.median()),
        "low": float(r.min()),
        "high": float(r.max()),
    }


def strength(ds: Dataset) -> pd.DataFrame:
    """Every published estimate of ISKP's strength (fighters), dated at the middle of its
    period, with its range, publisher and whether families are counted."""
    pubs = ds.sources.set_index("source_id")["publisher"]
    b = ds.benchmarks[ds.benchmarks["metric"] == "fighters"].copy()
    b["date"] = b["period_start"] + (b["period_end"] - b["period_start"]) / 2
    b["publisher"] = b["source_id"].map(pubs)
    b["families"] = b["includes_families"].map({True: "yes", False: "no"}).fillna("not said")
    cols = [
        "benchmark_id",
        "date",
        "value_low",
        "value_high",
        "actor",
        "authority",
        "publisher",
        "families",
        "definition",
    ]
    return b[cols].sort_values("date").reset_index(drop=True)
