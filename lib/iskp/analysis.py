"""Small, tested analysis helpers the chapters share: tidy frames in, tidy frames out. Nothing
here loads data; reader-facing tables are in :mod:`iskp.views`."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .dataset import split_list, themes_long
from .schema import THEMES, vocabulary

TAKEOVER = pd.Timestamp("2021-08-15")
"""The day the Taliban took Kabul."""
BEFORE_TAKEOVER = (TAKEOVER - pd.Timedelta(days=1)).strftime("%Y-%m-%d")
"""The last day before the takeover, as an ISO date (end of the 'before' period)."""
PERIODS: dict[str, tuple[str | None, str | None]] = {
    "before": (None, BEFORE_TAKEOVER),
    "since": (TAKEOVER.strftime("%Y-%m-%d"), None),
}
"""The book's two periods: before the takeover, and since (inclusive bounds; None = open)."""
ABROAD = ("cross_border_strike", "external_attack", "external_plot_interdicted")
"""Event classes outside Afghanistan and Pakistan."""
OPERATIONS = ("counter_operation", "leadership_killing", "arrest")
"""Event classes of operations against ISKP."""
CENTRAL_ASIAN = ("Tajik", "Uzbek", "Kyrgyz", "Kazakh", "Turkmen", "Central Asian (unspecified)")
"""Nationalities counted as Central Asian (citizens of the five states, or reported only as
'Central Asian')."""

__all__ = ["themes_long"]  # re-exported: one helper splits themes, in iskp.dataset


def with_theme(ev: pd.DataFrame, theme: str) -> pd.DataFrame:
    """Events tagged with ``theme``."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}; one of {', '.join(THEMES)}")
    return ev[split_list(ev["themes"]).map(lambda xs: theme in xs)]


def with_tag(ev: pd.DataFrame, tag: str) -> pd.DataFrame:
    """Events carrying the keyword ``tag``."""
    return ev[split_list(ev["tags"]).map(lambda xs: tag in xs)]


def count_by(
    ev: pd.DataFrame,
    index: str,
    columns: str | None = None,
    *,
    value: str | None = None,
    index_values: Sequence | None = None,
    column_values: Sequence | None = None,
) -> pd.DataFrame:
    """Counts (or sums of ``value``) by ``index`` and optionally ``columns``, with every
    requested index value present (zeros where nothing happened); requested columns that stay
    all zero are dropped."""
    if columns is None:
        grouped = ev.groupby(index, observed=True)
        out = (grouped[value].sum() if value else grouped.size()).to_frame("n")
    else:
        grouped = ev.groupby([index, columns], observed=True)
        out = (grouped[value].sum() if value else grouped.size()).unstack(columns, fill_value=0)
    if index_values is not None:
        out = out.reindex(list(index_values), fill_value=0)
    if column_values is not None:
        out = out.reindex(columns=list(column_values), fill_value=0)
        out = out.loc[:, (out != 0).any(axis=0)]
    return out.astype("int64") if value is None else out


def monthly(
    ev: pd.DataFrame,
    by: str,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp | None = None,
    order: Sequence[str] | None = None,
    freq: str = "M",
) -> pd.DataFrame:
    """Events per month (or per quarter with ``freq="Q"``), every period from ``start`` to
    ``end`` present, split by the values of column ``by``."""
    start = pd.Timestamp(start).to_period(freq).to_timestamp()
    end_ts = pd.Timestamp(end) if end is not None else ev["date_start"].max()
    periods = list(pd.period_range(start, end_ts, freq=freq).to_timestamp())
    last = end_ts.to_period(freq).to_timestamp(how="end")
    sub = ev[(ev["date_start"] >= start) & (ev["date_start"] <= last)]
    sub = sub.assign(
        _m=sub["date_start"].dt.to_period(freq).dt.to_timestamp(), _by=sub[by].astype(str)
    )
    columns = list(order) if order else sorted(sub["_by"].unique())
    out = count_by(sub, "_m", "_by", index_values=periods, column_values=columns)
    return out.rename_axis(index="month" if freq == "M" else "quarter", columns=by)


def quarter_labels(index: pd.Index) -> list[str]:
    """'2021-Q3' labels for quarter-start timestamps."""
    return [f"{q.year}-Q{q.quarter}" for q in index]


def deaths(ev: pd.DataFrame) -> dict[str, int]:
    """Victims killed as a range over ``ev``: sums of low, best and high (a missing bound falls
    back to best), and how many events have no known toll."""
    low, best, high, unknown = sum_range(ev, "killed_low", "killed_best", "killed_high")
    return {"low": low, "best": best, "high": high, "unknown": unknown, "events": int(len(ev))}


def sum_range(
    ev: pd.DataFrame, low_col: str, best_col: str, high_col: str
) -> tuple[int, int, int, int]:
    """Sums of a low/best/high triple over ``ev`` (a missing bound falls back to best, a missing
    best to low), and the number of rows with no figure at all. The one implementation of
    range sums (chapters and the claims ledger use it)."""
    best = ev[best_col]
    low = ev[low_col].fillna(best)
    high = ev[high_col].fillna(best).fillna(ev[low_col])  # never below low
    unknown = int((best.isna() & ev[low_col].isna() & ev[high_col].isna()).sum())
    return (
        int(low.fillna(0).sum()),
        int(best.fillna(low).fillna(0).sum()),
        int(high.fillna(0).sum()),
        unknown,
    )


def share(part: int, whole: int) -> float:
    """``part / whole`` as a percentage (0 when ``whole`` is 0)."""
    return 100.0 * part / whole if whole else 0.0


def share_abroad(ev: pd.DataFrame) -> float:
    """Share (%) of attacks, strikes and plots that fall outside Afghanistan and Pakistan."""
    cls = ev["event_class"].astype(str)
    return share(int(cls.isin(ABROAD).sum()), int(cls.isin((*ABROAD, "attack")).sum()))


def period(ev: pd.DataFrame, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Events with ``date_start`` in [start, end] (None leaves that side open)."""
    mask = pd.Series(True, index=ev.index)
    if start:
        mask &= ev["date_start"] >= pd.Timestamp(start)
    if end:
        mask &= ev["date_start"] <= pd.Timestamp(end)
    return ev[mask]


def classes() -> tuple[str, ...]:
    """Event classes in codebook order."""
    return vocabulary("events", "event_class")


def core(ev: pd.DataFrame) -> pd.DataFrame:
    """Events whose link to ISKP is not in doubt (``scope_doubt`` false or blank)."""
    return ev[~ev["scope_doubt"].fillna(False).astype(bool)]


def deaths_by(ev: pd.DataFrame, by: str, index_values: Sequence | None = None) -> pd.DataFrame:
    """:func:`deaths` per group: columns low, best, high, unknown, events."""
    rows = {k: deaths(g) for k, g in ev.groupby(by, observed=True)}
    cols = ["low", "best", "high", "unknown", "events"]
    out = pd.DataFrame.from_dict(rows, orient="index", columns=cols)
    if index_values is not None:
        out = out.reindex(list(index_values), fill_value=0)
    return out.rename_axis(by)


def nationalities(ev: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, reported perpetrator nationality)."""
    cols = ["event_id", "event_class", "country", "perpetrator_nationality"]
    t = ev[cols].dropna(subset=["perpetrator_nationality"])
    t = t.assign(nationality=split_list(t["perpetrator_nationality"])).explode("nationality")
    t["nationality"] = t["nationality"].str.strip()
    return t.drop(columns="perpetrator_nationality").reset_index(drop=True)


REGIONS = {
    "Kabul": ["Kabul"],
    "east (Nangarhar, Kunar)": ["Nangarhar", "Kunar"],
    "north": [
        "Balkh",
        "Kunduz",
        "Takhar",
        "Badakhshan",
        "Baghlan",
        "Jowzjan",
        "Faryab",
        "Samangan",
        "Sar-e Pol",
    ],
}
"""Regions of Afghanistan used by the chapters; every other province is 'elsewhere'."""


def region(adm1: object) -> str:
    """The book's region of an Afghan province (``REGIONS``), 'elsewhere', or 'unknown'."""
    if adm1 is None or adm1 is pd.NA or (isinstance(adm1, float) and pd.isna(adm1)):
        return "unknown"
    for name, provinces in REGIONS.items():
        if adm1 in provinces:
            return name
    return "elsewhere"


TARGET_GROUPS = {
    "Taliban forces and officials": ["taliban_security", "taliban_official"],
    "Shia, Hazara, Sufi, Sikh": ["shia_hazara", "sufi", "sikh_hindu"],
    "foreigners and diplomats": ["foreign_diplomatic", "foreign_nationals", "us_coalition"],
}
"""Broad target groups for Afghanistan after 2021; every other target is 'other'."""


def target_group(code: object) -> str:
    """The broad target group (``TARGET_GROUPS``) of a ``target_primary`` code, or 'other'."""
    for name, codes in TARGET_GROUPS.items():
        if str(code) in codes:
            return name
    return "other"


def select(
    ev: pd.DataFrame,
    *,
    themes: Sequence[str] = (),
    countries: Sequence[str] = (),
    classes: Sequence[str] = (),
) -> pd.DataFrame:
    """Events that carry any of ``themes``, or took place in any of ``countries``, or belong to
    any of ``classes`` (a union, in the original order)."""
    mask = pd.Series(False, index=ev.index)
    tags = split_list(ev["themes"])
    for th in themes:
        mask |= tags.map(lambda xs, th=th: th in xs)
    if countries:
        mask |= ev["country"].astype(str).isin(countries)
    if classes:
        mask |= ev["event_class"].astype(str).isin(classes)
    return ev[mask]


# ---------------------------------------------------------------------------------------------
# Inclusion rules: what the record holds completely, and comparisons that respect it

STRATEGIC = (
    "foreign_diplomatic",
    "foreign_nationals",
    "aid_health_workers",
    "journalists_media",
    "shia_hazara",
    "sufi",
    "sikh_hindu",
    "christian",
    "election_site",
    "education",
    "us_coalition",
)
"""Targets whose attacks the record admits at any toll before the takeover."""
INCLUSION = {
    "before": "attacks with ten or more deaths, and attacks on strategic targets at any toll",
    "since": "every reported attack, fatal or not",
}
"""The record's inclusion rule for attacks in each period (codebook, 'Unit and scope')."""
RULES = {
    "ten_deaths": "attacks with ten or more deaths (best estimate, else the low one)",
    "strategic_or_ten": "attacks with ten or more deaths or on a strategic target",
    "all": "every recorded attack",
}
"""Rules under which attacks can be counted; only the first two hold across the takeover."""
CONSTANT = ("ten_deaths", "strategic_or_ten")


class InclusionError(ValueError):
    """Periods under different inclusion rules were compared without a rule that holds in
    both."""


def ten_or_more(ev: pd.DataFrame) -> pd.Series:
    """Whether each event killed ten or more (best estimate, else the low bound)."""
    killed = ev["killed_best"].fillna(ev["killed_low"])
    return (killed >= 10).fillna(False).astype(bool)


def apply_rule(ev: pd.DataFrame, rule: str) -> pd.DataFrame:
    """The attacks of ``ev`` admitted under ``rule`` (a key of :data:`RULES`)."""
    att = ev[ev["event_class"] == "attack"]
    if rule == "all":
        return att
    if rule == "ten_deaths":
        return att[ten_or_more(att)]
    if rule == "strategic_or_ten":
        return att[ten_or_more(att) | att["target_primary"].astype(str).isin(STRATEGIC)]
    raise ValueError(f"unknown rule {rule!r}; one of {', '.join(RULES)}")


def regime(start: str | pd.Timestamp | None, end: str | pd.Timestamp | None) -> set[str]:
    """The inclusion regimes a period touches: 'before', 'since' or both."""
    lo = pd.Timestamp(start) if start else pd.Timestamp.min
    hi = pd.Timestamp(end) if end else pd.Timestamp.max
    out = set()
    if lo < TAKEOVER:
        out.add("before")
    if hi >= TAKEOVER:
        out.add("since")
    return out


def compare_periods(
    ev: pd.DataFrame,
    periods: dict[str, tuple[str | None, str | None]],
    *,
    rule: str = "all",
    allow_mixed: bool = False,
) -> dict[str, pd.DataFrame]:
    """The attacks of each named period under one rule. Periods that fall under different
    inclusion rules (or one that straddles the takeover) can only be compared under a rule
    that holds across the takeover (``ten_deaths`` or ``strategic_or_ten``); otherwise this
    raises :class:`InclusionError`, unless ``allow_mixed=True`` says the caller shows the two
    regimes apart and draws no trend."""
    regimes = set().union(*(regime(s, e) for s, e in periods.values()))
    if len(regimes) > 1 and rule not in CONSTANT and not allow_mixed:
        raise InclusionError(
            f"these periods fall under different inclusion rules ({', '.join(sorted(regimes))}); "
            "compare them under rule='ten_deaths' or 'strategic_or_ten', or pass "
            "allow_mixed=True and show the regimes apart"
        )
    return {name: apply_rule(period(ev, s, e), rule) for name, (s, e) in periods.items()}


def last_entered(ev: pd.DataFrame, by: str = "event_class") -> pd.Series:
    """The latest ``date_start`` entered for each value of ``by``: after it, an empty period is
    'nothing entered', not 'nothing happened'."""
    return ev.groupby(by, observed=True)["date_start"].max()


def partial_periods(
    index: pd.Index,
    freq: str,
    *,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> list[bool]:
    """Which periods (month ``M``, quarter ``Q`` or year ``Y`` starting at each timestamp, or
    years given as integers) are only partly covered by the record, because the record starts
    (``start``) or stops (``end``, the cut-off) inside them."""
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    out = []
    for p in index:
        yearly = pd.api.types.is_integer(p)  # a year, as int or numpy integer
        first = pd.Timestamp(year=p, month=1, day=1) if yearly else pd.Timestamp(p)
        per = first.to_period("Y" if yearly else freq)
        begin, finish = per.start_time.normalize(), per.end_time.normalize()
        out.append(bool((lo is not None and lo > begin) or (hi is not None and hi < finish)))
    return out


def years_between(start: str | pd.Timestamp, end: str | pd.Timestamp) -> float:
    """The length of [start, end] in years (to one decimal)."""
    return round(((pd.Timestamp(end) - pd.Timestamp(start)).days + 1) / 365.25, 1)


TALIBAN_TARGETS = ("taliban_security", "taliban_official")


def taliban_war(ev: pd.DataFrame) -> pd.DataFrame:
    """The events of the war between ISKP and the Taliban, with a ``side`` column: ISKP attacks
    on Taliban forces and officials ('ISKP attack'), clashes ('clash'), the Taliban's
    operations, arrests and killings of ISKP leaders ('Taliban operation'), and documented
    killings of suspected members ('extrajudicial killing'). Before the takeover, attacks on
    the Taliban are those carrying the ``taliban`` theme (the codebook gives it to the fighting
    between the two before 2021)."""
    cls = ev["event_class"].astype(str)
    by_taliban = ev["initiator"].fillna("").astype(str).str.contains("Taliban", regex=False)
    named = (ev["date_start"] < TAKEOVER) & split_list(ev["themes"]).map(
        lambda xs: "taliban" in xs
    )
    attack = (cls == "attack") & (ev["target_primary"].astype(str).isin(TALIBAN_TARGETS) | named)
    side = pd.Series(pd.NA, index=ev.index, dtype="object")
    side[attack] = "ISKP attack"
    side[cls == "clash"] = "clash"
    side[
        cls.isin(["counter_operation", "arrest", "leadership_killing", "surrender"]) & by_taliban
    ] = "Taliban operation"
    side[cls == "extrajudicial_killing"] = "extrajudicial killing"
    out = ev.assign(side=side)
    return out[out["side"].notna() & (out["country"] == "AFG")]
