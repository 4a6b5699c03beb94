"""The events the book's prose names, in one registry: a short key for each ``event_id``.

Chapters pick a particular event with :func:`event` (``named.event(ds, "crocus")``), never by a
filter plus ``.iloc[0]``: a retraction, a duplicate or a missing record then gives a clear error
naming the event and the key, and an added event can never silently take its place.
"""

from __future__ import annotations

import pandas as pd

from .dataset import Dataset

EVENTS: dict[str, str] = {
    "russian_embassy": "ISKP-2022-032",
    "crocus": "ISKP-2024-014",
    "kerman": "ISKP-2024-001",
    "kunduz_mosque": "ISKP-2021-021",
    "peshawar_mosque": "ISKP-2022-002",
}
"""Key -> event_id of every event that a chapter names in its prose."""


def event(ds: Dataset, key: str) -> pd.Series:
    """The active event registered under ``key``; LookupError naming the key and the event
    when the key is unknown or the event is retracted, a duplicate or missing."""
    if key not in EVENTS:
        raise LookupError(f"no named event {key!r}; add it to iskp.named.EVENTS")
    try:
        return ds.event(EVENTS[key])
    except LookupError as exc:
        raise LookupError(f"named event {key!r}: {exc}") from None
