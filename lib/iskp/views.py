"""Reader-facing tables: human column names, formatted ranges and dates. Computation lives in
:mod:`iskp.analysis`; these only arrange its results for the page."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from .analysis import ABROAD, deaths, period, share, with_theme
from .dataset import Dataset
from .schema import labels, schemas


def killed_range(r: object) -> str:
    """'47', '40–63' or 'unknown' from a row's killed_low/best/high."""
    vals = [v for v in (r.killed_low, r.killed_best, r.killed_high) if not pd.isna(v)]
    if not vals:
        return "unknown"
    lo_v, hi_v = min(vals), max(vals)
    return f"{lo_v}" if lo_v == hi_v else f"{lo_v}–{hi_v}"


def _attribution_label(code: str) -> str:
    """An attribution code as the codebook labels it ('claimed by ISKP')."""
    return labels("events", "attribution_status").get(code, code.replace("_", " "))


def event_table(ev: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A reader-facing table of events (date, place, toll range, claim and attribution)."""
    cols = list(columns or ["event_id", "date", "place", "killed", "claimed", "attribution"])
    place = (
        ev["location"].fillna(ev["adm1"]).fillna("").astype(str) + ", " + ev["country"].astype(str)
    )
    out = pd.DataFrame(
        {
            "event_id": ev["event_id"].astype(str),
            "date": ev["date_start"].dt.strftime("%Y-%m-%d"),
            "place": place.str.strip(", "),
            "killed": [killed_range(r) for r in ev.itertuples(index=False)],
            "claimed": ev["iskp_claimed"].astype(str),
            "attribution": ev["attribution_status"].astype(str).map(_attribution_label),
            "class": ev["event_class"].astype(str).str.replace("_", " "),
            "summary": ev["summary"].astype(str),
        }
    )
    return out[cols].reset_index(drop=True)


def share_table(ev: pd.DataFrame, column: str) -> pd.DataFrame:
    """Counts and percentages of the values of ``column``, largest first; a code of an events
    field with reader labels in the codebook is shown by its label."""
    counts = ev[column].astype(str).value_counts()
    try:
        named = labels("events", column)
    except KeyError:
        named = {}
    counts = counts.rename(index=lambda v: named.get(v, v))
    return pd.DataFrame({"events": counts, "share (%)": (100 * counts / counts.sum()).round(1)})


def lethality(ev: pd.DataFrame, by: str) -> pd.DataFrame:
    """Attacks, attacks with a known toll, and mean victims killed per attack of known toll
    (best estimate), per value of ``by``."""
    known = ev[ev["killed_best"].notna()]
    mean = known.groupby(by, observed=True)["killed_best"].mean().astype(float).round(1)
    out = pd.DataFrame(
        {
            "attacks": ev.groupby(by, observed=True).size(),
            "with known toll": known.groupby(by, observed=True).size(),
            "killed per attack": mean,
        }
    )
    out = out.fillna({"with known toll": 0})
    return out.astype({"attacks": "int64", "with known toll": "int64"})


def phases(ev: pd.DataFrame, bounds: dict[str, tuple[str, str | None]]) -> pd.DataFrame:
    """A row per named period: attacks, victims killed (best sum), share of sectarian attacks,
    share of events outside Afghanistan and Pakistan."""
    rows = {}
    for name, (start, end) in bounds.items():
        p = period(ev, start, end)
        att = p[p["event_class"] == "attack"]
        sect = with_theme(att, "sectarian") if len(att) else att
        cls = p["event_class"]
        rows[name] = {
            "attacks": len(att),
            "killed (best)": deaths(att)["best"],
            "sectarian attacks (%)": round(share(len(sect), len(att)), 1),
            "events abroad (%)": round(
                share(cls.isin(ABROAD).sum(), cls.isin([*ABROAD, "attack"]).sum()), 1
            ),
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def _short(text: object, n: int = 90) -> str:
    s = str(text)
    return s if len(s) <= n else s[: n - 1].rsplit(" ", 1)[0] + "…"


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
        rows.append(
            {
                "event_id": r.event_id,
                "date": r.date_start.strftime("%Y-%m-%d"),
                "event": _short(r.summary),
                "previous milestone": ""
                if b is None
                else f"{b['milestone_id']} ({b['date']:%Y-%m-%d}, {b['kind']})",
                "days after it": pd.NA if b is None else int((r.date_start - b["date"]).days),
                "next milestone": ""
                if a is None
                else f"{a['milestone_id']} ({a['date']:%Y-%m-%d}, {a['kind']})",
                "days before it": pd.NA if a is None else int((a["date"] - r.date_start).days),
            }
        )
    return pd.DataFrame(rows).astype({"days after it": "Int64", "days before it": "Int64"})


def register(ds: Dataset) -> pd.DataFrame:
    """Every active event as a reader-facing row with the publishers of its sources, in date
    order."""
    links = ds.links.merge(ds.sources[["source_id", "publisher"]], on="source_id")
    pubs = links.groupby("event_id")["publisher"].agg(
        lambda s: "; ".join(sorted(set(s.astype(str))))
    )
    ev = ds.events.sort_values(["date_start", "event_id"])
    cols = ["event_id", "date", "place", "killed", "claimed", "attribution", "summary"]
    out = event_table(ev, cols)
    out["sources"] = ev["event_id"].map(pubs).fillna("").to_numpy()
    return out


def field_table(table: str) -> pd.DataFrame:
    """A reader-facing table of a table's fields: type, required, allowed values, meaning."""
    rows = []
    for f in schemas()[table].fields:
        allowed = ", ".join(f.enum) if f.enum else f.constraints.get("pattern", "")
        bounds = [
            f"≥ {f.constraints['minimum']}" if "minimum" in f.constraints else "",
            f"≤ {f.constraints['maximum']}" if "maximum" in f.constraints else "",
        ]
        allowed = allowed or " ".join(b for b in bounds if b)
        rows.append(
            {
                "field": f.name,
                "type": f.type,
                "required": "yes" if f.required else "",
                "values": allowed,
                "meaning": f.description,
            }
        )
    return pd.DataFrame(rows)


def precision_table() -> pd.DataFrame:
    """The precision codes (``codeLabels`` of ``where_prec`` and ``date_prec``) as a table."""
    ev = schemas()["events"]
    codes = {
        name: {int(k): v for k, v in ev.field(name).labels.items()}
        for name in ("where_prec", "date_prec")
    }
    return pd.DataFrame(codes).rename_axis("code")


def capture_table(cap: pd.DataFrame) -> pd.DataFrame:
    """The capture table as a reader sees it: who counted what, when and where, their figure,
    the record's, the ratio, and what the record cannot match."""
    period = (
        cap["period_start"].dt.strftime("%Y-%m-%d")
        + " to "
        + cap["period_end"].dt.strftime("%Y-%m-%d")
    )
    place = cap["country"].fillna("AFG and PAK").astype(str)
    place = place.where(cap["adm1"].isna(), place + ", " + cap["adm1"].astype(str))
    return pd.DataFrame(
        {
            "benchmark": cap["benchmark_id"],
            "counted by": cap["authority"],
            "what": cap["metric"].str.replace("_", " "),
            "period": period,
            "where": place,
            "benchmark figure": cap["benchmark"].map(lambda v: f"{v:,.0f}"),
            "record": cap["record_best"].map(lambda v: f"{v:,.0f}"),
            "doubtful left out": cap["doubtful_left_out"],
            "record / benchmark": [
                "no ratio (the benchmark is 0)"
                if b == 0
                else ""
                if pd.isna(r)
                else f"{100 * r:.0f}%"
                for r, b in zip(cap["ratio"], cap["benchmark"])
            ],
        }
    ).reset_index(drop=True)


def last_entered_table(last: pd.Series, cutoff: str) -> pd.DataFrame:
    """Per event class: the latest event entered, and the days from it to the cut-off (an
    empty stretch is 'nothing entered', not 'nothing happened')."""
    end = pd.Timestamp(cutoff)
    return pd.DataFrame(
        {
            "class": [str(k).replace("_", " ") for k in last.index],
            "latest event entered": last.dt.strftime("%Y-%m-%d").to_numpy(),
            "days before the cut-off": [(end - d).days for d in last],
        }
    )


def claim_text(r: object) -> str:
    """'yes, as khorasan', 'yes', 'no' or 'unknown' from a row's ``iskp_claimed`` and
    ``claimed_as``."""
    claimed = "unknown" if pd.isna(r.iskp_claimed) else str(r.iskp_claimed)
    if claimed == "yes" and not pd.isna(r.claimed_as):
        return f"yes, as {str(r.claimed_as).replace('_', ' ')}"
    return claimed


def date_text(r: object) -> str:
    """A row's date as precise as ``date_prec`` says: '2022-04-21', '2022-04-21 to
    2022-04-23' (a span), '2015-02' (a month) or '2015' (a year)."""
    start, end, prec = r.date_start, r.date_end, r.date_prec
    if not pd.isna(prec) and int(prec) >= 5:
        return f"{start:%Y}"
    if not pd.isna(prec) and int(prec) == 4:
        return f"{start:%Y-%m}"
    if pd.isna(end) or end == start:
        return f"{start:%Y-%m-%d}"
    return f"{start:%Y-%m-%d} to {end:%Y-%m-%d}"


def place_text(r: object) -> str:
    """'Kajaki district, Helmand, AFG': the row's location, province and country, blanks and
    repeats left out."""
    parts: list[str] = []
    for v in (r.location, r.adm1, r.country):
        if not pd.isna(v) and str(v).strip() and str(v) not in parts:
            parts.append(str(v).strip())
    return ", ".join(parts)


def source_links(ds: Dataset) -> pd.DataFrame:
    """Every link of an active event to a source (``event_id``, ``source_id``, ``publisher``,
    ``url``), by event ID, then publisher name, then source ID."""
    cols = ["source_id", "publisher", "url"]  # a source linked twice (two roles) shows once
    links = ds.links[["event_id", "source_id"]].merge(ds.sources[cols], on="source_id")
    links = links[links["event_id"].isin(ds.events["event_id"])].drop_duplicates()
    links = links.assign(publisher=links["publisher"].fillna("unknown publisher").astype(str))
    key = links["publisher"].str.casefold()
    order = links.assign(_key=key).sort_values(["event_id", "_key", "source_id"], kind="stable")
    return order[["event_id", *cols]].astype(str).reset_index(drop=True)


#: The kinds of publisher from the strongest to the weakest evidence of an event: monitors and
#: research first, then wire, international, national and local reporting, then a state's own
#: statement (a party to the conflict), blogs and encyclopedias last.
SOURCE_KIND_ORDER = (
    "un",
    "ngo",
    "academic",
    "think_tank",
    "wire",
    "international_media",
    "national_media",
    "local_media",
    "official_state",
    "blog",
    "encyclopedia",
)


def best_source_kinds(ds: Dataset) -> pd.DataFrame:
    """Active events by the kind of their best source (the first of :data:`SOURCE_KIND_ORDER`
    among the sources linked to the event): ``best source``, ``events``, ``share`` (per cent of
    the active events, one decimal). An event with no linked source of a known kind is counted
    as ``unknown``; kinds no event has as its best are left out."""
    rank = {k: i for i, k in enumerate(SOURCE_KIND_ORDER)}
    kinds = ds.links[["event_id", "source_id"]].merge(
        ds.sources[["source_id", "source_type"]], on="source_id"
    )
    kinds = kinds.assign(_rank=kinds["source_type"].astype("string").map(rank))
    best = kinds.dropna(subset=["_rank"]).groupby("event_id")["_rank"].min()
    ids = ds.events["event_id"]
    per_event = ids.map(best).map(lambda r: "unknown" if pd.isna(r) else SOURCE_KIND_ORDER[int(r)])
    counts = per_event.value_counts()
    order = [k for k in (*SOURCE_KIND_ORDER, "unknown") if k in counts.index]
    total = len(ids)
    return pd.DataFrame(
        {
            "best source": order,
            "events": [int(counts[k]) for k in order],
            "share": [round(100 * counts[k] / total, 1) if total else 0.0 for k in order],
        }
    )


def rule_table() -> pd.DataFrame:
    """Every dataset rule the loader enforces, by code, with its description (read from the
    code, so the codebook chapter cannot drift from it)."""
    from .validate import RULES

    return pd.DataFrame(
        {"rule": [r.code for r in RULES], "what it checks": [_plain(r.doc) for r in RULES]}
    )


def _plain(doc: str) -> str:
    """A docstring as a reader sees it: RST literals (````x````) and roles (``:func:`x```)
    without their markup."""
    doc = re.sub(r":\w+:`~?([^`]+)`", r"\1", doc)
    return re.sub(r"``([^`]+)``", r"\1", doc)


def table_counts(ds: Dataset) -> pd.DataFrame:
    """Rows per table of the dataset, with each table's title from the schema."""
    desc = schemas(ds.data_dir)
    frames = {
        "events": ds.records,
        "sources": ds.sources,
        "publishers": ds.publishers,
        "event_sources": ds.links,
        "claims": ds.claims,
        "articles": ds.articles,
        "milestones": ds.milestones,
        "benchmarks": ds.benchmarks,
        "leaders": ds.leaders,
        "territory": ds.territory,
        "media": ds.media,
        "people": ds.people,
    }
    return pd.DataFrame(
        {
            "file": [desc[n].path for n in frames],
            "rows": [len(f) for f in frames.values()],
        }
    )


def article_grades(ds: Dataset) -> pd.DataFrame:
    """The source articles with their Admiralty grade spelled out (reliability of the source,
    credibility of its information) and the reason."""
    a = ds.articles
    rel = schemas(ds.data_dir)["articles"].field("reliability").labels
    cred = schemas(ds.data_dir)["articles"].field("credibility").labels
    return pd.DataFrame(
        {
            "article": a["label"],
            "grade": a["reliability"].astype(str) + a["credibility"].astype(str),
            "source": a["reliability"].astype(str).map(rel),
            "information": a["credibility"].astype(str).map(cred),
            "why": a["grade_reason"],
        }
    ).reset_index(drop=True)


def key_figures(ds: Dataset, version: str, cutoff: str) -> pd.DataFrame:
    """The book's headline numbers, each with its definition, base (events counted and doubtful
    events left out), period, the data cut-off and a citation to copy."""
    from . import analysis, coverage
    from .text import date as fmt_date
    from .text import n, ratio, span

    ev = ds.events
    since = analysis.period(ev, *analysis.PERIODS["since"])
    att = since[(since["event_class"] == "attack")]
    core_att = analysis.core(att)
    d = deaths(core_att)
    ten_all = analysis.apply_rule(analysis.period(ev, "2015-01-01"), "ten_deaths")
    ten = analysis.compare_periods(analysis.core(ev), analysis.PERIODS, rule="ten_deaths")
    ext = ev[ev["event_class"].isin(["external_attack", "external_plot_interdicted"])]
    cap = coverage.capture(ds)
    un = coverage.summary(cap, "attacks", "AFG", start=analysis.TAKEOVER)
    gti = coverage.summary(cap, "deaths")
    emirs = ds.leaders[(ds.leaders["role"] == "emir")]
    ops = analysis.taliban_war(since)
    ops = ops[ops["side"] == "Taliban operation"]
    steps = ds.milestones[ds.milestones["date"] >= analysis.TAKEOVER]
    start, end = fmt_date("2015-01-01"), fmt_date(cutoff)
    after = fmt_date(analysis.TAKEOVER)
    rows = [
        (
            "events in the record",
            n(len(ev)),
            "active records of every class: attacks, plots, strikes, operations, clashes...",
            n(len(ev)),
            "kept, flagged: " + n(ev["scope_doubt"].fillna(False).sum()),
            f"{start} to {end}",
        ),
        (
            "ISKP attacks in Afghanistan and Pakistan since the takeover",
            n(len(core_att)),
            "every reported attack, fatal or not, claimed or credibly attributed",
            n(len(att)),
            n(len(att) - len(core_att)),
            f"{after} to {end}",
        ),
        (
            "people killed in those attacks",
            span(d["low"], d["high"]),
            "sum of the low and of the high credible estimates, victims only",
            n(len(core_att)),
            f"{n(len(att) - len(core_att))}; {n(d['unknown'])} of unknown toll",
            f"{after} to {end}",
        ),
        (
            "attacks that killed ten or more, before / since the takeover",
            f"{n(len(ten['before']))} / {n(len(ten['since']))}",
            "the one class sought under the same rule over the whole period",
            n(len(ten_all)),
            n(len(ten_all) - len(analysis.core(ten_all))),
            f"{start} to {end}",
        ),
        (
            "share of UN-counted attacks the record holds since the takeover",
            ratio(un["median"]),
            "median record / benchmark ratio over UN, ACLED and other counts of ISKP attacks in "
            "Afghanistan",
            f"{n(un['n'])} benchmarks",
            "doubtful events left out of the record",
            f"{after} to {end}",
        ),
        (
            "share of deaths in ISKP attacks the record holds",
            ratio(gti["median"]),
            "median record / benchmark ratio over the Global Terrorism Index and monitors",
            f"{n(gti['n'])} benchmarks",
            "doubtful events left out of the record",
            "2017 to 2022",
        ),
        (
            "attacks and plots abroad",
            n(len(analysis.core(ext))),
            "external attacks and interdicted plots outside Afghanistan and Pakistan",
            n(len(ext)),
            n(len(ext) - len(analysis.core(ext))),
            f"{start} to {end}",
        ),
        (
            "emirs killed or captured",
            n(emirs["tenure_end"].isin(["killed", "captured"]).sum()),
            "emirs in leaders.csv whose tenure ended by death or capture",
            n(len(emirs)),
            "none",
            f"{start} to {end}",
        ),
        (
            "Taliban operations against ISKP recorded",
            n(len(analysis.core(ops))),
            "raids, arrests and killings of ISKP figures announced or reported; most rest on the "
            "Taliban's word",
            n(len(ops)),
            n(len(ops) - len(analysis.core(ops))),
            f"{after} to {end}",
        ),
        (
            "steps in the Taliban's relations with 13 partners",
            n(len(steps)),
            "dated steps (warming / cooling / neutral: "
            + " / ".join(
                n((steps["direction"] == k).sum()) for k in ("warming", "cooling", "neutral")
            )
            + ")",
            n(len(steps)),
            "none",
            f"{after} to {end}",
        ),
    ]
    out = pd.DataFrame(
        rows, columns=["figure", "value", "definition", "base", "doubtful left out", "period"]
    )
    cite = (
        f"ISKP book contributors (2026), The ISKP event dataset, version {version}, data "
        f"cut-off {end}"
    )
    out["cite as"] = cite + ": " + out["figure"] + "."
    return out


def _meaningful_index(index: pd.Index) -> bool:
    """Whether an index carries labels a reader needs (a name, or values that are not row
    numbers), as opposed to the row numbers pandas adds."""
    if isinstance(index, pd.MultiIndex) or any(n is not None for n in index.names):
        return True
    return not pd.api.types.is_integer_dtype(index)


_UNBROKEN = re.compile(r"(?<![\w-])(ISKP-\d{4}-\d{3}|\d{4}-\d{2}-\d{2})(?![\w-])")
"""Event ids and dates, which a table should not break at their hyphens (``iskp-nw`` in
``_static/iskp.css``)."""


def show(frame: pd.DataFrame, *, index: bool = False) -> object:
    """A table for the page: human column labels (underscores become spaces), full text, blank
    for a missing value. Row numbers are dropped; an index that carries labels (a named index,
    or one of text or dates, as from ``value_counts`` or ``crosstab``) becomes the first column,
    so no row loses its label. ``index=True`` keeps any index as it is. Returns an IPython HTML
    object, which renders in the book and in JupyterLab and whose plain-text form holds no
    memory address."""
    from IPython.display import HTML

    out = frame
    if not index and _meaningful_index(out.index):
        names = [n if n is not None else "" for n in out.index.names]
        out = out.rename_axis(index=names).reset_index()
    out = out.rename(columns=lambda c: str(c).replace("_", " "))
    out = out.rename_axis(columns=None)
    if index:
        out = out.rename_axis(index=lambda n: None if n is None else str(n).replace("_", " "))
    out = out.astype(object).where(out.notna(), "")
    html = out.to_html(index=index, border=0, classes="iskp-table", escape=True)
    return HTML(_UNBROKEN.sub(r'<span class="iskp-nw">\1</span>', html))
