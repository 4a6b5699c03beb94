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
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .dataset import publisher_key, with_publishers
from .errors import FILE, WHOLE_FILE, Problem
from .geo import BOUNDARY_FILE, PROVINCE_LAYER, boundaries, boundary_path, province_name
from .read import INVISIBLE, Tables
from .schema import THEMES, cutoff, schemas, vocabulary

EARLIEST = pd.Timestamp("2014-01-01")
AFPAK = ("AFG", "PAK")
OPERATIONS = (
    "counter_operation",
    "leadership_killing",
    "arrest",
    "clash",
    "surrender",
    "extrajudicial_killing",
)
"""Classes that are not attacks or plots: their outcome is not_applicable."""
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
        import inspect

        first = inspect.cleandoc(self.check.__doc__ or "").split("\n\n")[0]
        return " ".join(first.split())


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


@rule("duplicate-chain")
def duplicate_chain(t: Tables) -> list[Problem]:
    """A duplicate points at an active record: not at itself, not at another duplicate (a
    chain, or two records marked duplicates of each other), not at a retracted record; so the
    incident always keeps exactly one active record."""
    ev = t["events"]
    status = dict(zip(ev["event_id"].astype(str), ev["record_status"].astype(str)))
    target = ev["duplicate_of"].astype("string")

    def problem(r: pd.Series) -> str:
        if r.duplicate_of == r.event_id:
            return f"{r.event_id} is marked a duplicate of itself"
        return (
            f"{r.event_id} is a duplicate of {r.duplicate_of}, which is "
            f"{status.get(str(r.duplicate_of), 'missing')}; point at the active record"
        )

    bad = target.notna() & (
        (target == ev["event_id"].astype("string"))
        | (
            target.map(lambda x: status.get(str(x), "active") if pd.notna(x) else "active")
            != "active"
        )
    )
    return _flag(t, "events", bad.fillna(False), "duplicate_of", problem, "duplicate-chain")


@rule("coordinates")
def coordinates(t: Tables) -> list[Problem]:
    """Coordinates come in pairs; the exact site (code 1) and the town (code 2) carry them, a
    district (code 3) may carry its centre or none, codes 4 and above never do; an Afghan or
    Pakistani event located to a province or better names the province."""
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
        (prec <= 2) & ~lat,
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


def normal_text(text: pd.Series) -> pd.Series:
    """Text for comparison: invisible characters dropped, accents folded ('Mazār' is
    'mazar'), lower case, letters and digits only (of any script)."""
    return text.fillna("").astype(str).map(_fold)


def _fold(value: str) -> str:
    import unicodedata

    s = unicodedata.normalize("NFKD", INVISIBLE.sub("", value))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[\W_]+", "", s)


@rule("duplicate-suspect")
def duplicate_suspects(t: Tables) -> list[Problem]:
    """Two active events of the same class in the same country and province (or, without a
    province, at the same normalised place) within a day of each other are a suspected
    duplicate, unless they share an ``incident_group`` (parts of one incident), list each other
    in ``distinct_from`` (checked: different incidents), or one is marked duplicate. Place text
    is compared lower-cased, without punctuation, spaces or invisible characters, so a reworded
    or padded entry is still caught."""
    ev = t["events"]
    active = np.flatnonzero((ev["record_status"] == "active").to_numpy(dtype=bool))
    act = ev.iloc[active]
    place = normal_text(act["adm1"].astype("string").fillna(act["location"].astype("string")))
    key = (
        act["event_class"].astype(str) + "|" + act["country"].astype(str) + "|" + place
    ).to_numpy()
    days = (act["date_start"].to_numpy().astype("datetime64[D]")).astype("int64")
    ids = act["event_id"].astype(str).to_numpy()
    groups = act["incident_group"].astype("string").fillna("").to_numpy()
    distinct = {(str(e), d) for e, ds in zip(ids, act["distinct_from"]) for d in _splitlist(ds)}
    order = np.lexsort((days, key))
    out: list[Problem] = []
    for a in range(len(order)):
        i = order[a]
        b = a + 1
        while b < len(order) and key[order[b]] == key[i] and days[order[b]] - days[i] <= 1:
            j = order[b]
            b += 1
            if groups[i] and groups[i] == groups[j]:
                continue
            if (ids[i], ids[j]) in distinct or (ids[j], ids[i]) in distinct:
                continue
            first, later = (i, j) if (days[i], i) <= (days[j], j) else (j, i)
            msg = (
                f"{ids[later]} looks like a duplicate of {ids[first]} (same class and place "
                "within a day); link them with incident_group, list them in distinct_from, "
                "or mark one duplicate"
            )
            out.append(
                Problem(
                    "events.csv",
                    t.line("events", int(active[later])),
                    "event_id",
                    msg,
                    "duplicate-suspect",
                )
            )
    return sorted(out, key=lambda p: p.row)


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


@rule("claim-branch")
def claim_branch(t: Tables) -> list[Problem]:
    """``claimed_as`` says in whose name a claim was made. A claim in the name of Khorasan or
    of the Islamic State without a province is an ISKP claim (``iskp_claimed`` yes); a claim
    by Islamic State Pakistan Province or Hind Province is not (``iskp_claimed`` no) and is
    kept only with ``scope_doubt`` or an attribution to ISKP by a state or researchers."""
    ev = t["events"]
    branch = ev["claimed_as"].astype("string")
    claimed = ev["iskp_claimed"] == "yes"
    own = branch.isin(["khorasan", "islamic_state"]).fillna(False)
    other = branch.isin(["pakistan_province", "hind_province"]).fillna(False)
    out = _flag(
        t,
        "events",
        own & ~claimed,
        "iskp_claimed",
        lambda r: f"claimed_as {r.claimed_as} is an ISKP claim: iskp_claimed must be yes",
        "claim-branch",
    )
    out += _flag(
        t,
        "events",
        other & claimed,
        "iskp_claimed",
        lambda r: f"a claim by {r.claimed_as} is not an ISKP claim: iskp_claimed must be no",
        "claim-branch",
    )
    out += _flag(
        t,
        "events",
        claimed & branch.isna(),
        "claimed_as",
        lambda r: (
            "a claimed event says in whose name it was claimed (khorasan, or "
            "islamic_state when the report names no province)"
        ),
        "claim-branch",
    )
    named = ev["attribution_status"].isin(
        ["attributed_by_authorities", "attributed_by_researchers"]
    )
    doubt = ev["scope_doubt"].fillna(False).astype(bool)
    out += _flag(
        t,
        "events",
        other & ~named & ~doubt,
        "scope_doubt",
        lambda r: f"claimed by {r.claimed_as} and named ISKP by nobody: needs scope_doubt",
        "claim-branch",
    )
    out += _flag(
        t,
        "events",
        other & (ev["attribution_status"].astype(str).str.startswith("claimed")),
        "attribution_status",
        lambda r: f"a claim by {r.claimed_as} cannot be coded {r.attribution_status}",
        "claim-branch",
    )
    return out


@rule("class-fields")
def class_fields(t: Tables) -> list[Problem]:
    """Fields that belong to some classes only: ``documented_by`` names the documenting body of
    every extrajudicial killing and of nothing else; ``plot_type`` is for external attacks and
    plots, and a typed plot states its basis; ISKP and opponent deaths do not exceed the
    highest toll."""
    ev = t["events"]
    cls = ev["event_class"].astype(str)
    ejk = cls == "extrajudicial_killing"
    out = _flag(
        t,
        "events",
        ejk & ev["documented_by"].isna(),
        "documented_by",
        lambda r: "an extrajudicial killing names the body that documented it",
        "class-fields",
    )
    out += _flag(
        t,
        "events",
        ~ejk & ev["documented_by"].notna(),
        "documented_by",
        lambda r: "documented_by is for extrajudicial killings only",
        "class-fields",
    )
    external = cls.isin(["external_attack", "external_plot_interdicted"])
    out += _flag(
        t,
        "events",
        ~external & ev["plot_type"].notna(),
        "plot_type",
        lambda r: "plot_type is for external attacks and interdicted plots only",
        "class-fields",
    )
    typed = ev["plot_type"].isin(["directed", "enabled", "inspired"]).fillna(False)
    out += _flag(
        t,
        "events",
        typed & ev["plot_type_basis"].isna(),
        "plot_type_basis",
        lambda r: f"plot_type {r.plot_type} needs plot_type_basis (who said what)",
        "class-fields",
    )
    top = ev["killed_high"].fillna(ev["killed_best"])
    parts = ev["killed_iskp"].fillna(0) + ev["killed_opponent"].fillna(0)
    over = (parts > top).fillna(False) & (
        ev["killed_iskp"].notna() | ev["killed_opponent"].notna()
    )
    out += _flag(
        t,
        "events",
        over,
        "killed_iskp",
        lambda r: "killed_iskp plus killed_opponent exceed the highest toll",
        "class-fields",
    )
    return out


FACTS_AFTER_THE_EVENT = (
    "occurrence",
    "date",
    "casualties",
    "perpetrator_claim",
    "attribution",
    "denial",
    "arrests",
)
"""Facets a source cannot report before the event happened."""


@rule("source-dates")
def source_dates(t: Tables) -> list[Problem]:
    """A source is read after it was published and not after today; a source that reports an
    event's occurrence, toll, claim, attribution or denial is not published more than a day
    before the event began (time zones)."""
    src, es, ev = t["sources"], t["event_sources"], t["events"]
    today = pd.Timestamp(dt.date.today())
    out = _flag(
        t,
        "sources",
        (src["published"] > src["accessed"]).fillna(False),
        "published",
        lambda r: f"published {_fmt(r.published)} after it was accessed {_fmt(r.accessed)}",
        "source-dates",
    )
    out += _flag(
        t,
        "sources",
        (src["published"] > today).fillna(False),
        "published",
        lambda r: f"published {_fmt(r.published)} is in the future",
        "source-dates",
    )
    out += _flag(
        t,
        "sources",
        src["accessed"] > today,
        "accessed",
        lambda r: f"accessed {_fmt(r.accessed)} is in the future",
        "source-dates",
    )
    pub = es["source_id"].map(dict(zip(src["source_id"], src["published"])))
    start = es["event_id"].map(dict(zip(ev["event_id"], ev["date_start"])))
    early = es["supports"].isin(FACTS_AFTER_THE_EVENT) & (pub < start - pd.Timedelta(days=1))
    out += _flag(
        t,
        "event_sources",
        early.fillna(False),
        "source_id",
        lambda r: (
            f"{r.source_id} was published before {r.event_id} happened; "
            f"it cannot support its {r.supports}"
        ),
        "source-dates",
    )
    return out


@rule("tolls")
def tolls(t: Tables) -> list[Problem]:
    """Where linked sources report how many were killed, ``killed_best`` is not above every
    one of their figures: a best estimate no source gives is a typo or an unsourced figure.
    (Below them is allowed: a best estimate may leave out attackers or victims that a source
    counts and the record keeps apart; the summary says so.)"""
    ev, es = t["events"], t["event_sources"]
    hi = es.dropna(subset=["killed_reported"]).groupby("event_id")["killed_reported"].max()
    above = (ev["killed_best"] > ev["event_id"].map(hi)).fillna(False)
    return _flag(
        t,
        "events",
        above,
        "killed_best",
        lambda r: (
            f"killed_best {r.killed_best} is above every figure of the linked "
            f"sources (at most {hi.get(r.event_id)})"
        ),
        "tolls",
    )


# ---------------------------------------------------------------------------------------------
# sources.csv and event_sources.csv


@rule("source")
def source_rules(t: Tables) -> list[Problem]:
    """A source has a URL or, when the document is not online, notes saying why; and a URL or
    a title."""
    src = t["sources"]
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
        src["url"].isna() & src["title"].isna(),
        "title",
        lambda r: "a source needs a URL or a title",
        "source",
    )
    return out


@rule("publisher")
def publisher_rules(t: Tables) -> list[Problem]:
    """One row per outlet: two publishers whose names differ only in case, accents,
    punctuation or a leading 'The' are one outlet entered twice (so it cannot carry two
    codes); a state-directed outlet (perspective other than independent) is state-owned."""
    pub = t["publishers"]
    keys = pub["name"].map(publisher_key)
    dup = keys.duplicated(keep="first")
    first = dict(zip(keys[~dup], pub["publisher_id"][~dup]))
    out = _flag(
        t,
        "publishers",
        dup,
        "name",
        lambda r: (
            f"{r['name']!r} is the same outlet as {first[publisher_key(r['name'])]}; "
            "merge the rows"
        ),
        "publisher",
    )
    state = pub["perspective"].isin(["other_state", "taliban"]) & ~pub["state_owned"].astype(bool)
    out += _flag(
        t,
        "publishers",
        state,
        "state_owned",
        lambda r: f"perspective {r.perspective} speaks for a state: state_owned is true",
        "publisher",
    )
    return out


@rule("sourcing")
def sourcing(t: Tables) -> list[Problem]:
    """Every event has source rows; every active event is sourced for its occurrence; claims
    and denials have their own source rows; evidence codes match the sources; every source is
    used by an event, claim or milestone."""
    ev, es, src = t["events"], t["event_sources"], t["sources"]
    src = with_publishers(src, t["publishers"])
    links = es.merge(src[["source_id", "publisher", "perspective"]], on="source_id", how="left")
    links["publisher"] = links["publisher"].map(publisher_key)
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
    used: set[str] = set()
    for name, frame in t.frames.items():
        if name != "sources" and "source_id" in frame:
            used |= set(frame["source_id"].dropna().astype(str))
    out += _flag(
        t,
        "sources",
        ~src["source_id"].astype(str).isin(used),
        "source_id",
        lambda r: f"{r.source_id} is cited by no row of any table",
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


PRECISE_TABLES = {  # table: ((date field, precision field), ...)
    "leaders": (("date_from", "from_prec"), ("date_to", "to_prec")),
    "territory": (("date_from", "from_prec"), ("date_to", "to_prec")),
    "media": (("first_seen", "first_prec"), ("last_seen", "last_prec")),
    "milestones": (("date", "date_prec"),),
}
SPANS = {  # table: (start, end)
    "leaders": ("date_from", "date_to"),
    "territory": ("date_from", "date_to"),
    "media": ("first_seen", "last_seen"),
    "benchmarks": ("period_start", "period_end"),
}


@rule("table-dates")
def table_dates(t: Tables) -> list[Problem]:
    """In the leaders, territory, media and relations tables a date and its precision agree: a
    start dated to the month is the month's first day, to the year 1 January; an end dated to
    the month or year is its first or last day; a precision needs a date. Periods end after
    they start; nothing is dated after today."""
    today = pd.Timestamp(dt.date.today())
    ends = {end for _, end in SPANS.values()}
    out: list[Problem] = []
    for table, pairs in PRECISE_TABLES.items():
        frame = t[table]
        for date, prec in pairs:
            d, p = frame[date], frame[prec]
            first_m, first_y = d.dt.day == 1, (d.dt.day == 1) & (d.dt.month == 1)
            if date in ends:
                first_m = first_m | d.dt.is_month_end
                first_y = first_y | ((d.dt.day == 31) & (d.dt.month == 12))
            bad = (((p == 4) & ~first_m) | ((p == 5) & ~first_y)) & d.notna()
            where = "first or last" if date in ends else "first"
            out += _flag(
                t,
                table,
                bad.fillna(False),
                date,
                lambda r, date=date, prec=prec, where=where: (
                    f"{_fmt(r[date])} with "
                    f"precision {r[prec]} must be the {where} day of its month (4) or year (5)"
                ),
                "table-dates",
            )
            out += _flag(
                t,
                table,
                p.notna() & d.isna(),
                prec,
                lambda r, date=date: f"a precision without a {date}",
                "table-dates",
            )
            out += _flag(
                t,
                table,
                (d > today).fillna(False),
                date,
                lambda r, date=date: f"{_fmt(r[date])} is in the future",
                "table-dates",
            )
    for table, (start, end) in SPANS.items():
        frame = t[table]
        out += _flag(
            t,
            table,
            (frame[end] < frame[start]).fillna(False),
            end,
            lambda r, start=start, end=end: (
                f"{end} {_fmt(r[end])} is before {start} {_fmt(r[start])}"
            ),
            "table-dates",
        )
    return out


@rule("benchmark")
def benchmark_rules(t: Tables) -> list[Problem]:
    """A benchmark's range is in order (low <= best <= high); only strength estimates say
    whether families are counted."""
    b = t["benchmarks"]
    out = _flag(
        t,
        "benchmarks",
        (b["value_low"] > b["value_high"]).fillna(False),
        "value_high",
        lambda r: f"value_high {r.value_high} is below value_low {r.value_low}",
        "benchmark",
    )
    outside = (b["value_best"] < b["value_low"]) | (b["value_best"] > b["value_high"])
    out += _flag(
        t,
        "benchmarks",
        outside.fillna(False),
        "value_best",
        lambda r: f"value_best {r.value_best} lies outside {r.value_low} to {r.value_high}",
        "benchmark",
    )
    out += _flag(
        t,
        "benchmarks",
        b["includes_families"].notna() & (b["metric"] != "fighters"),
        "includes_families",
        lambda r: "includes_families is for strength estimates",
        "benchmark",
    )
    return out


@rule("people")
def people_rules(t: Tables) -> list[Problem]:
    """A named person's nationalities are capitalised demonyms, like the events'."""
    nat = (
        "is not a nationality (a capitalised demonym such as 'Tajik'); put ethnicity in "
        "ethnicity and details in notes"
    )
    return _each_item(
        t,
        "people",
        "nationality",
        lambda v: None if _NATIONALITY.match(v) else f"{v!r} {nat}",
        "people",
    )


@rule("cutoff")
def after_cutoff(t: Tables) -> list[Problem]:
    """Nothing is dated after the data cut-off (``cutoff`` in ``datapackage.json``): the record
    is searched up to that day, so a later entry would stand alone in a period the book treats
    as unsearched."""
    limit = pd.Timestamp(cutoff(t.data_dir))
    out: list[Problem] = []
    for table, field in (
        ("events", "date_start"),
        ("milestones", "date"),
        ("benchmarks", "period_start"),
        ("leaders", "date_to"),
        ("territory", "date_from"),
        ("media", "first_seen"),
    ):
        late = (t[table][field] > limit).fillna(False)
        out += _flag(
            t,
            table,
            late,
            field,
            lambda r, f=field: f"{_fmt(r[f])} is after the data cut-off {_fmt(limit)}",
            "cutoff",
        )
    return out


@rule("references")
def references(t: Tables) -> list[Problem]:
    """Every event named in ``distinct_from`` exists and is not the event itself."""
    known = set(t["events"]["event_id"].astype(str))
    out: list[Problem] = []
    for i, (eid, value) in enumerate(zip(t["events"]["event_id"], t["events"]["distinct_from"])):
        for item in _splitlist(value):
            if item not in known or item == eid:
                why = "is the event itself" if item == eid else "is not an event_id"
                msg = f"{item!r} in distinct_from {why}"
                out.append(
                    Problem("events.csv", t.line("events", i), "distinct_from", msg, "references")
                )
    return out


DENYLIST = "denylist.txt"


def url_host(url: str) -> str:
    """The host a URL really points at: lower case, without scheme, user information, port or
    a trailing dot (``https://reuters.com@t.me:443/x`` points at ``t.me``)."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        host = ""
    return host.lower().rstrip(".")


def denied_hosts(data_dir: Path) -> list[str]:
    """The entries of the dataset's deny-list of propaganda outlets (hosts, or host/path
    prefixes)."""
    path = data_dir / DENYLIST
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#")]


def is_denied(url: str, deny: list[str]) -> bool:
    """Whether ``url`` points at a denied host (or a subdomain of one), or under a denied
    host/path prefix."""
    from urllib.parse import urlsplit

    host = url_host(url)
    try:
        path = urlsplit(url.strip()).path.lower()
    except ValueError:
        path = ""
    for entry in deny:
        h, _, prefix = entry.partition("/")
        on_host = host == h or host.endswith("." + h)
        if on_host and (not prefix or path.lstrip("/").startswith(prefix)):
            return True
    return False


@functools.lru_cache(maxsize=16384)
def _denied(url: str, deny: tuple[str, ...]) -> bool:
    return is_denied(url, list(deny))


@rule("safe-url")
def safe_urls(t: Tables) -> list[Problem]:
    """No source links to an outlet that distributes ISKP propaganda (``denylist.txt``),
    however the URL is dressed (user information, port, upper case, trailing dot)."""
    deny = tuple(denied_hosts(t.data_dir))
    src = t["sources"]
    bad = (
        src["url"].astype("string").map(lambda u: _denied(str(u), deny) if pd.notna(u) else False)
    )
    return _flag(
        t,
        "sources",
        bad,
        "url",
        lambda r: (
            f"{url_host(str(r.url))} distributes propaganda (denylist.txt); cite "
            "an independent report instead"
        ),
        "safe-url",
    )


def check(t: Tables) -> list[Problem]:
    """Foreign keys, then (when they hold) every rule of ``RULES``, in order."""
    problems = foreign_keys(t)
    if problems:
        return problems
    for r in RULES:
        problems.extend(r.check(t))
    return problems
