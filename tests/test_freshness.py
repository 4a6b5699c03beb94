"""Freshness: re-executing each notebook (no timing metadata) reproduces the committed file
byte for byte, figures included. nbval compares text outputs; this also covers the PNGs."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from run_notebooks import execute  # noqa: E402

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_fresh(path: Path):
    committed = path.read_text(encoding="utf-8")
    fresh = (
        nbformat.writes(execute(nbformat.reads(committed, as_version=4), path)) + "\n"
    )  # as nbformat.write
    if fresh != committed:
        import difflib

        diff = "".join(
            list(
                difflib.unified_diff(
                    committed.splitlines(True),
                    fresh.splitlines(True),
                    "committed",
                    "re-executed",
                    n=1,
                )
            )[:40]
        )
        pytest.fail(f"{path.name} is stale: run `make refresh` and commit.\n{diff}")
