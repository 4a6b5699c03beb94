"""Files a reader takes away, produced from the dataset at build time (never copied by hand):
the CSV tables, ``datapackage.json``, the events as GeoJSON, and the codebook."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pandas as pd

from . import load
from .paths import DATA_DIR, ROOT
from .schema import DESCRIPTOR, descriptor, schemas

GEOJSON = "iskp_events.geojson"
CODEBOOK = "CODEBOOK.md"
EXTRAS = {
    DESCRIPTOR: "schema (every table, field and code)",
    GEOJSON: "events with coordinates",
    CODEBOOK: "codebook",
}
"""Downloads besides the tables, in the order the downloads page lists them."""


def contents(data_dir: Path | None = None) -> dict[str, str]:
    """What each download holds: every table of the data package (its title), then the
    extras."""
    desc = descriptor(data_dir)
    tables = {r["path"]: r.get("title", r["name"]) for r in desc["resources"]}
    return {**tables, **EXTRAS}


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def neutralise(value: str) -> str:
    """A text cell made safe for spreadsheets: a leading ``'`` when it starts like a formula
    (``=HYPERLINK(...)``, ``+``, ``-``, ``@``, tab, carriage return); other text unchanged."""
    return "'" + value if value.startswith(FORMULA_START) else value


def safe_csv(path: Path, text_fields: set[str]) -> str:
    """The CSV file at ``path`` with every text cell of ``text_fields`` neutralised (the data
    in ``data/`` keeps the original text)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    cols = [i for i, name in enumerate(header) if name in text_fields]
    for row in rows[1:]:
        for i in cols:
            if i < len(row):
                row[i] = neutralise(row[i])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def text_fields(data_dir: Path, table: str) -> set[str]:
    """The free-text fields of a table (strings without a code list or pattern)."""
    fields = schemas(data_dir)[table].fields
    return {
        f.name
        for f in fields
        if f.type == "string" and f.enum is None and "pattern" not in f.constraints
    }


def _plain(v: object) -> object:
    if v is pd.NA or v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    if hasattr(v, "item"):
        return v.item()
    return neutralise(v) if isinstance(v, str) else v


def events_geojson(ev: pd.DataFrame, fields: list[str]) -> dict:
    """Events of ``ev`` with coordinates as a GeoJSON FeatureCollection (EPSG:4326); each of
    ``fields`` is a property, dates as ISO strings, unknown values as null."""
    features = []
    for r in ev.itertuples(index=False):
        if pd.isna(r.latitude) or pd.isna(r.longitude):
            continue
        features.append(
            {
                "type": "Feature",
                "id": r.event_id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(r.longitude), float(r.latitude)],
                },
                "properties": {col: _plain(getattr(r, col)) for col in fields},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _geojson_text(ds) -> str:
    fields = schemas(ds.data_dir)["events"].field_names
    return json.dumps(events_geojson(ds.events, fields), ensure_ascii=False, indent=0) + "\n"


def write_downloads(out: Path, data_dir: Path | None = None) -> list[Path]:
    """Validate the dataset (refusing to publish invalid data), then write the downloadable
    files into ``out``."""
    data_dir = Path(data_dir or DATA_DIR)
    ds = load.dataset(data_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, sch in schemas(data_dir).items():
        (out / sch.path).write_text(
            safe_csv(data_dir / sch.path, text_fields(data_dir, name)), encoding="utf-8"
        )
        written.append(out / sch.path)
    written.append(Path(shutil.copy2(data_dir / DESCRIPTOR, out / DESCRIPTOR)))
    (out / GEOJSON).write_text(_geojson_text(ds), encoding="utf-8")
    written.append(out / GEOJSON)
    if (data_dir / CODEBOOK).exists():
        written.append(Path(shutil.copy2(data_dir / CODEBOOK, out / CODEBOOK)))
    return written


def downloads_table(data_dir: Path | None = None) -> pd.DataFrame:
    """What the downloads page offers: file, contents, rows or features, size; computed in
    memory from the validated dataset (nothing is written)."""
    data_dir = Path(data_dir or DATA_DIR)
    ds = load.dataset(data_dir)
    geo = _geojson_text(ds).encode("utf-8")
    rows = []
    tables = {sch.path: name for name, sch in schemas(data_dir).items()}
    for name, what in contents(data_dir).items():
        if name == GEOJSON:
            raw = geo
        elif name in tables:
            raw = safe_csv(data_dir / name, text_fields(data_dir, tables[name])).encode("utf-8")
        else:
            raw = (data_dir / name).read_bytes()
        if name.endswith(".csv"):
            n = sum(1 for _ in csv.reader(io.StringIO(raw.decode("utf-8")))) - 1
        elif name == GEOJSON:
            n = len(json.loads(raw)["features"])
        else:
            n = None
        rows.append(
            {"file": name, "contents": what, "records": n, "size (kB)": round(len(raw) / 1000, 1)}
        )
    return pd.DataFrame(rows).astype({"records": "Int64"})


def version(data_dir: Path | None = None) -> str:
    """The dataset version from ``datapackage.json``."""
    return str(descriptor(data_dir)["version"])


def citation() -> dict[str, str]:
    """Title, version, date, licence and a formatted citation, read from CITATION.cff."""
    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    authors = ", ".join(
        a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
        for a in cff["authors"]
    )
    year = str(cff["date-released"])[:4]
    text = (
        f"{authors} ({year}). {cff['title']}, version {cff['version']} [data set]. "
        f"License {cff['license']}."
    )
    return {
        "title": cff["title"],
        "version": str(cff["version"]),
        "date": str(cff["date-released"]),
        "license": cff["license"],
        "authors": authors,
        "text": text,
    }
