"""Read the dataset's CSV files into typed frames, checking every cell against the schema.

Every cell of every file is checked against ``datapackage.json`` (types, required fields, code
lists, patterns, bounds, unique values, primary keys) and for CSV hygiene (encoding, byte-order
mark, NUL, white space, blank lines, row length, header). Problems name file, row (the file
line) and field. No row is ever dropped: a table is returned only when all its rows are good.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import FILE, HEADER, ROW, UNKNOWN_FIELD, WHOLE_FILE, Problem
from .schema import Field, TableSchema, schemas

_INT = re.compile(r"^-?\d+$")
_NUM = re.compile(r"^-?\d+(\.\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5"
    "\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
)
"""Control and invisible characters (zero-width spaces, joiners, direction marks, soft
hyphens...): they make two equal texts look different, so no cell may hold one."""
_ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc"
_ZWNJ_IN_WORD = re.compile(f"(?<=[{_ARABIC_SCRIPT}])\u200c(?=[{_ARABIC_SCRIPT}])")
"""The zero-width non-joiner between two letters of the Arabic script is spelling in Persian,
Dari, Pashto and Urdu (as in a Persian headline), not a hidden character; anywhere else it is."""


def hidden_character(value: str) -> str | None:
    """The first invisible or control character of ``value`` (see ``INVISIBLE``), or None."""
    found = INVISIBLE.search(_ZWNJ_IN_WORD.sub("", value))
    return found.group() if found else None


@dataclass(frozen=True)
class Tables:
    """The raw typed tables of one dataset folder, with the file line of each row."""

    frames: Mapping[str, pd.DataFrame]
    lines: Mapping[str, tuple[int, ...]]
    data_dir: Path

    def line(self, table: str, i: int) -> int:
        """The file line of row ``i`` (0-based) of ``table`` (the header is line 1)."""
        return self.lines[table][i]

    def __getitem__(self, table: str) -> pd.DataFrame:
        return self.frames[table]


def _problem(file: str, row: int, field: str, message: str, rule: str) -> Problem:
    return Problem(file, row, field, message, rule)


def _decode(raw: bytes, name: str, first: str, problems: list[Problem]) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        msg = "file starts with a byte-order mark (BOM); save as UTF-8 without BOM"
        problems.append(_problem(name, 1, first, msg, "bom"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        msg = f"not valid UTF-8 (byte {raw[exc.start]:#04x} at offset {exc.start})"
        problems.append(_problem(name, line, UNKNOWN_FIELD, msg, "encoding"))
        text = raw.decode("utf-8", errors="replace")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(_problem(name, line, UNKNOWN_FIELD, "contains a NUL character", "nul"))
        text = text.replace("\x00", "")
    return text


def _read_rows(
    path: Path, schema: TableSchema, problems: list[Problem]
) -> list[tuple[int, list[str]]]:
    """Read a CSV file into (line number, cells) pairs, checking encoding and header."""
    name = path.name
    text = _decode(path.read_bytes(), name, schema.field_names[0], problems)
    if not text.strip():
        problems.append(_problem(name, WHOLE_FILE, HEADER, "file is empty", "empty-file"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader)
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as exc:
        msg = f"CSV syntax error: {exc}"
        problems.append(_problem(name, reader.line_num, UNKNOWN_FIELD, msg, "csv-syntax"))
        return rows
    expected = schema.field_names
    if header != expected:
        missing = [f for f in expected if f not in header]
        extra = [f for f in header if f not in expected]
        for f in missing:
            problems.append(_problem(name, 1, f, "column missing from header", "header"))
        for f in extra:
            problems.append(_problem(name, 1, f, "unknown column in header", "header"))
        if not missing and not extra:
            msg = f"columns out of order; expected {', '.join(expected)}"
            problems.append(_problem(name, 1, HEADER, msg, "header"))
        return []
    good: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if cells == []:
            problems.append(_problem(name, line, ROW, "blank line", "blank-line"))
            continue
        if len(cells) < len(expected):
            msg = f"row has {len(cells)} fields, expected {len(expected)} (truncated row?)"
            problems.append(_problem(name, line, expected[len(cells)], msg, "row-length"))
        elif len(cells) > len(expected):
            msg = f"row has {len(cells)} fields, expected {len(expected)}"
            problems.append(_problem(name, line, ROW, msg, "row-length"))
        good.append((line, cells))
    return good


def check_cell(file: str, line: int, field: Field, value: str) -> list[Problem]:
    """The problems of one cell against its field's type and constraints."""

    def bad(msg: str, rule: str) -> list[Problem]:
        return [_problem(file, line, field.name, msg, rule)]

    if value != value.strip():
        return bad(f"leading or trailing white space in {value!r}", "whitespace")
    hidden = hidden_character(value)
    if hidden:
        code = f"U+{ord(hidden):04X}"
        return bad(
            f"contains an invisible or control character ({code}); retype the text",
            "invisible-character",
        )
    if value == "":
        return bad("required value is blank", "required") if field.required else []
    c = field.constraints
    number = math.nan
    if field.type == "integer":
        if not _INT.match(value):
            return bad(f"{value!r} is not an integer", "type")
        number = int(value)
    elif field.type == "number":
        if not _NUM.match(value):
            return bad(f"{value!r} is not a decimal number", "type")
        number = float(value)
    elif field.type == "date":
        if not _DATE.match(value):
            return bad(f"{value!r} is not an ISO date (YYYY-MM-DD)", "type")
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return bad(f"{value!r} is not a calendar date", "type")
    elif field.type == "boolean":
        allowed = field.true_values + field.false_values
        if value not in allowed:
            return bad(f"{value!r} is not one of {', '.join(allowed)}", "type")
        return []
    else:
        if "enum" in c and value not in c["enum"]:
            return bad(f"{value!r} is not in the code list ({', '.join(c['enum'])})", "enum")
        if "pattern" in c and not re.fullmatch(c["pattern"], value):
            return bad(f"{value!r} does not match the pattern {c['pattern']}", "pattern")
        if "maxLength" in c and len(value) > c["maxLength"]:
            msg = f"text is {len(value)} characters, at most {c['maxLength']} allowed"
            return bad(msg, "max-length")
    if "minimum" in c and number < c["minimum"]:
        return bad(f"{value} is below the minimum {c['minimum']}", "minimum")
    if "maximum" in c and number > c["maximum"]:
        return bad(f"{value} is above the maximum {c['maximum']}", "maximum")
    return []


def _column(f: Field, raw: list[str]):
    """One typed column from checked strings (blank = missing)."""
    if f.type == "integer":
        return pd.array([int(v) if v != "" else None for v in raw], dtype="Int64")
    if f.type == "number":
        return pd.array([float(v) if v != "" else None for v in raw], dtype="Float64")
    if f.type == "date":
        values = pd.Series([v if v != "" else None for v in raw], dtype="object")
        return pd.to_datetime(values, format="%Y-%m-%d").array
    if f.type == "boolean":
        return pd.array([(v in f.true_values) if v != "" else None for v in raw], dtype="boolean")
    if f.enum is not None:
        return pd.Categorical([v if v != "" else None for v in raw], categories=list(f.enum))
    return pd.array([v if v != "" else None for v in raw], dtype="string")


def _typed(schema: TableSchema, rows: list[tuple[int, list[str]]]) -> pd.DataFrame:
    columns = {
        f.name: _column(f, [r[1][i] if i < len(r[1]) else "" for r in rows])
        for i, f in enumerate(schema.fields)
    }
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))


def _key_problems(schema: TableSchema, rows: list[tuple[int, list[str]]]) -> list[Problem]:
    """Duplicate primary keys, and duplicate values of fields marked ``unique``."""
    names = schema.field_names
    keys = [schema.primary_key] if schema.primary_key else []
    keys += [
        (f.name,)
        for f in schema.fields
        if f.constraints.get("unique") and (f.name,) != schema.primary_key
    ]
    out: list[Problem] = []
    for key in keys:
        idx = [names.index(k) for k in key]
        seen: dict[tuple[str, ...], int] = {}
        rule = "primary-key" if key == schema.primary_key else "unique"
        for line, cells in rows:
            if any(i >= len(cells) for i in idx):
                continue
            value = tuple(cells[i] for i in idx)
            if rule == "unique" and value == ("",):
                continue
            if value in seen:
                msg = f"duplicate key {value} (first on row {seen[value]})"
                out.append(_problem(schema.path, line, ",".join(key), msg, rule))
            else:
                seen[value] = line
    return out


_READ: dict[tuple, tuple[pd.DataFrame, tuple[int, ...], list[Problem]]] = {}
"""Tables already read, by file content and schema: reading a folder in which one file changed
reads only that file again (the tests that break one table of a copy rely on it)."""


def read_table(name: str, data_dir: Path) -> tuple[pd.DataFrame, tuple[int, ...], list[Problem]]:
    """One table, checked cell by cell: (typed frame, file line of each row, problems). The
    frame is empty when there are problems."""
    import hashlib

    schema = schemas(data_dir)[name]
    path = data_dir / schema.path
    if not path.exists():
        missing = _problem(schema.path, WHOLE_FILE, FILE, "file not found", "file-missing")
        return pd.DataFrame(columns=schema.field_names), (), [missing]
    raw = path.read_bytes()
    key = (name, repr(schema), hashlib.sha1(raw).hexdigest())
    if key not in _READ:
        if len(_READ) > 64:
            _READ.clear()
        _READ[key] = _read_checked(path, schema)
    frame, lines, problems = _READ[key]
    return frame.copy(), lines, list(problems)


def _read_checked(
    path: Path, schema: TableSchema
) -> tuple[pd.DataFrame, tuple[int, ...], list[Problem]]:
    empty = pd.DataFrame(columns=schema.field_names)
    problems: list[Problem] = []
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
            for p in check_cell(schema.path, 0, field, value):
                found.extend(Problem(p.file, ln, p.field, p.message, p.rule) for ln in lines)
    order = {n: i for i, n in enumerate(schema.field_names)}
    problems.extend(sorted(found, key=lambda p: (p.row, order.get(p.field, -1))))
    problems.extend(_key_problems(schema, rows))
    if problems:
        return empty, (), problems
    return _typed(schema, rows), tuple(line for line, _ in rows), problems


def read_all(data_dir: Path) -> tuple[Tables, list[Problem]]:
    """Every table of the dataset in ``data_dir``, and every problem found reading them."""
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    lines: dict[str, tuple[int, ...]] = {}
    for name in schemas(data_dir):
        frame, where, found = read_table(name, data_dir)
        problems.extend(found)
        frames[name] = frame
        lines[name] = where
    return Tables(frames, lines, data_dir), problems
