"""Every dataset rule that a Table Schema cannot express, in one place.

Each rule is a small function registered under a stable code (``RULES``, in the codebook's
order); it takes the raw typed :class:`~iskp.read.Tables` and returns
:class:`~iskp.errors.Problem` records naming file, row and field. :func:`check` runs the foreign
keys and then every rule; :func:`iskp.load.dataset` raises what it finds as one
:class:`~iskp.errors.DataError`. Schema, vocabularies and boundaries are read from the
dataset's own folder, never from the default one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .errors import FILE, WHOLE_FILE, Problem
from .geo import BOUNDARY_FILE, PROVINCE_LAYER, boundaries, boundary_path, province_name
from .read import Tables
from .schema import THEMES, schemas, vocabulary

EARLIEST = pd.Timestamp("2014-01-01")
AFPAK = ("AFG", "PAK")
OPERATIONS = ("counter_operation", "leadership_killing", "arrest")
_TAG = re.compile(r"^[a-z0-9_-]+$")
_NATIONALITY = re.compile(r"^[A-Z][A-Za-z-]+( [A-Z][a-z]+)?( \(unspecified\))?$")
_ISO3 = re.compile(r"[A-Z]{3}")

# Tolerance in km by where_prec: a town centre may sit a little off a border; simplified
# boundaries add up to about 10 km of error on top. Coarser codes get 100 km.
TOLERANCE_KM = {1: 10.0, 2: 30.0, 3: 60.0}
KM_PER_DEGREE = 111.0


@dataclass(frozen=True)
class Rule:
    code: str
    check: Callable[[Tables], list[Problem]]

    @property
    def doc(self) -> str:
        return (self.check.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")


RULES: list[Rule] = []
"""Every dataset rule, in the order they run (and the codebook lists them)."""


def rule(code: str) -> Callable[[Callable[[Tables], list[Problem]]], Callable]:
    """Register a rule under ``code``."""

    def register(fn: Callable[[Tables], list[Problem]]) -> Callable[[Tables], list[Problem]]:
        RULES.append(Rule(code, fn))
        return fn

    return register


def _flag(
    t: Tables,
    table: str,
    mask: Iterable[bool] | pd.Series,
    field: str,
    message: Callable[[pd.Series], str],
    code: str,
) -> list[Problem]:
    """A problem for each row of ``table`` where ``mask`` is true."""
    frame = t[table]
    flags = np.asarray(pd.Series(mask, index=frame.index).fillna(False), dtype=bool)
    path = schemas(t.data_dir)[table].path
    return [
        Problem(path, t.line(table, int(i)), field, message(frame.iloc[int(i)]), code)
        for i in np.flatnonzero(flags)
    ]


def _splitlist(value: object) -> list[str]:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return []
    return str(value).split(";")


def _each_item(t: Tables, table: str, field: str, bad: Callable[[str], str | None], code: str):
    """A problem for each item of a ';'-list field that ``bad`` describes."""
    frame = t[table]
    path = schemas(t.data_dir)[table].path
    out: list[Problem] = []
    for i, value in enumerate(frame[field]):
        for item in _splitlist(value):
            msg = bad(item)
            if msg:
                out.append(Problem(path, t.line(table, i), field, msg, code))
    return out


def _fmt(ts: pd.Timestamp) -> str:
    return f"{ts:%Y-%m-%d}"


def foreign_keys(t: Tables) -> list[Problem]:
    """Every foreign key declared in ``datapackage.json`` points at an existing row."""
    out: list[Problem] = []
    for name, schema in schemas(t.data_dir).items():
        frame = t[name]
        for fk in schema.foreign_keys:
            target_name = fk["reference"]["resource"] or name
            fields = fk["fields"]
            col = fields if isinstance(fields, str) else fields[0]
            ref_fields = fk["reference"]["fields"]
            ref = ref_fields if isinstance(ref_fields, str) else ref_fields[0]
            values = frame[col].astype("string")
            known = t[target_name][ref].dropna().astype("string")
            bad = values.notna() & ~values.isin(known)
            out += _flag(
                t,
                name,
                bad,
                col,
                lambda r, c=col, ref=ref, tn=target_name: f"{r[c]!r} is not a {ref} in {tn}.csv",
                "foreign-key",
            )
    return out


# ---------------------------------------------------------------------------------------------
# events.csv


@rule("date-order")
def date_order(t: Tables) -> list[Problem]:
    """``date_end`` is not before ``date_start``."""
    ev = t["events"]
    return _flag(
        t,
        "events",
        ev["date_end"] < ev["date_start"],
        "date_end",
        lambda r: f"{_fmt(r.date_end)} is before date_start {_fmt(r.date_start)}",
        "date-order",
    )


@rule("date-scope")
def date_scope(t: Tables) -> list[Problem]:
    """Dates lie between 2014-01-01 and today."""
    ev = t["events"]
    today = pd.Timestamp(dt.date.today())
    early = "is before the dataset's scope (2014-01-01)"
    return _flag(
        t,
        "events",
        ev["date_start"] < EARLIEST,
        "date_start",
        lambda r: f"{_fmt(r.date_start)} {early}",
        "date-scope",
    ) + _flag(
        t,
        "events",
        ev["date_end"] > today,
        "date_end",
        lambda r: f"{_fmt(r.date_end)} is in the future",
        "date-scope",
    )


def implied_date_prec(span_days: int) -> int:
    """The ``date_prec`` a span of days means: 1 day; 2-6 days; 7 days; up to 31; longer."""
    if span_days <= 1:
        return 1
    if span_days <= 6:
        return 2
    if span_days == 7:
        return 3
    return 4 if span_days <= 31 else 5


@rule("date-precision")
def date_precision(t: Tables) -> list[Problem]:
    """``date_prec`` matches the span from ``date_start`` to ``date_end``."""
    ev = t["events"]
    span = (ev["date_end"] - ev["date_start"]).dt.days + 1
    implied = span.map(lambda s: implied_date_prec(int(s)) if s >= 1 else pd.NA)
    bad = (span >= 1) & (ev["date_prec"].astype("Int64") != implied.astype("Int64"))

    def msg(r: pd.Series) -> str:
        s = (r.date_end - r.date_start).days + 1
        return (
            f"a span of {s} day(s) from date_start to date_end means date_prec "
            f"{implied_date_prec(s)}, not {r.date_prec}"
        )

    return _flag(t, "events", bad, "date_prec", msg, "date-precision")


@rule("id-year")
def id_year(t: Tables) -> list[Problem]:
    """The year in ``event_id`` is the year of ``date_start``."""
    ev = t["events"]
    bad = ev["event_id"].astype(str).str[5:9] != ev["date_start"].dt.year.astype(str).str.zfill(4)
    return _flag(
        t,
        "events",
        bad,
        "event_id",
        lambda r: f"{r.event_id} does not carry the year of date_start ({r.date_start.year})",
        "id-year",
    )


@rule("casualty-order")
def casualty_order(t: Tables) -> list[Problem]:
    """``killed_low`` <= ``killed_best`` <= ``killed_high`` wherever both are given."""
    ev = t["events"]
    out: list[Problem] = []
    for a, b in (
        ("killed_low", "killed_best"),
        ("killed_best", "killed_high"),
        ("killed_low", "killed_high"),
    ):
        bad = (ev[a] > ev[b]).fillna(False)
        out += _flag(
            t,
            "events",
            bad,
            a,
            lambda r, a=a, b=b: f"{a} {r[a]} is greater than {b} {r[b]}",
            "casualty-order",
        )
    return out


@rule("duplicate-link")
def duplicate_link(t: Tables) -> list[Problem]:
    """``duplicate_of`` is set if and only if ``record_status`` is duplicate."""
    ev = t["events"]
    bad = (ev["record_status"] == "duplicate") != ev["duplicate_of"].notna()
    return _flag(
        t,
        "events",
        bad,
        "duplicate_of",
        lambda r: "set duplicate_of if and only if record_status is duplicate",
        "duplicate-link",
    )


@rule("coordinates")
def coordinates(t: Tables) -> list[Problem]:
    """Coordinates come in pairs, are given for codes 1-3 and never for codes 4 and above; an
    Afghan or Pakistani event located to a province or better names the province."""
    ev = t["events"]
    lat, lon = ev["latitude"].notna(), ev["longitude"].notna()
    prec = ev["where_prec"]
    out = _flag(
        t,
        "events",
        lat != lon,
        "latitude",
        lambda r: "latitude and longitude must both be given or both be blank",
        "coordinates",
    )
    out += _flag(
        t,
        "events",
        (prec <= 3) & ~lat,
        "latitude",
        lambda r: f"where_prec {r.where_prec} needs coordinates",
        "coordinates",
    )
    out += _flag(
        t,
        "events",
        (prec >= 4) & lat,
        "where_prec",
        lambda r: (
            f"where_prec {r.where_prec} (a centroid) must not carry a coordinate; "
            "leave it blank or give the town (2)"
        ),
        "coordinates",
    )
    need = (prec <= 4) & ev["adm1"].isna() & ev["country"].astype(str).isin(AFPAK)
    out += _flag(
        t,
        "events",
        need,
        "adm1",
        lambda r: "events in Afghanistan or Pakistan located to a province or better need adm1",
        "coordinates",
    )
    return out


@rule("vocabularies")
def vocabularies(t: Tables) -> list[Problem]:
    """Themes come from the book's list, tags are lower-case keywords, nationalities are
    capitalised demonyms."""
    themes = set(THEMES)
    nat = (
        "is not a nationality (a capitalised demonym, e.g. 'Tajik', or 'Central Asian "
        "(unspecified)'); put details in the summary"
    )
    return (
        _each_item(
            t,
            "events",
            "themes",
            lambda v: None if v in themes else f"{v!r} is not a theme ({', '.join(THEMES)})",
            "vocabularies",
        )
        + _each_item(
            t,
            "events",
            "perpetrator_nationality",
            lambda v: None if _NATIONALITY.match(v) else f"{v!r} {nat}",
            "vocabularies",
        )
        + _each_item(
            t,
            "events",
            "tags",
            lambda v: (
                None
                if _TAG.match(v)
                else f"tag {v!r} must be lower case letters, digits, '-' or '_'"
            ),
            "vocabularies",
        )
    )


@rule("attribution")
def attribution(t: Tables) -> list[Problem]:
    """A state's denial names the state; an unattributed event is kept only with
    ``scope_doubt``; ISKP's own toll never stands in ``killed_*`` when ISKP is the only
    source."""
    ev = t["events"]
    status = ev["attribution_status"]
    doubt = ev["scope_doubt"].fillna(False).astype(bool)
    out = _flag(
        t,
        "events",
        (status == "denied_by_state") & ev["denied_by"].isna(),
        "denied_by",
        lambda r: "attribution_status denied_by_state needs denied_by",
        "attribution",
    )
    out += _flag(
        t,
        "events",
        (status == "unattributed") & ~doubt,
        "scope_doubt",
        lambda r: "an unattributed event is kept only with scope_doubt true",
        "attribution",
    )
    own = (status == "claimed_by_iskp") & (ev["evidence_status"] == "party_claim_only")
    for field in ("killed_low", "killed_best", "killed_high"):
        same = own & (ev[field] == ev["iskp_claimed_killed"]).fillna(False)
        out += _flag(
            t,
            "events",
            same,
            field,
            lambda r: "ISKP's own toll may not stand in killed_* when ISKP is the only source",
            "attribution",
        )
    return out


@rule("class")
def event_class(t: Tables) -> list[Problem]:
    """Class rules: attacks are in Afghanistan or Pakistan and external attacks outside them;
    a cross-border strike has another origin country; operations against ISKP have outcome
    ``not_applicable`` and interdicted plots ``interdicted``."""
    ev = t["events"]
    cls, country = ev["event_class"].astype(str), ev["country"].astype(str)
    afpak = country.isin(AFPAK)
    out = _flag(
        t,
        "events",
        (cls == "attack") & ~afpak,
        "event_class",
        lambda r: f"attack is for Afghanistan and Pakistan; {r.country} needs external_attack",
        "class",
    )
    out += _flag(
        t,
        "events",
        (cls == "external_attack") & afpak,
        "event_class",
        lambda r: "external_attack must be outside Afghanistan and Pakistan",
        "class",
    )
    origin = ev["origin_country"].astype("string")
    strike = (cls == "cross_border_strike") & (origin.isna() | (origin == country)).fillna(True)
    out += _flag(
        t,
        "events",
        strike,
        "origin_country",
        lambda r: "a cross_border_strike needs an origin_country other than country",
        "class",
    )
    ops = cls.isin(OPERATIONS) & (ev["outcome"] != "not_applicable")
    out += _flag(
        t,
        "events",
        ops,
        "outcome",
        lambda r: f"an operation against ISKP ({r.event_class}) has outcome not_applicable",
        "class",
    )
    plots = (cls == "external_plot_interdicted") & (ev["outcome"] != "interdicted")
    out += _flag(
        t,
        "events",
        plots,
        "outcome",
        lambda r: "an interdicted plot has outcome interdicted",
        "class",
    )
    return out


def _normal_place(text: pd.Series) -> pd.Series:
    """Location text for comparison: lower case, letters and digits only."""
    return text.fillna("").astype(str).str.lower().str.replace(r"[^a-z0-9]+", "", regex=True)


@rule("duplicate-suspect")
def duplicate_suspects(t: Tables) -> list[Problem]:
    """Two active events of the same class on the same day at the same place are a suspected
    duplicate unless they share an ``incident_group`` (coordinated parts) or one is marked
    duplicate."""
    ev = t["events"]
    act = ev[ev["record_status"] == "active"]
    key = (
        act["date_start"].astype(str)
        + "|"
        + act["event_class"].astype(str)
        + "|"
        + act["country"].astype(str)
        + "|"
        + act["location"].fillna("").astype(str).str.lower()
    )
    out: list[Problem] = []
    for _, idx in act.groupby(key).groups.items():
        if len(idx) < 2:
            continue
        rows = act.loc[idx]
        groups = rows["incident_group"]
        if groups.notna().all() and groups.nunique() == 1:
            continue
        first = rows.iloc[0]["event_id"]
        for pos in list(idx)[1:]:
            msg = (
                f"{ev.at[pos, 'event_id']} looks like a duplicate of {first} (same day and "
                "place); link them with incident_group or mark one duplicate"
            )
            out.append(
                Problem(
                    "events.csv", t.line("events", int(pos)), "event_id", msg, "duplicate-suspect"
                )
            )
    return out


@rule("spatial")
def spatial(t: Tables) -> list[Problem]:
    """Every point lies in its country, and in its Afghan or Pakistani province where ``adm1``
    is given, within a tolerance that grows with the precision code; every Afghan or Pakistani
    ``adm1`` names a province. Needs the dataset's boundary file."""
    import shapely

    path = boundary_path(t.data_dir)
    if not path.exists():
        return [
            Problem(
                BOUNDARY_FILE,
                WHOLE_FILE,
                FILE,
                f"file not found in {t.data_dir.name}/: the spatial rules need it",
                "spatial",
            )
        ]
    ev = t["events"]
    world = boundaries("world", path).set_index("iso_a3")
    region = boundaries("region", path).set_index("iso_a3")
    provinces = {
        c: boundaries(layer, path).set_index("province") for c, layer in PROVINCE_LAYER.items()
    }
    found: list[tuple[int, Problem]] = []

    def add(i: int, field: str, msg: str) -> None:
        found.append((i, Problem("events.csv", t.line("events", i), field, msg, "spatial")))

    country = ev["country"].astype(str).to_numpy()
    adm1 = [None if v is pd.NA or v is None else province_name(str(v)) for v in ev["adm1"]]
    bad_adm1 = np.array(
        [
            c in provinces and a is not None and a not in provinces[c].index
            for c, a in zip(country, adm1)
        ],
        dtype=bool,
    )
    for i in np.flatnonzero(bad_adm1):
        r = ev.iloc[i]
        add(int(i), "adm1", f"{r['event_id']}: {r['adm1']!r} is not a province of {r['country']}")
    has_pt = (ev["latitude"].notna() & ev["longitude"].notna()).to_numpy(dtype=bool) & ~bad_adm1
    unknown = has_pt & ~np.isin(country, world.index.to_numpy())
    for i in np.flatnonzero(unknown):
        add(
            int(i),
            "country",
            f"{ev.iloc[i]['event_id']}: {country[i]} is not a country in the boundary file",
        )
    idx = np.flatnonzero(has_pt & ~unknown)
    pts = shapely.points(
        ev["longitude"].to_numpy(dtype=float)[idx], ev["latitude"].to_numpy(dtype=float)[idx]
    )
    tol = (
        np.array([TOLERANCE_KM.get(int(p), 100.0) for p in ev["where_prec"].to_numpy()[idx]])
        / KM_PER_DEGREE
    )
    dist = shapely.distance(pts, world.loc[country[idx], "geometry"].to_numpy())
    in_region = np.isin(country[idx], region.index.to_numpy())
    if in_region.any():
        # the regional layer is more detailed but clipped to the region's box: use the nearer
        d_region = shapely.distance(
            pts[in_region], region.loc[country[idx][in_region], "geometry"].to_numpy()
        )
        dist[in_region] = np.minimum(dist[in_region], d_region)
    for k in np.flatnonzero(dist > tol):
        i = int(idx[k])
        r = ev.iloc[i]
        add(
            i,
            "latitude",
            f"{r['event_id']}: point ({float(r['latitude']):.4f}, "
            f"{float(r['longitude']):.4f}) lies {dist[k] * KM_PER_DEGREE:.0f} km "
            f"outside {r['country']}",
        )
    ok = dist <= tol
    for c, layer in provinces.items():
        sel = np.flatnonzero(
            ok & (country[idx] == c) & np.array([adm1[i] is not None for i in idx], dtype=bool)
        )
        if not len(sel):
            continue
        d = shapely.distance(
            pts[sel], layer.loc[[adm1[idx[k]] for k in sel], "geometry"].to_numpy()
        )
        for k, dk in zip(sel[d > tol[sel]], d[d > tol[sel]]):
            i = int(idx[k])
            add(
                i,
                "adm1",
                f"{ev.iloc[i]['event_id']}: point lies {dk * KM_PER_DEGREE:.0f} km "
                f"outside the province {ev.iloc[i]['adm1']}",
            )
    return [p for _, p in sorted(found, key=lambda x: x[0])]


# ---------------------------------------------------------------------------------------------
# sources.csv and event_sources.csv


@rule("source")
def source_rules(t: Tables) -> list[Problem]:
    """A source without URL says why in ``notes``; ``party_to_conflict`` agrees with
    ``perspective``."""
    src = t["sources"]
    party = src["perspective"] != "independent"
    out = _flag(
        t,
        "sources",
        src["url"].isna() & src["notes"].isna(),
        "url",
        lambda r: "a source without URL needs notes saying why",
        "source",
    )
    out += _flag(
        t,
        "sources",
        src["party_to_conflict"].astype(bool) != party,
        "party_to_conflict",
        lambda r: (
            f"must be {'true' if r.perspective != 'independent' else 'false'} "
            f"for perspective {r.perspective}"
        ),
        "source",
    )
    return out


@rule("sourcing")
def sourcing(t: Tables) -> list[Problem]:
    """Every event has source rows; every active event is sourced for its occurrence; claims
    and denials have their own source rows; evidence codes match the sources; every source is
    used by an event, claim or milestone."""
    ev, es, src = t["events"], t["event_sources"], t["sources"]
    links = es.merge(src[["source_id", "publisher", "perspective"]], on="source_id", how="left")
    eid = links["event_id"].astype(str)
    facets: dict[str, set[tuple[str, str]]] = {}
    for e, sup, st in zip(eid, links["supports"].astype(str), links["stance"].astype(str)):
        facets.setdefault(e, set()).add((sup, st))
    n_publishers = links.groupby(eid)["publisher"].nunique().to_dict()
    has_independent = (links["perspective"] == "independent").groupby(eid).any().to_dict()
    out: list[Problem] = []
    for i, r in enumerate(ev.itertuples(index=False)):
        line = t.line("events", i)

        def p(field: str, msg: str, line: int = line) -> None:
            out.append(Problem("events.csv", line, field, msg, "sourcing"))

        f = facets.get(str(r.event_id))
        if f is None:
            p("event_id", f"{r.event_id} has no row in event_sources.csv")
            continue
        if r.record_status != "active":
            continue  # retracted and duplicate records keep their sources as they were
        if ("occurrence", "supports") not in f:
            p("event_id", f"{r.event_id} has no source supporting its occurrence")
        if r.iskp_claimed == "yes" and not any(s == "perpetrator_claim" for s, _ in f):
            p(
                "iskp_claimed",
                f"{r.event_id} is marked claimed but no source row supports perpetrator_claim",
            )
        if r.attribution_status == "denied_by_state" and not any(s == "denial" for s, _ in f):
            p(
                "attribution_status",
                f"{r.event_id} is denied_by_state but no source row supports denial",
            )
        publishers = n_publishers.get(str(r.event_id), 0)
        independent = bool(has_independent.get(str(r.event_id), False))
        if r.evidence_status == "corroborated" and (publishers < 2 or not independent):
            p(
                "evidence_status",
                f"corroborated needs two publishers and one independent; "
                f"{r.event_id} has {publishers} publisher(s)",
            )
        if r.evidence_status == "single_source" and not independent:
            p(
                "evidence_status",
                f"single_source needs an independent source; {r.event_id} has "
                "only party sources (use party_claim_only)",
            )
    used = (
        set(es["source_id"].astype(str))
        | set(t["claims"]["source_id"].astype(str))
        | set(t["milestones"]["source_id"].astype(str))
    )
    out += _flag(
        t,
        "sources",
        ~src["source_id"].astype(str).isin(used),
        "source_id",
        lambda r: f"{r.source_id} is cited by no event, claim or milestone",
        "sourcing",
    )
    return out


# ---------------------------------------------------------------------------------------------
# claims.csv


def claim_population_problem(
    event_ids: object, event_classes: object, comparability: object
) -> str | None:
    """Why a claim's population cannot be built, or None when it can: a recomputable claim
    needs named events or event classes."""
    if str(comparability) == "not_recomputable":
        return None
    if not any(_splitlist(event_ids)) and not any(_splitlist(event_classes)):
        return "a recomputable claim needs event_classes or event_ids to define its population"
    return None


@rule("claim")
def claim_rules(t: Tables) -> list[Problem]:
    """Claims name valid countries, classes, statuses and events; periods and ranges are in
    order; a recomputable sum names its field; a recomputable claim defines its population."""
    cl = t["claims"]
    classes = set(vocabulary("events", "event_class", t.data_dir))
    statuses = set(vocabulary("events", "attribution_status", t.data_dir))
    known = set(t["events"]["event_id"].astype(str))
    out = _each_item(
        t,
        "claims",
        "countries",
        lambda v: None if _ISO3.fullmatch(v) else f"{v!r} is not an ISO3 code",
        "claim",
    )
    out += _each_item(
        t,
        "claims",
        "event_classes",
        lambda v: None if v in classes else f"{v!r} is not an event class",
        "claim",
    )
    out += _each_item(
        t,
        "claims",
        "attribution_statuses",
        lambda v: None if v in statuses else f"{v!r} is not an attribution status",
        "claim",
    )
    out += _each_item(
        t,
        "claims",
        "event_ids",
        lambda v: None if v in known else f"{v!r} is not an event_id in events.csv",
        "claim",
    )
    out += _flag(
        t,
        "claims",
        (cl["period_end"] < cl["period_start"]).fillna(False),
        "period_end",
        lambda r: "period_end is before period_start",
        "claim",
    )
    out += _flag(
        t,
        "claims",
        (cl["value_high"] < cl["value"]).fillna(False),
        "value_high",
        lambda r: "value_high is below value",
        "claim",
    )
    out += _flag(
        t,
        "claims",
        (cl["value_qualifier"] == "range") != cl["value_high"].notna(),
        "value_high",
        lambda r: "value_high is set if and only if value_qualifier is range",
        "claim",
    )
    sums = (
        (cl["comparability"] != "not_recomputable")
        & cl["metric"].isin(["sum_killed", "sum_wounded"])
        & cl["recompute_field"].isna()
    )
    out += _flag(
        t,
        "claims",
        sums,
        "recompute_field",
        lambda r: "a recomputable sum needs recompute_field",
        "claim",
    )
    why = [
        claim_population_problem(a, b, c)
        for a, b, c in zip(cl["event_ids"], cl["event_classes"], cl["comparability"])
    ]
    out += _flag(
        t,
        "claims",
        [w is not None for w in why],
        "event_classes",
        lambda r: claim_population_problem(r.event_ids, r.event_classes, r.comparability) or "",
        "claim",
    )
    order = {name: k for k, name in enumerate(t["claims"].columns)}
    return sorted(out, key=lambda p: (p.row, order.get(p.field, 0)))


def check(t: Tables) -> list[Problem]:
    """Foreign keys, then (when they hold) every rule of ``RULES``, in order."""
    problems = foreign_keys(t)
    if problems:
        return problems
    for r in RULES:
        problems.extend(r.check(t))
    return problems
