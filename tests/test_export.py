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
