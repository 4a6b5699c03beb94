"""Validating loaders for the dataset. Notebooks call these and never read files themselves.

Every cell of every file is checked against ``datapackage.json`` (types, required fields,
code lists, patterns, bounds), then keys, then the rules the schema cannot express
(:mod:`iskp.validate`). Any problem raises one :class:`~iskp.errors.DataError` naming file, row
and field. No row is ever dropped: the number of rows returned equals the number of data lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import DataError, Problem
from .paths import DATA_DIR
from .schema import TABLES, Field, TableSchema, schemas

_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class SourceLines(tuple):
    """File line of each row, kept in ``DataFrame.attrs`` so that errors name the line. Immutable,
    so pandas' deep copy of attrs (on every operation) can share it instead of copying."""

    def __deepcopy__(self, memo: dict) -> "SourceLines":
        return self


@dataclass
class Tables:
    """The tables of the dataset, typed."""

    events: pd.DataFrame
    sources: pd.DataFrame
    event_sources: pd.DataFrame
    claims: pd.DataFrame
    milestones: pd.DataFrame


def _read_rows(path: Path, schema: TableSchema, problems: list[Problem]) -> list[tuple[int, list[str]]]:
    """Read a CSV file into (line number, cells) pairs, checking encoding and header."""
    name = path.name
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(name, 1, schema.field_names[0], "file starts with a byte-order mark (BOM); save as UTF-8 without BOM"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(name, line, "?", f"not valid UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start})"))
        text = raw.decode("utf-8", errors="replace")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(Problem(name, line, "?", "contains a NUL character"))
        text = text.replace("\x00", "")
    if not text.strip():
        problems.append(Problem(name, 0, "(header)", "file is empty"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader)
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        problems.append(Problem(name, reader.line_num, "?", f"CSV syntax error: {exc}"))
        return rows
    expected = schema.field_names
    if header != expected:
        missing = [f for f in expected if f not in header]
        extra = [f for f in header if f not in expected]
        for f in missing:
            problems.append(Problem(name, 1, f, "column missing from header"))
        for f in extra:
            problems.append(Problem(name, 1, f, "unknown column in header"))
        if not missing and not extra:
            problems.append(Problem(name, 1, "(header)", f"columns out of order; expected {', '.join(expected)}"))
        return []
    good: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if cells == []:
            problems.append(Problem(name, line, "(row)", "blank line"))
            continue
        if len(cells) < len(expected):
            problems.append(Problem(name, line, expected[len(cells)], f"row has {len(cells)} fields, expected {len(expected)} (truncated row?)"))
        elif len(cells) > len(expected):
            problems.append(Problem(name, line, "(row)", f"row has {len(cells)} fields, expected {len(expected)}"))
        good.append((line, cells))
    return good


def _check_cell(file: str, line: int, field: Field, value: str, problems: list[Problem]) -> None:
    def bad(msg: str) -> None:
        problems.append(Problem(file, line, field.name, msg))

    if value != value.strip():
        bad(f"leading or trailing white space in {value!r}")
        return
    if value == "":
        if field.required:
            bad("required value is blank")
        return
    c = field.constraints
    if field.type == "integer":
        if not _INT.match(value):
            return bad(f"{value!r} is not an integer")
        number: float = int(value)
    elif field.type == "number":
        if not _NUM.match(value):
            return bad(f"{value!r} is not a decimal number")
        number = float(value)
        if math.isnan(number) or math.isinf(number):
            return bad(f"{value!r} is not a finite number")
    elif field.type == "date":
        if not _DATE.match(value):
            return bad(f"{value!r} is not an ISO date (YYYY-MM-DD)")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return bad(f"{value!r} is not a calendar date")
        number = math.nan
    elif field.type == "boolean":
        if value not in field.true_values + field.false_values:
            bad(f"{value!r} is not one of {', '.join(field.true_values + field.false_values)}")
        return
    else:
        number = math.nan
        if "enum" in c and value not in c["enum"]:
            return bad(f"{value!r} is not in the code list ({', '.join(c['enum'])})")
        if "pattern" in c and not re.fullmatch(c["pattern"], value):
            return bad(f"{value!r} does not match the pattern {c['pattern']}")
        if "maxLength" in c and len(value) > c["maxLength"]:
            return bad(f"text is {len(value)} characters, at most {c['maxLength']} allowed")
    if "minimum" in c and number < c["minimum"]:
        bad(f"{value} is below the minimum {c['minimum']}")
    if "maximum" in c and number > c["maximum"]:
        bad(f"{value} is above the maximum {c['maximum']}")


def _column(f: Field, raw: list[str]):
    """One typed column from checked strings (blank = missing)."""
    if f.type == "integer":
        return pd.array([int(v) if v != "" else None for v in raw], dtype="Int64")
    if f.type == "number":
        return pd.array([float(v) if v != "" else None for v in raw], dtype="Float64")
    if f.type == "date":
        return pd.to_datetime(pd.Series([v if v != "" else None for v in raw], dtype="object"), format="%Y-%m-%d").array
    if f.type == "boolean":
        return pd.array([(v in f.true_values) if v != "" else None for v in raw], dtype="boolean")
    if f.enum is not None:
        return pd.Categorical([v if v != "" else None for v in raw], categories=list(f.enum))
    return pd.array([v if v != "" else None for v in raw], dtype="string")


def _typed(schema: TableSchema, rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    columns = {f.name: _column(f, [r[1][i] if i < len(r[1]) else "" for r in rows]) for i, f in enumerate(schema.fields)}
    frame = pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))
    frame.attrs["source_lines"] = SourceLines(line for line, _ in rows)
    return frame


def read_table(name: str, data_dir: Path | None = None) -> pd.DataFrame:
    """Read and check one table on its own (types, code lists, primary key). Raises
    :class:`DataError` listing every problem."""
    frame, problems = _read_checked(name, Path(data_dir or DATA_DIR))
    if problems:
        raise DataError(problems)
    return frame


def _read_checked(name: str, data_dir: Path) -> tuple[pd.DataFrame, list[Problem]]:
    schema = schemas(data_dir / "datapackage.json")[name]
    path = data_dir / schema.path
    problems: list[Problem] = []
    if not path.exists():
        return pd.DataFrame(columns=schema.field_names), [Problem(schema.path, 0, "(file)", "file not found")]
    rows = _read_rows(path, schema, problems)
    # check each distinct value of a column once (ids, codes and blanks repeat a lot), then
    # report a bad value on every line that holds it, in file order
    found: list[Problem] = []
    for col, field in enumerate(schema.fields):
        lines_of: dict[str, list[int]] = {}
        for line, cells in rows:
            if col < len(cells):
                lines_of.setdefault(cells[col], []).append(line)
        for value, lines in lines_of.items():
            bad: list[Problem] = []
            _check_cell(schema.path, 0, field, value, bad)
            found.extend(Problem(p.file, ln, p.field, p.message) for p in bad for ln in lines)
    problems.extend(sorted(found, key=lambda p: (p.row, schema.field_names.index(p.field))))
    seen: dict[tuple[str, ...], int] = {}
    names = schema.field_names
    idx = [names.index(k) for k in schema.primary_key]
    for line, cells in rows:
        if any(i >= len(cells) for i in idx):
            continue
        key = tuple(cells[i] for i in idx)
        if key in seen:
            problems.append(Problem(schema.path, line, ",".join(schema.primary_key), f"duplicate key {key} (first on row {seen[key]})"))
        else:
            seen[key] = line
    if problems:
        return pd.DataFrame(columns=schema.field_names), problems
    return _typed(schema, rows), problems


_CACHE: dict[tuple, Tables] = {}


def _fingerprint(data_dir: Path) -> tuple:
    """Content hashes of the tables and schema (cheap at this size), and the boundary file's
    modification time: a changed byte anywhere means a fresh load."""
    import hashlib

    files = sorted(data_dir.glob("*.csv")) + [data_dir / "datapackage.json"]
    out = [(f.name, hashlib.sha1(f.read_bytes()).hexdigest()) for f in files if f.exists()]
    gpkg = data_dir / "boundaries.gpkg"
    if gpkg.exists():
        out.append((gpkg.name, str(gpkg.stat().st_mtime_ns)))
    return tuple(out)


def tables(data_dir: Path | None = None, *, validate: bool = True) -> Tables:
    """Load every table, check them cell by cell, check keys across tables and (with
    ``validate=True``, the default) the dataset rules of :mod:`iskp.validate`.

    Valid tables are cached for the life of the process, keyed by the files' modification times
    and sizes, so a chapter may call the loaders often; each call returns fresh copies."""
    data_dir = Path(data_dir or DATA_DIR).resolve()
    key = (str(data_dir), validate, _fingerprint(data_dir))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _tables(data_dir, validate)
    cached = _CACHE[key]
    return Tables(**{name: getattr(cached, name).copy() for name in TABLES})


def _tables(data_dir: Path, validate: bool) -> Tables:
    from . import validate as _validate

    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        frame, found = _read_checked(name, data_dir)
        problems.extend(found)
        frames[name] = frame
    if problems:
        raise DataError(problems)
    out = Tables(**frames)
    problems.extend(_validate.foreign_keys(out, schemas(data_dir / "datapackage.json")))
    if validate and not problems:
        problems.extend(_validate.rules(out))
    if problems:
        raise DataError(problems)
    return out


def events(data_dir: Path | None = None, *, include_inactive: bool = False) -> pd.DataFrame:
    """The validated events table. By default only ``record_status == 'active'`` rows, with
    derived columns ``year``, ``month``, ``n_sources`` and ``n_publishers``. Retracted and
    duplicate rows are kept in the file and returned with ``include_inactive=True``."""
    t = tables(data_dir)
    return enrich(t, include_inactive=include_inactive)


def enrich(t: Tables, *, include_inactive: bool = False) -> pd.DataFrame:
    """Events with derived columns (year, month, source counts)."""
    ev = t.events.copy()
    links = t.event_sources.merge(t.sources[["source_id", "publisher", "perspective"]], on="source_id")
    ev["n_sources"] = ev["event_id"].map(links.groupby("event_id")["source_id"].nunique()).astype("Int64")
    indep = links[links["perspective"] == "independent"]
    ev["n_publishers"] = ev["event_id"].map(indep.groupby("event_id")["publisher"].nunique()).fillna(0).astype("Int64")
    ev["year"] = ev["date_start"].dt.year.astype("Int64")
    ev["month"] = ev["date_start"].dt.to_period("M").dt.to_timestamp()
    if not include_inactive:
        ev = ev[ev["record_status"] == "active"].reset_index(drop=True)
    return ev


def events_gdf(data_dir: Path | None = None, *, max_where_prec: int = 7):
    """Active events with coordinates as a GeoDataFrame (EPSG:4326). Points are never
    invented or jittered: rows without coordinates, or less precise than ``max_where_prec``,
    are left out (the count left out is in ``.attrs['without_point']``)."""
    import geopandas as gpd

    ev = events(data_dir)
    return to_geodataframe(ev, max_where_prec=max_where_prec)


def to_geodataframe(ev: pd.DataFrame, *, max_where_prec: int = 7):
    """Turn an events frame into points (EPSG:4326), keeping only rows with coordinates."""
    import geopandas as gpd

    keep = ev["latitude"].notna() & ev["longitude"].notna() & (ev["where_prec"] <= max_where_prec)
    sub = ev[keep.fillna(False)].copy()
    gdf = gpd.GeoDataFrame(
        sub,
        geometry=gpd.points_from_xy(sub["longitude"].astype(float), sub["latitude"].astype(float)),
        crs="EPSG:4326",
    )
    gdf.attrs["without_point"] = int((~keep.fillna(False)).sum())
    return gdf


def schemas_fields(table: str) -> list[str]:
    """The column names of a table, in file order."""
    return schemas()[table].field_names


def sources(data_dir: Path | None = None) -> pd.DataFrame:
    """The validated sources table."""
    return tables(data_dir).sources


def milestones(data_dir: Path | None = None) -> pd.DataFrame:
    """Dated milestones in the Taliban government's relations with its neighbours and partners,
    each with its source (context for the chapters; not events)."""
    return tables(data_dir).milestones


def claims(data_dir: Path | None = None) -> pd.DataFrame:
    """The validated claims table."""
    return tables(data_dir).claims
