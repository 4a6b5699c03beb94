"""The events and relations steps the book's prose names, in one registry: a short key for each
``event_id`` (:data:`EVENTS`) and each ``milestone_id`` of the relations table (:data:`STEPS`).

Chapters pick a particular event with :func:`event` (``named.event(ds, "crocus")``) and a step
with :func:`step` (``named.step(ds, "russia_recognition")``), never by a filter plus
``.iloc[0]``: a retraction, a duplicate or a missing record then gives a clear error naming the
event and the key, and an added event can never silently take its place.
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
    "pakistan_embassy": "ISKP-2022-587",
    "longan_hotel": "ISKP-2022-042",
    "longan_raids": "ISKP-2023-002",
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


STEPS: dict[str, str] = {
    "russia_call_after_embassy": "M135",
    "russia_putin_allies": "M018",
    "russia_delisting": "M027",
    "russia_recognition": "M032",
    "russia_kabulov_common_enemy": "M201",
    "russia_credentials": "M040",
    "china_hotel_protest": "M142",
    "china_qin_call": "M143",
    "china_oil_contract": "M006",
    "china_oil_terminated": "M210",
    "pakistan_embassy_summons": "M139",
    "pakistan_embassy_claim": "M141",
    "pakistan_deportation_order": "M013",
    "pakistan_deportations_begin": "M169",
    "pakistan_condolence_visit": "M188",
    "pakistan_security_talks": "M147",
    "taliban_accuse_pakistan_2024": "M183",
    "taliban_accuse_pakistan_2025": "M229",
    "doha_accusations": "M233",
    "pakistan_accuses_sanctuary": "M231",
    "pakistan_imambargah_accusation": "M252",
    "pakistan_open_war": "M041",
    "iran_kerman_response": "M171",
    "us_strike_after_airport": "M102",
    "iran_works_with_taliban": "M162",
    "tajikistan_border_complaint": "M246",
    "tajikistan_border_controls": "M245",
    "taliban_offer_to_tajikistan": "M247",
}
"""Key -> milestone_id of every step of the relations table that a chapter names in its
prose."""


def step(ds: Dataset, key: str) -> pd.Series:
    """The relations-table step registered under ``key`` (a row of ``ds.milestones``);
    LookupError naming the key and the milestone when the key is unknown or the milestone is
    missing or not unique."""
    if key not in STEPS:
        raise LookupError(f"no named step {key!r}; add it to iskp.named.STEPS")
    mid = STEPS[key]
    rows = ds.milestones[ds.milestones["milestone_id"].astype(str) == mid]
    if len(rows) != 1:
        raise LookupError(f"named step {key!r}: milestone {mid} is not in milestones.csv")
    return rows.iloc[0]
