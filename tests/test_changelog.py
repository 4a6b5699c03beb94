"""Every correction line of CHANGELOG.md follows the format of CONTRIBUTING ("Add or correct an
event", step 5) and names real events, fields and sources:

    - YYYY-MM-DD | ISKP-YYYY-NNN | field[, field...] | old → new[ ; old → new...] | reason | source

Blank values are ``(blank)``; long text is ``(see git <commit>) → revised``; rules applied to
many records use a group id such as ``(operations)``. Plain Python: the csv and json modules
read the reference tables, so the check does not depend on the package it guards."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import re
from dataclasses import dataclass

import pytest

from conftest import DATA, ROOT

CHANGELOG = ROOT / "CHANGELOG.md"
GROUP_IDS = frozenset({"(all)", "(operations)"})
SOURCE_LINK = "(source link)"
LONG_TEXT = frozenset({"summary", "counterpart", "notable_person_role"})
ARROW = " → "
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EVENT_ID = re.compile(r"ISKP-\d{4}-\d{3}")
SOURCE_ID = re.compile(r"src-\d{4,5}")
URL = re.compile(r"https?://\S+")
SEE_GIT = re.compile(r"\(see git [0-9a-f]{7,40}\)")


@functools.cache
def event_ids() -> frozenset[str]:
    with open(DATA / "events.csv", newline="", encoding="utf-8") as f:
        return frozenset(row["event_id"] for row in csv.DictReader(f))


@functools.cache
def source_ids() -> frozenset[str]:
    with open(DATA / "sources.csv", newline="", encoding="utf-8") as f:
        return frozenset(row["source_id"] for row in csv.DictReader(f))


@functools.cache
def event_fields() -> frozenset[str]:
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    (events,) = (r for r in package["resources"] if r["name"] == "events")
    return frozenset(f["name"] for f in events["schema"]["fields"])


@dataclass(frozen=True)
class Correction:
    date: dt.date
    event_id: str
    fields: tuple[str, ...]
    changes: tuple[tuple[str, str], ...]
    reason: str
    source: str


def parse(line: str, today: dt.date | None = None) -> Correction:
    """Parse one correction line; raise ValueError saying what is wrong."""
    if not line.startswith("- "):
        raise ValueError("a correction line is a bullet starting with '- '")
    parts = line[2:].split(" | ")
    if len(parts) != 6:
        raise ValueError(f"expected 6 parts separated by ' | ', found {len(parts)}")
    date_text, event_id, field_text, change_text, reason, source = parts

    if not ISO_DATE.fullmatch(date_text):
        raise ValueError(f"date {date_text!r} is not YYYY-MM-DD")
    try:
        date = dt.date.fromisoformat(date_text)
    except ValueError:
        raise ValueError(f"date {date_text!r} is not a valid date") from None
    if date > (today or dt.date.today()):
        raise ValueError(f"date {date_text} lies in the future")

    group = event_id in GROUP_IDS
    if not group and not (EVENT_ID.fullmatch(event_id) and event_id in event_ids()):
        raise ValueError(f"event {event_id!r} is neither in data/events.csv nor a group id")

    fields = tuple(field_text.split(", "))
    for field in fields:
        if field not in event_fields() and field != SOURCE_LINK:
            raise ValueError(f"field {field!r} is not an events field in datapackage.json")
    if len(set(fields)) != len(fields):
        raise ValueError(f"a field is listed twice in {field_text!r}")

    pieces = change_text.split(" ; ")
    if len(pieces) != len(fields):
        raise ValueError(f"{len(fields)} field(s) but {len(pieces)} 'old → new' part(s)")
    changes = []
    for field, piece in zip(fields, pieces):
        if piece.count(ARROW) != 1:
            raise ValueError(f"{field}: {piece!r} is not one 'old → new'")
        old, new = piece.split(ARROW)
        if not old.strip() or not new.strip() or old != old.strip() or new != new.strip():
            raise ValueError(f"{field}: empty or padded value in {piece!r}; write '(blank)'")
        if not group and old == new:
            raise ValueError(f"{field}: old and new are the same ({old!r})")
        if not group and field in LONG_TEXT and not (SEE_GIT.fullmatch(old) and new == "revised"):
            raise ValueError(f"{field}: long text is logged as '(see git <commit>) → revised'")
        changes.append((old, new))

    if not reason.endswith(".") or len(reason) < 15:
        raise ValueError(
            f"reason must be a complete sentence ending in '.', 15+ characters: {reason[-40:]!r}"
        )

    if source != "-" and not URL.fullmatch(source):
        if not SOURCE_ID.fullmatch(source):
            raise ValueError(f"source {source!r} is not '-', a src-NNNN id or a URL")
        if source not in source_ids():
            raise ValueError(f"source {source} is not in data/sources.csv")

    return Correction(date, event_id, fields, tuple(changes), reason, source)


def correction_sections() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Bullet lines starting with '- 20' under a heading containing 'Corrections', and any other
    non-blank line found in such a section (a wrapped or malformed entry)."""
    entries, strays = [], []
    inside = False
    for number, line in enumerate(CHANGELOG.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            inside = "Corrections" in line
        elif inside and line.startswith("- 20"):
            entries.append((number, line))
        elif inside and line.strip():
            strays.append((number, line))
    return entries, strays


ENTRIES, STRAYS = correction_sections()


def test_changelog_has_corrections():
    assert ENTRIES, "no correction lines found under a 'Corrections' heading"


def test_correction_sections_hold_only_correction_lines():
    assert not STRAYS, "\n".join(f"CHANGELOG.md:{n}: {line[:80]}" for n, line in STRAYS)


@pytest.mark.parametrize("line", [line for _, line in ENTRIES], ids=[f"L{n}" for n, _ in ENTRIES])
def test_correction_line(line):
    parse(line)


# ---------------------------------------------------------------------------------------------
# the parser accepts a well-formed line and rejects malformed ones


def sample(**parts: str) -> str:
    """A correction line built from well-formed parts, with some parts replaced."""
    line = {
        "date": "2026-11-21",
        "event": "ISKP-2023-040",
        "field": "killed_high, summary",
        "change": "4 → 3 ; (see git 6b50630) → revised",
        "reason": "second-reader review: Dawn and Samaa report three dead.",
        "source": "https://www.dawn.com/news/1731712",
    }
    line.update(parts)
    return "- " + " | ".join(line.values())


TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()
OLD_FORMAT = (
    "- 2026-11-21 | ISKP-2023-040 | killed_high | second-reader review: Dawn (14-15 Jan 2023):"
    " coordinated midnight attack on Sarband police station (late Fri 13 Jan) with grenades"
    " | https://www.dawn.com/news/1731712"
)
BAD = {
    "old format without old → new": (OLD_FORMAT, "6 parts"),
    "not a bullet": (sample()[2:], "bullet"),
    "no arrow": (sample(field="killed_high", change="4 to 3"), "'old → new'"),
    "two arrows": (sample(field="killed_high", change="4 → 3 → 2"), "'old → new'"),
    "reason cut off": (sample(reason="Dawn: attack with gren"), "ending in '.'"),
    "reason too short": (sample(reason="Fixed."), "ending in '.'"),
    "impossible date": (sample(date="2026-13-01"), "not a valid date"),
    "date not ISO": (sample(date="21 Nov 2026"), "YYYY-MM-DD"),
    "future date": (sample(date=TOMORROW), "future"),
    "unknown event": (sample(event="ISKP-1999-999"), "event"),
    "unknown group": (sample(event="(some)"), "event"),
    "unknown field": (sample(field="killed_total, summary"), "not an events field"),
    "fewer changes than fields": (sample(change="4 → 3"), "'old → new' part"),
    "empty value": (sample(field="wounded_best", change=" → 3"), "(blank)"),
    "no change": (sample(field="killed_high", change="3 → 3"), "the same"),
    "long text inline": (sample(change="4 → 3 ; old text → new text"), "see git"),
    "unknown source id": (sample(source="src-9999"), "not in data/sources.csv"),
    "source not an id or URL": (sample(source="Dawn"), "not '-', a src-NNNN id or a URL"),
}


def test_parser_accepts_a_wellformed_line():
    correction = parse(sample())
    assert correction.event_id == "ISKP-2023-040"
    assert correction.fields == ("killed_high", "summary")
    assert correction.changes == (("4", "3"), ("(see git 6b50630)", "revised"))
    assert parse(sample(event="(operations)", field="outcome", change="see rule → applied"))


@pytest.mark.parametrize("line, message", list(BAD.values()), ids=list(BAD))
def test_parser_rejects_a_malformed_line(line, message):
    assert "src-9999" not in source_ids()
    with pytest.raises(ValueError, match=re.escape(message)):
        parse(line)
