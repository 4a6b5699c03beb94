"""The checkable habits of the house style (shared STYLE.md), held by tests."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from conftest import ROOT

NB_DIR = ROOT / "notebooks"
CHAPTER = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")
MAX_LINES = 15
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# Numbers a writer may type: years, days of a named month, chapter or figure numbers in words,
# ISO codes and identifiers. Everything else in prose must be glued from the data.
ALLOWED = [
    r"\b(19|20)\d{2}s?\b",  # years, decades
    rf"\b\d{{1,2}} ({MONTHS})\b",  # 15 August
    rf"\b({MONTHS}) \d{{1,2}}\b",  # August 15
    r"\b(19|20)\d{2}-\d{2}(-\d{2})?\b",  # ISO dates
    r"\b(19|20)\d{2}[-–](19|20)?\d{2}\b",  # 2015-19, 2020-21
    r"\bISKP-\d{4}-\d{3}\b",
    r"\bsrc-\d{4,5}\b",
    r"\bC\d{3}\b",
    r"\bG\d{3}\b",  # identifiers
    r"\b9/11\b",
    r"\b(CC BY|Attribution) 4\.0\b",  # the licence's name
]


def chapters() -> list[Path]:
    return sorted(p for p in NB_DIR.glob("*.ipynb") if CHAPTER.match(p.name))


def all_notebooks() -> list[Path]:
    return sorted(NB_DIR.glob("*.ipynb"))


def toc_files() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                out.append(node["file"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc)
    return out


def strip_allowed(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)  # code blocks
    text = re.sub(r"`[^`]*`", " ", text)  # inline code, glue and roles
    text = re.sub(r"\]\([^)]*\)", "]", text)  # link targets
    text = re.sub(r"<[^>]+>", " ", text)  # html tags
    text = re.sub(r"\{[a-z:]+\}", " ", text)  # role names
    text = re.sub(r"^#.*$", " ", text, flags=re.M)  # headings
    for pattern in ALLOWED:
        text = re.sub(pattern, " ", text)
    return text


def typed_numbers(text: str) -> list[str]:
    return re.findall(r"(?<![\w-])\d[\d,.]*(?![\w-])", strip_allowed(text))


def test_notebook_names():
    for p in all_notebooks():
        assert CHAPTER.match(p.name) or p.name == "_template.ipynb", p.name


def test_toc_lists_every_chapter():
    listed = {f for f in toc_files() if f.startswith("notebooks/")}
    assert listed == {f"notebooks/{p.stem}" for p in chapters()}


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.name)
class TestNotebook:
    def nb(self, path):
        return nbformat.read(path, as_version=4)

    def code(self, path):
        return [c for c in self.nb(path).cells if c.cell_type == "code"]

    def test_executed_in_order(self, path):
        counts = [c.execution_count for c in self.code(path)]
        assert counts == list(range(1, len(counts) + 1)), "restart and run all (make refresh)"

    def test_no_stderr_error_or_address(self, path):
        for i, c in enumerate(self.code(path)):
            for out in c.outputs:
                assert out.get("name") != "stderr", f"cell {i} has stderr"
                assert out.output_type != "error", f"cell {i} stored an error"
                text = "".join(out.get("text", "")) + "".join(
                    out.get("data", {}).get("text/plain", "")
                )
                assert not re.search(r"0x[0-9a-f]{6,}", text), f"cell {i} shows a memory address"

    def test_no_file_paths(self, path):
        for c in self.nb(path).cells:
            assert not re.search(
                r"(/work/|/home/|/tmp/|\.\./data|data/\w+\.csv|\.gpkg)", c.source
            ), c.source[:80]
            for out in c.get("outputs", []):
                assert "/work/" not in str(out.get("text", "")) + str(
                    out.get("data", {}).get("text/plain", "")
                )

    def test_one_import_cell(self, path):
        sources = [c.source for c in self.code(path)]
        with_import = [
            i for i, s in enumerate(sources) if re.search(r"^\s*(import|from)\s", s, flags=re.M)
        ]
        assert len(with_import) == 1, f"imports in cells {with_import}"
        assert re.search(r"^from iskp import ", sources[with_import[0]], flags=re.M)

    def test_short_cells(self, path):
        for i, c in enumerate(self.code(path)):
            n = len([ln for ln in c.source.splitlines() if ln.strip()])
            assert n <= MAX_LINES, (
                f"cell {i} has {n} lines (max {MAX_LINES}): move logic into lib/iskp"
            )

    def test_figures_are_captioned_and_named(self, path):
        nb = self.nb(path)
        prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for i, c in enumerate(nb.cells):
            if c.cell_type != "code" or not any(
                "image/png" in o.get("data", {}) for o in c.outputs
            ):
                continue
            fig = c.metadata.get("mystnb", {}).get("figure", {})
            assert fig.get("caption") and fig.get("name", "").startswith("fig-"), (
                f"cell {i}: figure without caption/name"
            )
            assert "{numref}`" + fig["name"] + "`" in prose, (
                f"{fig['name']} is never referred to with {{numref}}"
            )

    def test_figure_cells_show_only_the_figure(self, path):
        """A figure cell shows one thing: other outputs (a glued-values table) would be
        captioned as the same figure and break its reference."""
        for i, c in enumerate(self.code(path)):
            if c.metadata.get("mystnb", {}).get("figure"):
                assert "glue_all" not in c.source, f"cell {i}: glue in a separate cell"

    def test_no_hand_typed_numbers_in_prose(self, path):
        for i, c in enumerate(self.nb(path).cells):
            if c.cell_type == "markdown":
                nums = typed_numbers(c.source)
                assert not nums, f"cell {i}: numbers typed by hand {nums}; glue them from the data"

    def test_code_is_hidden_and_glue_is_out_of_view(self, path):
        """Code sits behind a toggle; a cell that glues is removed from the page and shows
        nothing but the glued values (so removing it hides nothing else)."""
        sys.path.insert(0, str(ROOT / "tools"))
        from run_notebooks import GLUE

        for i, c in enumerate(self.code(path)):
            tags = c.metadata.get("tags", [])
            if GLUE in c.source:
                assert "remove-cell" in tags, f"cell {i} glues: tag it remove-cell (make refresh)"
                for out in c.outputs:
                    glued = "scrapbook" in out.get("metadata", {})
                    table = "glued" in "".join(out.get("data", {}).get("text/plain", ""))
                    assert glued or table, f"cell {i} glues and shows something else: split it"
            else:
                assert "hide-input" in tags, f"cell {i}: code not hidden (make refresh)"

    def test_tables_on_the_page_are_house_tables(self, path):
        """Every table a reader sees goes through ``views.show``: human headers, no pandas row
        numbers, labels kept, blanks for missing values (no ``<NA>``)."""
        for i, c in enumerate(self.code(path)):
            if "remove-cell" in c.metadata.get("tags", []):
                continue
            for out in c.outputs:
                html = "".join(out.get("data", {}).get("text/html", ""))
                if "<table" in html:
                    assert "iskp-table" in html, f"cell {i}: show tables with views.show"
                    assert "&lt;NA&gt;" not in html and "<NA>" not in html, f"cell {i}: <NA>"

    def test_a_lead_in_is_followed_by_what_it_announces(self, path):
        """Prose that ends with a colon announces a table or figure: the next visible output
        must come before the next prose cell."""
        cells = self.nb(path).cells
        for i, c in enumerate(cells):
            if c.cell_type != "markdown" or not c.source.rstrip().endswith(":"):
                continue
            shown = False
            for nxt in cells[i + 1 :]:
                if nxt.cell_type == "markdown":
                    break
                hidden = {"remove-cell", "remove-output"} & set(nxt.metadata.get("tags", []))
                visible = [o for o in nxt.outputs if o.output_type != "stream"]
                if visible and not hidden:
                    shown = True
                    break
            assert shown, f"cell {i} ends with a colon but nothing is shown after it"

    def test_events_are_picked_by_id(self, path):
        """No positional pick (``.iloc``, ``.index[0]``): a retraction or a new row would
        silently change what the prose describes. Name events with iskp.named."""
        for i, c in enumerate(self.code(path)):
            assert not re.search(r"\.iloc\[|\.index\[-?\d", c.source), (
                f"cell {i} picks a row by position"
            )

    def test_plot_cells_show_no_object_repr(self, path):
        for i, c in enumerate(self.code(path)):
            for out in c.outputs:
                text = "".join(out.get("data", {}).get("text/plain", ""))
                assert not re.match(r"^(<Axes|Text\(|\[<matplotlib|<matplotlib)", text), (
                    f"cell {i} shows {text[:40]}"
                )

    def test_question_first(self, path):
        nb = self.nb(path)
        first = nb.cells[0]
        assert first.cell_type == "markdown" and first.source.startswith("# ")
        assert "**Question.**" in first.source and "**Answer.**" in first.source

    def test_limits_section(self, path):
        prose = "\n".join(c.source for c in self.nb(path).cells if c.cell_type == "markdown")
        assert re.search(r"^## What the data cannot (say|tell)", prose, flags=re.M)


def test_number_checker_catches_typed_numbers():
    assert typed_numbers("ISKP killed 429 people in 73 incidents") == ["429", "73"]
    assert typed_numbers("On 15 August 2021, {glue:text}`n` events; see ISKP-2021-001.") == []
    assert typed_numbers("about 4,000 fighters") == ["4,000"]
