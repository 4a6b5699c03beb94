"""Property-based fuzzing of the loaders: any cell value or any bytes inserted into a table
either load (and nothing is dropped) or raise a DataError that names its place; never another
exception. Each example starts from the original file."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_input import E, L, _lines, set_cell

from conftest import DATA
from iskp import load
from iskp.errors import DataError


def fresh(d: Path, table: str) -> None:
    """Restore ``table`` in the copy ``d`` to the original bytes."""
    (d / f"{table}.csv").write_bytes((DATA / f"{table}.csv").read_bytes())


CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
FIELDS = [
    "killed_best",
    "latitude",
    "date_start",
    "event_class",
    "suicide",
    "summary",
    "themes",
    "country",
    "where_prec",
    "tags",
]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(FIELDS), value=CELL, line=st.integers(min_value=2, max_value=_lines(E))
)
def test_fuzzed_cells_load_or_raise_data_error(data_copy, field, value, line):
    fresh(data_copy, E)  # each example starts from the original file (the fixture is shared)
    set_cell(E, line, field, value)(data_copy)
    try:
        t = load.dataset(data_copy)
    except DataError as exc:
        assert exc.problems and all(p.file and p.field for p in exc.problems)
    else:
        assert len(t.records) == _lines(E) - 1  # nothing dropped


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(junk=st.binary(max_size=200), where=st.floats(min_value=0, max_value=1))
def test_fuzzed_bytes_load_or_raise_data_error(data_copy, junk, where):
    fresh(data_copy, L)
    p = data_copy / "event_sources.csv"
    b = p.read_bytes()
    cut = int(len(b) * where)
    p.write_bytes(b[:cut] + junk + b[cut:])
    try:
        t = load.dataset(data_copy)
    except DataError as exc:
        assert exc.problems and all(pr.file for pr in exc.problems)
    else:
        assert len(t.links) >= 1
