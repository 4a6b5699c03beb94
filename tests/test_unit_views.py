"""Unit tests of the reader-facing tables of iskp.views on hand-made tables."""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from iskp import load, schema, validate, views
from iskp.dataset import Dataset
from iskp.paths import DATA_DIR
from iskp.schema import Field, TableSchema


def attacks() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3", "E4", "E5", "E6"],
            "event_class": [
                "attack",
                "attack",
                "external_attack",
                "attack",
                "arrest",
                "cross_border_strike",
            ],
            "country": pd.Categorical(["AFG", "AFG", "RUS", "PAK", "AFG", "UZB"]),
            "date_start": pd.to_datetime(
                [
                    "2021-03-01",
                    "2021-08-26",
                    "2021-09-01",
                    "2022-01-10",
                    "2022-02-01",
                    "2022-04-18",
                ]
            ),
            "themes": pd.array(
                ["sectarian", "taliban", "external", "sectarian;pakistan", None, None],
                dtype="string",
            ),
            "killed_low": pd.array([5, 150, None, 10, None, None], dtype="Int64"),
            "killed_best": pd.array([7, 170, None, 20, None, 0], dtype="Int64"),
            "killed_high": pd.array([9, 183, None, 30, None, None], dtype="Int64"),
            "summary": ["a", "b", "c", "d", "e", "f"],
        }
    )


def test_share_table_shows_codes_by_their_labels():
    ev = pd.DataFrame({"attribution_status": ["claimed_by_iskp", "claimed_by_iskp", "disputed"]})
    out = views.share_table(ev, "attribution_status")
    want = schema.labels("events", "attribution_status")
    assert out.index.tolist() == [want["claimed_by_iskp"], want["disputed"]]
    assert out["events"].tolist() == [2, 1]


def test_share_table():
    ev = pd.DataFrame({"kind": ["a", "b", "a", "c", "a", "b"]})
    out = views.share_table(ev, "kind")
    assert out.index.tolist() == ["a", "b", "c"]  # largest first
    assert out["events"].tolist() == [3, 2, 1]
    assert out["share (%)"].tolist() == [50.0, 33.3, 16.7]


def test_lethality():
    out = views.lethality(attacks(), "country")
    assert out.columns.tolist() == ["attacks", "with known toll", "killed per attack"]
    assert out.loc["AFG", "attacks"] == 3 and out.loc["AFG", "with known toll"] == 2
    assert out.loc["AFG", "killed per attack"] == 88.5  # (7 + 170) / 2
    assert out.loc["PAK"].tolist() == [1, 1, 20.0]
    assert out.loc["UZB"].tolist() == [1, 1, 0.0]  # a known toll of zero counts
    assert out.loc["RUS", "with known toll"] == 0 and pd.isna(out.loc["RUS", "killed per attack"])
    assert out["attacks"].dtype == "int64" and out["with known toll"].dtype == "int64"


def test_lethality_rounds_to_one_decimal():
    ev = pd.DataFrame({"g": ["x", "x", "x"], "killed_best": pd.array([1, 1, 2], dtype="Int64")})
    assert views.lethality(ev, "g").loc["x", "killed per attack"] == 1.3


def test_phases():
    bounds = {"before": (None, "2021-08-14"), "since": ("2021-08-15", None)}
    out = views.phases(attacks(), bounds)
    assert out.index.tolist() == ["before", "since"]
    assert out.columns.tolist() == [
        "attacks",
        "killed (best)",
        "sectarian attacks (%)",
        "events abroad (%)",
    ]
    assert out.loc["before"].tolist() == [1, 7, 100.0, 0.0]
    # since: attacks E2 and E4 (E4 sectarian), abroad E3 and E6 of 4 attacks and strikes
    assert out.loc["since"].tolist() == [2, 190, 50.0, 50.0]
    empty = views.phases(attacks(), {"none": ("2030-01-01", None)})
    assert empty.loc["none"].tolist() == [0, 0, 0.0, 0.0]


def milestones() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "milestone_id": ["M002", "M001", "M003"],
            "date": pd.to_datetime(["2021-09-01", "2021-08-15", "2022-03-01"]),
            "kind": ["diplomatic", "security", "economic"],
        }
    )


def test_nearest_milestones():
    ev = attacks().iloc[[3, 0, 2]].copy()
    ev.loc[ev.index[0], "summary"] = "word " * 30  # 150 characters
    out = views.nearest_milestones(ev, milestones())
    assert out["event_id"].tolist() == ["E1", "E3", "E4"]  # by date
    assert out["date"].tolist() == ["2021-03-01", "2021-09-01", "2022-01-10"]
    first, same_day, last = (out.iloc[i] for i in range(3))
    assert first["previous milestone"] == "" and pd.isna(first["days after it"])
    assert first["next milestone"] == "M001 (2021-08-15, security)"
    assert first["days before it"] == 167  # 1 March to 15 August 2021
    assert same_day["previous milestone"] == "M002 (2021-09-01, diplomatic)"  # same day: before
    assert same_day["days after it"] == 0
    assert same_day["next milestone"] == "M003 (2022-03-01, economic)"
    assert same_day["days before it"] == 181
    assert last["days after it"] == 131 and last["days before it"] == 50
    assert last["event"].endswith("…") and len(last["event"]) <= 90
    assert first["event"] == "a"
    assert str(out["days after it"].dtype) == "Int64"


def tiny_schemas() -> dict[str, TableSchema]:
    fields = (
        Field("code", "string", True, {"required": True, "pattern": "^X\\d$"}, "the key"),
        Field("kind", "string", False, {"enum": ["a", "b"]}, "a kind"),
        Field("n", "integer", False, {"minimum": 0}, "a count"),
        Field(
            "prec", "integer", True, {"required": True, "minimum": 1, "maximum": 3}, "how exact"
        ),
        Field("note", "string", False, {}, ""),
    )
    where = Field(
        "where_prec",
        "integer",
        True,
        {},
        "",
        labels={"1": "exact site", "2": "town", "3": "district"},
    )
    when = Field("date_prec", "integer", True, {}, "", labels={"1": "day", "2": "days"})
    return {
        "things": TableSchema("things", "things.csv", fields, ("code",), ()),
        "events": TableSchema("events", "events.csv", (where, when), (), ()),
    }


def test_field_table(monkeypatch):
    monkeypatch.setattr(views, "schemas", tiny_schemas)
    out = views.field_table("things")
    assert out.columns.tolist() == ["field", "type", "required", "values", "meaning"]
    assert out["field"].tolist() == ["code", "kind", "n", "prec", "note"]
    assert out["type"].tolist() == ["string", "string", "integer", "integer", "string"]
    assert out["required"].tolist() == ["yes", "", "", "yes", ""]
    assert out["values"].tolist() == ["^X\\d$", "a, b", "≥ 0", "≥ 1 ≤ 3", ""]
    assert out["meaning"].tolist() == ["the key", "a kind", "a count", "how exact", ""]
    with pytest.raises(KeyError):
        views.field_table("nothing")


def test_precision_table(monkeypatch):
    monkeypatch.setattr(views, "schemas", tiny_schemas)
    out = views.precision_table()
    assert out.index.name == "code" and out.index.tolist() == [1, 2, 3]
    assert out.columns.tolist() == ["where_prec", "date_prec"]
    assert out["where_prec"].tolist() == ["exact site", "town", "district"]
    assert out["date_prec"].tolist()[:2] == ["day", "days"] and pd.isna(out.loc[3, "date_prec"])


def test_precision_table_of_the_codebook_has_every_code():
    out = views.precision_table()
    assert out.index.tolist() == [1, 2, 3, 4, 5, 6, 7]
    assert out["date_prec"].notna().tolist() == [True] * 5 + [False] * 2
    assert out["where_prec"].notna().all()


# ---------------------------------------------------------------------------------------------
# coverage, cut-off, rules, tables and grades


def test_capture_table():
    cap = pd.DataFrame(
        {
            "benchmark_id": ["B1", "B2"],
            "authority": ["UN", "GTI"],
            "metric": ["claimed_attacks", "deaths"],
            "period_start": pd.to_datetime(["2022-01-01", "2023-07-01"]),
            "period_end": pd.to_datetime(["2022-12-31", "2023-12-31"]),
            "country": ["AFG", None],
            "adm1": ["Kabul", None],
            "benchmark": [1234.0, 40.0],
            "record_best": [617.0, 0.0],
            "doubtful_left_out": [3, 0],
            "ratio": [0.5, float("nan")],
        },
        index=[5, 9],
    )
    out = views.capture_table(cap)
    assert out.index.tolist() == [0, 1]
    assert out.loc[0].tolist() == [
        "B1",
        "UN",
        "claimed attacks",
        "2022-01-01 to 2022-12-31",
        "AFG, Kabul",
        "1,234",
        "617",
        3,
        "50%",
    ]
    assert out.loc[1, "where"] == "AFG and PAK" and out.loc[1, "record / benchmark"] == ""
    zero = views.capture_table(cap.assign(benchmark=[1234.0, 0.0]))
    assert zero.loc[1, "record / benchmark"] == "no ratio (the benchmark is 0)"
    assert out.columns.tolist()[-1] == "record / benchmark"


def test_last_entered_table():
    last = pd.Series(
        pd.to_datetime(["2026-02-27", "2025-12-01"]), index=["attack", "leadership_killing"]
    )
    out = views.last_entered_table(last, "2026-02-28")
    assert out.to_dict("list") == {
        "class": ["attack", "leadership killing"],
        "latest event entered": ["2026-02-27", "2025-12-01"],
        "days before the cut-off": [1, 89],  # 30 (Dec) + 31 + 28 days
    }


def test_rule_table_lists_the_registry():
    out = views.rule_table()
    assert out.columns.tolist() == ["rule", "what it checks"]
    assert out["rule"].tolist() == [r.code for r in validate.RULES]
    row = out.set_index("rule").loc["date-order", "what it checks"]
    assert row == "date_end is not before date_start."  # no RST markup on the page
    assert not out["what it checks"].str.contains("``|:func:|:data:").any()


def small_dataset(**frames) -> Dataset:
    given = {f.name: pd.DataFrame() for f in dataclasses.fields(Dataset)}
    given.update(frames, lines={}, data_dir=DATA_DIR)
    return Dataset(**given)


def test_table_counts():
    ds = small_dataset(
        records=pd.DataFrame({"x": range(5)}),
        events=pd.DataFrame({"x": range(3)}),  # active only: not what the file holds
        links=pd.DataFrame({"x": range(7)}),
        people=pd.DataFrame({"x": range(2)}),
    )
    out = views.table_counts(ds)
    rows = dict(zip(out["file"], out["rows"]))
    assert rows["events.csv"] == 5 and rows["event_sources.csv"] == 7 and rows["people.csv"] == 2
    assert rows["claims.csv"] == 0
    assert out["file"].tolist()[:2] == ["events.csv", "sources.csv"]


def test_article_grades_spell_out_the_admiralty_code():
    raw = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in raw["resources"] if r["name"] == "articles")
    labels = {f["name"]: f.get("codeLabels", {}) for f in res["schema"]["fields"]}
    articles = pd.DataFrame(
        {
            "source_id": ["s1", "s2"],
            "label": ["RFE/RL (2022)", "Essay (2022)"],
            "reliability": pd.Categorical(["B", "F"]),
            "credibility": pd.Categorical(["2", "6"]),
            "grade_reason": ["wire copy", "anonymous"],
        },
        index=[4, 7],
    )
    out = views.article_grades(small_dataset(articles=articles))
    assert out["article"].tolist() == ["RFE/RL (2022)", "Essay (2022)"]
    assert out["grade"].tolist() == ["B2", "F6"]
    assert out["source"].tolist() == [labels["reliability"]["B"], labels["reliability"]["F"]]
    assert out["information"].tolist() == [labels["credibility"]["2"], labels["credibility"]["6"]]
    assert out["why"].tolist() == ["wire copy", "anonymous"] and out.index.tolist() == [0, 1]


def test_key_figures_of_the_dataset():
    ds = load.dataset()
    out = views.key_figures(ds, "9.9.9", "2026-02-28")
    assert out.columns.tolist() == [
        "figure",
        "value",
        "definition",
        "base",
        "doubtful left out",
        "period",
        "cite as",
    ]
    rows = out.set_index("figure")
    assert rows.loc["events in the record", "value"] == f"{len(ds.events):,}"
    ext = ds.events[
        ds.events["event_class"].isin(["external_attack", "external_plot_interdicted"])
    ]
    doubt = ext["scope_doubt"].fillna(False).astype(bool)
    assert rows.loc["attacks and plots abroad", "value"] == f"{int((~doubt).sum()):,}"
    assert rows.loc["attacks and plots abroad", "doubtful left out"] == f"{int(doubt.sum()):,}"
    assert rows.loc["events in the record", "period"] == "1 January 2015 to 28 February 2026"
    assert (
        rows.loc["attacks and plots abroad", "period"]
        == rows.loc["events in the record", "period"]
    )
    first = out.loc[0, "cite as"]
    assert "version 9.9.9" in first and "cut-off 28 February 2026" in first
    assert first.endswith(": events in the record.")


def test_best_source_kinds_takes_the_strongest_source_of_each_event():
    events = pd.DataFrame({"event_id": ["E1", "E2", "E3", "E4"]}, index=[3, 5, 8, 9])
    links = pd.DataFrame(
        {
            "event_id": ["E1", "E1", "E2", "E2", "E3", "X9"],
            "source_id": ["s-wire", "s-un", "s-blog", "s-local", "s-odd", "s-un"],
        }
    )
    sources = pd.DataFrame(
        {
            "source_id": ["s-wire", "s-un", "s-blog", "s-local", "s-odd"],
            "source_type": ["wire", "un", "blog", "local_media", "fan_page"],
        }
    )
    out = views.best_source_kinds(small_dataset(events=events, links=links, sources=sources))
    # E1 has a UN and a wire source: UN; E2 local beats blog; E3 only an unknown kind; E4 none;
    # X9 is not an active event and is not counted
    assert out["best source"].tolist() == ["un", "local_media", "unknown"]
    assert out["events"].tolist() == [1, 1, 2]
    assert out["share"].tolist() == [25.0, 25.0, 50.0]
    assert out.index.tolist() == [0, 1, 2]


def test_best_source_kinds_order_covers_every_publisher_type():
    raw = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in raw["resources"] if r["name"] == "publishers")
    kinds = next(f for f in res["schema"]["fields"] if f["name"] == "type")["constraints"]["enum"]
    assert sorted(kinds) == sorted(views.SOURCE_KIND_ORDER)


def _cells(html: str) -> list[list[str]]:
    import re

    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)
    return [
        [c.strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)] for r in rows
    ]


def test_show_drops_row_numbers_but_keeps_labels_and_blanks_missing_values():
    numbered = pd.DataFrame({"event_id": ["E1", "E2"], "n_killed": pd.array([3, None], "Int64")})
    rows = _cells(views.show(numbered.set_axis([7, 9])).data)
    assert rows == [["event id", "n killed"], ["E1", "3"], ["E2", ""]]  # no 7, 9, no <NA>
    counts = views.share_table(pd.DataFrame({"attribution": ["a", "b", "a"]}), "attribution")
    rows = _cells(views.show(counts).data)
    assert rows[0] == ["attribution", "events", "share (%)"]
    assert [r[0] for r in rows[1:]] == ["a", "b"]  # the labels survive
    cross = pd.crosstab(pd.Series(["x", "y"], name="kind"), pd.Series([1, 2], name="year"))
    rows = _cells(views.show(cross).data)
    assert rows[0] == ["kind", "1", "2"] and rows[1][0] == "x"
    assert "iskp-table" in views.show(numbered).data


def test_show_with_index_keeps_the_index():
    frame = pd.DataFrame({"v": [1]}, index=pd.Index(["r"], name="row_name"))
    rows = _cells(views.show(frame, index=True).data)
    assert any("row name" in c for r in rows for c in r) and any(c == "r" for r in rows for c in r)


def test_event_table_labels_the_attribution():
    ev = pd.DataFrame(
        {
            "event_id": ["E1", "E2"],
            "date_start": pd.to_datetime(["2022-01-01", "2022-02-01"]),
            "location": ["Kabul", None],
            "adm1": ["Kabul", "Kunar"],
            "country": ["AFG", "AFG"],
            "killed_low": [1, None],
            "killed_best": [2, None],
            "killed_high": [3, None],
            "iskp_claimed": ["yes", "no"],
            "attribution_status": ["claimed_by_iskp", "denied_by_state"],
            "event_class": ["attack", "attack"],
            "summary": ["a", "b"],
        },
        index=[4, 8],
    )
    out = views.event_table(ev)
    want = schema.labels("events", "attribution_status")
    assert out["attribution"].tolist() == [want["claimed_by_iskp"], want["denied_by_state"]]
    assert out["place"].tolist() == ["Kabul, AFG", "Kunar, AFG"] and out.index.tolist() == [0, 1]


def test_show_keeps_event_ids_and_dates_unbroken():
    frame = pd.DataFrame(
        {
            "event_id": ["ISKP-2021-007"],
            "period": ["2021-08-19 to 2021-12-31"],
            "note": ["not-ISKP-2021-0071"],
        }
    )
    html = views.show(frame).data
    assert '<span class="iskp-nw">ISKP-2021-007</span>' in html
    span = '<span class="iskp-nw">{}</span>'
    assert f"{span.format('2021-08-19')} to {span.format('2021-12-31')}" in html
    assert "not-ISKP-2021-0071" in html  # part of a longer token: left alone
