"""Small, tested analysis helpers the chapters share."""

from __future__ import annotations

import pandas as pd

from .schema import THEMES, vocabulary

TAKEOVER = pd.Timestamp("2021-08-15")
"""The day the Taliban took Kabul."""


def themes_long(ev: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, theme); events without a theme are left out."""
    t = ev[["event_id", "themes"]].dropna()
    t = t.assign(theme=t["themes"].astype(str).str.split(";")).explode("theme")
    t = t[t["theme"] != ""]
    return t[["event_id", "theme"]].reset_index(drop=True)


def with_theme(ev: pd.DataFrame, theme: str) -> pd.DataFrame:
    """Events tagged with ``theme``."""
    if theme not in THEMES:
        raise KeyError(f"unknown theme {theme!r}; one of {', '.join(THEMES)}")
    mask = ev["themes"].fillna("").astype(str).str.split(";").apply(lambda xs: theme in xs)
    return ev[mask]


def count_by(ev: pd.DataFrame, index: str, columns: str | None = None, *, value: str | None = None,
             index_values: list | None = None, column_values: list | None = None) -> pd.DataFrame:
    """Counts (or sums of ``value``) by ``index`` and optionally ``columns``, with every
    requested index and column value present (zeros where nothing happened)."""
    if columns is None:
        grouped = ev.groupby(index, observed=True)
        out = (grouped[value].sum() if value else grouped.size()).to_frame("n")
    else:
        grouped = ev.groupby([index, columns], observed=True)
        out = (grouped[value].sum() if value else grouped.size()).unstack(columns, fill_value=0)
    if index_values is not None:
        out = out.reindex(index_values, fill_value=0)
    if column_values is not None:
        out = out.reindex(columns=[c for c in column_values], fill_value=0)
        out = out.loc[:, (out != 0).any(axis=0)]
    return out.astype("int64") if value is None else out


def monthly(ev: pd.DataFrame, by: str, *, start: str | pd.Timestamp, end: str | pd.Timestamp | None = None,
            order: list[str] | None = None, freq: str = "M") -> pd.DataFrame:
    """Events per month (or per quarter with ``freq="Q"``), every period from ``start`` to
    ``end`` present, split by the values of column ``by``."""
    start = pd.Timestamp(start).to_period(freq).to_timestamp()
    end_ts = pd.Timestamp(end) if end is not None else ev["date_start"].max()
    periods = list(pd.period_range(start, end_ts, freq=freq).to_timestamp())
    sub = ev[(ev["date_start"] >= start) & (ev["date_start"] <= end_ts.to_period(freq).to_timestamp(how="end"))]
    sub = sub.assign(_m=sub["date_start"].dt.to_period(freq).dt.to_timestamp(), _by=sub[by].astype(str))
    out = count_by(sub, "_m", "_by", index_values=periods, column_values=order or sorted(sub["_by"].unique()))
    return out.rename_axis(index="month" if freq == "M" else "quarter", columns=by)


def deaths(ev: pd.DataFrame) -> dict[str, int]:
    """Victims killed as a range over ``ev``: sums of low, best and high (a missing bound falls
    back to best), and how many events have no known toll."""
    best = ev["killed_best"]
    low = ev["killed_low"].fillna(best)
    high = ev["killed_high"].fillna(best)
    unknown = int((best.isna() & ev["killed_low"].isna() & ev["killed_high"].isna()).sum())
    return {"low": int(low.fillna(0).sum()), "best": int(best.fillna(low).fillna(0).sum()),
            "high": int(high.fillna(0).sum()), "unknown": unknown, "events": int(len(ev))}


def share(part: int, whole: int) -> float:
    """``part / whole`` as a percentage (0 when ``whole`` is 0)."""
    return 100.0 * part / whole if whole else 0.0


def period(ev: pd.DataFrame, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Events with ``date_start`` in [start, end]."""
    mask = pd.Series(True, index=ev.index)
    if start:
        mask &= ev["date_start"] >= pd.Timestamp(start)
    if end:
        mask &= ev["date_start"] <= pd.Timestamp(end)
    return ev[mask]


def event_table(ev: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A reader-facing table of events (date, place, toll range, claim and attribution)."""
    cols = columns or ["event_id", "date", "place", "killed", "claimed", "attribution"]
    out = pd.DataFrame({
        "event_id": ev["event_id"].astype(str),
        "date": ev["date_start"].dt.strftime("%Y-%m-%d"),
        "place": (ev["location"].fillna(ev["adm1"]).fillna("").astype(str) + ", " + ev["country"].astype(str)).str.strip(", "),
        "killed": [killed_range(r) for r in ev.itertuples(index=False)],
        "claimed": ev["iskp_claimed"].astype(str),
        "attribution": ev["attribution_status"].astype(str).str.replace("_", " "),
        "class": ev["event_class"].astype(str).str.replace("_", " "),
        "summary": ev["summary"].astype(str),
    })
    return out[cols].reset_index(drop=True)


def killed_range(r) -> str:
    """'47', '40-63' or 'unknown' from a row's killed_low/best/high."""
    lo, best, hi = r.killed_low, r.killed_best, r.killed_high
    vals = [v for v in (lo, best, hi) if v is not pd.NA and not pd.isna(v)]
    if not vals:
        return "unknown"
    lo_v, hi_v = min(vals), max(vals)
    return f"{lo_v}" if lo_v == hi_v else f"{lo_v}–{hi_v}"


def classes() -> tuple[str, ...]:
    """Event classes in codebook order."""
    return vocabulary("events", "event_class")


def core(ev: pd.DataFrame) -> pd.DataFrame:
    """Events whose link to ISKP is not in doubt (``scope_doubt`` false or blank)."""
    return ev[~ev["scope_doubt"].fillna(False).astype(bool)]


def deaths_by(ev: pd.DataFrame, by: str, index_values: list | None = None) -> pd.DataFrame:
    """:func:`deaths` per group: columns low, best, high, unknown, events."""
    rows = {k: deaths(g) for k, g in ev.groupby(by, observed=True)}
    out = pd.DataFrame.from_dict(rows, orient="index", columns=["low", "best", "high", "unknown", "events"])
    if index_values is not None:
        out = out.reindex(index_values, fill_value=0)
    return out.rename_axis(by)


def share_table(ev: pd.DataFrame, column: str) -> pd.DataFrame:
    """Counts and percentages of the values of ``column``, largest first."""
    counts = ev[column].astype(str).value_counts()
    return pd.DataFrame({"events": counts, "share (%)": (100 * counts / counts.sum()).round(1)})


def nationalities(ev: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, reported perpetrator nationality)."""
    t = ev[["event_id", "event_class", "country", "perpetrator_nationality"]].dropna(subset=["perpetrator_nationality"])
    t = t.assign(nationality=t["perpetrator_nationality"].astype(str).str.split(";")).explode("nationality")
    t["nationality"] = t["nationality"].str.strip()
    return t.drop(columns="perpetrator_nationality").reset_index(drop=True)


REGIONS = {
    "Kabul": ["Kabul"],
    "east (Nangarhar, Kunar)": ["Nangarhar", "Kunar"],
    "north": ["Balkh", "Kunduz", "Takhar", "Badakhshan", "Baghlan", "Jowzjan", "Faryab", "Samangan", "Sar-e Pol"],
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
    for name, codes in TARGET_GROUPS.items():
        if str(code) in codes:
            return name
    return "other"


def lethality(ev: pd.DataFrame, by: str) -> pd.DataFrame:
    """Attacks, attacks with a known toll, and mean victims killed per attack of known toll
    (best estimate), per value of ``by``."""
    known = ev[ev["killed_best"].notna()]
    out = pd.DataFrame({"attacks": ev.groupby(by, observed=True).size(),
                        "with known toll": known.groupby(by, observed=True).size(),
                        "killed per attack": known.groupby(by, observed=True)["killed_best"].mean().astype(float).round(1)})
    return out.fillna({"with known toll": 0}).astype({"attacks": "int64", "with known toll": "int64"})


def phases(ev: pd.DataFrame, bounds: dict[str, tuple[str, str | None]]) -> pd.DataFrame:
    """A row per named period: attacks, victims killed (best sum), share of sectarian attacks,
    share of events outside Afghanistan and Pakistan."""
    rows = {}
    outside = ["cross_border_strike", "external_attack", "external_plot_interdicted"]
    for name, (start, end) in bounds.items():
        p = period(ev, start, end)
        att = p[p["event_class"] == "attack"]
        sect = with_theme(att, "sectarian") if len(att) else att
        rows[name] = {"attacks": len(att), "killed (best)": deaths(att)["best"],
                      "sectarian attacks (%)": round(share(len(sect), len(att)), 1),
                      "events abroad (%)": round(share(p["event_class"].isin(outside).sum(), p["event_class"].isin(outside + ["attack"]).sum()), 1)}
    return pd.DataFrame.from_dict(rows, orient="index")


def select(ev: pd.DataFrame, *, themes: list[str] = (), countries: list[str] = (), classes: list[str] = ()) -> pd.DataFrame:
    """Events that carry any of ``themes``, or took place in any of ``countries``, or belong to
    any of ``classes`` (a union, in the original order)."""
    mask = pd.Series(False, index=ev.index)
    tags = ev["themes"].fillna("").astype(str).str.split(";")
    for th in themes:
        mask |= tags.apply(lambda xs, th=th: th in xs)
    if countries:
        mask |= ev["country"].astype(str).isin(countries)
    if classes:
        mask |= ev["event_class"].astype(str).isin(classes)
    return ev[mask]


def nearest_milestones(ev: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """For each event, the milestone just before it and the one just after it, with the gap in
    days (milestones on the event's day count as 'before')."""
    ms = milestones.sort_values("date").reset_index(drop=True)
    rows = []
    for r in ev.sort_values("date_start").itertuples(index=False):
        before = ms[ms["date"] <= r.date_start]
        after = ms[ms["date"] > r.date_start]
        b = before.iloc[-1] if len(before) else None
        a = after.iloc[0] if len(after) else None
        rows.append({
            "event_id": r.event_id, "date": r.date_start.strftime("%Y-%m-%d"), "event": _short(r.summary),
            "previous milestone": "" if b is None else f"{b['milestone_id']} ({b['date']:%Y-%m-%d}, {b['kind']})",
            "days after it": pd.NA if b is None else int((r.date_start - b["date"]).days),
            "next milestone": "" if a is None else f"{a['milestone_id']} ({a['date']:%Y-%m-%d}, {a['kind']})",
            "days before it": pd.NA if a is None else int((a["date"] - r.date_start).days),
        })
    return pd.DataFrame(rows).astype({"days after it": "Int64", "days before it": "Int64"})


def _short(text: object, n: int = 90) -> str:
    s = str(text)
    return s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + "…"


CENTRAL_ASIAN = ("Tajik", "Uzbek", "Kyrgyz", "Kazakh", "Turkmen", "Central Asian (unspecified)")
"""Nationalities counted as Central Asian (citizens of the five states, or reported only as
'Central Asian')."""


def register(t, ev: pd.DataFrame) -> pd.DataFrame:
    """Every event as a reader-facing row with the publishers of its sources, in date order;
    ``t`` is :func:`iskp.load.tables` (for the source links)."""
    links = t.event_sources.merge(t.sources[["source_id", "publisher"]], on="source_id")
    pubs = links.groupby("event_id")["publisher"].agg(lambda s: "; ".join(sorted(set(s.astype(str)))))
    ev = ev.sort_values(["date_start", "event_id"])
    out = event_table(ev, ["event_id", "date", "place", "killed", "claimed", "attribution", "summary"])
    out["sources"] = ev["event_id"].map(pubs).fillna("").to_numpy()
    return out
