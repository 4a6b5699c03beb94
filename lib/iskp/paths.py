"""Where the project's files are. The package is installed editable, so the data folder is
found relative to this file: the same call works in the book build, under nbval and in
JupyterLab, from any working directory."""

from __future__ import annotations

from pathlib import Path

ROOT: Path = Path(__file__).resolve().parents[2]
DATA_DIR: Path = ROOT / "data"
DATAPACKAGE: Path = DATA_DIR / "datapackage.json"
BOUNDARIES: Path = DATA_DIR / "boundaries.gpkg"
