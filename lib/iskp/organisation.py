"""The organisation behind the events: its leaders and what became of them, the ground it was
reported to hold, the languages of its media, and the people named as its attackers and
plotters. Tidy frames in, tidy frames out; nothing here loads data or draws.

The tables read here (``leaders``, ``territory``, ``media``, ``people``) are dated records of
what sources reported, not continuous series: a leader's tenure is often dated only by its end,
a district by the days a source described it, a language by its first reported appearance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from .analysis import TAKEOVER, apply_rule, core
from .dataset import split_list

LEADER_ROLES = ("emir", "deputy_emir", "spokesman", "external_operations", "provincial_leader")
"""The roles the chapter follows, in the order it shows them."""
ROLE_LABELS = {
    "emir": "emir",
    "deputy_emir": "deputy emir",
    "spokesman": "spokesman",
    "external_operations": "head of external operations",
    "provincial_leader": "provincial leader",
    "senior_commander": "senior commander",
    "media": "media",
    "finance": "finance",
    "other": "other",
}
END_LABELS = {
    "killed": "killed",
    "captured": "captured",
    "surrendered": "surrendered",
    "died": "died",
    "replaced": "replaced",
    "in_office": "in office (as last reported)",
    "unknown": "end not reported",
    "disputed": "disputed",
}
"""Reader-facing names of ``leaders.tenure_end``."""
REMOVED = ("killed", "captured", "surrendered")
"""Tenure ends that take a leader out by force or surrender."""
STATUS_ORDER = ("present", "contested", "held")
"""Territory statuses from weakest to strongest."""
GROUND_PERIODS: dict[str, tuple[str, str]] = {
    "2015-16": ("2015-01-01", "2016-12-31"),
    "2017-18": ("2017-01-01", "2018-12-31"),
    "2019-21": ("2019-01-01", (TAKEOVER - pd.Timedelta(days=1)).strftime("%Y-%m-%d")),
}
"""Periods of the ground maps (the last ends the day before the takeover)."""
MESSAGING_PHASES: dict[str, tuple[str, str | None]] = {
    "2015-19: local": ("2015-01-01", "2019-12-31"),
    "2020-21: regional": ("2020-01-01", (TAKEOVER - pd.Timedelta(days=1)).strftime("%Y-%m-%d")),
    "since the takeover: multilingual": (TAKEOVER.strftime("%Y-%m-%d"), None),
}
"""The three phases of the usual account of ISKP's messaging (inclusive bounds; None open)."""
LANGUAGES = {
    "ar": "Arabic",
    "ps": "Pashto",
    "fa": "Dari (Persian)",
    "pa": "Punjabi",
    "ur": "Urdu",
    "uz": "Uzbek",
    "tg": "Tajik",
    "ru": "Russian",
    "en": "English",
    "ug": "Uyghur",
    "tr": "Turkish",
    "hi": "Hindi",
    "ml": "Malayalam",
    "bn": "Bengali",
}
"""Names of the ISO 639-1 codes of ``media.language``."""
UNDATED = "undated"
STRADDLES = "date spans two phases"
EXTERNAL = ("external_attack", "external_plot_interdicted")
"""Event classes that carry a ``plot_type``."""
NOT_REPORTED = "not reported"


def _precision_end(date: pd.Timestamp, prec: object) -> pd.Timestamp:
    """The last day a date of precision ``prec`` (1 day, 4 month, 5 year) may stand for."""
    if pd.isna(date):
        return date
    p = 1 if pd.isna(prec) else int(prec)
    if p >= 5:
        return date.to_period("Y").end_time.normalize()
    if p >= 3:
        return date.to_period("M").end_time.normalize()
    return date


# ---------------------------------------------------------------------------------------------
# Strength


def strength_summary(
    estimates: pd.DataFrame, at: str | pd.Timestamp, estimator: str = "UN"
) -> dict[str, object]:
    """The range of one estimator's strength estimates (``estimates`` from
    :func:`iskp.coverage.strength` with an ``estimator`` column) before and since ``at``, and
    its latest: ``n``, ``before_low``/``before_high``, ``since_low``/``since_high`` (the
    smallest low and largest high figure; NaN when there is none), ``last_low``/``last_high``
    and ``last_date``."""
    own = estimates[estimates["estimator"] == estimator]
    at = pd.Timestamp(at)
    out: dict[str, object] = {"n": int(len(own))}
    for name, sel in (("before", own["date"] < at), ("since", own["date"] >= at)):
        out[f"{name}_low"] = float(own.loc[sel, "value_low"].min())
        out[f"{name}_high"] = float(own.loc[sel, "value_high"].max())
    last = own[own["date"] == own["date"].max()]
    out["last_low"] = float(last["value_low"].min())
    out["last_high"] = float(last["value_high"].max())
    out["last_date"] = own["date"].max()
    return out


# ---------------------------------------------------------------------------------------------
# Leaders


def tenures(
    leaders: pd.DataFrame,
    roles: Sequence[str] = LEADER_ROLES,
    until: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One row per tenure in ``roles``: ``leader_id``, ``person``, ``role`` (reader-facing),
    ``area``, ``start`` and ``end`` (a leader still in office ends at ``until``, the cut-off),
    ``tenure_end``, ``ended_by`` and ``drawn``: 'span' when both ends are dated, 'end' or
    'start' when one is, 'undated' when neither. Ordered by role, then by end (else start)."""
    sel = leaders[leaders["role"].astype(str).isin(roles)].copy()
    end = sel["date_to"]
    if until is not None:
        in_office = sel["tenure_end"].astype(str) == "in_office"
        end = end.mask(in_office & end.isna(), pd.Timestamp(until))
    start = sel["date_from"]
    drawn = pd.Series("undated", index=sel.index)
    drawn[start.notna()] = "start"
    drawn[end.notna()] = "end"
    drawn[start.notna() & end.notna()] = "span"
    out = pd.DataFrame(
        {
            "leader_id": sel["leader_id"],
            "person": sel["person"],
            "role_code": sel["role"].astype(str),
            "role": sel["role"].astype(str).map(ROLE_LABELS),
            "area": sel["area"],
            "start": start,
            "end": end,
            "tenure_end": sel["tenure_end"].astype(str),
            "ended_by": sel["ended_by"].fillna(""),
            "event_id": sel["event_id"],
            "drawn": drawn,
        }
    )
    order = {r: i for i, r in enumerate(roles)}
    out["_r"] = out["role_code"].map(order)
    out["_t"] = out["end"].fillna(out["start"])
    out = out.sort_values(["_r", "_t", "leader_id"], na_position="last")
    return out.drop(columns=["_r", "_t"]).reset_index(drop=True)


def removals(
    tenures: pd.DataFrame, role: str = "emir", ends: Sequence[str] = ("killed", "captured")
) -> pd.Series:
    """The end dates of the tenures of ``role`` (reader-facing, as in :func:`tenures`, or the
    code) that ended in ``ends``, indexed by ``leader_id``."""
    in_role = (tenures["role"] == role) | (tenures["role_code"] == role)
    sel = tenures[in_role & tenures["tenure_end"].isin(ends) & tenures["end"].notna()]
    return sel.set_index("leader_id")["end"].rename("removed")


def parties(ended_by: pd.Series) -> pd.Series:
    """The parties of an ``ended_by`` column as lists ('Afghan Republic; United States' gives
    both; blank gives 'not reported')."""
    lists = split_list(ended_by.fillna("").astype(str).str.replace("; ", ";"))
    return lists.map(lambda xs: [x.strip() for x in xs] or [NOT_REPORTED])


def ends_by_party(
    leaders: pd.DataFrame,
    role: str | Sequence[str] = "emir",
    ends: Sequence[str] = REMOVED,
) -> pd.DataFrame:
    """Tenures of ``role`` (one role or several) that ended in ``ends`` (killed, captured,
    surrendered), counted by the party that ended them: one row per party, one column per end,
    and ``joint`` (how many of them the party shared with another). A joint operation counts
    once for each party."""
    roles = [role] if isinstance(role, str) else list(role)
    sel = leaders[
        leaders["role"].astype(str).isin(roles) & leaders["tenure_end"].astype(str).isin(ends)
    ]
    long = sel.assign(party=parties(sel["ended_by"]).values)
    long["joint"] = long["party"].map(len) > 1
    long = long.explode("party")
    table = pd.crosstab(long["party"], long["tenure_end"].astype(str))
    table = table.reindex(columns=[e for e in ends if e in table.columns], fill_value=0)
    table["joint"] = long.groupby("party")["joint"].sum().astype(int)
    table = table.assign(_n=table.drop(columns="joint").sum(axis=1))
    table = table.sort_values(["_n"], ascending=False).drop(columns="_n")
    return table.rename_axis(index="party", columns=None)


def date_text(date: object, prec: object = None) -> str:
    """A date at its precision: '2020-05-11' (day), '2020-05' (month, precision 4), '2020'
    (year, precision 5); '' when there is none."""
    if date is None or pd.isna(date):
        return ""
    p = 1 if prec is None or pd.isna(prec) else int(prec)
    return pd.Timestamp(date).strftime("%Y" if p >= 5 else "%Y-%m" if p >= 3 else "%Y-%m-%d")


def fates(leaders: pd.DataFrame, role: str = "emir") -> pd.DataFrame:
    """What became of everyone who held ``role``: one row per tenure with the tenure's ``end``,
    its ``date`` (text, at the precision reported) and who ended it, and ``afterwards``: the
    person's later rows in other roles that ended by force or surrender ('captured 2020-05-11
    by Afghan Republic'), or ''."""
    held = leaders[leaders["role"].astype(str) == role].sort_values("date_to", na_position="last")
    if "to_prec" not in held.columns:
        held = held.assign(to_prec=pd.NA)
    rows = []
    for r in held.itertuples(index=False):
        later = leaders[
            (leaders["person"] == r.person)
            & (leaders["leader_id"] != r.leader_id)
            & leaders["tenure_end"].astype(str).isin(REMOVED)
        ]
        if pd.notna(r.date_to):
            later = later[later["date_to"] > r.date_to]
        after = [
            f"{e.tenure_end} {date_text(e.date_to, getattr(e, 'to_prec', None))}"
            + (f" by {e.ended_by}" if pd.notna(e.ended_by) and e.ended_by else "")
            for e in later.sort_values("date_to").itertuples(index=False)
            if pd.notna(e.date_to)
        ]
        rows.append(
            {
                "leader_id": r.leader_id,
                "person": r.person,
                "end": END_LABELS.get(str(r.tenure_end), str(r.tenure_end)),
                "date": date_text(r.date_to, r.to_prec),
                "ended_by": r.ended_by if pd.notna(r.ended_by) else "",
                "event_id": r.event_id if pd.notna(r.event_id) else "",
                "afterwards": "; ".join(after),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Attack tempo


def country_group(country: pd.Series) -> pd.Series:
    """'Afghanistan', 'Pakistan' or 'elsewhere' for ISO3 codes."""
    names = {"AFG": "Afghanistan", "PAK": "Pakistan"}
    return country.astype(str).map(names).fillna("elsewhere")


def tempo(
    ev: pd.DataFrame,
    *,
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    rule: str = "ten_deaths",
) -> pd.DataFrame:
    """Attacks per quarter under one inclusion ``rule`` (see :data:`iskp.analysis.RULES`),
    doubtful events left out, every quarter from ``start`` to ``end`` present: index quarter
    start, one column per country group (Afghanistan, Pakistan, elsewhere; empty groups
    dropped)."""
    att = apply_rule(core(ev), rule)
    lo = pd.Timestamp(start).to_period("Q").to_timestamp()
    hi = pd.Timestamp(end)
    att = att[(att["date_start"] >= lo) & (att["date_start"] <= hi)]
    quarters = pd.period_range(lo, hi, freq="Q").to_timestamp()
    q = att["date_start"].dt.to_period("Q").dt.to_timestamp()
    table = pd.crosstab(q, country_group(att["country"]))
    cols = [c for c in ("Afghanistan", "Pakistan", "elsewhere") if c in table.columns]
    table = table.reindex(index=quarters, columns=cols, fill_value=0).astype("int64")
    return table.rename_axis(index="quarter", columns=None)


def around(
    attacks: pd.DataFrame,
    dates: pd.Series,
    *,
    days: int = 365,
    until: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Attacks in the ``days`` before and the ``days`` after each date of ``dates`` (a Series
    indexed by an identifier): columns ``date``, ``before``, ``after`` and ``partial`` (the
    window after runs past ``until``, the cut-off, so ``after`` is a floor)."""
    d = attacks["date_start"]
    width = pd.Timedelta(days=days)
    rows = []
    for key, when in dates.dropna().items():
        when = pd.Timestamp(when)
        rows.append(
            {
                "id": key,
                "date": when,
                "before": int(((d >= when - width) & (d < when)).sum()),
                "after": int(((d > when) & (d <= when + width)).sum()),
                "partial": bool(until is not None and when + width > pd.Timestamp(until)),
            }
        )
    cols = ["id", "date", "before", "after", "partial"]
    return pd.DataFrame(rows, columns=cols).set_index("id").rename_axis(dates.index.name)


# ---------------------------------------------------------------------------------------------
# Ground


def territory_periods(
    territory: pd.DataFrame, periods: Mapping[str, tuple[str, str]] = GROUND_PERIODS
) -> pd.DataFrame:
    """Territory rows placed in ``periods``: one row per (period, territory row) whose dates
    overlap the period (a report spanning two periods appears in both), with a ``period``
    column."""
    end = territory["date_to"].fillna(territory["date_from"])
    parts = []
    for name, (lo, hi) in periods.items():
        hit = (territory["date_from"] <= pd.Timestamp(hi)) & (end >= pd.Timestamp(lo))
        parts.append(territory[hit.fillna(False).astype(bool)].assign(period=name))
    cols = [*territory.columns, "period"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]


def strongest(statuses: pd.Series) -> str:
    """The strongest territory status among ``statuses`` (held > contested > present)."""
    ranks = [STATUS_ORDER.index(str(s)) for s in statuses if str(s) in STATUS_ORDER]
    return STATUS_ORDER[max(ranks)] if ranks else ""


def province_status(placed: pd.DataFrame) -> pd.DataFrame:
    """Per (period, country, province) of :func:`territory_periods`: the strongest ``status``
    any source reported, its ``rank`` (1 present, 2 contested, 3 held), the number of named
    ``districts`` and of ``reports`` (rows)."""
    cols = ["period", "country", "adm1", "status", "rank", "districts", "reports"]
    if not len(placed):
        return pd.DataFrame(columns=cols)
    g = placed.groupby(["period", "country", "adm1"], sort=False)
    out = g.agg(
        status=("status", strongest),
        districts=("district", lambda s: s.dropna().nunique()),
        reports=("territory_id", "size"),
    ).reset_index()
    out["status"] = out["status"].astype(str)
    out["rank"] = [STATUS_ORDER.index(s) + 1 for s in out["status"]]
    return out[cols]


def districts(territory: pd.DataFrame) -> pd.DataFrame:
    """One row per named district (reader-facing columns): province, district, the strongest
    status reported, every status reported, the first and last day reported and the number of
    reports; rows on a whole province are left out. Ordered by province, then district."""
    named = territory[territory["district"].notna()]
    g = named.groupby(["adm1", "district"])
    out = g.agg(
        strongest=("status", strongest),
        statuses=(
            "status",
            lambda s: ", ".join(x for x in STATUS_ORDER[::-1] if x in set(s.astype(str))),
        ),
        first=("date_from", "min"),
        last=("date_to", "max"),
        reports=("territory_id", "size"),
    ).reset_index()
    out["first"] = out["first"].dt.strftime("%Y-%m-%d")
    out["last"] = out["last"].dt.strftime("%Y-%m-%d")
    return out.rename(
        columns={
            "adm1": "province",
            "strongest": "strongest status reported",
            "statuses": "statuses reported",
            "first": "first reported",
            "last": "last reported",
            "reports": "reports",
        }
    )


# ---------------------------------------------------------------------------------------------
# Messaging


def phase(
    first: pd.Timestamp,
    prec: object,
    phases: Mapping[str, tuple[str, str | None]] = MESSAGING_PHASES,
) -> str:
    """The phase a first appearance falls in, allowing for its precision (a date known only to
    the year may fall anywhere in that year): the phase's name, :data:`STRADDLES` when the
    possible dates span two phases, or :data:`UNDATED`."""
    if pd.isna(first):
        return UNDATED
    lo, hi = pd.Timestamp(first), _precision_end(pd.Timestamp(first), prec)
    hits = []
    for name, (start, end) in phases.items():
        p_lo = pd.Timestamp(start)
        p_hi = pd.Timestamp(end) if end else pd.Timestamp.max
        if lo <= p_hi and hi >= p_lo:
            hits.append(name)
    if len(hits) == 1:
        return hits[0]
    return STRADDLES if hits else "before the phases"


def language_rows(media: pd.DataFrame) -> pd.DataFrame:
    """Media rows with a single language (rows for 'multi' or no language are left out), with
    the language's ``language_name``."""
    lang = media["language"].astype("string")
    sel = media[lang.notna() & (lang != "multi")].copy()
    sel["language_name"] = sel["language"].map(lambda c: LANGUAGES.get(str(c), str(c)))
    return sel


def language_firsts(
    media: pd.DataFrame, phases: Mapping[str, tuple[str, str | None]] = MESSAGING_PHASES
) -> pd.DataFrame:
    """When each language was first seen: one row per language (code as index) with its
    ``language`` name, ``first_seen`` (earliest dated row; NaT if no row is dated),
    ``first_prec``, the ``phase`` it falls in (:func:`phase`), the number of ``rows`` (outlets,
    publications, editions) and of ``undated_rows``. Ordered by first appearance."""
    rows = language_rows(media)
    out = []
    for code, g in rows.groupby("language", sort=False):
        dated = g[g["first_seen"].notna()].sort_values(["first_seen", "first_prec"])
        first = dated["first_seen"].min() if len(dated) else pd.NaT
        prec = dated["first_prec"].iloc[0] if len(dated) else pd.NA
        out.append(
            {
                "code": code,
                "language": LANGUAGES.get(str(code), str(code)),
                "first_seen": first,
                "first_prec": prec,
                "phase": phase(first, prec, phases),
                "rows": len(g),
                "undated_rows": int(g["first_seen"].isna().sum()),
            }
        )
    cols = ["code", "language", "first_seen", "first_prec", "phase", "rows", "undated_rows"]
    frame = pd.DataFrame(out, columns=cols)
    frame = frame.sort_values(["first_seen", "language"], na_position="last")
    return frame.set_index("code")


def languages_by_phase(
    firsts: pd.DataFrame, phases: Mapping[str, tuple[str, str | None]] = MESSAGING_PHASES
) -> pd.DataFrame:
    """Languages first seen in each phase (from :func:`language_firsts`): one row per phase, the
    spanning and undated ones last, with ``added`` (count) and ``languages`` (names)."""
    order = [*phases, STRADDLES, UNDATED]
    rows = []
    for name in order:
        langs = firsts[firsts["phase"] == name]["language"].tolist()
        if name in phases or langs:
            rows.append({"phase": name, "added": len(langs), "languages": ", ".join(langs)})
    return pd.DataFrame(rows, columns=["phase", "added", "languages"]).set_index("phase")


# ---------------------------------------------------------------------------------------------
# People and plots


def person_key(name: pd.Series) -> pd.Series:
    """A key that identifies one person across rows: the name, case and spaces ignored."""
    return name.fillna("").astype(str).str.casefold().str.split().str.join(" ")


def named_people(people: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct named person (``people`` has one row per person and event): the
    ``name``, ``nationality`` ('Tajik and Russian' for two; :data:`NOT_REPORTED` when no row
    gives one), ``roles`` (every role, ', '-joined) and ``events`` (how many)."""
    p = people.assign(_key=person_key(people["name"]))
    rows = []
    for _, g in p.groupby("_key", sort=False):
        nat = sorted({n for xs in split_list(g["nationality"]) for n in xs})
        rows.append(
            {
                "person_id": g["person_id"].min(),
                "name": g["name"].iloc[0],
                "nationality": " and ".join(nat) if nat else NOT_REPORTED,
                "roles": ", ".join(sorted(set(g["role"].astype(str)))),
                "events": int(g["event_id"].nunique()),
            }
        )
    cols = ["person_id", "name", "nationality", "roles", "events"]
    return pd.DataFrame(rows, columns=cols).sort_values("person_id").reset_index(drop=True)


def nationality_counts(persons: pd.DataFrame) -> pd.Series:
    """People by reported nationality (from :func:`named_people`), most first, 'not reported'
    last."""
    counts = persons["nationality"].value_counts()
    known = counts.drop(NOT_REPORTED, errors="ignore").sort_index()
    known = known.sort_values(ascending=False, kind="stable")
    if NOT_REPORTED in counts:
        known = pd.concat([known, counts[[NOT_REPORTED]]])
    return known.rename("people").rename_axis("nationality")


def is_central_asian(nationality: pd.Series, central: Sequence[str]) -> pd.Series:
    """Whether any nationality of each ('Tajik and Russian') is in ``central``."""
    return nationality.astype(str).str.split(" and ").map(lambda xs: any(x in central for x in xs))


def role_counts(people: pd.DataFrame) -> pd.Series:
    """Named people by role in an event (a person named in two events counts twice), most
    first; roles nobody holds are left out."""
    counts = people["role"].astype(str).value_counts()
    return counts[counts > 0].rename("named").rename_axis("role")


def roles_and_fates(people: pd.DataFrame) -> pd.DataFrame:
    """Named people by role (:func:`role_counts`) with every fate reported for the role, most
    frequent first, ties in alphabetical order (reader-facing columns)."""

    def listed(fates: pd.Series) -> str:
        counts = fates.astype(str).str.replace("_", " ").value_counts().sort_index()
        return ", ".join(counts.sort_values(ascending=False, kind="stable").index)

    fates_by = people.groupby(people["role"].astype(str))["fate"].agg(listed)
    out = role_counts(people).to_frame("people named").join(fates_by.rename("fates reported"))
    return out.rename(index=lambda r: r.replace("_", " "))


def plot_types(ev: pd.DataFrame) -> pd.DataFrame:
    """External attacks and interdicted plots by ``plot_type`` (directed, enabled, inspired,
    unknown; blank counted as unknown): one row per type, one column per class and ``all``."""
    sel = ev[ev["event_class"].astype(str).isin(EXTERNAL)]
    types = sel["plot_type"].astype("string").fillna("unknown")
    table = pd.crosstab(types, sel["event_class"].astype(str))
    order = ["directed", "enabled", "inspired", "unknown"]
    table = table.reindex(index=order, columns=list(EXTERNAL), fill_value=0)
    table["all"] = table.sum(axis=1)
    return table.rename_axis(index="plot_type", columns=None).astype("int64")
