"""The one value the chapters work with: every table of the dataset, typed and validated."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Dataset:
    """A validated dataset, as returned by :func:`iskp.load.dataset`.

    ``records`` is every row of ``events.csv``, retracted and duplicate rows included;
    ``events`` only the active rows, with the derived columns ``year``, ``month``,
    ``n_sources`` and ``n_publishers``. Analyses use ``events``; a count of ``records`` counts
    withdrawn rows too. ``sources`` carry their publisher's name, type and perspective (joined
    from ``publishers``). ``milestones`` are the relations table. ``lines`` gives the file line
    of each row of each table (the header is line 1), for error messages. ``data_dir`` is the
    folder it was read from.
    """

    records: pd.DataFrame
    events: pd.DataFrame
    event_themes: pd.DataFrame
    sources: pd.DataFrame
    publishers: pd.DataFrame
    links: pd.DataFrame
    claims: pd.DataFrame
    articles: pd.DataFrame
    milestones: pd.DataFrame
    benchmarks: pd.DataFrame
    leaders: pd.DataFrame
    territory: pd.DataFrame
    media: pd.DataFrame
    people: pd.DataFrame
    lines: Mapping[str, tuple[int, ...]]
    data_dir: Path

    def copy(self) -> Dataset:
        """A copy whose frames the caller may change freely."""
        frames = {
            f.name: getattr(self, f.name).copy()
            for f in fields(self)
            if isinstance(getattr(self, f.name), pd.DataFrame)
        }
        return replace(self, **frames)

    def event(self, event_id: str) -> pd.Series:
        """The active event ``event_id``; a clear error if it is retracted, a duplicate or
        missing (chapters name events by ID, never by position)."""
        hit = self.events[self.events["event_id"] == event_id]
        if len(hit) == 1:
            return hit.iloc[0]
        rec = self.records[self.records["event_id"] == event_id]
        if len(rec):
            status = str(rec.iloc[0]["record_status"])
            extra = ""
            if status == "duplicate":
                extra = f" of {rec.iloc[0]['duplicate_of']}"
            raise LookupError(
                f"event {event_id} is {status}{extra}: the text that names it needs updating"
            )
        raise LookupError(f"event {event_id} is not in events.csv")


def split_list(values: pd.Series) -> pd.Series:
    """A ';'-list column as lists of items (blank gives an empty list)."""
    return values.fillna("").astype(str).str.split(";").map(lambda xs: [x for x in xs if x])


def themes_long(ev: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, theme); events without a theme are left out."""
    t = ev[["event_id"]].assign(theme=split_list(ev["themes"])).explode("theme")
    return t.dropna(subset=["theme"])[["event_id", "theme"]].reset_index(drop=True)


@functools.lru_cache(maxsize=16384)
def publisher_key(name: object) -> str:
    """The key that identifies a publisher across spellings: case, accents, punctuation and a
    leading 'The' do not make two publishers ('Reuters' and 'REUTERS' are one); letters of any
    script count (a name in Arabic script keeps its letters)."""
    s = unicodedata.normalize("NFKD", str(name))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold().strip()
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"[\W_]+", "", s)


def with_publishers(sources: pd.DataFrame, publishers: pd.DataFrame) -> pd.DataFrame:
    """Sources with their publisher's ``publisher`` (name), ``source_type`` (the publisher's
    type) and ``perspective`` columns, joined by ``publisher_id``."""
    pubs = publishers[["publisher_id", "name", "type", "perspective"]].rename(
        columns={"name": "publisher", "type": "source_type"}
    )
    return sources.merge(pubs, on="publisher_id", how="left")
