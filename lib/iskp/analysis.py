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
            order: list[str] | None = None) -> pd.DataFrame:
    """Events per month (complete months from ``start`` to ``end``) split by ``by``."""
    start = pd.Timestamp(start).to_period("M").to_timestamp()
    end_ts = pd.Timestamp(end) if end is not None else ev["date_start"].max()
    months = list(pd.date_range(start, end_ts.to_period("M").to_timestamp(), freq="MS"))
    sub = ev[(ev["date_start"] >= start) & (ev["date_start"] <= end_ts + pd.offsets.MonthEnd(0))]
    sub = sub.assign(_m=sub["date_start"].dt.to_period("M").dt.to_timestamp(), _by=sub[by].astype(str))
    return count_by(sub, "_m", "_by", index_values=months, column_values=order or sorted(sub["_by"].unique())).rename_axis(index="month", columns=by)


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
