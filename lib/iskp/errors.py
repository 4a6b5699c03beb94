"""One error type for bad data: it names the file, the row and the field of every problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in a data file. ``row`` is the line number in the file (the header is
    line 1), or 0 when the problem concerns the file as a whole."""

    file: str
    row: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        return f"{self.file}, {where}, field '{self.field}': {self.message}"


class DataError(ValueError):
    """Raised when data files are malformed or inconsistent. Holds every problem found, so a
    contributor sees them all at once; nothing is dropped or repaired silently."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n  ".join(str(p) for p in self.problems[:25])
        more = len(self.problems) - 25
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} data problem(s):\n  {shown}{tail}")
