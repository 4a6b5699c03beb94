"""One error type for bad data: it names the file, the row and the field of every problem."""

from __future__ import annotations

from dataclasses import dataclass

WHOLE_FILE = 0
"""``Problem.row`` for a problem with a file as a whole (missing, empty, bad header)."""
HEADER = "(header)"
"""``Problem.field`` for a problem with the header line."""
ROW = "(row)"
"""``Problem.field`` for a problem with a whole row (blank, too many fields)."""
FILE = "(file)"
"""``Problem.field`` for a file that is missing."""
UNKNOWN_FIELD = "?"
"""``Problem.field`` when the place in the line cannot be told (encoding, CSV syntax)."""


@dataclass(frozen=True)
class Problem:
    """One problem in a data file. ``row`` is the line number in the file (the header is
    line 1), or :data:`WHOLE_FILE` (0) when the problem concerns the file as a whole. ``rule``
    is a stable code naming the check that found it (``"type"``, ``"duplicate-suspect"``,
    ...), so that tests and documentation refer to the rule, not to its wording."""

    file: str
    row: int
    field: str
    message: str
    rule: str = ""

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

    def rules(self) -> set[str]:
        """The codes of the rules that found problems."""
        return {p.rule for p in self.problems}
