"""Dataset rules beyond the schema, each shown to fire."""

from __future__ import annotations

import pytest
from test_hostile_input import _first, _rows, _write, set_cell

from iskp import load
from iskp.errors import DataError


def problems_after(data_copy, *mutations):
    for m in mutations:
        m(data_copy)
    with pytest.raises(DataError) as exc:
        load.dataset(data_copy)
    return exc.value.problems


def test_real_data_is_valid():
    t = load.dataset()
    assert len(t.records) > 200


def test_unsourced_event(data_copy):
    eid = _rows(data_copy / "events.csv")[5][0]
    rows = [r for r in _rows(data_copy / "event_sources.csv") if r[0] != eid]
    _write(data_copy / "event_sources.csv", rows)
    ps = problems_after(data_copy)
    assert any(p.file == "events.csv" and p.row == 6 and eid in p.message for p in ps)


def test_unused_source(data_copy):
    rows = _rows(data_copy / "sources.csv")
    rows.append(
        ["src-0999", "https://example.org/a", "reuters", "A", "", "2026-01-01", "en", "", ""]
    )
    _write(data_copy / "sources.csv", rows)
    ps = problems_after(data_copy)
    assert any(
        p.file == "sources.csv" and p.row == len(rows) and p.field == "source_id" for p in ps
    )


def test_claim_without_claim_source(data_copy):
    line = _first("events", "iskp_claimed", "no")
    ps = problems_after(data_copy, set_cell("events", line, "iskp_claimed", "yes"))
    assert any(p.row == line and p.field == "iskp_claimed" for p in ps)


def test_corroborated_needs_two_publishers(data_copy):
    line = _first("events", "evidence_status", "single_source")
    ps = problems_after(data_copy, set_cell("events", line, "evidence_status", "corroborated"))
    assert any(p.row == line and p.field == "evidence_status" for p in ps)


def add_copy_of_row(data_copy, line: int, **changes) -> tuple[list[str], int]:
    """Append a copy of events row ``line`` (new id, ``changes`` applied) with one source link;
    return the new row and its file line."""
    rows = _rows(data_copy / "events.csv")
    h = rows[0]
    new = list(rows[line - 1])
    new[h.index("event_id")] = new[h.index("event_id")][:10] + "998"
    for field, value in changes.items():
        new[h.index(field)] = value
    rows.append(new)
    _write(data_copy / "events.csv", rows)
    links = _rows(data_copy / "event_sources.csv")
    links.append([new[0], links[1][1], "occurrence", "supports", "", ""])
    _write(data_copy / "event_sources.csv", links)
    return new, len(rows)


def test_duplicate_suspect(data_copy):
    _, n = add_copy_of_row(data_copy, 11, incident_group="")
    ps = problems_after(data_copy)
    assert any("duplicate" in p.message and p.row == n for p in ps)


def test_marking_duplicate_clears_the_suspect(data_copy):
    original = _rows(data_copy / "events.csv")[10][0]
    new, n = add_copy_of_row(data_copy, 11, record_status="duplicate", duplicate_of=original)
    t = load.dataset(data_copy)
    assert len(t.records) == n - 1
    assert new[0] not in set(
        t.events["event_id"]
    )  # inactive rows are kept in the file, left out of analysis


def test_point_outside_province(data_copy):
    line = next(
        n
        for n, r in enumerate(_rows(data_copy / "events.csv")[1:], start=2)
        if r[7] == "AFG" and r[8] == "Kabul" and r[10]
    )
    ps = problems_after(data_copy, set_cell("events", line, "adm1", "Herat"))
    assert any(
        p.row == line and p.field == "adm1" and "outside the province" in p.message for p in ps
    )
