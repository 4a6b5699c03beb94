"""Unit tests of each dataset rule on tiny hand-made tables: each rule fires on a bad row,
naming its code, file line and field, and stays silent on a good one."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from iskp import schema, validate
from iskp.paths import DATA_DIR
from iskp.read import Tables
from iskp.schema import schemas


def typed(table: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    """A frame of ``table`` with the columns named in ``rows`` (raw CSV text, '' = blank),
    typed the way :mod:`iskp.read` types them."""
    sch = schemas(DATA_DIR)[table]
    names = list(dict.fromkeys(k for r in rows for k in r))
    cols = {}
    for name in names:
        f = sch.field(name)
        raw = [r.get(name, "") for r in rows]
        if f.type == "integer":
            cols[name] = pd.array([int(v) if v else None for v in raw], dtype="Int64")
        elif f.type == "number":
            cols[name] = pd.array([float(v) if v else None for v in raw], dtype="Float64")
        elif f.type == "date":
            cols[name] = pd.to_datetime(pd.Series([v or None for v in raw], dtype="object"))
        elif f.type == "boolean":
            cols[name] = pd.array([(v == "true") if v else None for v in raw], dtype="boolean")
        elif f.enum is not None:
            cols[name] = pd.Categorical([v or None for v in raw], categories=list(f.enum))
        else:
            cols[name] = pd.array([v or None for v in raw], dtype="string")
    return pd.DataFrame(cols, index=pd.RangeIndex(len(rows)))


def make_tables(lines: dict[str, tuple[int, ...]] | None = None, **rows) -> Tables:
    """Tables of hand-made rows (``events=[{...}, ...]``); the dataset's other tables are
    empty. File
    lines default to 2, 3, ... (the header is line 1)."""
    frames, where = {}, {}
    for name in schemas(DATA_DIR):
        given = rows.get(name, [])
        frames[name] = typed(name, given) if given else pd.DataFrame()
        where[name] = (lines or {}).get(name, tuple(range(2, len(given) + 2)))
    return Tables(frames, where, DATA_DIR)


def found(problems) -> list[tuple[str, int, str]]:
    """(rule, row, field) of each problem."""
    return [(p.rule, p.row, p.field) for p in problems]


def ev(**cells) -> dict[str, str]:
    return cells


# ---------------------------------------------------------------------------------------------
# the registry


def test_rules_have_unique_codes_and_docstrings():
    codes = [r.code for r in validate.RULES]
    assert len(codes) == len(set(codes)) > 10
    for r in validate.RULES:
        assert isinstance(r, validate.Rule)
        assert r.code and r.code == r.code.lower() and " " not in r.code
        assert r.check.__doc__ and r.doc and "\n" not in r.doc


def test_rule_doc_is_the_first_paragraph_on_one_line():
    def check(t):
        """First line
        goes on.

        Second paragraph."""
        return []

    r = validate.Rule("x", check)
    assert r.doc.startswith("First line") and r.doc.endswith("goes on.")
    assert "Second" not in r.doc and "\n" not in r.doc
    assert validate.Rule("y", lambda t: []).doc == ""


def test_rule_doc_has_no_runs_of_spaces():
    """Regression: before Python 3.13 the docstring's indentation leaked into Rule.doc."""
    for r in validate.RULES:
        assert "  " not in r.doc, r.code


def test_every_registered_check_is_a_module_function():
    by_code = {r.code: r.check for r in validate.RULES}
    assert by_code["date-order"] is validate.date_order
    assert by_code["duplicate-suspect"] is validate.duplicate_suspects
    assert by_code["source"] is validate.source_rules
    assert by_code["claim"] is validate.claim_rules


# ---------------------------------------------------------------------------------------------
# foreign keys


FK_DESCRIPTOR = {
    "resources": [
        {
            "name": "things",
            "path": "things.csv",
            "schema": {
                "fields": [
                    {"name": "thing_id", "type": "string"},
                    {"name": "part_of", "type": "string"},
                ],
                "foreignKeys": [
                    {"fields": "part_of", "reference": {"resource": "", "fields": "thing_id"}}
                ],
            },
        },
        {
            "name": "tags",
            "path": "tags.csv",
            "schema": {"fields": [{"name": "tag_id", "type": "string"}]},
        },
        {
            "name": "links",
            "path": "links.csv",
            "schema": {
                "fields": [
                    {"name": "thing_id", "type": "string"},
                    {"name": "tag_id", "type": "string"},
                ],
                "foreignKeys": [
                    {
                        "fields": ["thing_id"],
                        "reference": {"resource": "things", "fields": ["thing_id"]},
                    },
                    {"fields": "tag_id", "reference": {"resource": "tags", "fields": "tag_id"}},
                ],
            },
        },
    ]
}


def fk_tables(tmp_path, things, tags, links) -> Tables:
    """Tables of a hand-made three-table descriptor with a self and two cross references."""
    (tmp_path / "datapackage.json").write_text(json.dumps(FK_DESCRIPTOR), encoding="utf-8")

    def frame(columns, rows):
        return pd.DataFrame(
            {c: pd.array([r[k] for r in rows], dtype="string") for k, c in enumerate(columns)}
        )

    frames = {
        "things": frame(["thing_id", "part_of"], things),
        "tags": frame(["tag_id"], tags),
        "links": frame(["thing_id", "tag_id"], links),
    }
    lines = {name: tuple(range(2, len(f) + 2)) for name, f in frames.items()}
    return Tables(frames, lines, tmp_path)


def test_foreign_keys(tmp_path):
    t = fk_tables(
        tmp_path,
        things=[("a", None), ("b", "a"), ("c", "z")],
        tags=[("red",)],
        links=[("a", "red"), ("q", "red"), ("b", "blue"), ("c", None)],
    )
    ps = validate.foreign_keys(t)
    assert found(ps) == [
        ("foreign-key", 4, "part_of"),
        ("foreign-key", 3, "thing_id"),
        ("foreign-key", 4, "tag_id"),
    ]
    assert [p.file for p in ps] == ["things.csv", "links.csv", "links.csv"]
    assert ps[0].message == "'z' is not a thing_id in things.csv"
    assert ps[2].message == "'blue' is not a tag_id in tags.csv"
    good = fk_tables(
        tmp_path,
        things=[("a", None), ("b", "a")],
        tags=[("red",)],
        links=[("a", "red"), ("b", None)],
    )
    assert validate.foreign_keys(good) == []


# ---------------------------------------------------------------------------------------------
# dates


def test_date_order():
    t = make_tables(
        events=[
            ev(date_start="2021-08-26", date_end="2021-08-26"),
            ev(date_start="2021-08-26", date_end="2021-08-25"),
            ev(date_start="2021-08-26", date_end="2021-09-02"),
        ],
        lines={"events": (2, 7, 9)},
    )
    ps = validate.date_order(t)
    assert found(ps) == [("date-order", 7, "date_end")]
    assert ps[0].file == "events.csv"
    assert ps[0].message == "2021-08-25 is before date_start 2021-08-26"


def test_date_scope():
    today = dt.date.today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    t = make_tables(
        events=[
            ev(date_start="2014-01-01", date_end=today.isoformat()),
            ev(date_start="2013-12-31", date_end="2014-01-02"),
            ev(date_start="2020-01-01", date_end=tomorrow),
        ]
    )
    assert found(validate.date_scope(t)) == [
        ("date-scope", 3, "date_start"),
        ("date-scope", 4, "date_end"),
    ]


@pytest.mark.parametrize(
    "span, prec",
    [(-3, 1), (0, 1), (1, 1), (2, 2), (6, 2), (7, 3), (8, 4), (31, 4), (32, 5), (366, 5)],
)
def test_implied_date_prec(span, prec):
    assert validate.implied_date_prec(span) == prec


def test_date_precision():
    t = make_tables(
        events=[
            ev(date_start="2021-08-26", date_end="2021-08-26", date_prec="1"),
            ev(date_start="2021-08-01", date_end="2021-08-07", date_prec="3"),
            ev(date_start="2021-08-01", date_end="2021-08-31", date_prec="4"),
            ev(date_start="2021-08-26", date_end="2021-08-27", date_prec="1"),
            ev(date_start="2021-01-01", date_end="2021-12-31", date_prec="4"),
            ev(date_start="2021-08-26", date_end="2021-08-20", date_prec="3"),  # date-order's
        ]
    )
    ps = validate.date_precision(t)
    assert found(ps) == [("date-precision", 5, "date_prec"), ("date-precision", 6, "date_prec")]
    assert "span of 2 day(s)" in ps[0].message and "means date_prec 2, not 1" in ps[0].message
    assert "means date_prec 5, not 4" in ps[1].message


def test_id_year():
    t = make_tables(
        events=[
            ev(event_id="ISKP-2021-001", date_start="2021-12-31"),
            ev(event_id="ISKP-2021-002", date_start="2022-01-01"),
        ]
    )
    ps = validate.id_year(t)
    assert found(ps) == [("id-year", 3, "event_id")]
    assert "(2022)" in ps[0].message


# ---------------------------------------------------------------------------------------------
# events: casualties, duplicates, places, vocabularies


def test_casualty_order():
    t = make_tables(
        events=[
            ev(killed_low="1", killed_best="2", killed_high="3"),
            ev(killed_low="5", killed_best="", killed_high="3"),
            ev(killed_low="2", killed_best="1", killed_high="9"),
            ev(killed_low="", killed_best="7", killed_high="6"),
            ev(killed_low="", killed_best="", killed_high=""),
            ev(killed_low="4", killed_best="4", killed_high="4"),
        ]
    )
    ps = validate.casualty_order(t)
    assert sorted(found(ps)) == [
        ("casualty-order", 3, "killed_low"),
        ("casualty-order", 4, "killed_low"),
        ("casualty-order", 5, "killed_best"),
    ]
    assert any(p.message == "killed_low 5 is greater than killed_high 3" for p in ps)


def test_duplicate_link():
    t = make_tables(
        events=[
            ev(record_status="active", duplicate_of=""),
            ev(record_status="duplicate", duplicate_of="ISKP-2021-001"),
            ev(record_status="duplicate", duplicate_of=""),
            ev(record_status="active", duplicate_of="ISKP-2021-001"),
            ev(record_status="retracted", duplicate_of=""),
        ]
    )
    assert found(validate.duplicate_link(t)) == [
        ("duplicate-link", 4, "duplicate_of"),
        ("duplicate-link", 5, "duplicate_of"),
    ]


def place(**cells) -> dict[str, str]:
    row = dict(latitude="34.5", longitude="69.2", where_prec="2", adm1="Kabul", country="AFG")
    return {**row, **cells}


def test_coordinates():
    t = make_tables(
        events=[
            place(),
            place(longitude=""),  # only one of the pair
            place(latitude="", longitude=""),  # a town (2) without its point
            place(latitude="", longitude="", where_prec="3"),  # a district may go without
            place(where_prec="3"),  # or carry its centre
            place(where_prec="4"),  # province centroid given as a point
            place(latitude="", longitude="", where_prec="4", adm1=""),  # province not named
            place(latitude="", longitude="", where_prec="4"),
            place(latitude="", longitude="", where_prec="6", adm1=""),  # country level
            place(country="IRN", adm1=""),  # adm1 only needed in Afghanistan and Pakistan
        ]
    )
    ps = validate.coordinates(t)
    assert found(ps) == [
        ("coordinates", 3, "latitude"),
        ("coordinates", 4, "latitude"),
        ("coordinates", 7, "where_prec"),
        ("coordinates", 8, "adm1"),
    ]
    assert ps[1].message == "where_prec 2 needs coordinates"


def test_vocabularies():
    t = make_tables(
        events=[
            ev(themes="taliban;sectarian", perpetrator_nationality="Tajik", tags="kabul_airport"),
            ev(themes="taliban;mars", perpetrator_nationality="", tags=""),
            ev(themes="", perpetrator_nationality="tajik", tags=""),
            ev(themes="", perpetrator_nationality="Central Asian (unspecified)", tags="Kabul"),
            ev(themes="", perpetrator_nationality="Tajik;Uzbek", tags="a-b;c d"),
        ]
    )
    ps = validate.vocabularies(t)
    assert sorted(found(ps)) == [
        ("vocabularies", 3, "themes"),
        ("vocabularies", 4, "perpetrator_nationality"),
        ("vocabularies", 5, "tags"),
        ("vocabularies", 6, "tags"),
    ]
    assert any(p.message.startswith("'mars' is not a theme") for p in ps)
    assert any("'c d'" in p.message for p in ps)


def same_day(**cells) -> dict[str, str]:
    row = dict(
        event_id="ISKP-2022-001",
        record_status="active",
        event_class="attack",
        date_start="2022-03-04",
        country="PAK",
        adm1="Khyber Pakhtunkhwa",
        location="Peshawar",
        incident_group="",
        distinct_from="",
    )
    return {**row, **cells}


def test_duplicate_suspects_flag_the_second_of_two_same_events():
    t = make_tables(
        events=[
            same_day(event_id="ISKP-2022-001"),
            same_day(event_id="ISKP-2022-002", event_class="arrest"),  # another class
            same_day(event_id="ISKP-2022-003"),
            same_day(event_id="ISKP-2022-004", country="AFG", adm1="Kabul", location="Kabul"),
        ],
        lines={"events": (2, 3, 8, 9)},
    )
    ps = validate.duplicate_suspects(t)
    assert found(ps) == [("duplicate-suspect", 8, "event_id")]
    assert ps[0].file == "events.csv"
    assert "ISKP-2022-003" in ps[0].message and "ISKP-2022-001" in ps[0].message


@pytest.mark.parametrize(
    "second",
    [
        same_day(event_id="ISKP-2022-002", date_start="2022-07-04"),  # months apart
        same_day(event_id="ISKP-2022-002", record_status="duplicate"),
        same_day(event_id="ISKP-2022-002", record_status="retracted"),
    ],
)
def test_duplicate_suspects_silent_for_different_or_withdrawn_events(second):
    t = make_tables(events=[same_day(), second])
    assert validate.duplicate_suspects(t) == []


def test_duplicate_suspects_silent_for_parts_of_one_incident():
    t = make_tables(
        events=[
            same_day(event_id="ISKP-2022-001", incident_group="G001"),
            same_day(event_id="ISKP-2022-002", incident_group="G001"),
        ]
    )
    assert validate.duplicate_suspects(t) == []
    t = make_tables(
        events=[
            same_day(event_id="ISKP-2022-001", incident_group="G001"),
            same_day(event_id="ISKP-2022-002", incident_group="G002"),
        ]
    )
    assert found(validate.duplicate_suspects(t)) == [("duplicate-suspect", 3, "event_id")]


# ---------------------------------------------------------------------------------------------
# sources and sourcing


def src(**cells) -> dict[str, str]:
    row = dict(
        source_id="src-0001",
        url="https://example.org/a",
        title="A report",
        notes="",
        publisher_id="reuters",
    )
    return {**row, **cells}


def test_source_rules():
    t = make_tables(
        sources=[
            src(),
            src(source_id="src-0002", url="", notes="print edition"),
            src(source_id="src-0003", url=""),
            src(source_id="src-0004", title=""),  # a URL is enough
            src(source_id="src-0005", url="", title="", notes="lost"),
        ]
    )
    ps = validate.source_rules(t)
    assert found(ps) == [("source", 4, "url"), ("source", 6, "title")]
    assert [p.file for p in ps] == ["sources.csv"] * 2
    assert ps[0].message == "a source without URL needs notes saying why"


def pub(**cells) -> dict[str, str]:
    row = dict(
        publisher_id="reuters",
        name="Reuters",
        type="wire",
        perspective="independent",
        state_owned="false",
    )
    return {**row, **cells}


def test_publisher_rules():
    t = make_tables(
        publishers=[
            pub(),
            pub(publisher_id="ap", name="AP"),
            pub(publisher_id="reuters-2", name="REUTERS"),
            pub(publisher_id="tolo", name="The Tolo News"),
            pub(publisher_id="tolo-2", name="Tolo-News"),
            pub(publisher_id="bakhtar", name="Bakhtar", perspective="taliban"),
            pub(publisher_id="rt", name="RT", perspective="other_state", state_owned="true"),
            pub(publisher_id="amaq", name="Amaq", perspective="iskp"),
        ]
    )
    ps = validate.publisher_rules(t)
    assert found(ps) == [
        ("publisher", 4, "name"),
        ("publisher", 6, "name"),
        ("publisher", 7, "state_owned"),
    ]
    assert ps[0].message == "'REUTERS' is the same outlet as reuters; merge the rows"
    assert [p.file for p in ps] == ["publishers.csv"] * 3


def event_row(event_id: str, **cells) -> dict[str, str]:
    row = dict(
        event_id=event_id,
        record_status="active",
        iskp_claimed="no",
        attribution_status="attributed_by_authorities",
        evidence_status="single_source",
    )
    return {**row, **cells}


def link(event_id: str, source_id: str, supports: str = "occurrence") -> dict[str, str]:
    return dict(event_id=event_id, source_id=source_id, supports=supports, stance="supports")


def sourced_tables(events, links, extra_sources=()) -> Tables:
    sources = [
        src(source_id="src-0001", publisher_id="reuters"),
        src(source_id="src-0002", publisher_id="ap"),
        src(source_id="src-0003", publisher_id="amaq"),
        *extra_sources,
    ]
    publishers = [
        pub(),
        pub(publisher_id="ap", name="AP"),
        pub(publisher_id="amaq", name="Amaq", perspective="iskp"),
    ]
    return make_tables(
        events=events,
        event_sources=links,
        sources=sources,
        publishers=publishers,
        claims=[{"source_id": "src-0002"}],
        milestones=[{"source_id": "src-0002"}],
    )


def test_sourcing_silent_on_well_sourced_events():
    t = sourced_tables(
        [
            event_row("E1", evidence_status="corroborated"),
            event_row("E2", iskp_claimed="yes", attribution_status="claimed_by_iskp"),
            event_row("E3", evidence_status="party_claim_only"),
            event_row("E4", record_status="retracted"),
        ],
        [
            link("E1", "src-0001"),
            link("E1", "src-0002"),
            link("E2", "src-0001"),
            link("E2", "src-0003", "perpetrator_claim"),
            link("E3", "src-0003"),
            link("E4", "src-0003", "date"),  # withdrawn records keep their sources as they were
        ],
    )
    assert validate.sourcing(t) == []


def test_sourcing_fires_on_each_missing_source():
    t = sourced_tables(
        [
            event_row("E1"),  # no link at all
            event_row("E2"),  # no source for its occurrence
            event_row("E3", iskp_claimed="yes"),  # no perpetrator_claim source
            event_row("E4", attribution_status="denied_by_state"),  # no denial source
            event_row("E5", evidence_status="corroborated"),  # one publisher only
            event_row("E6"),  # single_source from a party only
        ],
        [
            link("E2", "src-0001", "date"),
            link("E3", "src-0001"),
            link("E4", "src-0001"),
            link("E5", "src-0001"),
            link("E6", "src-0003"),
        ],
        extra_sources=[src(source_id="src-0009")],
    )
    ps = validate.sourcing(t)
    assert found(ps) == [
        ("sourcing", 2, "event_id"),
        ("sourcing", 3, "event_id"),
        ("sourcing", 4, "iskp_claimed"),
        ("sourcing", 5, "attribution_status"),
        ("sourcing", 6, "evidence_status"),
        ("sourcing", 7, "evidence_status"),
        ("sourcing", 5, "source_id"),  # src-0009, on line 5 of sources.csv, is cited by nobody
    ]
    assert ps[-1].file == "sources.csv" and "src-0009" in ps[-1].message
    assert "E5 has 1 publisher(s)" in ps[4].message


# ---------------------------------------------------------------------------------------------
# claims


def claim(**cells) -> dict[str, str]:
    row = dict(
        claim_id="C001",
        metric="count_events",
        value="10",
        value_high="",
        value_qualifier="exact",
        period_start="2021-08-15",
        period_end="2022-08-15",
        countries="AFG;PAK",
        event_classes="attack",
        attribution_statuses="",
        event_ids="",
        recompute_field="",
        comparability="recomputable",
    )
    return {**row, **cells}


def test_claim_rules_silent_on_good_claims():
    t = make_tables(
        events=[ev(event_id="ISKP-2021-001")],
        claims=[
            claim(),
            claim(claim_id="C002", value_qualifier="range", value_high="12"),
            claim(claim_id="C003", metric="sum_killed", recompute_field="killed"),
            claim(claim_id="C004", event_classes="", event_ids="ISKP-2021-001"),
            claim(claim_id="C005", event_classes="", comparability="not_recomputable"),
            claim(claim_id="C006", metric="sum_killed", comparability="not_recomputable"),
        ],
    )
    assert validate.claim_rules(t) == []


@pytest.mark.parametrize(
    "cells, field",
    [
        (dict(countries="AFG;Pakistan"), "countries"),
        (dict(event_classes="attack;bombing"), "event_classes"),
        (dict(attribution_statuses="claimed"), "attribution_statuses"),
        (dict(event_classes="", event_ids="ISKP-2021-999"), "event_ids"),
        (dict(period_end="2021-01-01"), "period_end"),
        (dict(value_qualifier="range", value_high="5"), "value_high"),  # below value 10
        (dict(value_high="12"), "value_high"),  # a high value without range
        (dict(value_qualifier="range"), "value_high"),  # a range without high value
        (dict(metric="sum_wounded"), "recompute_field"),
        (dict(event_classes=""), "event_classes"),  # no population
    ],
)
def test_claim_rules_fire(cells, field):
    t = make_tables(
        events=[ev(event_id="ISKP-2021-001")],
        claims=[claim(), claim(claim_id="C002", **cells)],
    )
    assert found(validate.claim_rules(t)) == [("claim", 3, field)]


def test_duplicate_suspects_within_a_day_and_at_a_normalised_place():
    t = make_tables(
        events=[
            same_day(event_id="ISKP-2022-001", adm1="", location="Kabul airport"),
            same_day(
                event_id="ISKP-2022-002",
                adm1="",
                location="Kabul-Airport",
                date_start="2022-03-05",
            ),
            same_day(
                event_id="ISKP-2022-003",
                adm1="",
                location="Kabul Airport",
                date_start="2022-03-07",
            ),
        ]
    )
    ps = validate.duplicate_suspects(t)
    assert found(ps) == [("duplicate-suspect", 3, "event_id")]  # two days on: not suspected
    assert ps[0].message.startswith("ISKP-2022-002 looks like a duplicate of ISKP-2022-001")


def test_duplicate_suspects_silent_when_checked_distinct():
    t = make_tables(
        events=[
            same_day(event_id="ISKP-2022-001"),
            same_day(event_id="ISKP-2022-002", distinct_from="ISKP-2022-001"),
        ]
    )
    assert validate.duplicate_suspects(t) == []


def test_normal_text():
    s = pd.Series(["Kabul Airport", "kabul-airport\u200b", None, "Ward 5, Herat"], dtype="string")
    assert validate.normal_text(s).tolist() == ["kabulairport", "kabulairport", "", "ward5herat"]


def test_normal_text_folds_accents():
    """Regression: accented letters were deleted ('Mazār-i-Sharīf' gave 'mazrisharf')."""
    s = pd.Series(["Mazār-i-Sharīf", "Başakşehir"], dtype="string")
    assert validate.normal_text(s).tolist() == ["mazarisharif", "basaksehir"]


def test_duplicate_chain():
    t = make_tables(
        events=[
            ev(event_id="ISKP-2021-001", record_status="active", duplicate_of=""),
            ev(event_id="ISKP-2021-002", record_status="duplicate", duplicate_of="ISKP-2021-001"),
            ev(event_id="ISKP-2021-003", record_status="duplicate", duplicate_of="ISKP-2021-002"),
            ev(event_id="ISKP-2021-004", record_status="duplicate", duplicate_of="ISKP-2021-004"),
            ev(event_id="ISKP-2021-005", record_status="retracted", duplicate_of=""),
            ev(event_id="ISKP-2021-006", record_status="duplicate", duplicate_of="ISKP-2021-005"),
        ]
    )
    ps = validate.duplicate_chain(t)
    assert found(ps) == [
        ("duplicate-chain", 4, "duplicate_of"),
        ("duplicate-chain", 5, "duplicate_of"),
        ("duplicate-chain", 7, "duplicate_of"),
    ]
    assert "which is duplicate" in ps[0].message
    assert ps[1].message == "ISKP-2021-004 is marked a duplicate of itself"
    assert "which is retracted" in ps[2].message


def test_references():
    t = make_tables(
        events=[
            ev(event_id="ISKP-2021-001", distinct_from="ISKP-2021-002"),
            ev(event_id="ISKP-2021-002", distinct_from="ISKP-2021-001;ISKP-2021-009"),
            ev(event_id="ISKP-2021-003", distinct_from="ISKP-2021-003"),
            ev(event_id="ISKP-2021-004", distinct_from=""),
        ]
    )
    ps = validate.references(t)
    assert found(ps) == [("references", 3, "distinct_from"), ("references", 4, "distinct_from")]
    assert ps[0].message == "'ISKP-2021-009' in distinct_from is not an event_id"
    assert ps[1].message == "'ISKP-2021-003' in distinct_from is the event itself"


# ---------------------------------------------------------------------------------------------
# attribution, classes and class fields


def attributed(**cells) -> dict[str, str]:
    row = dict(
        attribution_status="claimed_by_iskp",
        denied_by="",
        scope_doubt="false",
        evidence_status="corroborated",
        iskp_claimed_killed="",
        killed_low="10",
        killed_best="12",
        killed_high="15",
    )
    return {**row, **cells}


def test_attribution():
    t = make_tables(
        events=[
            attributed(),
            attributed(attribution_status="denied_by_state"),
            attributed(attribution_status="denied_by_state", denied_by="Taliban"),
            attributed(attribution_status="unattributed"),
            attributed(attribution_status="unattributed", scope_doubt="true"),
            attributed(evidence_status="party_claim_only", iskp_claimed_killed="12"),
            attributed(evidence_status="corroborated", iskp_claimed_killed="12"),
        ]
    )
    assert found(validate.attribution(t)) == [
        ("attribution", 3, "denied_by"),
        ("attribution", 5, "scope_doubt"),
        ("attribution", 7, "killed_best"),
    ]


def classed(**cells) -> dict[str, str]:
    row = dict(event_class="attack", country="AFG", origin_country="", outcome="executed")
    return {**row, **cells}


def test_event_class():
    t = make_tables(
        events=[
            classed(),
            classed(country="IRN"),
            classed(event_class="external_attack", country="IRN"),
            classed(event_class="external_attack", country="PAK"),
            classed(event_class="cross_border_strike", country="UZB", origin_country="AFG"),
            classed(event_class="cross_border_strike", country="UZB", origin_country="UZB"),
            classed(event_class="cross_border_strike", country="TJK"),
            classed(event_class="arrest", outcome="not_applicable"),
            classed(event_class="arrest", outcome="executed"),
            classed(event_class="external_plot_interdicted", country="DEU", outcome="failed"),
        ]
    )
    assert found(validate.event_class(t)) == [
        ("class", 3, "event_class"),
        ("class", 5, "event_class"),
        ("class", 7, "origin_country"),
        ("class", 8, "origin_country"),
        ("class", 10, "outcome"),
        ("class", 11, "outcome"),
    ]


def claimed_as(**cells) -> dict[str, str]:
    row = dict(
        claimed_as="khorasan",
        iskp_claimed="yes",
        attribution_status="claimed_by_iskp",
        scope_doubt="false",
    )
    return {**row, **cells}


def test_claim_branch():
    other = dict(claimed_as="pakistan_province", iskp_claimed="no")
    t = make_tables(
        events=[
            claimed_as(),
            claimed_as(claimed_as="islamic_state", iskp_claimed="no"),
            claimed_as(claimed_as="", iskp_claimed="no", attribution_status="unattributed"),
            claimed_as(**other, attribution_status="attributed_by_researchers"),
            claimed_as(**other, attribution_status="disputed", scope_doubt="true"),
            claimed_as(**other, attribution_status="disputed"),
            claimed_as(claimed_as="hind_province", attribution_status="attributed_by_authorities"),
            claimed_as(**other, scope_doubt="true"),
        ]
    )
    assert found(validate.claim_branch(t)) == [
        ("claim-branch", 3, "iskp_claimed"),
        ("claim-branch", 8, "iskp_claimed"),
        ("claim-branch", 7, "scope_doubt"),
        ("claim-branch", 9, "attribution_status"),
    ]


def fields_of(**cells) -> dict[str, str]:
    row = dict(
        event_class="attack",
        documented_by="",
        plot_type="",
        plot_type_basis="",
        killed_best="10",
        killed_high="",
        killed_iskp="",
        killed_opponent="",
    )
    return {**row, **cells}


def test_class_fields():
    t = make_tables(
        events=[
            fields_of(),
            fields_of(event_class="extrajudicial_killing", documented_by="UNAMA"),
            fields_of(event_class="extrajudicial_killing"),
            fields_of(documented_by="UNAMA"),
            fields_of(
                event_class="external_attack", plot_type="directed", plot_type_basis="court"
            ),
            fields_of(event_class="external_attack", plot_type="unknown"),
            fields_of(event_class="external_attack", plot_type="inspired"),
            fields_of(plot_type="unknown"),
            fields_of(event_class="clash", killed_iskp="6", killed_opponent="4"),
            fields_of(event_class="clash", killed_iskp="6", killed_opponent="5"),
            fields_of(event_class="clash", killed_iskp="11", killed_high="12"),
        ]
    )
    assert found(validate.class_fields(t)) == [
        ("class-fields", 4, "documented_by"),
        ("class-fields", 5, "documented_by"),
        ("class-fields", 9, "plot_type"),
        ("class-fields", 8, "plot_type_basis"),
        ("class-fields", 11, "killed_iskp"),
    ]


# ---------------------------------------------------------------------------------------------
# source dates, tolls and URLs


def test_source_dates():
    today = dt.date.today()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    t = make_tables(
        sources=[
            {"source_id": "src-0001", "published": "2021-08-27", "accessed": "2024-01-01"},
            {"source_id": "src-0002", "published": "2024-02-01", "accessed": "2024-01-01"},
            {"source_id": "src-0003", "published": "", "accessed": tomorrow},
            {"source_id": "src-0004", "published": "2021-08-24", "accessed": "2024-01-01"},
            {"source_id": "src-0005", "published": "2021-08-25", "accessed": "2024-01-01"},
        ],
        events=[{"event_id": "ISKP-2021-001", "date_start": "2021-08-26"}],
        event_sources=[
            {"event_id": "ISKP-2021-001", "source_id": "src-0001", "supports": "occurrence"},
            {"event_id": "ISKP-2021-001", "source_id": "src-0004", "supports": "casualties"},
            {"event_id": "ISKP-2021-001", "source_id": "src-0004", "supports": "target"},
            {"event_id": "ISKP-2021-001", "source_id": "src-0005", "supports": "occurrence"},
        ],
    )
    ps = validate.source_dates(t)
    assert found(ps) == [
        ("source-dates", 3, "published"),
        ("source-dates", 4, "accessed"),
        ("source-dates", 3, "source_id"),
    ]
    assert [p.file for p in ps] == ["sources.csv", "sources.csv", "event_sources.csv"]
    assert "it cannot support its casualties" in ps[2].message


def test_tolls():
    t = make_tables(
        events=[
            {"event_id": "ISKP-2021-001", "killed_best": "170"},
            {"event_id": "ISKP-2021-002", "killed_best": "200"},
            {"event_id": "ISKP-2021-003", "killed_best": "2"},
            {"event_id": "ISKP-2021-004", "killed_best": "9"},
            {"event_id": "ISKP-2021-005", "killed_best": ""},
        ],
        event_sources=[
            {"event_id": "ISKP-2021-001", "killed_reported": "160"},
            {"event_id": "ISKP-2021-001", "killed_reported": "183"},
            {"event_id": "ISKP-2021-002", "killed_reported": "183"},
            {"event_id": "ISKP-2021-002", "killed_reported": ""},
            {"event_id": "ISKP-2021-003", "killed_reported": "5"},
            {"event_id": "ISKP-2021-005", "killed_reported": "5"},
        ],
    )
    ps = validate.tolls(t)
    assert found(ps) == [("tolls", 3, "killed_best")]  # below every figure is allowed
    assert ps[0].message == (
        "killed_best 200 is above every figure of the linked sources (at most 183)"
    )


def test_url_host_and_is_denied():
    deny = ["t.me", "archive.org/details/"]
    assert validate.url_host("https://user@T.ME.:443/x") == "t.me"
    assert validate.url_host("not a url") == ""
    assert validate.is_denied("https://reuters.com@t.me/channel", deny)
    assert validate.is_denied("https://www.t.me/x", deny)
    assert validate.is_denied("https://archive.org/details/dabiq", deny)
    assert not validate.is_denied("https://archive.org/web/2021", deny)
    assert not validate.is_denied("https://t.me.example.org/x", deny)
    assert not validate.is_denied("https://reuters.com/world/t.me", deny)


def test_denied_hosts_and_safe_urls(tmp_path):
    (tmp_path / "datapackage.json").write_bytes((DATA_DIR / "datapackage.json").read_bytes())
    assert validate.denied_hosts(tmp_path) == []
    (tmp_path / "denylist.txt").write_text("# comment\n\nT.me\nexample.org/bad/\n", "utf-8")
    assert validate.denied_hosts(tmp_path) == ["t.me", "example.org/bad/"]
    rows = [
        {"url": "https://www.reuters.com/a"},
        {"url": "https://t.me/channel"},
        {"url": ""},
        {"url": "https://example.org/bad/1"},
        {"url": "https://example.org/good/1"},
    ]
    t = Tables({"sources": typed("sources", rows)}, {"sources": (2, 3, 4, 5, 6)}, tmp_path)
    ps = validate.safe_urls(t)
    assert found(ps) == [("safe-url", 3, "url"), ("safe-url", 5, "url")]
    assert ps[0].message.startswith("t.me distributes propaganda")


# ---------------------------------------------------------------------------------------------
# spatial


def point(event_id: str, **cells) -> dict[str, str]:
    row = dict(
        event_id=event_id,
        country="AFG",
        adm1="Kabul",
        latitude="34.53",
        longitude="69.17",
        where_prec="1",
    )
    return {**row, **cells}


def test_spatial():
    t = make_tables(
        events=[
            point("E1"),  # Kabul city
            point("E2", latitude="34.35", longitude="62.20"),  # Herat city, said to be in Kabul
            point("E3", adm1="Herat", latitude="34.35", longitude="62.20"),
            point("E4", latitude="31.55", longitude="74.34", adm1=""),  # Lahore, said AFG
            point("E5", adm1="Atlantis"),
            point("E6", country="PAK", adm1="Punjab", latitude="31.55", longitude="74.34"),
            point("E7", adm1="Hilmand", latitude="31.58", longitude="64.37"),  # Lashkar Gah
            point("E8", country="XXX", adm1=""),
        ]
    )
    ps = validate.spatial(t)
    assert found(ps) == [
        ("spatial", 3, "adm1"),
        ("spatial", 5, "latitude"),
        ("spatial", 6, "adm1"),
        ("spatial", 9, "country"),
    ]
    assert "outside the province Kabul" in ps[0].message
    assert "'Atlantis' is not a province of AFG" in ps[2].message


# ---------------------------------------------------------------------------------------------
# the tables of leaders, territory, media, relations, benchmarks and people


def dated_tables(**given) -> Tables:
    """Good rows for every dated table; ``given`` replaces a table's rows."""
    rows = dict(
        leaders=[dict(date_from="2020-01-01", from_prec="5", date_to="2021-06-30", to_prec="4")],
        territory=[dict(date_from="2019-03-01", from_prec="4", date_to="", to_prec="")],
        media=[dict(first_seen="2016-05-12", first_prec="1", last_seen="", last_prec="")],
        milestones=[dict(date="2021-08-20", date_prec="1")],
        benchmarks=[dict(period_start="2022-01-01", period_end="2022-12-31")],
    )
    rows.update(given)
    return make_tables(**rows)


def test_table_dates_silent_on_good_rows():
    assert validate.table_dates(dated_tables()) == []


def test_table_dates():
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    leaders = [
        dict(date_from="2020-01-01", from_prec="5", date_to="2021-12-31", to_prec="5"),
        dict(date_from="2020-03-15", from_prec="4", date_to="", to_prec=""),  # not the 1st
        dict(date_from="2020-03-01", from_prec="4", date_to="2021-06-15", to_prec="5"),
        dict(date_from="2020-06-01", from_prec="1", date_to="", to_prec="2"),  # no date
        dict(date_from="2021-01-01", from_prec="5", date_to="2020-12-31", to_prec="5"),
        dict(date_from=tomorrow, from_prec="1", date_to="", to_prec=""),
    ]
    t = dated_tables(
        leaders=leaders,
        milestones=[dict(date="2021-08-20", date_prec="4")],
        benchmarks=[dict(period_start="2022-01-01", period_end="2021-12-31")],
    )
    ps = validate.table_dates(t)
    assert [(p.file, *f) for p, f in zip(ps, found(ps))] == [
        ("leaders.csv", "table-dates", 3, "date_from"),
        ("leaders.csv", "table-dates", 7, "date_from"),
        ("leaders.csv", "table-dates", 4, "date_to"),
        ("leaders.csv", "table-dates", 5, "to_prec"),
        ("milestones.csv", "table-dates", 2, "date"),
        ("leaders.csv", "table-dates", 6, "date_to"),
        ("benchmarks.csv", "table-dates", 2, "period_end"),
    ]
    assert "first day of its month (4) or year (5)" in ps[0].message
    assert "first or last day" in ps[2].message  # an end may be either
    assert ps[3].message == "a precision without a date_to"


def test_table_dates_precision_without_a_start_date():
    leaders = [dict(date_from="", from_prec="4", date_to="", to_prec="")]
    ps = validate.table_dates(dated_tables(leaders=leaders))
    assert found(ps) == [("table-dates", 2, "from_prec")]


def bench(**cells) -> dict[str, str]:
    row = dict(
        metric="attacks", value_low="10", value_high="20", value_best="15", includes_families=""
    )
    return {**row, **cells}


def test_benchmark_rules():
    t = make_tables(
        benchmarks=[
            bench(),
            bench(value_low="30", value_best=""),
            bench(value_best="25"),
            bench(value_best="5"),
            bench(includes_families="true"),
            bench(metric="fighters", includes_families="false"),
            bench(value_low="", value_high="", value_best="7"),
        ]
    )
    ps = validate.benchmark_rules(t)
    assert found(ps) == [
        ("benchmark", 3, "value_high"),
        ("benchmark", 4, "value_best"),
        ("benchmark", 5, "value_best"),
        ("benchmark", 6, "includes_families"),
    ]
    assert ps[0].message == "value_high 20.0 is below value_low 30.0"


def test_people_rules():
    t = make_tables(
        people=[
            {"nationality": "Tajik;Uzbek"},
            {"nationality": "tajik"},
            {"nationality": ""},
            {"nationality": "Central Asian (unspecified)"},
            {"nationality": "Afghan;Pashtun tribe"},
        ]
    )
    ps = validate.people_rules(t)
    assert found(ps) == [("people", 3, "nationality"), ("people", 6, "nationality")]
    assert ps[0].message.startswith("'tajik' is not a nationality")
    assert [p.file for p in ps] == ["people.csv", "people.csv"]


def test_after_cutoff():
    limit = pd.Timestamp(schema.cutoff())
    on, after = limit.date().isoformat(), (limit + pd.Timedelta(days=1)).date().isoformat()
    t = make_tables(
        events=[{"date_start": on}, {"date_start": after}],
        milestones=[{"date": after}],
        benchmarks=[{"period_start": "2020-01-01"}],
        leaders=[{"date_to": ""}, {"date_to": on}, {"date_to": after}],
        territory=[{"date_from": on}],
        media=[{"first_seen": after}],
    )
    ps = validate.after_cutoff(t)
    assert [(p.file, *f) for p, f in zip(ps, found(ps))] == [
        ("events.csv", "cutoff", 3, "date_start"),
        ("milestones.csv", "cutoff", 2, "date"),
        ("leaders.csv", "cutoff", 4, "date_to"),
        ("media.csv", "cutoff", 2, "first_seen"),
    ]
    assert ps[0].message == f"{after} is after the data cut-off {on}"
