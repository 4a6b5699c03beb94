"""Re-execute notebooks in place without timing metadata, so that unchanged code and data give
byte-identical files, and record what each was executed against (``notebooks/.stamps.json``).

Usage:
    python tools/run_notebooks.py [notebook ...]   re-execute (default: every notebook)
    python tools/run_notebooks.py --stale          re-execute only the stale ones
    python tools/run_notebooks.py --check          list stale notebooks; exit 1 if any

A notebook is stale when its code cells, the data (``data/``), the helper package
(``lib/iskp``) or the pinned environment changed since it was last executed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
STAMPS = NOTEBOOKS / ".stamps.json"
INPUTS = (
    "data/*.csv",
    "data/*.json",
    "data/*.gpkg",
    "data/*.txt",
    "lib/iskp/*.py",
    "lib/iskp/*.mplstyle",
    "constraints.txt",
)
"""What every chapter's outputs depend on, besides its own code."""
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
LANGUAGE_INFO = {"name": "python", "pygments_lexer": "ipython3"}


GLUE = "text.glue_all("


def cell_tags(cell: nbformat.NotebookNode) -> list[str]:
    """The book's tags for a code cell: a cell that glues numbers for the prose is removed from
    the page (the prose shows the numbers; a reader who re-runs the chapter sees them as a
    table); every other cell shows its output and hides its code behind a toggle."""
    tags = set(cell.metadata.get("tags", [])) - {"hide-input", "remove-cell"}
    tags.add("remove-cell" if GLUE in cell.source else "hide-input")
    return sorted(tags)


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Notebook metadata in the book's one form, whatever front end saved it last (JupyterLab
    writes its own kernel display name and the running Python's version), and the book's tags
    on every code cell (:func:`cell_tags`)."""
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata["tags"] = cell_tags(cell)
    return nb


def execute(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Execute ``nb`` (read from ``path``) in a fresh kernel, cwd = its folder, no timing data."""
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return normalise(nb)


def inputs_digest() -> str:
    """One hash of everything the chapters depend on besides their own code."""
    h = hashlib.sha256()
    for pattern in INPUTS:
        for f in sorted(ROOT.glob(pattern)):
            h.update(f.relative_to(ROOT).as_posix().encode())
            h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def code_digest(nb: nbformat.NotebookNode) -> str:
    """A hash of a notebook's code cells (sources and metadata such as figure captions)."""
    cells = [
        (c.source, json.dumps(c.metadata, sort_keys=True))
        for c in nb.cells
        if c.cell_type == "code"
    ]
    return hashlib.sha256(json.dumps(cells).encode()).hexdigest()


def stamp(path: Path, inputs: str) -> str:
    return hashlib.sha256(
        (inputs + code_digest(nbformat.read(path, as_version=4))).encode()
    ).hexdigest()


def read_stamps() -> dict[str, str]:
    return json.loads(STAMPS.read_text(encoding="utf-8")) if STAMPS.exists() else {}


def stale(paths: list[Path]) -> list[Path]:
    """The notebooks among ``paths`` whose stamp does not match their code and inputs."""
    inputs, stamps = inputs_digest(), read_stamps()
    return [p for p in paths if stamps.get(p.name) != stamp(p, inputs)]


def run(path: Path) -> None:
    nbformat.write(execute(nbformat.read(path, as_version=4), path), path)


def record(paths: list[Path]) -> None:
    inputs, stamps = inputs_digest(), read_stamps()
    stamps.update({p.name: stamp(p, inputs) for p in paths})
    names = {p.name for p in paths}
    stamps = {k: v for k, v in stamps.items() if k in names or (NOTEBOOKS / k).exists()}
    STAMPS.write_text(json.dumps(dict(sorted(stamps.items())), indent=1) + "\n", encoding="utf-8")


def main(args: list[str]) -> int:
    every = sorted(NOTEBOOKS.glob("*.ipynb"))
    if "--check" in args:
        old = stale(every)
        for p in old:
            print(f"stale: {p.relative_to(ROOT)} (run `make refresh`)")
        return 1 if old else 0
    paths = stale(every) if "--stale" in args else [Path(a).resolve() for a in args] or every
    for p in paths:
        run(p)
        record([p])
        print(f"executed {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
