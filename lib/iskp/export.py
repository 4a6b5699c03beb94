"""Files a reader takes away, produced from ``data/`` at build time (never copied by hand):
the four CSV tables, ``datapackage.json``, the events as GeoJSON, and the codebook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from . import load
from .paths import DATA_DIR, ROOT
from .schema import TABLES, descriptor

GEOJSON = "iskp_events.geojson"
CODEBOOK = DATA_DIR / "CODEBOOK.md"


def events_geojson(ev: pd.DataFrame) -> dict:
    """Active events with coordinates as a GeoJSON FeatureCollection (EPSG:4326); every events
    column is a property, dates as ISO strings, unknown values as null."""
    features = []
    for r in ev.itertuples(index=False):
        if r.latitude is pd.NA or r.longitude is pd.NA or pd.isna(r.latitude):
            continue
        props = {}
        for col in load.schemas_fields("events"):
            v = getattr(r, col)
            if v is pd.NA or v is None or (not isinstance(v, str) and pd.isna(v)):
                props[col] = None
            elif isinstance(v, pd.Timestamp):
                props[col] = v.strftime("%Y-%m-%d")
            elif hasattr(v, "item"):
                props[col] = v.item()
            else:
                props[col] = v
        features.append({"type": "Feature", "id": r.event_id,
                         "geometry": {"type": "Point", "coordinates": [float(r.longitude), float(r.latitude)]},
                         "properties": props})
    return {"type": "FeatureCollection", "features": features}


def write_downloads(out: Path, data_dir: Path | None = None) -> list[Path]:
    """Validate the data, then write the downloadable files into ``out``."""
    data_dir = Path(data_dir or DATA_DIR)
    t = load.tables(data_dir)  # refuse to publish invalid data
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        written.append(Path(shutil.copy2(data_dir / f"{name}.csv", out / f"{name}.csv")))
    written.append(Path(shutil.copy2(data_dir / "datapackage.json", out / "datapackage.json")))
    ev = load.enrich(t)
    (out / GEOJSON).write_text(json.dumps(events_geojson(ev), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    written.append(out / GEOJSON)
    if CODEBOOK.exists():
        written.append(Path(shutil.copy2(CODEBOOK, out / "CODEBOOK.md")))
    return written


def version() -> str:
    """The dataset version from ``datapackage.json``."""
    return str(descriptor()["version"])
