"""Loading: one Dataset value, typed frames, every row kept, and clear errors for bad input."""

from __future__ import annotations

import csv
import io
import shutil

import pandas as pd
import pytest

from conftest import DATA
from iskp import Dataset, geo, load
from iskp.errors import DataError
from iskp.schema import schemas


def _data_rows(path) -> int:
    with path.open(newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def test_every_row_is_kept():
    ds = load.dataset()
    frames = {"events": ds.records, "sources": ds.sources, "publishers": ds.publishers,
              "event_sources": ds.links, "claims": ds.claims, "articles": ds.articles,
              "milestones": ds.milestones, "benchmarks": ds.benchmarks, "leaders": ds.leaders,
              "territory": ds.territory, "media": ds.media, "people": ds.people}  # fmt: skip
    assert set(frames) == set(schemas())
    for name, frame in frames.items():
        assert len(frame) == _data_rows(DATA / f"{name}.csv"), name
        assert len(ds.lines[name]) == len(frame), name


def test_dataset_is_one_value_from_one_folder():
    ds = load.dataset()
    assert isinstance(ds, Dataset) and ds.data_dir == DATA.resolve()
    assert ds.lines["events"][0] == 2  # the header is line 1
    themes = ds.event_themes
    assert set(themes.columns) == {"event_id", "theme"}
    assert set(themes["event_id"]) <= set(ds.events["event_id"])


def test_dtypes_follow_the_schema():
    ev = load.dataset().records
    assert str(ev["killed_best"].dtype) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(ev["date_start"])
    assert isinstance(ev["event_class"].dtype, pd.CategoricalDtype)
    assert str(ev["latitude"].dtype) == "Float64"
    assert str(ev["suicide"].dtype) == "boolean"


def test_blank_is_unknown_not_zero(data_copy):
    ev = load.dataset(data_copy).records
    with (data_copy / "events.csv").open(encoding="utf-8") as fh:
        raw = list(csv.DictReader(fh))
    blank = [i for i, r in enumerate(raw) if r["killed_best"] == ""]
    assert blank, "the dataset has events of unknown toll"
    assert ev.loc[blank, "killed_best"].isna().all()


def test_events_are_the_active_records():
    ds = load.dataset()
    assert (ds.events["record_status"] == "active").all()
    assert len(ds.events) == (ds.records["record_status"] == "active").sum()
    assert load.events().equals(ds.events)


def test_derived_columns():
    ev = load.events()
    assert {"year", "month", "n_sources", "n_publishers"} <= set(ev.columns)
    assert (ev["n_sources"] >= 1).all()


def test_enrich_on_a_small_table():
    records = pd.DataFrame({
        "event_id": ["A", "B", "C"], "record_status": ["active", "retracted", "active"],
        "date_start": pd.to_datetime(["2021-01-05", "2021-02-01", "2022-03-09"]),
    })  # fmt: skip
    links = pd.DataFrame({"event_id": ["A", "A", "A", "C"], "source_id": ["s1", "s2", "s3", "s3"]})
    sources = pd.DataFrame({"source_id": ["s1", "s2", "s3"], "publisher": ["X", "X", "Y"],
                            "perspective": ["independent", "independent", "taliban"]})  # fmt: skip
    ev = load.enrich(records, links, sources)
    assert list(ev["event_id"]) == ["A", "C"]
    assert list(ev["n_sources"]) == [3, 1] and list(ev["n_publishers"]) == [1, 0]
    assert list(ev["year"]) == [2021, 2022]


def test_geo_points_never_invent_points():
    ev = load.events()
    gdf = geo.points(ev)
    assert len(gdf) + gdf.attrs["without_point"] == len(ev)
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) == (ev["latitude"].notna()).sum()


def test_error_names_file_row_and_field(data_copy):
    lines = (data_copy / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[3]]))
    row[header.index("killed_best")] = "many"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    lines[3] = buf.getvalue()
    (data_copy / "events.csv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load.dataset(data_copy)
    p = exc.value.problems[0]
    assert (p.file, p.row, p.field, p.rule) == ("events.csv", 4, "killed_best", "type")
    assert "events.csv, row 4, field 'killed_best'" in str(exc.value)
    assert load.check(data_copy) == exc.value.problems


def test_all_problems_reported_at_once(data_copy):
    text = (data_copy / "sources.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    for i in (1, 2, 3):
        lines[i] = lines[i].replace("https://", "ftp://", 1)
    (data_copy / "sources.csv").write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load.dataset(data_copy)
    assert [p.row for p in exc.value.problems if p.field == "url"] == [2, 3, 4]


def test_schema_matches_files():
    for name, sch in schemas().items():
        with (DATA / sch.path).open(newline="", encoding="utf-8") as fh:
            assert next(csv.reader(fh)) == sch.field_names, name


def test_cache_returns_copies_and_sees_changes(data_copy):
    a = load.dataset(data_copy)
    a.records.loc[0, "summary"] = "changed in memory"
    b = load.dataset(data_copy)
    assert b.records.loc[0, "summary"] != "changed in memory"  # a copy, not the cached frame
    lines = (data_copy / "events.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data_copy / "events.csv").write_text("".join(lines[:-1]), encoding="utf-8")
    with pytest.raises(DataError):  # its source links now point at nothing: the change is seen
        load.dataset(data_copy)


def test_missing_boundary_file_is_named(data_copy):
    (data_copy / geo.BOUNDARY_FILE).unlink()
    with pytest.raises(DataError) as exc:
        load.dataset(data_copy)
    p = exc.value.problems[0]
    assert (p.file, p.row, p.field) == ("boundaries.gpkg", 0, "(file)")
    assert "boundaries.gpkg, file, field '(file)': file not found" in str(exc.value)


def test_boundaries_come_from_the_dataset_folder(data_copy, tmp_path):
    # a copy whose boundary file has no Afghanistan: the copy's file must be the one used
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    import geopandas as gpd

    gpkg = other / geo.BOUNDARY_FILE
    layers = {n: gpd.read_file(gpkg, layer=n) for n in geo.LAYERS}
    gpkg.unlink()
    for name, layer in layers.items():
        keep = layer[layer.get("iso_a3", pd.Series("", index=layer.index)) != "AFG"]
        keep.to_file(gpkg, layer=name, driver="GPKG")
    problems = load.check(other)
    assert any(p.rule == "spatial" and "AFG is not a country" in p.message for p in problems)
    assert not load.check(data_copy)


def test_missing_datapackage_is_named(data_copy):
    (data_copy / "datapackage.json").unlink()
    with pytest.raises(DataError) as exc:
        load.dataset(data_copy)
    assert exc.value.problems[0].file == "datapackage.json"


def test_named_event_lookup():
    ds = load.dataset()
    first = ds.events.iloc[0]
    assert ds.event(first["event_id"])["summary"] == first["summary"]
    with pytest.raises(LookupError, match="ISKP-2099-001 is not in events.csv"):
        ds.event("ISKP-2099-001")
