"""The dataset, loaded and validated: the only way chapters reach the data.

:func:`dataset` reads every table of a dataset folder (``data/`` by default) and checks it cell
by cell against ``datapackage.json`` (:mod:`iskp.read`), then the foreign keys and every rule of
:mod:`iskp.validate`, and returns one :class:`~iskp.dataset.Dataset`. Any problem raises one
:class:`~iskp.errors.DataError` naming file, row and field. No row is ever dropped. Valid
datasets are cached by the content of their files and of the package's code: in memory for
the life of the process, and on disk (``.cache/iskp/``, git-ignored), so that a fresh kernel
reads an already validated dataset in milliseconds. Every call returns copies.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path

import pandas as pd

from . import validate
from .dataset import Dataset, publisher_key, themes_long, with_publishers
from .errors import FILE, WHOLE_FILE, DataError, Problem
from .geo import BOUNDARY_FILE
from .paths import DATA_DIR, ROOT
from .read import Tables, read_all
from .schema import DESCRIPTOR

_CACHE: dict[tuple, Dataset] = {}
DISK_CACHE = ROOT / ".cache" / "iskp"
"""Validated datasets, one pickle per content hash (delete the folder at will)."""
KEEP = 8
"""How many validated datasets the disk cache keeps (the most recently used)."""


@cache
def _code_version() -> str:
    """A hash of the package's own code: a changed rule means a fresh validation."""
    h = hashlib.sha1()
    for f in sorted(Path(__file__).parent.glob("*.py")):
        h.update(f.read_bytes())
    return h.hexdigest()


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
        if folder.is_relative_to(ROOT):  # the book's own data: cached across processes
            _CACHE[key] = _from_disk(key) or _to_disk(key, _build(folder))
        else:  # a copy elsewhere (a test's, a contributor's scratch folder): this process only
            _CACHE[key] = _build(folder)
    return _CACHE[key].copy()


def _disk_path(key: tuple) -> Path:
    digest = hashlib.sha1(repr((key, _code_version())).encode()).hexdigest()
    return DISK_CACHE / f"{digest}.pkl"


def _from_disk(key: tuple) -> Dataset | None:
    path = _disk_path(key)
    try:
        with path.open("rb") as fh:
            ds = pickle.load(fh)
        os.utime(path)  # most recently used
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    return ds if isinstance(ds, Dataset) else None


def _to_disk(key: tuple, ds: Dataset) -> Dataset:
    """Write a validated dataset to the disk cache (best effort: a read-only checkout simply
    validates every time), keeping the most recent :data:`KEEP` entries."""
    path = _disk_path(key)
    try:
        DISK_CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(ds, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        entries = sorted(DISK_CACHE.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
    return ds


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
    links = t["event_sources"]
    sources = with_publishers(t["sources"], t["publishers"])
    return Dataset(
        records=records,
        events=enrich(records, links, sources),
        event_themes=themes_long(records[records["record_status"] == "active"]),
        sources=sources,
        publishers=t["publishers"],
        links=links,
        claims=t["claims"],
        articles=t["articles"],
        milestones=t["milestones"],
        benchmarks=t["benchmarks"],
        leaders=t["leaders"],
        territory=t["territory"],
        media=t["media"],
        people=t["people"],
        lines=dict(t.lines),
        data_dir=t.data_dir,
    )


def enrich(records: pd.DataFrame, links: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Active events with derived columns: ``year``, ``month``, ``n_sources`` (sources of any
    kind) and ``n_publishers`` (distinct independent publishers). ``sources`` need the
    ``publisher`` and ``perspective`` columns (see :func:`iskp.dataset.with_publishers`)."""
    ev = records[records["record_status"] == "active"].reset_index(drop=True)
    joined = links.merge(sources[["source_id", "publisher", "perspective"]], on="source_id")
    n_sources = joined.groupby("event_id")["source_id"].nunique()
    indep = joined[joined["perspective"] == "independent"]
    n_publishers = indep["publisher"].map(publisher_key).groupby(indep["event_id"]).nunique()
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
