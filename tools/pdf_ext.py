"""Sphinx extension for the book's PDF (LaTeX builder only; a no-op for HTML).

1. The chapters' tables are pandas DataFrames whose notebook outputs carry ``text/html`` and
   ``text/plain``. LaTeX cannot use the HTML, and the plain repr of a table of long text is a
   block of monospaced lines hundreds of characters wide (the register's overflows TeX's
   memory). Before myst-nb picks a mime type, every DataFrame output becomes a real docutils
   table, which Sphinx writes as a longtable (it breaks across pages, its header repeated):
   narrow tables at their natural widths, wide ones with paragraph columns that share the page
   so that long text wraps; a long table whose text would still be squeezed (the register, the
   claims ledger) is set on landscape pages.
2. sphinx-jupyterbook-latex's document class loads ``bbm.sty`` (blackboard-bold macros the book
   never uses), which Debian ships only in texlive-fonts-extra (about 500 MB). When the TeX
   installation lacks it, a two-line stand-in is written beside the ``.tex`` file.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

LINE = 118
"""Characters of table text that fit across the page (footnotesize, 2 cm margins on A4)."""
LINE_LANDSCAPE = 175
"""The same across a landscape page, for long tables whose long text would get too narrow."""
NARROW = 40
"""A long table whose widest column gets fewer characters than this turns to landscape."""
LONGEST_WORD = 12
"""A column is never narrower than its longest word, up to this many characters (longer words
are hyphenated, or break after ``BREAK_AFTER`` characters)."""
PAD = 3
"""A column's padding (two \\tabcolsep) in characters, part of its width in LaTeX."""
BREAK_AFTER = "_/.@"
"""Characters after which a long identifier, path or URL may break across lines."""


class _Table(HTMLParser):
    """Rows of a pandas HTML table: (is_header, [(text, colspan, rowspan), ...])."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[bool, list[tuple[str, int, int]]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._head = True
        elif tag == "tr":
            self.rows.append((self._head, []))
        elif tag in ("td", "th") and self.rows:
            a = dict(attrs)
            self._cell = []
            self._span = (int(a.get("colspan") or 1), int(a.get("rowspan") or 1))
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._head = False
        elif tag in ("td", "th") and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            self.rows[-1][1].append((text, *self._span))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _lines(length: int, word: int, width: int) -> int:
    """Estimated lines of a cell of ``length`` characters whose longest word has ``word``."""
    return max(1, math.ceil(length / (0.9 * width))) + (word > width)


def _widths(
    rows: list[tuple[bool, list[tuple[str, int, int]]]], ncols: int, line: int = LINE
) -> list[int]:
    """Column widths in characters (padding included). An empty list when the table fits
    across the page at its natural widths: Sphinx then sizes the columns itself. Else every
    column starts at its longest word (up to ``LONGEST_WORD``), and the rest of the line goes,
    a few characters at a time, to the column where they shorten the table most (the sum over
    rows of the row's tallest cell): long text gets the room."""
    cells = []  # per row: (length, longest word) for each column
    natural, floor = [1] * ncols, [1] * ncols
    for head, row in rows:
        col, sizes = 0, [(0, 0)] * ncols
        for text, colspan, _ in row:
            if col >= ncols:
                break
            if colspan == 1:
                word = max((len(w) for w in text.split()), default=0)
                natural[col] = max(natural[col], word if head else len(text))
                floor[col] = max(floor[col], min(word, LONGEST_WORD))
                sizes[col] = (len(text), word)
            col += colspan
        cells.append(sizes)
    room = line - PAD * ncols
    if sum(natural) <= room:
        return []
    widths = list(floor)
    lines = [[_lines(n, w, widths[c]) for c, (n, w) in enumerate(r)] for r in cells]

    def gain(c: int, width: int) -> float:
        total = 0.0
        for r, row in zip(cells, lines):
            new = _lines(*r[c], width)
            if row[c] == max(row):  # the row's tallest cell: the row may get shorter
                total += row[c] - max(new, *(row[k] for k in range(ncols) if k != c))
            total += 0.01 * (row[c] - new)  # between equals: fewer lines in all
        return total

    while (free := room - sum(widths)) > 0:
        steps = [
            (gain(c, widths[c] + k) / k, c, k)
            for c in range(ncols)
            for k in range(1, min(free, natural[c] - widths[c], LONGEST_WORD) + 1)
        ]
        best = max(steps, default=(0.0, 0, 0))
        if best[0] <= 0:
            break
        _, c, k = best
        widths[c] += k
        for r, row in zip(cells, lines):
            row[c] = _lines(*r[c], widths[c])
    spare = room - sum(widths)  # the table reached its natural width before the page's
    return [w + PAD + spare * w // sum(widths) for w in widths]


def _paragraph(text: str) -> nodes.paragraph:
    """A cell's paragraph; long tokens get break points after ``BREAK_AFTER`` characters."""
    para = nodes.paragraph()
    buf = ""
    for word in text.split(" "):
        if len(word) > LONGEST_WORD and any(ch in word for ch in BREAK_AFTER):
            for ch in word:
                buf += ch
                if ch in BREAK_AFTER:
                    para += nodes.Text(buf)
                    para += nodes.raw("", r"\allowbreak{}", format="latex")
                    buf = ""
            buf += " "
        else:
            buf += word + " "
    para += nodes.Text(buf.rstrip(" "))
    return para


def _range_index(rows: list[tuple[bool, list[tuple[str, int, int]]]]) -> bool:
    """Whether the first column is an unnamed 0, 1, 2, ... index (pandas' default), which the
    PDF leaves out: it numbers nothing and takes a column's width from the text."""
    body = [cells for head, cells in rows if not head]
    return (
        all(cells[0][0] == "" and cells[0][1:] == (1, 1) for head, cells in rows if head)
        and all(len(cells) > 1 and cells[0][1:] == (1, 1) for _, cells in rows)
        and [cells[0][0] for cells in body] == [str(i) for i in range(len(body))]
    )


def dataframe_table(html: str) -> nodes.Element | None:
    """A docutils table from pandas' HTML rendering of a DataFrame, or None if it is not one."""
    if 'class="dataframe' not in html:
        return None
    parser = _Table()
    parser.feed(html)
    rows = [r for r in parser.rows if r[1]]
    if not rows:
        return None
    if _range_index(rows):
        rows = [(head, cells[1:]) for head, cells in rows]
    ncols = max(sum(colspan for _, colspan, _ in cells) for _, cells in rows)
    widths, landscape = _widths(rows, ncols), False
    if len(rows) > 30 and widths and max(widths) - PAD < NARROW:
        widths, landscape = _widths(rows, ncols, LINE_LANDSCAPE), True
    # longtable always: a table of long text may be taller than a page, whatever its rows
    classes = ["dataframe", "longtable"] + (["colwidths-given"] if widths else [])
    table = nodes.table(classes=classes)
    tgroup = nodes.tgroup(cols=ncols)
    table += tgroup
    for w in widths or [1] * ncols:
        tgroup += nodes.colspec(colwidth=w)
    thead, tbody = nodes.thead(), nodes.tbody()
    for head, cells in rows:
        row = nodes.row()
        for text, colspan, rowspan in cells:
            entry = nodes.entry()
            if colspan > 1:
                entry["morecols"] = colspan - 1
            if rowspan > 1:
                entry["morerows"] = rowspan - 1
            entry += _paragraph(text)
            row += entry
        (thead if head else tbody).append(row)
    if len(thead):
        tgroup += thead
    tgroup += tbody
    if landscape:  # pdflscape: the pages turn in a PDF viewer
        begin = nodes.raw("", "\\begin{landscape}", format="latex")
        end = nodes.raw("", "\\end{landscape}", format="latex")
        return nodes.container("", begin, table, end)
    return table


class DataFrameTables(SphinxPostTransform):
    """Replace each notebook output that holds a DataFrame's HTML by a docutils table."""

    default_priority = 3  # before myst-nb's SelectMimeType (4) drops the HTML for LaTeX
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        def is_bundle(node: nodes.Node) -> bool:
            return (
                isinstance(node, nodes.container) and node.get("nb_element", "") == "mime_bundle"
            )

        for bundle in list(self.document.findall(is_bundle)):
            for child in bundle.children:
                if child.get("mime_type") != "text/html":
                    continue
                raw = next(iter(child.findall(nodes.raw)), None)
                table = dataframe_table(raw.astext()) if raw is not None else None
                if table is not None:
                    bundle.replace_self(table)
                break


def _bbm_stand_in(app) -> None:
    if app.builder.format != "latex":
        return
    kpsewhich = shutil.which("kpsewhich")
    if (
        kpsewhich
        and subprocess.run([kpsewhich, "bbm.sty"], capture_output=True, text=True).stdout.strip()
    ):
        return
    out = Path(app.outdir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bbm.sty").write_text(
        "\\ProvidesPackage{bbm}[2026/01/01 stand-in: the ISKP book uses no blackboard bold]\n"
        "\\RequirePackage{amssymb}\\providecommand\\mathbbm{\\mathbb}\n",
        encoding="utf-8",
    )


def setup(app):
    app.add_post_transform(DataFrameTables)
    app.connect("builder-inited", _bbm_stand_in)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
