"""Unit tests of the lower layers on hand-made files and tables: errors, schema, read, load,
dataset, geo, export and text."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from iskp import export, geo, load, schema, text
from iskp.dataset import Dataset, publisher_key, split_list, with_publishers
from iskp.errors import DataError, Problem
from iskp.paths import DATA_DIR
from iskp.read import Tables, check_cell, hidden_character, read_all, read_table
from iskp.schema import Field, SchemaError, TableSchema, descriptor, schemas, vocabulary

# ---------------------------------------------------------------------------------------------
# a tiny dataset folder of two tables

PEOPLE = {
    "name": "people",
    "path": "people.csv",
    "schema": {
        "fields": [
            {
                "name": "person_id",
                "type": "string",
                "constraints": {"required": True, "pattern": "^P\\d{2}$"},
            },
            {"name": "age", "type": "integer", "constraints": {"minimum": 0, "maximum": 130}},
            {
                "name": "kind",
                "type": "string",
                "description": "what the person is",
                "constraints": {"required": True, "enum": ["staff", "guest"]},
                "codeLabels": {"staff": "member of staff", "guest": "visitor"},
            },
            {"name": "born", "type": "date"},
            {"name": "height", "type": "number"},
            {
                "name": "active",
                "type": "boolean",
                "trueValues": ["yes"],
                "falseValues": ["no"],
            },
            {"name": "note", "type": "string", "constraints": {"maxLength": 10}},
        ],
        "primaryKey": "person_id",
    },
}
VISITS = {
    "name": "visits",
    "path": "visits.csv",
    "schema": {
        "fields": [
            {"name": "person_id", "type": "string", "constraints": {"required": True}},
            {"name": "day", "type": "date", "constraints": {"required": True}},
        ],
        "primaryKey": ["person_id", "day"],
        "foreignKeys": [
            {"fields": "person_id", "reference": {"resource": "people", "fields": "person_id"}}
        ],
    },
}
PEOPLE_CSV = (
    "person_id,age,kind,born,height,active,note\n"
    "P01,34,staff,1990-05-01,1.75,yes,hi\n"
    "P02,,guest,,,no,\n"
    "P03,7,guest,2017-12-31,1.2,,\n"
)
VISITS_CSV = "person_id,day\nP01,2024-01-02\nP02,2024-01-03\n"


def tiny_folder(path: Path, people: str = PEOPLE_CSV, visits: str = VISITS_CSV, **extra) -> Path:
    """A dataset folder with a two-table ``datapackage.json`` and its files."""
    path.mkdir(parents=True, exist_ok=True)
    desc = {"name": "tiny", "version": "0.3.0", "resources": [PEOPLE, VISITS], **extra}
    (path / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    (path / "people.csv").write_text(people, encoding="utf-8")
    (path / "visits.csv").write_text(visits, encoding="utf-8")
    return path


def write_descriptor(path: Path, resources: list[dict]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    (path / "datapackage.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# errors


def test_problem_names_file_row_and_field():
    p = Problem("events.csv", 12, "killed_best", "'x' is not an integer", "type")
    assert str(p) == "events.csv, row 12, field 'killed_best': 'x' is not an integer"
    whole = Problem("events.csv", 0, "(file)", "file not found")
    assert str(whole) == "events.csv, file, field '(file)': file not found"
    assert whole.rule == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.row = 3  # type: ignore[misc]
    assert p == Problem("events.csv", 12, "killed_best", "'x' is not an integer", "type")


def test_data_error_lists_25_problems_and_counts_the_rest():
    problems = [
        Problem("a.csv", i + 2, "f", f"bad {i}", "r1" if i % 2 else "r2") for i in range(27)
    ]
    err = DataError(problems)
    msg = str(err)
    assert msg.startswith("27 data problem(s):")
    assert "a.csv, row 26, field 'f': bad 24" in msg and "bad 25" not in msg
    assert msg.endswith("... and 2 more")
    assert err.rules() == {"r1", "r2"}
    assert isinstance(err, ValueError) and err.problems == problems


# ---------------------------------------------------------------------------------------------
# schema


def test_table_schema_fields_keys_and_labels(tmp_path):
    sch = schemas(tiny_folder(tmp_path))
    assert list(sch) == ["people", "visits"]
    people, visits = sch["people"], sch["visits"]
    assert isinstance(people, TableSchema) and people.path == "people.csv"
    assert people.field_names == ["person_id", "age", "kind", "born", "height", "active", "note"]
    assert people.primary_key == ("person_id",)
    assert visits.primary_key == ("person_id", "day")
    assert visits.foreign_keys[0]["reference"]["resource"] == "people"
    kind = people.field("kind")
    assert isinstance(kind, Field)
    assert kind.required and kind.enum == ("staff", "guest")
    assert kind.labels == {"staff": "member of staff", "guest": "visitor"}
    assert kind.description == "what the person is"
    age = people.field("age")
    assert (
        age.enum is None and not age.required and age.constraints == {"minimum": 0, "maximum": 130}
    )
    active = people.field("active")
    assert active.true_values == ("yes",) and active.false_values == ("no",)
    assert people.field("note").true_values == ("true",)  # the default
    with pytest.raises(KeyError, match="people has no field 'weight'"):
        people.field("weight")


def test_descriptor_and_vocabulary(tmp_path):
    folder = tiny_folder(tmp_path)
    assert schema.tables(folder) == ("people", "visits")
    assert export.version(folder) == "0.3.0"
    d = descriptor(folder)
    assert d["name"] == "tiny" and d["version"] == "0.3.0" and len(d["resources"]) == 2
    assert vocabulary("people", "kind", folder) == ("staff", "guest")
    with pytest.raises(KeyError, match="people.age has no code list"):
        vocabulary("people", "age", folder)
    assert schema.labels("people", "kind", folder) == {
        "staff": "member of staff",
        "guest": "visitor",
    }


def test_cutoff_is_read_from_the_descriptor(tmp_path):
    folder = tiny_folder(tmp_path, cutoff="2025-06-30")
    assert schema.cutoff(folder) == "2025-06-30"
    raw = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert schema.cutoff() == raw["cutoff"]
    with pytest.raises(KeyError):
        schema.cutoff(tiny_folder(tmp_path / "none"))


def test_vocabulary_of_the_real_codebook_keeps_its_order():
    raw = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    events = next(r for r in raw["resources"] if r["name"] == "events")
    field = next(f for f in events["schema"]["fields"] if f["name"] == "event_class")
    assert vocabulary("events", "event_class") == tuple(field["constraints"]["enum"])


@pytest.mark.parametrize(
    "field, match",
    [
        ({"name": "x", "type": "geopoint"}, "type 'geopoint'"),
        ({"name": "x", "type": "integer", "constraints": {"exclusiveMinimum": 0}}, "exclusiveM"),
        ({"name": "x", "type": "string", "format": "email"}, "format 'email'"),
    ],
)
def test_schema_error_for_what_the_loader_does_not_implement(tmp_path, field, match):
    res = {"name": "t", "path": "t.csv", "schema": {"fields": [field]}}
    folder = write_descriptor(tmp_path, [res])
    with pytest.raises(SchemaError, match=match):
        schemas(folder)


def test_schema_error_for_missing_values_and_composite_foreign_keys(tmp_path):
    fields = [{"name": "a", "type": "string"}, {"name": "b", "type": "string"}]
    na = {"name": "t", "path": "t.csv", "schema": {"fields": fields, "missingValues": ["NA"]}}
    with pytest.raises(SchemaError, match="missingValues"):
        schemas(write_descriptor(tmp_path / "na", [na]))
    fk = {"fields": ["a", "b"], "reference": {"resource": "", "fields": ["a", "b"]}}
    comp = {"name": "t", "path": "t.csv", "schema": {"fields": fields, "foreignKeys": [fk]}}
    with pytest.raises(SchemaError, match="composite foreign keys"):
        schemas(write_descriptor(tmp_path / "fk", [comp]))
    ok = {"name": "t", "path": "t.csv", "schema": {"fields": [{"name": "a", "type": "string"}]}}
    assert list(schemas(write_descriptor(tmp_path / "ok", [ok]))) == ["t"]


# ---------------------------------------------------------------------------------------------
# read.check_cell


def fld(type_: str = "string", required: bool = False, **constraints) -> Field:
    return Field("f", type_, required, dict(constraints), "")


@pytest.mark.parametrize(
    "field, value, rule",
    [
        (fld("integer"), "12", None),
        (fld("integer"), "-3", None),
        (fld("integer"), "1.5", "type"),
        (fld("integer"), "1,000", "type"),
        (fld("integer"), " 3", "whitespace"),
        (fld("integer", minimum=0), "-1", "minimum"),
        (fld("integer", maximum=5), "6", "maximum"),
        (fld("integer", maximum=5), "5", None),
        (fld("number"), "1.25", None),
        (fld("number"), "1e3", "type"),
        (fld("number", minimum=-90, maximum=90), "90.5", "maximum"),
        (fld("date"), "2021-08-26", None),
        (fld("date"), "26/08/2021", "type"),
        (fld("date"), "2021-02-30", "type"),
        (fld("boolean"), "true", None),
        (fld("boolean"), "yes", "type"),
        (fld("string", enum=["a", "b"]), "b", None),
        (fld("string", enum=["a", "b"]), "c", "enum"),
        (fld("string", pattern="^P\\d{2}$"), "P01", None),
        (fld("string", pattern="^P\\d{2}$"), "P1", "pattern"),
        (fld("string", pattern="^P\\d{2}$"), "xP01", "pattern"),
        (fld("string", maxLength=3), "abc", None),
        (fld("string", maxLength=3), "abcd", "max-length"),
        (fld("string"), "", None),
        (fld("string", required=True), "", "required"),
        (fld("string"), "trailing ", "whitespace"),
    ],
)
def test_check_cell(field, value, rule):
    found = check_cell("t.csv", 7, field, value)
    if rule is None:
        assert found == []
    else:
        assert [(p.file, p.row, p.field, p.rule) for p in found] == [("t.csv", 7, "f", rule)]


def test_check_cell_boolean_with_own_true_and_false_values():
    f = Field("active", "boolean", False, {}, "", true_values=("yes",), false_values=("no",))
    assert check_cell("t.csv", 2, f, "no") == []
    (p,) = check_cell("t.csv", 2, f, "true")
    assert p.rule == "type" and "yes, no" in p.message


# ---------------------------------------------------------------------------------------------
# read.read_table, read.read_all and Tables


def test_read_table_types_every_column(tmp_path):
    frame, lines, problems = read_table("people", tiny_folder(tmp_path))
    assert problems == [] and lines == (2, 3, 4)
    assert list(frame["person_id"]) == ["P01", "P02", "P03"]
    assert str(frame["age"].dtype) == "Int64" and frame["age"].tolist()[0] == 34
    assert frame["age"].isna().tolist() == [False, True, False]
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)
    assert list(frame["kind"].cat.categories) == ["staff", "guest"]
    assert frame.loc[2, "born"] == pd.Timestamp("2017-12-31") and pd.isna(frame.loc[1, "born"])
    assert str(frame["height"].dtype) == "Float64" and frame.loc[0, "height"] == 1.75
    assert frame["active"].tolist()[:2] == [True, False] and pd.isna(frame.loc[2, "active"])
    assert str(frame["note"].dtype) == "string" and pd.isna(frame.loc[1, "note"])


def test_read_table_reports_every_bad_cell_by_line_and_returns_no_rows(tmp_path):
    bad = (
        "person_id,age,kind,born,height,active,note\n"
        "P01,34,staff,1990-05-01,1.75,yes,hi\n"
        "P02,old,boss,,,no,\n"
        "P01,7,guest,2017-12-31,1.2,,far too long\n"
    )
    frame, lines, problems = read_table("people", tiny_folder(tmp_path, people=bad))
    assert frame.empty and lines == ()
    got = [(p.row, p.field, p.rule) for p in problems]
    assert got == [
        (3, "age", "type"),
        (3, "kind", "enum"),
        (4, "note", "max-length"),
        (4, "person_id", "primary-key"),
    ]
    assert all(p.file == "people.csv" for p in problems)


def test_read_table_row_length_blank_line_and_header(tmp_path):
    rows = "person_id,age,kind,born,height,active,note\nP01,34,staff\n\nP02,,guest,,,no,,x\n"
    _, _, problems = read_table("people", tiny_folder(tmp_path / "a", people=rows))
    got = [(p.row, p.field, p.rule) for p in problems]
    assert (2, "born", "row-length") in got
    assert (3, "(row)", "blank-line") in got
    assert (4, "(row)", "row-length") in got
    swapped = "age,person_id,kind,born,height,active,note\n34,P01,staff,,,,\n"
    _, _, problems = read_table("people", tiny_folder(tmp_path / "b", people=swapped))
    assert [(p.row, p.field, p.rule) for p in problems] == [(1, "(header)", "header")]
    missing = "person_id,age,kind,born,height,active\nP01,34,staff,,,\n"
    _, _, problems = read_table("people", tiny_folder(tmp_path / "c", people=missing))
    assert [(p.row, p.field, p.rule) for p in problems] == [(1, "note", "header")]


def test_read_table_missing_file(tmp_path):
    folder = tiny_folder(tmp_path)
    (folder / "visits.csv").unlink()
    frame, lines, problems = read_table("visits", folder)
    assert frame.empty and list(frame.columns) == ["person_id", "day"] and lines == ()
    assert [(p.file, p.row, p.field, p.rule) for p in problems] == [
        ("visits.csv", 0, "(file)", "file-missing")
    ]


def test_read_table_keeps_a_quoted_line_break_inside_a_cell(tmp_path):
    rows = 'person_id,age,kind,born,height,active,note\nP01,1,staff,,,,"a\nb"\nP02,2,guest,,,,\n'
    frame, lines, problems = read_table("people", tiny_folder(tmp_path, people=rows))
    assert problems == [] and len(frame) == 2 and frame.loc[0, "note"] == "a\nb"
    assert lines == (3, 4)  # the line each record ends on


def test_read_all_reads_every_table_and_collects_problems(tmp_path):
    t, problems = read_all(tiny_folder(tmp_path / "good"))
    assert problems == [] and isinstance(t, Tables)
    assert set(t.frames) == {"people", "visits"} and t.lines == {
        "people": (2, 3, 4),
        "visits": (2, 3),
    }
    assert t.data_dir == tmp_path / "good"
    assert list(t["visits"]["day"]) == [pd.Timestamp("2024-01-02"), pd.Timestamp("2024-01-03")]
    visits = "person_id,day\nP01,2024-01-02\nP01,2024-01-02\n"
    people = PEOPLE_CSV.replace("P03,7,", "P03,-7,")
    t, problems = read_all(tiny_folder(tmp_path / "bad", people=people, visits=visits))
    assert [(p.file, p.row, p.field, p.rule) for p in problems] == [
        ("people.csv", 4, "age", "minimum"),
        ("visits.csv", 3, "person_id,day", "primary-key"),
    ]
    assert t["people"].empty and t["visits"].empty


def test_tables_maps_row_positions_to_file_lines():
    frame = pd.DataFrame({"a": [1, 2, 3]})
    t = Tables({"x": frame}, {"x": (2, 5, 9)}, DATA_DIR)
    assert t["x"] is frame
    assert [t.line("x", i) for i in range(3)] == [2, 5, 9]
    with pytest.raises(KeyError):
        t["y"]


# ---------------------------------------------------------------------------------------------
# dataset and load


def test_split_list():
    s = pd.Series(["a;b", None, "", "c", "a;;b"], dtype="string")
    assert split_list(s).tolist() == [["a", "b"], [], [], ["c"], ["a", "b"]]
    assert split_list(pd.Series([], dtype="string")).tolist() == []
    assert list(split_list(pd.Series(["x;y"], index=[7])).index) == [7]


def _events(rows: list[tuple]) -> pd.DataFrame:
    cols = ["event_id", "record_status", "date_start", "themes"]
    frame = pd.DataFrame(rows, columns=cols)
    frame["date_start"] = pd.to_datetime(frame["date_start"])
    return frame


def publishers_and_sources() -> tuple[pd.DataFrame, pd.DataFrame]:
    publishers = pd.DataFrame(
        {
            "publisher_id": ["reuters", "reuters-uk", "amaq", "ap"],
            "name": ["Reuters", "REUTERS", "Amaq", "AP"],
            "type": ["wire", "wire", "blog", "wire"],
            "perspective": ["independent", "independent", "iskp", "independent"],
            "state_owned": [False, False, False, False],
        }
    )
    sources = pd.DataFrame(
        {
            "source_id": ["s1", "s2", "s3", "s4"],
            "publisher_id": ["reuters", "reuters-uk", "amaq", "ap"],
            "title": ["a", "b", "c", "d"],
        }
    )
    return publishers, sources


def test_with_publishers_joins_name_type_and_perspective():
    publishers, sources = publishers_and_sources()
    sources = pd.concat(
        [sources, pd.DataFrame({"source_id": ["s5"], "publisher_id": ["nobody"], "title": ["e"]})],
        ignore_index=True,
    )
    out = with_publishers(sources, publishers)
    assert out["source_id"].tolist() == ["s1", "s2", "s3", "s4", "s5"]  # every source kept
    assert out["publisher"].tolist()[:4] == ["Reuters", "REUTERS", "Amaq", "AP"]
    assert out["source_type"].tolist()[:4] == ["wire", "wire", "blog", "wire"]
    assert out.loc[2, "perspective"] == "iskp" and pd.isna(out.loc[4, "publisher"])
    assert "state_owned" not in out and out["title"].tolist() == list("abcde")


def test_from_tables_builds_the_dataset():
    records = _events(
        [
            ("E1", "active", "2021-08-26", "taliban;external"),
            ("E2", "retracted", "2021-09-01", "sectarian"),
            ("E3", "active", "2022-02-14", None),
            ("E4", "duplicate", "2022-02-14", "taliban"),
        ]
    )
    publishers, sources = publishers_and_sources()
    links = pd.DataFrame(
        {
            "event_id": ["E1", "E1", "E1", "E1", "E3", "E2"],
            "source_id": ["s1", "s2", "s3", "s1", "s3", "s4"],
            "supports": ["occurrence", "occurrence", "perpetrator_claim", "date", "x", "x"],
        }
    )
    claims = pd.DataFrame({"claim_id": ["C001"]})
    frames = {name: pd.DataFrame({"n": [k]}) for k, name in enumerate(schemas())}
    frames.update(events=records, sources=sources, publishers=publishers, event_sources=links)
    frames["claims"] = claims
    lines = {"events": (2, 3, 5, 6), "sources": (2, 3, 4, 5)}
    ds = load.from_tables(Tables(frames, lines, Path("/some/where")))
    assert isinstance(ds, Dataset)
    assert ds.records is records and len(ds.records) == 4
    assert ds.events["event_id"].tolist() == ["E1", "E3"]
    assert ds.events.index.tolist() == [0, 1]
    assert ds.events["n_sources"].tolist() == [3, 1]  # s1, s2, s3 (s1 linked twice)
    # Reuters and REUTERS are one publisher; Amaq is not independent
    assert ds.events["n_publishers"].tolist() == [1, 0]
    assert ds.events["year"].tolist() == [2021, 2022]
    assert ds.events["month"].tolist() == [pd.Timestamp("2021-08-01"), pd.Timestamp("2022-02-01")]
    assert ds.event_themes.values.tolist() == [["E1", "taliban"], ["E1", "external"]]
    assert ds.sources["publisher"].tolist() == ["Reuters", "REUTERS", "Amaq", "AP"]
    assert ds.publishers is publishers and ds.links is links and ds.claims is claims
    assert ds.milestones is frames["milestones"]
    assert ds.lines == lines and ds.data_dir == Path("/some/where")


@pytest.mark.parametrize(
    "a, b",
    [
        ("Reuters", "REUTERS"),
        ("The Washington Post", "Washington Post"),
        ("Agence France-Presse", "Agence France Presse"),
        ("Hürriyet Daily News", "Hurriyet Daily News"),
        ("TOLOnews", "Tolo News"),
    ],
)
def test_publisher_key_merges_spellings(a, b):
    assert publisher_key(a) == publisher_key(b)


def test_publisher_key_keeps_publishers_apart():
    assert publisher_key("The Washington Post") == "washingtonpost"
    assert publisher_key("Theatre Times") == "theatretimes"  # 'The' only as a word
    assert publisher_key("AP") != publisher_key("AFP")
    assert publisher_key("Reuters") != publisher_key("Reuters Institute")


def test_publisher_key_of_names_in_arabic_script():
    """Regression: every name in Arabic script got the same empty key."""
    tolo, ariana = publisher_key("طلوع نیوز"), publisher_key("آریانا نیوز")
    assert tolo and ariana and tolo != ariana


def test_enrich_derives_columns_of_active_events():
    records = _events(
        [
            ("E1", "active", "2021-12-31", None),
            ("E2", "retracted", "2022-01-01", None),
            ("E3", "active", "2022-01-01", None),
        ]
    )
    sources = pd.DataFrame(
        {
            "source_id": ["s1", "s2", "s3"],
            "publisher": ["Reuters", "REUTERS", "AP"],
            "perspective": ["independent", "independent", "taliban"],
        }
    )
    links = pd.DataFrame(
        {"event_id": ["E1", "E1", "E1", "E2"], "source_id": ["s1", "s2", "s3", "s3"]}
    )
    ev = load.enrich(records, links, sources)
    assert ev["event_id"].tolist() == ["E1", "E3"]
    assert ev.loc[0, "n_sources"] == 3 and pd.isna(ev.loc[1, "n_sources"])  # E3 unlinked
    assert ev["n_publishers"].tolist() == [1, 0]  # one publisher however spelt; AP is a party
    assert ev["year"].tolist() == [2021, 2022]
    assert ev["month"].tolist() == [pd.Timestamp("2021-12-01"), pd.Timestamp("2022-01-01")]
    assert "n_sources" not in records  # the input is left alone


# ---------------------------------------------------------------------------------------------
# geo


def test_boundary_path_is_in_the_dataset_folder(tmp_path):
    assert geo.boundary_path(tmp_path) == tmp_path / "boundaries.gpkg"
    assert geo.boundary_path() == DATA_DIR / "boundaries.gpkg"


@pytest.mark.parametrize(
    "reported, canonical",
    [
        ("Hilmand", "Helmand"),
        ("Sar-i-Pul", "Sar-e Pol"),
        ("Nimroz", "Nimruz"),
        ("KPK", "Khyber Pakhtunkhwa"),
        ("FATA", "Khyber Pakhtunkhwa"),
        ("Baluchistan", "Balochistan"),
        ("Kabul", "Kabul"),
        ("Nowhere", "Nowhere"),
    ],
)
def test_province_name(reported, canonical):
    assert geo.province_name(reported) == canonical


# ---------------------------------------------------------------------------------------------
# export


def test_events_geojson_keeps_events_with_both_coordinates():
    ev = pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3"],
            "latitude": pd.array([34.5, None, 31.0], dtype="Float64"),
            "longitude": pd.array([69.25, 70.0, None], dtype="Float64"),
            "date_start": pd.to_datetime(["2021-08-26", "2022-01-01", "2022-01-02"]),
            "killed_best": pd.array([None, 3, 4], dtype="Int64"),
            "adm1": pd.array(["Kabul", None, None], dtype="string"),
            "summary": ["bomb", "x", "y"],
        }
    )
    gj = export.events_geojson(ev, ["event_id", "date_start", "killed_best", "adm1"])
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 1
    (f,) = gj["features"]
    assert f["type"] == "Feature" and f["id"] == "E1"
    assert f["geometry"] == {"type": "Point", "coordinates": [69.25, 34.5]}  # lon, lat
    assert f["properties"] == {
        "event_id": "E1",
        "date_start": "2021-08-26",
        "killed_best": None,
        "adm1": "Kabul",
    }
    json.dumps(gj)  # plain JSON types only
    ev2 = ev.assign(latitude=pd.array([1.0, 2.0, 3.0], dtype="Float64"))
    ev2["longitude"] = pd.array([4.0, 5.0, 6.0], dtype="Float64")
    props = [f["properties"] for f in export.events_geojson(ev2, ["killed_best"])["features"]]
    assert props == [{"killed_best": None}, {"killed_best": 3}, {"killed_best": 4}]
    assert type(props[1]["killed_best"]) is int


MINI = {
    "name": "mini",
    "version": "1.2.3",
    "resources": [
        {
            "name": "events",
            "title": "the events",
            "path": "events.csv",
            "schema": {
                "fields": [
                    {"name": "event_id", "type": "string", "constraints": {"pattern": "^E\\d$"}},
                    {"name": "latitude", "type": "number"},
                    {"name": "longitude", "type": "number"},
                    {"name": "summary", "type": "string"},
                ]
            },
        },
        {
            "name": "notes",
            "path": "notes.csv",
            "schema": {
                "fields": [
                    {"name": "note_id", "type": "string"},
                    {"name": "text", "type": "string"},
                ]
            },
        },
    ],
}
MINI_EVENTS = "event_id,latitude,longitude,summary\nE1,34.5,69.2,=cmd\nE2,,,b\nE3,30,70,c\n"


def download_folder(tmp_path: Path, notes_csv: str) -> Path:
    """A two-table dataset folder with a codebook of 2,500 bytes."""
    folder = tmp_path / "dl"
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps(MINI), encoding="utf-8")
    (folder / "events.csv").write_text(MINI_EVENTS, encoding="utf-8")
    (folder / "notes.csv").write_text(notes_csv, encoding="utf-8")
    (folder / "CODEBOOK.md").write_text("x" * 2500, encoding="utf-8")
    return folder


def mini_dataset(folder: Path) -> Dataset:
    """The three events of MINI_EVENTS, two of them with coordinates."""
    ev = pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3"],
            "latitude": [34.5, None, 30.0],
            "longitude": [69.2, None, 70.0],
            "summary": ["=cmd", "b", "c"],
        }
    )
    given = {f.name: pd.DataFrame() for f in dataclasses.fields(Dataset)}
    given.update(records=ev, events=ev, lines={}, data_dir=folder)
    return Dataset(**given)


def test_contents_lists_tables_then_extras(tmp_path):
    folder = download_folder(tmp_path, "note_id,text\n")
    assert export.contents(folder) == {
        "events.csv": "the events",
        "notes.csv": "notes",  # no title: the table's name
        **export.EXTRAS,
    }
    assert list(export.EXTRAS) == ["datapackage.json", export.GEOJSON, "CODEBOOK.md"]


def test_downloads_table_lists_every_file_with_records_and_size(tmp_path, monkeypatch):
    folder = download_folder(tmp_path, "note_id,text\nN1,a\nN2,b\n")
    monkeypatch.setattr(export.load, "dataset", lambda d=None: mini_dataset(Path(d)))
    table = export.downloads_table(folder)
    files = ["events.csv", "notes.csv", "datapackage.json", export.GEOJSON, "CODEBOOK.md"]
    assert table["file"].tolist() == files
    assert table["contents"].tolist()[:2] == ["the events", "notes"]
    assert table["records"].tolist()[:2] == [3, 2]
    assert table.loc[3, "records"] == 2  # features: E1 and E3 have coordinates
    assert pd.isna(table.loc[2, "records"]) and pd.isna(table.loc[4, "records"])
    assert table.loc[4, "size (kB)"] == 2.5
    assert table.loc[2, "size (kB)"] == round(
        (folder / "datapackage.json").stat().st_size / 1000, 1
    )


def test_downloads_table_counts_records_not_lines(tmp_path, monkeypatch):
    """Regression: a quoted line break inside a cell (which read accepts) was counted as an
    extra record."""
    folder = download_folder(tmp_path, 'note_id,text\nN1,"two\nlines"\n')
    monkeypatch.setattr(export.load, "dataset", lambda d=None: mini_dataset(Path(d)))
    table = export.downloads_table(folder)
    assert table.loc[1, "file"] == "notes.csv" and table.loc[1, "records"] == 1


def test_safe_csv_neutralises_formulas_in_text_fields_only(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b'id,text,n\r\n1,=HYPERLINK(x),-5\r\n2,"@a, b",+3\r\n3,Kabul,0\r\n4\r\n')
    out = export.safe_csv(path, {"text"})
    assert out == "id,text,n\n1,'=HYPERLINK(x),-5\n2,\"'@a, b\",+3\n3,Kabul,0\n4\n"
    assert export.safe_csv(path, set()) == out.replace("'", "")
    assert path.read_bytes().startswith(b"id,text,n\r\n1,=HYPERLINK")  # the file is unchanged


def test_text_fields_are_free_text_strings(tmp_path):
    folder = tiny_folder(tmp_path)
    assert export.text_fields(folder, "people") == {"note"}  # no id pattern, no code list
    assert export.text_fields(folder, "visits") == {"person_id"}
    real = export.text_fields(DATA_DIR, "events")
    assert {"summary", "location"} <= real
    assert not {"event_id", "event_class", "killed_best", "date_start"} & real


def test_citation_is_read_from_citation_cff(tmp_path, monkeypatch):
    (tmp_path / "CITATION.cff").write_text(
        "cff-version: 1.2.0\n"
        "title: Tiny data\n"
        'version: "2.1.0"\n'
        "date-released: 2024-03-05\n"
        "license: CC-BY-4.0\n"
        "authors:\n"
        "  - given-names: Ada\n"
        "    family-names: Lovelace\n"
        '  - name: "ISKP Project"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(export, "ROOT", tmp_path)
    c = export.citation()
    assert c == {
        "title": "Tiny data",
        "version": "2.1.0",
        "date": "2024-03-05",
        "license": "CC-BY-4.0",
        "authors": "Ada Lovelace, ISKP Project",
        "text": "Ada Lovelace, ISKP Project (2024). Tiny data, version 2.1.0 [data set]. "
        "License CC-BY-4.0.",
    }


# ---------------------------------------------------------------------------------------------
# text


def test_glued_table():
    t = text.glued_table({"n_events": 12, "share": "42%"})
    assert t.index.name == "glued" and t.index.tolist() == ["n_events", "share"]
    assert t["value"].tolist() == ["12", "42%"]


def test_glue_all_glues_plain_values_and_shows_them(monkeypatch):
    import IPython.display

    glued, shown = [], []
    monkeypatch.setattr(text, "glue", lambda name, value: glued.append((name, value)))
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    values = {"n": np.int64(3), "x": np.float64(1.5), "s": "text", "p": Path("a") / "b"}
    text.glue_all(values)
    assert glued == [("n", 3), ("x", 1.5), ("s", "text"), ("p", str(Path("a") / "b"))]
    assert type(glued[0][1]) is int and type(glued[1][1]) is float
    (table,) = shown
    assert table["value"].tolist() == ["3", "1.5", "text", str(Path("a") / "b")]
    glued.clear()
    text.glue_all({"k": 1}, show=False)
    assert glued == [("k", 1)] and len(shown) == 1


@pytest.mark.parametrize(
    "value, digits, out",
    [(0.3, 0, "30%"), (1.0, 0, "100%"), (0.1234, 1, "12.3%"), (2.5, 0, "250%"), (0, 0, "0%")],
)
def test_ratio(value, digits, out):
    assert text.ratio(value, digits) == out


def test_ratio_of_a_missing_value():
    assert text.ratio(float("nan")) == "none"
    assert text.ratio(np.nan, 2) == "none"


def test_hidden_character_allows_the_persian_non_joiner_only_inside_a_word():
    assert hidden_character("Kabul") is None
    assert hidden_character("انفجار در می\u200cشود") is None  # Persian spelling
    assert hidden_character("Kabul\u200c") == "\u200c"  # trailing, after Latin letters
    assert hidden_character("Ka\u200cbul") == "\u200c"
    assert hidden_character("می\u200b") == "\u200b"  # a zero-width space never passes
