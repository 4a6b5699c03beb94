"""The dataset, loaded and validated: the only way chapters reach the data.

:func:`dataset` reads every table of a dataset folder (``data/`` by default) and checks it cell
by cell against ``datapackage.json`` (:mod:`iskp.read`), then the foreign keys and every rule of
:mod:`iskp.validate`, and returns one :class:`~iskp.dataset.Dataset`. Any problem raises one
:class:`~iskp.errors.DataError` naming file, row and field. No row is ever dropped. Valid
datasets are cached per process by the content of their files; every call returns copies.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from . import validate
from .dataset import Dataset, themes_long
from .errors import FILE, WHOLE_FILE, DataError, Problem
from .geo import BOUNDARY_FILE
from .paths import DATA_DIR
from .read import Tables, read_all
from .schema import DESCRIPTOR

_CACHE: dict[tuple, Dataset] = {}


def _fingerprint(data_dir: Path) -> tuple:
    """Content hashes of the tables and the schema (cheap at this size), and the boundary
    file's size and modification time: a changed byte anywhere means a fresh load."""
    files = sorted(data_dir.glob("*.csv")) + [data_dir / DESCRIPTOR]
    out: list[tuple[str, str]] = [
        (f.name, hashlib.sha1(f.read_bytes()).hexdigest()) for f in files if f.exists()
    ]
    gpkg = data_dir / BOUNDARY_FILE
    if gpkg.exists():
        st = gpkg.stat()
        out.append((gpkg.name, f"{st.st_size}:{st.st_mtime_ns}"))
    return tuple(out)


def dataset(data_dir: Path | None = None) -> Dataset:
    """The validated dataset in ``data_dir`` (default ``data/``). Schema, vocabularies and
    boundaries come from that same folder."""
    folder = Path(data_dir or DATA_DIR).resolve()
    if not (folder / DESCRIPTOR).exists():
        missing = f"file not found in {folder.name}/"
        raise DataError([Problem(DESCRIPTOR, WHOLE_FILE, FILE, missing, "file-missing")])
    key = (str(folder), _fingerprint(folder))
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _build(folder)
    return _CACHE[key].copy()


def _build(folder: Path) -> Dataset:
    tables, problems = read_all(folder)
    if not problems:
        problems = validate.check(tables)
    if problems:
        raise DataError(problems)
    return from_tables(tables)


def from_tables(t: Tables) -> Dataset:
    """The :class:`Dataset` of validated tables: active events with derived columns, the tidy
    event-theme table, and the rest as read."""
    records = t["events"]
    links, sources = t["event_sources"], t["sources"]
    return Dataset(
        records=records,
        events=enrich(records, links, sources),
        event_themes=themes_long(records[records["record_status"] == "active"]),
        sources=sources,
        links=links,
        claims=t["claims"],
        milestones=t["milestones"],
        lines=dict(t.lines),
        data_dir=t.data_dir,
    )


def enrich(records: pd.DataFrame, links: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Active events with derived columns: ``year``, ``month``, ``n_sources`` (sources of any
    kind) and ``n_publishers`` (distinct independent publishers)."""
    ev = records[records["record_status"] == "active"].reset_index(drop=True)
    joined = links.merge(sources[["source_id", "publisher", "perspective"]], on="source_id")
    n_sources = joined.groupby("event_id")["source_id"].nunique()
    indep = joined[joined["perspective"] == "independent"]
    n_publishers = indep.groupby("event_id")["publisher"].nunique()
    ev["n_sources"] = ev["event_id"].map(n_sources).astype("Int64")
    ev["n_publishers"] = ev["event_id"].map(n_publishers).fillna(0).astype("Int64")
    ev["year"] = ev["date_start"].dt.year.astype("Int64")
    ev["month"] = ev["date_start"].dt.to_period("M").dt.to_timestamp()
    return ev


def events(data_dir: Path | None = None) -> pd.DataFrame:
    """The active events of :func:`dataset`, with derived columns (the common case)."""
    return dataset(data_dir).events


def check(data_dir: Path | None = None) -> list[Problem]:
    """Every problem of the dataset in ``data_dir``, without raising (empty when valid)."""
    try:
        dataset(data_dir)
    except DataError as exc:
        return exc.problems
    return []
