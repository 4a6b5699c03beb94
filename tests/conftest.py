from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    dest = tmp_path / "data"
    # the 1 MB boundary file is linked, not copied (a test may still remove or replace it)
    shutil.copytree(DATA, dest, ignore=shutil.ignore_patterns("boundaries.gpkg"))
    (dest / "boundaries.gpkg").symlink_to(DATA / "boundaries.gpkg")
    return dest


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("".join(lines), encoding="utf-8")
