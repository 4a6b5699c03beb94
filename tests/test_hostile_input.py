"""Hostile input: a corpus of malformed data files, each rejected with an error that names the
file, the row and the field, and property-based fuzzing of the loaders."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import DATA
from iskp import load
from iskp.errors import DataError


def _rows(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]]) -> None:
    """Write rows as CSV; a cell holding a carriage return or line feed is quoted (the csv
    module quotes only the characters of its line terminator, so a bare CR would otherwise
    split the row)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_text(buf.getvalue().replace("\r\n", "\n"), encoding="utf-8")


def set_cell(table: str, line: int, field: str, value: str) -> Callable[[Path], None]:
    """Mutation: set one cell (``line`` is the file line, header = 1)."""

    def mutate(d: Path) -> None:
        rows = _rows(d / f"{table}.csv")
        rows[line - 1][rows[0].index(field)] = value
        _write(d / f"{table}.csv", rows)

    return mutate


def copy_cell(table: str, src_line: int, dst_line: int, field: str) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        rows = _rows(d / f"{table}.csv")
        i = rows[0].index(field)
        rows[dst_line - 1][i] = rows[src_line - 1][i]
        _write(d / f"{table}.csv", rows)

    return mutate


def raw(table: str, fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        p = d / f"{table}.csv"
        p.write_bytes(fn(p.read_bytes()))

    return mutate


def header(
    table: str, fn: Callable[[list[str]], list[str]], rows_too: bool = False
) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        rows = _rows(d / f"{table}.csv")
        rows = [fn(r) for r in rows] if rows_too else [fn(rows[0])] + rows[1:]
        _write(d / f"{table}.csv", rows)

    return mutate


def several(*ms: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(d: Path) -> None:
        for m in ms:
            m(d)

    return mutate


def _truncate_mid_row(b: bytes) -> bytes:
    lines = b.splitlines(keepends=True)
    last = lines[-1]
    return b"".join(lines[:-1]) + last[: len(last) // 3]


def _lines(table: str) -> int:
    return len(_rows(DATA / f"{table}.csv"))


def _first(table: str, field: str, value: str) -> int:
    rows = _rows(DATA / f"{table}.csv")
    i = rows[0].index(field)
    return next(n for n, r in enumerate(rows[1:], start=2) if r[i] == value)


E, S, L, C = "events", "sources", "event_sources", "claims"
# (id, mutation, expected file, expected row (line), expected field)
CASES = [
    ("int-word", set_cell(E, 2, "killed_best", "many"), "events.csv", 2, "killed_best"),
    ("int-float", set_cell(E, 3, "killed_low", "3.0"), "events.csv", 3, "killed_low"),
    ("int-negative", set_cell(E, 4, "wounded_best", "-1"), "events.csv", 4, "wounded_best"),
    ("int-space", set_cell(E, 5, "killed_high", " 7"), "events.csv", 5, "killed_high"),
    ("int-thousands", set_cell(E, 6, "killed_high", "1,000"), "events.csv", 6, "killed_high"),
    ("num-text", set_cell(E, 7, "latitude", "north"), "events.csv", 7, "latitude"),
    ("num-nan", set_cell(E, 8, "longitude", "nan"), "events.csv", 8, "longitude"),
    ("lat-out-of-range", set_cell(E, 9, "latitude", "134.5"), "events.csv", 9, "latitude"),
    ("lon-out-of-range", set_cell(E, 10, "longitude", "-200"), "events.csv", 10, "longitude"),
    ("date-format", set_cell(E, 11, "date_start", "26/08/2021"), "events.csv", 11, "date_start"),
    ("date-impossible", set_cell(E, 12, "date_end", "2021-02-30"), "events.csv", 12, "date_end"),
    (
        "date-year-0025",
        set_cell(E, 13, "date_start", "0025-01-01"),
        "events.csv",
        13,
        "date_start",
    ),
    (
        "date-future",
        several(set_cell(E, 14, "date_end", "2099-01-01"), set_cell(E, 14, "date_prec", "5")),
        "events.csv",
        14,
        "date_end",
    ),
    (
        "date-end-before-start",
        set_cell(E, 15, "date_end", "2014-01-02"),
        "events.csv",
        15,
        "date_end",
    ),
    ("date-prec-range", set_cell(E, 16, "date_prec", "9"), "events.csv", 16, "date_prec"),
    (
        "date-prec-vs-span",
        set_cell(E, _first(E, "date_prec", "1"), "date_prec", "3"),
        "events.csv",
        _first(E, "date_prec", "1"),
        "date_prec",
    ),
    ("where-prec-zero", set_cell(E, 17, "where_prec", "0"), "events.csv", 17, "where_prec"),
    ("unknown-class", set_cell(E, 18, "event_class", "massacre"), "events.csv", 18, "event_class"),
    ("unknown-tactic", set_cell(E, 19, "tactic", "Suicide_Bombing"), "events.csv", 19, "tactic"),
    (
        "unknown-target",
        set_cell(E, 20, "target_primary", "everyone"),
        "events.csv",
        20,
        "target_primary",
    ),
    (
        "unknown-attribution",
        set_cell(E, 21, "attribution_status", "probably"),
        "events.csv",
        21,
        "attribution_status",
    ),
    (
        "unknown-claimed",
        set_cell(E, 22, "iskp_claimed", "maybe"),
        "events.csv",
        22,
        "iskp_claimed",
    ),
    ("bool-word", set_cell(E, 23, "suicide", "yes"), "events.csv", 23, "suicide"),
    ("bad-iso3", set_cell(E, 24, "country", "Afghanistan"), "events.csv", 24, "country"),
    ("bad-event-id", set_cell(E, 25, "event_id", "ISKP-21-1"), "events.csv", 25, "event_id"),
    ("required-blank", set_cell(E, 26, "summary", ""), "events.csv", 26, "summary"),
    ("summary-too-long", set_cell(E, 27, "summary", "x" * 800), "events.csv", 27, "summary"),
    (
        "casualty-order",
        several(
            set_cell(E, 28, "killed_low", "50"),
            set_cell(E, 28, "killed_best", "10"),
            set_cell(E, 28, "killed_high", "60"),
        ),
        "events.csv",
        28,
        "killed_low",
    ),
    ("unknown-theme", set_cell(E, 29, "themes", "taliban;mars"), "events.csv", 29, "themes"),
    ("bad-tag", set_cell(E, 30, "tags", "Kabul City"), "events.csv", 30, "tags"),
    (
        "bad-nationality",
        set_cell(E, 30, "perpetrator_nationality", "Tajik (per Taliban)"),
        "events.csv",
        30,
        "perpetrator_nationality",
    ),
    ("duplicate-id", copy_cell(E, 31, 32, "event_id"), "events.csv", 32, "event_id"),
    (
        "duplicate-without-target",
        set_cell(E, 33, "record_status", "duplicate"),
        "events.csv",
        33,
        "duplicate_of",
    ),
    (
        "duplicate-of-missing",
        several(
            set_cell(E, 34, "record_status", "duplicate"),
            set_cell(E, 34, "duplicate_of", "ISKP-2099-999"),
        ),
        "events.csv",
        34,
        "duplicate_of",
    ),
    (
        "coordinate-in-ocean",
        several(
            set_cell(E, _first(E, "where_prec", "2"), "latitude", "10.0000"),
            set_cell(E, _first(E, "where_prec", "2"), "longitude", "65.0000"),
        ),
        "events.csv",
        _first(E, "where_prec", "2"),
        "latitude",
    ),
    (
        "half-coordinate",
        set_cell(E, _first(E, "where_prec", "2"), "longitude", ""),
        "events.csv",
        _first(E, "where_prec", "2"),
        "latitude",
    ),
    (
        "centroid-with-point",
        several(
            set_cell(E, _first(E, "where_prec", "4"), "latitude", "34.5"),
            set_cell(E, _first(E, "where_prec", "4"), "longitude", "69.2"),
        ),
        "events.csv",
        _first(E, "where_prec", "4"),
        "where_prec",
    ),
    (
        "unknown-province",
        set_cell(E, _first(E, "country", "AFG"), "adm1", "Atlantis"),
        "events.csv",
        _first(E, "country", "AFG"),
        "adm1",
    ),
    (
        "operation-outcome",
        set_cell(E, _first(E, "event_class", "counter_operation"), "outcome", "executed"),
        "events.csv",
        _first(E, "event_class", "counter_operation"),
        "outcome",
    ),
    (
        "attack-outside-afpak",
        set_cell(E, _first(E, "event_class", "external_attack"), "event_class", "attack"),
        "events.csv",
        _first(E, "event_class", "external_attack"),
        "event_class",
    ),
    (
        "denied-without-denier",
        set_cell(E, 35, "attribution_status", "denied_by_state"),
        "events.csv",
        35,
        "denied_by",
    ),
    ("url-scheme", set_cell(S, 2, "url", "ftp://example.org/x"), "sources.csv", 2, "url"),
    ("url-with-space", set_cell(S, 3, "url", "https://exa mple.org"), "sources.csv", 3, "url"),
    (
        "unknown-publisher",
        set_cell(S, 4, "publisher_id", "no-such-outlet"),
        "sources.csv",
        4,
        "publisher_id",
    ),
    (
        "per-source-code",  # a publisher's code lives in publishers.csv only: one code per outlet
        header(S, lambda r: r + ["perspective"], rows_too=True),
        "sources.csv",
        1,
        "perspective",
    ),
    ("language-code", set_cell(S, 5, "language", "English"), "sources.csv", 5, "language"),
    ("source-id-duplicate", copy_cell(S, 6, 7, "source_id"), "sources.csv", 7, "source_id"),
    (
        "link-unknown-event",
        set_cell(L, 2, "event_id", "ISKP-2099-001"),
        "event_sources.csv",
        2,
        "event_id",
    ),
    (
        "link-unknown-source",
        set_cell(L, 3, "source_id", "src-9999"),
        "event_sources.csv",
        3,
        "source_id",
    ),
    (
        "link-unknown-facet",
        set_cell(L, 4, "supports", "vibes"),
        "event_sources.csv",
        4,
        "supports",
    ),
    (
        "link-duplicate-key",
        copy_cell(L, 2, 3, "supports"),
        "event_sources.csv",
        3,
        "event_id,source_id,supports",
    ),
    (
        "claim-unknown-source",
        set_cell(C, 2, "source_id", "src-9999"),
        "claims.csv",
        2,
        "source_id",
    ),
    (
        "claim-bad-class",
        set_cell(C, _first(C, "claim_group", "G-plots"), "event_classes", "plots"),
        "claims.csv",
        _first(C, "claim_group", "G-plots"),
        "event_classes",
    ),
    (
        "claim-unknown-event",
        set_cell(C, _first(C, "metric", "sum_killed"), "event_ids", "ISKP-2099-001"),
        "claims.csv",
        _first(C, "metric", "sum_killed"),
        "event_ids",
    ),
    ("bom", raw(E, lambda b: b"\xef\xbb\xbf" + b), "events.csv", 1, "event_id"),
    (
        "latin-1",
        raw(S, lambda b: b.replace(b"Guardian", "Guardián".encode("latin-1"), 1)),
        "sources.csv",
        None,
        "?",
    ),
    (
        "nul-byte",
        raw(S, lambda b: b.replace(b"Reuters", b"Reu\x00ters", 1)),
        "sources.csv",
        None,
        "?",
    ),
    ("truncated-row", raw(E, _truncate_mid_row), "events.csv", _lines(E), None),
    ("unclosed-quote", raw(E, lambda b: b + b'ISKP-2026-999,"active\n'), "events.csv", None, None),
    ("extra-column", header(E, lambda r: r + ["extra"], rows_too=True), "events.csv", 1, "extra"),
    (
        "missing-column",
        header(E, lambda r: r[:-1], rows_too=True),
        "events.csv",
        1,
        "last_modified",
    ),
    (
        "renamed-column",
        header(E, lambda r: ["killed" if c == "killed_best" else c for c in r]),
        "events.csv",
        1,
        "killed_best",
    ),
    (
        "column-order",
        header(E, lambda r: [r[1], r[0]] + r[2:], rows_too=True),
        "events.csv",
        1,
        "(header)",
    ),
    ("empty-file", raw(C, lambda b: b""), "claims.csv", 0, "(header)"),
    (
        "blank-line",
        raw(L, lambda b: b.replace(b"\n", b"\n\n", 1)),
        "event_sources.csv",
        2,
        "(row)",
    ),
    (
        "extra-cell",
        raw(L, lambda b: b.replace(b"\n", b",surplus\n", 2).replace(b",surplus\n", b"\n", 1)),
        "event_sources.csv",
        2,
        "(row)",
    ),
    ("file-missing", lambda d: (d / "sources.csv").unlink(), "sources.csv", 0, "(file)"),
    (
        "media-language-name",
        set_cell("media", 2, "language", "Pashto"),
        "media.csv",
        2,
        "language",
    ),
    (
        "territory-status",
        set_cell("territory", 2, "status", "taken"),
        "territory.csv",
        2,
        "status",
    ),
    (
        "milestone-direction",
        set_cell("milestones", 3, "direction", "up"),
        "milestones.csv",
        3,
        "direction",
    ),
    (
        "leader-id-duplicate",
        copy_cell("leaders", 2, 3, "leader_id"),
        "leaders.csv",
        3,
        "leader_id",
    ),
    ("people-age-word", set_cell("people", 2, "age", "thirty"), "people.csv", 2, "age"),
]


def append_copy(line: int, **changes: str) -> Callable[[Path], None]:
    """Mutation: append a copy of events row ``line`` under a new id (``changes`` applied),
    with one occurrence link, as a careless contributor entering an incident twice would."""

    def mutate(d: Path) -> None:
        rows = _rows(d / "events.csv")
        h = rows[0]
        new = list(rows[line - 1])
        for field, value in changes.items():
            new[h.index(field)] = value
        year = new[h.index("date_start")][:4]
        new[h.index("event_id")] = f"ISKP-{year}-998"
        rows.append(new)
        _write(d / "events.csv", rows)
        links = _rows(d / "event_sources.csv")
        old_id = rows[line - 1][0]
        src = next(r[1] for r in links[1:] if r[0] == old_id)
        links.append([new[h.index("event_id")], src, "occurrence", "supports", "", ""])
        _write(d / "event_sources.csv", links)

    return mutate


def _where(table: str, **conds: str) -> int:
    """The file line of the first row of ``table`` whose fields equal ``conds``."""
    rows = _rows(DATA / f"{table}.csv")
    idx = {k: rows[0].index(k) for k in conds}
    return next(
        n for n, r in enumerate(rows[1:], start=2) if all(r[i] == conds[k] for k, i in idx.items())
    )


def _next_day(line: int) -> str:
    import datetime as dt

    day = _rows(DATA / "events.csv")[line - 1][4]
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


_ATT = _where(E, event_class="attack", country="AFG", date_prec="1", adm1="Kabul")
_ROW_LINE = len(_rows(DATA / "events.csv")) + 1  # the appended copy's file line
_CLAIMED = _where(E, iskp_claimed="yes")
_OP = _where(E, event_class="counter_operation")
_SRC = 2  # a source of an independent publisher (FDD's Long War Journal)
P = "publishers"
_TOLL = _where(E, event_id=next(r[0] for r in _rows(DATA / "event_sources.csv")[1:] if r[4]))


def _first_line(table: str, *filled: str) -> int:
    """The file line of the first row of ``table`` whose ``filled`` fields are all non-blank."""
    rows = _rows(DATA / f"{table}.csv")
    idx = [rows[0].index(f) for f in filled]
    return next(n for n, r in enumerate(rows[1:], start=2) if all(r[i] for i in idx))


_LEAD = _first_line("leaders", "date_from", "date_to")
_BENCH = _first_line("benchmarks", "value_low", "value_high", "value_best")
_PERSON = _first_line("people", "nationality")


# (id, mutation, file, row, field, rule): cases for the rules added after version 1
def add_publisher(name: str, perspective: str, state_owned: str) -> Callable[[Path], None]:
    """Mutation: append a publisher row (as a contributor adding an outlet would)."""

    def mutate(d: Path) -> None:
        rows = _rows(d / "publishers.csv")
        slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")
        rows.append([slug + "-x", name, "", "wire", perspective, state_owned, ""])
        _write(d / "publishers.csv", rows)

    return mutate


_N_PUBLISHERS = len(_rows(DATA / "publishers.csv")) + 1  # the appended row's file line
RULE_CASES = [
    (
        "same-outlet-twice",
        add_publisher("REUTERS", "independent", "false"),
        "publishers.csv",
        _N_PUBLISHERS,
        "name",
        "publisher",
    ),
    (
        "state-outlet-not-state-owned",
        add_publisher("Some State Agency", "other_state", "false"),
        "publishers.csv",
        _N_PUBLISHERS,
        "state_owned",
        "publisher",
    ),
    (
        "near-duplicate-reworded",
        append_copy(
            _ATT,
            location="kabul city (west)!",
            date_start=_next_day(_ATT),
            date_end=_next_day(_ATT),
        ),
        "events.csv",
        _ROW_LINE,
        "event_id",
        "duplicate-suspect",
    ),
    (
        "entered-twice-same-day",
        append_copy(_ATT, summary="Entered twice."),
        "events.csv",
        _ROW_LINE,
        "event_id",
        "duplicate-suspect",
    ),
    (
        "zero-width-space",
        set_cell(E, 36, "location", "Kabul\u200b"),
        "events.csv",
        36,
        "location",
        "invisible-character",
    ),
    (
        "non-joiner-outside-a-persian-word",
        set_cell(E, 36, "location", "Ka\u200cbul"),
        "events.csv",
        36,
        "location",
        "invisible-character",
    ),
    (
        "duplicate-of-itself",
        several(
            set_cell(E, 37, "record_status", "duplicate"),
            copy_cell(E, 37, 37, "event_id"),
            lambda d: set_cell(E, 37, "duplicate_of", _rows(d / "events.csv")[36][0])(d),
        ),
        "events.csv",
        37,
        "duplicate_of",
        "duplicate-chain",
    ),
    (
        "duplicates-of-each-other",
        several(
            lambda d: set_cell(E, 38, "duplicate_of", _rows(d / "events.csv")[38][0])(d),
            lambda d: set_cell(E, 39, "duplicate_of", _rows(d / "events.csv")[37][0])(d),
            set_cell(E, 38, "record_status", "duplicate"),
            set_cell(E, 39, "record_status", "duplicate"),
        ),
        "events.csv",
        38,
        "duplicate_of",
        "duplicate-chain",
    ),
    (
        "url-userinfo",
        set_cell(S, _SRC, "url", "https://www.reuters.com@t.me/some_channel"),
        "sources.csv",
        _SRC,
        "url",
        "safe-url",
    ),
    (
        "url-port",
        set_cell(S, _SRC, "url", "https://t.me:443/some_channel"),
        "sources.csv",
        _SRC,
        "url",
        "safe-url",
    ),
    (
        "url-trailing-dot",
        set_cell(S, _SRC, "url", "https://T.ME./some_channel"),
        "sources.csv",
        _SRC,
        "url",
        "safe-url",
    ),
    (
        "published-after-accessed",
        several(
            set_cell(S, _SRC, "published", "2026-11-25"),
            set_cell(S, _SRC, "accessed", "2026-11-21"),
        ),
        "sources.csv",
        _SRC,
        "published",
        "source-dates",
    ),
    (
        "published-before-event",
        set_cell(S, 2, "published", "2014-01-01"),
        "event_sources.csv",
        None,
        "source_id",
        "source-dates",
    ),
    (
        "toll-far-above-sources",
        several(
            set_cell(E, _TOLL, "killed_best", "9000"), set_cell(E, _TOLL, "killed_high", "9000")
        ),
        "events.csv",
        _TOLL,
        "killed_best",
        "tolls",
    ),
    (
        "pakistan-province-as-iskp-claim",
        set_cell(E, _CLAIMED, "claimed_as", "pakistan_province"),
        "events.csv",
        _CLAIMED,
        "iskp_claimed",
        "claim-branch",
    ),
    (
        "ejk-without-documenter",
        set_cell(E, _OP, "event_class", "extrajudicial_killing"),
        "events.csv",
        _OP,
        "documented_by",
        "class-fields",
    ),
    (
        "plot-type-on-attack",
        set_cell(E, _ATT, "plot_type", "directed"),
        "events.csv",
        _ATT,
        "plot_type",
        "class-fields",
    ),
    (
        "distinct-from-unknown",
        set_cell(E, _ATT, "distinct_from", "ISKP-2099-001"),
        "events.csv",
        _ATT,
        "distinct_from",
        "references",
    ),
    (
        "leader-tenure-ends-before-it-starts",
        several(
            set_cell("leaders", _LEAD, "date_from", "2020-06-15"),
            set_cell("leaders", _LEAD, "from_prec", "1"),
            set_cell("leaders", _LEAD, "date_to", "2019-06-15"),
            set_cell("leaders", _LEAD, "to_prec", "1"),
        ),
        "leaders.csv",
        _LEAD,
        "date_to",
        "table-dates",
    ),
    (
        "leader-month-precision-mid-month",
        several(
            set_cell("leaders", _LEAD, "date_from", "2016-03-17"),
            set_cell("leaders", _LEAD, "from_prec", "4"),
        ),
        "leaders.csv",
        _LEAD,
        "date_from",
        "table-dates",
    ),
    (
        "benchmark-low-above-high",
        several(
            set_cell("benchmarks", _BENCH, "value_low", "900000"),
            set_cell("benchmarks", _BENCH, "value_best", ""),
        ),
        "benchmarks.csv",
        _BENCH,
        "value_high",
        "benchmark",
    ),
    (
        "benchmark-best-outside-range",
        set_cell("benchmarks", _BENCH, "value_best", "0"),
        "benchmarks.csv",
        _BENCH,
        "value_best",
        "benchmark",
    ),
    (
        "person-nationality-lowercase",
        set_cell("people", _PERSON, "nationality", "tajik national"),
        "people.csv",
        _PERSON,
        "nationality",
        "people",
    ),
]


@pytest.mark.parametrize("case", RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_careless_edits_are_rejected_by_their_rule(data_copy, case):
    _, mutate, file, row, field, rule = case
    mutate(data_copy)
    with pytest.raises(DataError) as exc:
        load.dataset(data_copy)
    hit = [
        p
        for p in exc.value.problems
        if p.file == file and (row is None or p.row == row) and p.field == field and p.rule == rule
    ]
    assert hit, f"expected {rule} at {file} row {row} field {field}; got: {exc.value.problems[:5]}"


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_malformed_input_is_rejected_with_its_place(data_copy, case):
    _, mutate, file, row, field = case
    mutate(data_copy)
    with pytest.raises(DataError) as exc:
        load.dataset(data_copy)
    problems = exc.value.problems
    assert problems, "a DataError must carry its problems"
    hit = [
        p
        for p in problems
        if p.file == file and (row is None or p.row == row) and (field is None or p.field == field)
    ]
    assert hit, f"expected a problem at {file} row {row} field {field}; got: {problems[:5]}"
    # every message names its place
    assert f"{file}," in str(exc.value)


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


def test_original_data_is_untouched_by_the_corpus():
    load.dataset()  # the real data still loads after the corpus ran on copies
