"""Re-execute notebooks in place without timing metadata, so that unchanged code and data give
byte-identical files (the freshness check relies on it).

Usage: python tools/run_notebooks.py [notebook ...]   (default: every notebook in notebooks/)
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def execute(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    """Execute ``nb`` (read from ``path``) in a fresh kernel, cwd = its folder, no timing data."""
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3",
        "language": "python",
        "name": "python3",
    }
    return nb


def run(path: Path) -> None:
    nbformat.write(execute(nbformat.read(path, as_version=4), path), path)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for p in paths:
        run(p)
        print(f"executed {p.relative_to(ROOT) if p.is_absolute() else p}")
