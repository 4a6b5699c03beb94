"""Dataset rules that a Table Schema cannot express. Each rule returns
:class:`~iskp.errors.Problem` records naming file, row and field; :func:`iskp.load.tables`
raises them together as one :class:`~iskp.errors.DataError`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np
import pandas as pd

from .errors import Problem
from .schema import THEMES, TableSchema, vocabulary

EARLIEST = pd.Timestamp("2014-01-01")
AFPAK = ("AFG", "PAK")
_TAG = re.compile(r"^[a-z0-9_-]+$")
_NATIONALITY = re.compile(r"^[A-Z][A-Za-z-]+( [A-Z][a-z]+)?( \(unspecified\))?$")


def line(frame: pd.DataFrame, i: int) -> int:
    """The file line of row ``i`` (the header is line 1)."""
    lines = frame.attrs.get("source_lines")
    return int(lines[i]) if lines is not None and i < len(lines) else i + 2


def _splitlist(value: Any) -> list[str]:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return []
    return [v for v in str(value).split(";")]


def _first(fields: str | list[str]) -> str:
    return fields if isinstance(fields, str) else fields[0]


def foreign_keys(t: Any, schemas: dict[str, TableSchema]) -> list[Problem]:
    """Every foreign key of ``datapackage.json`` points at an existing row."""
    out: list[Problem] = []
    for name, schema in schemas.items():
        frame: pd.DataFrame = getattr(t, name)
        for fk in schema.foreign_keys:
            target_name = fk["reference"]["resource"] or name
            target: pd.DataFrame = getattr(t, target_name)
            col = _first(fk["fields"])
            ref = _first(fk["reference"]["fields"])
            values = frame[col].astype("string")
            bad = values.notna() & ~values.isin(target[ref].dropna().astype("string"))
            for i in np.flatnonzero(bad.to_numpy(dtype=bool)):
                v = values.iloc[i]
                out.append(Problem(schema.path, line(frame, int(i)), col, f"{v!r} is not a {ref} in {target_name}.csv"))
    return out


def rules(t: Any) -> list[Problem]:
    """All dataset rules, in a stable order."""
    return (
        event_rules(t.events)
        + source_rules(t.sources)
        + link_rules(t)
        + claim_rules(t)
        + duplicate_suspects(t.events)
        + spatial_rules(t.events)
    )


def event_rules(ev: pd.DataFrame) -> list[Problem]:
    f = "events.csv"
    out: list[Problem] = []
    today = pd.Timestamp(dt.date.today())
    themes = set(THEMES)
    for i, r in enumerate(ev.itertuples(index=False)):
        n = line(ev, i)
        p = lambda field, msg: out.append(Problem(f, n, field, msg))  # noqa: E731
        if r.date_end < r.date_start:
            p("date_end", f"{r.date_end:%Y-%m-%d} is before date_start {r.date_start:%Y-%m-%d}")
        if r.date_start < EARLIEST:
            p("date_start", f"{r.date_start:%Y-%m-%d} is before the dataset's scope (2014-01-01)")
        if r.date_end > today:
            p("date_end", f"{r.date_end:%Y-%m-%d} is in the future")
        span = (r.date_end - r.date_start).days + 1
        implied = 1 if span == 1 else 2 if span <= 6 else 3 if span <= 7 else 4 if span <= 31 else 5
        if span >= 1 and r.date_prec != implied:
            p("date_prec", f"a span of {span} day(s) from date_start to date_end means date_prec {implied}, not {r.date_prec}")
        if str(r.event_id)[5:9] != f"{r.date_start.year:04d}":
            p("event_id", f"{r.event_id} does not carry the year of date_start ({r.date_start.year})")
        lo, best, hi = r.killed_low, r.killed_best, r.killed_high
        for a, b, na, nb in ((lo, best, "killed_low", "killed_best"), (best, hi, "killed_best", "killed_high"), (lo, hi, "killed_low", "killed_high")):
            if a is not pd.NA and b is not pd.NA and a > b:
                p(na, f"{na} {a} is greater than {nb} {b}")
        if (r.record_status == "duplicate") != (r.duplicate_of is not pd.NA):
            p("duplicate_of", "set duplicate_of if and only if record_status is duplicate")
        has_lat, has_lon = r.latitude is not pd.NA, r.longitude is not pd.NA
        if has_lat != has_lon:
            p("latitude", "latitude and longitude must both be given or both be blank")
        if r.where_prec <= 3 and not has_lat:
            p("latitude", f"where_prec {r.where_prec} needs coordinates")
        if r.where_prec >= 4 and has_lat:
            p("where_prec", f"where_prec {r.where_prec} (a centroid) must not carry a coordinate; leave it blank or give the town (2)")
        if r.where_prec <= 4 and r.adm1 is pd.NA and r.country in AFPAK:
            p("adm1", "events in Afghanistan or Pakistan located to a province or better need adm1")
        for th in _splitlist(r.themes):
            if th not in themes:
                p("themes", f"{th!r} is not a theme ({', '.join(THEMES)})")
        for nat in _splitlist(r.perpetrator_nationality):
            if not _NATIONALITY.match(nat):
                p("perpetrator_nationality", f"{nat!r} is not a nationality (a capitalised demonym, e.g. 'Tajik', or 'Central Asian (unspecified)'); put details in the summary")
        for tag in _splitlist(r.tags):
            if not _TAG.match(tag):
                p("tags", f"tag {tag!r} must be lower case letters, digits, '-' or '_'")
        if r.attribution_status == "denied_by_state" and r.denied_by is pd.NA:
            p("denied_by", "attribution_status denied_by_state needs denied_by")
        if r.attribution_status == "unattributed" and (r.scope_doubt is pd.NA or not bool(r.scope_doubt)):
            p("scope_doubt", "an unattributed event is kept only with scope_doubt true")
        if r.event_class == "attack" and r.country not in AFPAK:
            p("event_class", f"attack is for Afghanistan and Pakistan; {r.country} needs external_attack")
        if r.event_class == "external_attack" and r.country in AFPAK:
            p("event_class", "external_attack must be outside Afghanistan and Pakistan")
        if r.event_class == "cross_border_strike" and (r.origin_country is pd.NA or r.origin_country == r.country):
            p("origin_country", "a cross_border_strike needs an origin_country other than country")
        if r.event_class in ("counter_operation", "leadership_killing", "arrest") and r.outcome != "not_applicable":
            p("outcome", f"an operation against ISKP ({r.event_class}) has outcome not_applicable")
        if r.event_class == "external_plot_interdicted" and r.outcome != "interdicted":
            p("outcome", "an interdicted plot has outcome interdicted")
        for field in ("killed_low", "killed_best", "killed_high"):
            v = getattr(r, field)
            if r.iskp_claimed_killed is not pd.NA and v is not pd.NA and r.attribution_status == "claimed_by_iskp" and r.evidence_status == "party_claim_only" and v == r.iskp_claimed_killed:
                p(field, "ISKP's own toll may not stand in killed_* when ISKP is the only source")
    return out


def source_rules(src: pd.DataFrame) -> list[Problem]:
    out: list[Problem] = []
    for i, r in enumerate(src.itertuples(index=False)):
        if r.url is pd.NA and r.notes is pd.NA:
            out.append(Problem("sources.csv", line(src, i), "url", "a source without URL needs notes saying why"))
        if bool(r.party_to_conflict) != (r.perspective != "independent"):
            out.append(Problem("sources.csv", line(src, i), "party_to_conflict", f"must be {'true' if r.perspective != 'independent' else 'false'} for perspective {r.perspective}"))
    return out


def link_rules(t: Any) -> list[Problem]:
    """Sources behind events: every active event is sourced for its occurrence, claims and
    denials have their own source rows, evidence codes match the sources, every source is used."""
    ev, es, src = t.events, t.event_sources, t.sources
    out: list[Problem] = []
    links = es.merge(src[["source_id", "publisher", "perspective"]], on="source_id", how="left")
    eid = links["event_id"].astype(str)
    facets: dict[str, set[tuple[str, str]]] = {}
    for e, sup, st in zip(eid, links["supports"].astype(str), links["stance"].astype(str)):
        facets.setdefault(e, set()).add((sup, st))
    n_publishers = links.groupby(eid)["publisher"].nunique().to_dict()
    has_independent = (links["perspective"] == "independent").groupby(eid).any().to_dict()
    for i, r in enumerate(ev.itertuples(index=False)):
        n = line(ev, i)
        f = facets.get(str(r.event_id))
        if f is None:
            out.append(Problem("events.csv", n, "event_id", f"{r.event_id} has no row in event_sources.csv"))
            continue
        if r.record_status != "active":
            continue  # retracted and duplicate records keep their sources as they were
        if ("occurrence", "supports") not in f:
            out.append(Problem("events.csv", n, "event_id", f"{r.event_id} has no source supporting its occurrence"))
        if r.iskp_claimed == "yes" and not any(s == "perpetrator_claim" for s, _ in f):
            out.append(Problem("events.csv", n, "iskp_claimed", f"{r.event_id} is marked claimed but no source row supports perpetrator_claim"))
        if r.attribution_status == "denied_by_state" and not any(s == "denial" for s, _ in f):
            out.append(Problem("events.csv", n, "attribution_status", f"{r.event_id} is denied_by_state but no source row supports denial"))
        publishers = n_publishers.get(str(r.event_id), 0)
        independent = bool(has_independent.get(str(r.event_id), False))
        if r.evidence_status == "corroborated" and (publishers < 2 or not independent):
            out.append(Problem("events.csv", n, "evidence_status", f"corroborated needs two publishers and one independent; {r.event_id} has {publishers} publisher(s)"))
        if r.evidence_status == "single_source" and not independent:
            out.append(Problem("events.csv", n, "evidence_status", f"single_source needs an independent source; {r.event_id} has only party sources (use party_claim_only)"))
    used = set(es["source_id"].astype(str)) | set(t.claims["source_id"].astype(str)) | set(t.milestones["source_id"].astype(str))
    for i, sid in enumerate(src["source_id"].astype(str)):
        if sid not in used:
            out.append(Problem("sources.csv", line(src, i), "source_id", f"{sid} is cited by no event, claim or milestone"))
    return out


def claim_rules(t: Any) -> list[Problem]:
    from .claims import check_filter

    cl = t.claims
    out: list[Problem] = []
    classes = set(vocabulary("events", "event_class"))
    statuses = set(vocabulary("events", "attribution_status"))
    known_events = set(t.events["event_id"].astype(str))
    for i, r in enumerate(cl.itertuples(index=False)):
        n = line(cl, i)
        p = lambda field, msg: out.append(Problem("claims.csv", n, field, msg))  # noqa: E731
        for c in _splitlist(r.countries):
            if not re.fullmatch(r"[A-Z]{3}", c):
                p("countries", f"{c!r} is not an ISO3 code")
        for c in _splitlist(r.event_classes):
            if c not in classes:
                p("event_classes", f"{c!r} is not an event class")
        for c in _splitlist(r.attribution_statuses):
            if c not in statuses:
                p("attribution_statuses", f"{c!r} is not an attribution status")
        for e in _splitlist(r.event_ids):
            if e not in known_events:
                p("event_ids", f"{e!r} is not an event_id in events.csv")
        if r.period_start is not pd.NaT and r.period_end is not pd.NaT and not pd.isna(r.period_start) and not pd.isna(r.period_end) and r.period_end < r.period_start:
            p("period_end", "period_end is before period_start")
        if r.value_high is not pd.NA and r.value_high < r.value:
            p("value_high", "value_high is below value")
        if (r.value_qualifier == "range") != (r.value_high is not pd.NA):
            p("value_high", "value_high is set if and only if value_qualifier is range")
        if r.comparability != "not_recomputable" and r.metric in ("sum_killed", "sum_wounded") and r.recompute_field is pd.NA:
            p("recompute_field", "a recomputable sum needs recompute_field")
        msg = check_filter(r)
        if msg:
            p("event_classes", msg)
    return out


def duplicate_suspects(ev: pd.DataFrame) -> list[Problem]:
    """Two active events of the same class on the same day at the same place are a suspected
    duplicate unless
    they share an ``incident_group`` (coordinated parts) or one is marked duplicate."""
    out: list[Problem] = []
    act = ev[ev["record_status"] == "active"]
    key = (act["date_start"].astype(str) + "|" + act["event_class"].astype(str) + "|" + act["country"].astype(str)
           + "|" + act["location"].fillna("").astype(str).str.lower())
    for _, idx in act.groupby(key).groups.items():
        if len(idx) < 2:
            continue
        rows = act.loc[idx]
        groups = rows["incident_group"]
        if groups.notna().all() and groups.nunique() == 1:
            continue
        first = rows.iloc[0]["event_id"]
        for pos in list(idx)[1:]:
            out.append(Problem("events.csv", line(ev, int(pos)), "event_id",
                               f"{ev.at[pos, 'event_id']} looks like a duplicate of {first} (same day and place); "
                               "link them with incident_group or mark one duplicate"))
    return out


def spatial_rules(ev: pd.DataFrame) -> list[Problem]:
    """Every point lies in its country (and its Afghan or Pakistani province, where given),
    within a tolerance that grows with the precision code. Skipped when no boundary file."""
    from . import geo

    if not geo.available():
        return []
    return geo.check_points(ev)
