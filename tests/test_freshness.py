"""Freshness: every chapter was executed against today's data, package and code.

nbval (configured in ``conftest.py`` to compare PNG figures too) re-executes each notebook once
per test run and compares every output. Here, without executing anything: the stamps that
``make refresh`` records match the current inputs, and the committed metadata is in the book's
one form. ``make fresh`` re-executes every notebook and compares whole files (marker
``fresh``)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import run_notebooks as rn

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_every_notebook_was_executed_against_the_current_inputs():
    stale = rn.stale(NOTEBOOKS)
    assert not stale, (
        f"stale against data/, lib/ or their code: {[p.name for p in stale]}; make refresh"
    )


def test_a_changed_input_makes_notebooks_stale(tmp_path, monkeypatch):
    path = tmp_path / "x.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nbformat.write(nb, path)
    monkeypatch.setattr(rn, "STAMPS", tmp_path / ".stamps.json")
    rn.record([path])
    assert rn.stale([path]) == []
    nb.cells[0].source = "1 + 2"
    nbformat.write(nb, path)
    assert rn.stale([path]) == [path]
    rn.record([path])
    monkeypatch.setattr(rn, "inputs_digest", lambda: "data changed")
    assert rn.stale([path]) == [path]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_metadata_is_in_the_books_form(path: Path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata.get("kernelspec") == rn.KERNELSPEC
    assert nb.metadata.get("language_info") == rn.LANGUAGE_INFO


def test_a_jupyterlab_save_is_normalised():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    nb.metadata["kernelspec"]["display_name"] = "Python 3 (ipykernel)"
    nb.metadata["language_info"]["version"] = "3.12.1"
    assert rn.normalise(nb).metadata == nbformat.read(NOTEBOOKS[0], as_version=4).metadata


@pytest.mark.fresh
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_fresh(path: Path):
    committed = rn.normalise(nbformat.read(path, as_version=4))
    fresh = rn.execute(nbformat.read(path, as_version=4), path)
    a, b = nbformat.writes(committed), nbformat.writes(fresh)
    if a != b:
        import difflib

        diff = difflib.unified_diff(
            a.splitlines(True), b.splitlines(True), "committed", "fresh", n=1
        )
        pytest.fail(
            f"{path.name} is stale: run `make refresh` and commit.\n{''.join(list(diff)[:40])}"
        )
