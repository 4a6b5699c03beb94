"""Downloads: produced from data/ by the build; the GeoJSON round-trips to the same events."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd

from iskp import export, load
from iskp.paths import DATA_DIR
from iskp.schema import schemas


def test_downloads_and_geojson_round_trip(tmp_path):
    written = export.write_downloads(tmp_path)
    names = {p.name for p in written}
    assert {
        "events.csv",
        "sources.csv",
        "event_sources.csv",
        "claims.csv",
        "milestones.csv",
        "datapackage.json",
        export.GEOJSON,
        "CODEBOOK.md",
    } <= names
    ev = load.events()
    with_points = ev[ev["latitude"].notna()].reset_index(drop=True)
    back = gpd.read_file(tmp_path / export.GEOJSON)
    assert len(back) == len(with_points)
    assert list(back["event_id"]) == list(with_points["event_id"])
    assert (back.geometry.x.round(6) == with_points["longitude"].astype(float).round(6)).all()
    assert (back.geometry.y.round(6) == with_points["latitude"].astype(float).round(6)).all()
    for col in ("killed_low", "killed_best", "killed_high"):
        a = pd.to_numeric(back[col]).astype("Int64")
        assert a.equals(with_points[col].reset_index(drop=True).astype("Int64")), col
    raw = json.loads((tmp_path / export.GEOJSON).read_text())
    first = raw["features"][0]["properties"]
    assert set(first) == set(schemas()["events"].field_names)
    assert (tmp_path / "events.csv").read_bytes() == (DATA_DIR / "events.csv").read_bytes()


def test_downloads_neutralise_spreadsheet_formulas(data_copy, tmp_path):
    import csv

    from iskp import load as _load

    events = data_copy / "events.csv"
    with events.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    h = rows[0]
    rows[1][h.index("summary")] = '=HYPERLINK("https://example.org","click")'
    rows[2][h.index("counterpart")] = "@SUM(A1:A9)"
    rows[3][h.index("location")] = "+1 Kabul"
    with events.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    _load.dataset(data_copy)  # the data keep the original text and stay valid
    out = tmp_path / "dl"
    export.write_downloads(out, data_copy)
    with (out / "events.csv").open(newline="", encoding="utf-8") as fh:
        got = list(csv.reader(fh))
    assert got[1][h.index("summary")] == "'" + rows[1][h.index("summary")]
    assert got[2][h.index("counterpart")] == "'@SUM(A1:A9)"
    assert got[3][h.index("location")] == "'+1 Kabul"
    assert got[1][h.index("latitude")] == rows[1][h.index("latitude")]  # numbers untouched
    feats = json.loads((out / export.GEOJSON).read_text(encoding="utf-8"))["features"]
    texts = [v for f in feats for v in f["properties"].values() if isinstance(v, str)]
    assert not [t for t in texts if t.startswith(export.FORMULA_START)]
    assert events.read_text(encoding="utf-8").count("=HYPERLINK") == 1  # data/ unchanged


def test_neutralise():
    assert export.neutralise("=1+1") == "'=1+1" and export.neutralise("-5") == "'-5"
    assert export.neutralise("Kabul") == "Kabul" and export.neutralise("") == ""


def test_every_download_is_linked_on_the_downloads_page():
    import nbformat

    from conftest import ROOT

    nb = nbformat.read(ROOT / "notebooks" / "92_downloads.ipynb", as_version=4)
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for name in export.downloads_table()["file"]:
        assert f"<../_generated/downloads/{name}>`" in prose, f"{name} has no download link"
