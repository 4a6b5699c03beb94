"""Loading: typed frames, every row kept, and clear errors for bad input."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from iskp import load
from iskp.errors import DataError
from iskp.schema import TABLES, schemas

from conftest import DATA


def test_every_row_is_kept():
    t = load.tables()
    for name in TABLES:
        with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as fh:
            n_rows = sum(1 for _ in csv.reader(fh)) - 1
        assert len(getattr(t, name)) == n_rows, name


def test_dtypes_follow_the_schema():
    ev = load.tables().events
    assert str(ev["killed_best"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(ev["date_start"])
    assert isinstance(ev["event_class"].dtype, pd.CategoricalDtype)
    assert str(ev["latitude"].dtype) == "Float64"
    assert str(ev["suicide"].dtype) == "boolean"


def test_blank_is_unknown_not_zero(data_copy):
    ev = load.tables(data_copy).events
    raw = list(csv.DictReader(open(data_copy / "events.csv", encoding="utf-8")))
    blank = [i for i, r in enumerate(raw) if r["killed_best"] == ""]
    assert blank, "the dataset has events of unknown toll"
    assert ev.loc[blank, "killed_best"].isna().all()


def test_events_default_is_active_only():
    every = load.events(include_inactive=True)
    active = load.events()
    assert (active["record_status"] == "active").all()
    assert len(every) >= len(active)


def test_derived_columns():
    ev = load.events()
    assert {"year", "month", "n_sources", "n_publishers"} <= set(ev.columns)
    assert (ev["n_sources"] >= 1).all()


def test_geodataframe_never_invents_points():
    ev = load.events()
    gdf = load.events_gdf()
    assert len(gdf) + gdf.attrs["without_point"] == len(ev)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == (ev["latitude"].notna()).sum()


def test_error_names_file_row_and_field(data_copy):
    lines = open(data_copy / "events.csv", encoding="utf-8").read().splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[3]]))
    row[header.index("killed_best")] = "many"
    import io
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    lines[3] = buf.getvalue()
    (data_copy / "events.csv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load.tables(data_copy)
    p = exc.value.problems[0]
    assert (p.file, p.row, p.field) == ("events.csv", 4, "killed_best")
    assert "events.csv, row 4, field 'killed_best'" in str(exc.value)


def test_all_problems_reported_at_once(data_copy):
    text = (data_copy / "sources.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i in (1, 2, 3):
        lines[i] = lines[i].replace("https://", "ftp://", 1)
    (data_copy / "sources.csv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load.tables(data_copy)
    assert [p.row for p in exc.value.problems if p.field == "url"] == [2, 3, 4]


def test_schema_matches_files():
    for name, sch in schemas().items():
        with open(DATA / sch.path, newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == sch.field_names, name


def test_cache_returns_copies_and_sees_changes(data_copy):
    a = load.tables(data_copy)
    a.events.loc[0, "summary"] = "changed in memory"
    b = load.tables(data_copy)
    assert b.events.loc[0, "summary"] != "changed in memory"  # a copy, not the cached frame
    lines = (data_copy / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_copy / "events.csv").write_text("".join(lines[:-1]), encoding="utf-8")  # drop the last event
    with pytest.raises(DataError):  # its source links now point at nothing: the change is seen
        load.tables(data_copy)
