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


def citation() -> dict[str, str]:
    """Title, version, date, licence and a formatted citation, read from CITATION.cff."""
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    authors = ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip() for a in cff["authors"])
    year = str(cff["date-released"])[:4]
    return {"title": cff["title"], "version": str(cff["version"]), "date": str(cff["date-released"]),
            "license": cff["license"], "authors": authors,
            "text": f"{authors} ({year}). {cff['title']}, version {cff['version']} [data set]. License {cff['license']}."}


def downloads_table(out: Path | None = None) -> pd.DataFrame:
    """What the downloads page offers: file, rows or features, size."""
    out = out or ROOT / "_generated" / "downloads"
    rows = []
    for name, what in (("events.csv", "events"), ("sources.csv", "sources"), ("event_sources.csv", "source links"),
                       ("claims.csv", "claims"), ("milestones.csv", "diplomatic milestones"), ("datapackage.json", "schema"), (GEOJSON, "events with coordinates"),
                       ("CODEBOOK.md", "codebook")):
        p = out / name
        if name.endswith(".csv"):
            n = sum(1 for _ in open(p, encoding="utf-8")) - 1
        elif name == GEOJSON:
            n = len(json.loads(p.read_text(encoding="utf-8"))["features"])
        else:
            n = None
        rows.append({"file": name, "contents": what, "records": n, "size (kB)": round(p.stat().st_size / 1000, 1)})
    return pd.DataFrame(rows).astype({"records": "Int64"})
