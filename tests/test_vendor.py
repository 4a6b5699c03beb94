"""Vendored third-party files are exactly the ones their provenance record names: a changed,
added or missing file fails until PROVENANCE.json is updated with it (and says where it came
from)."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import ROOT

VENDOR = ROOT / "_static" / "vendor"
PACKAGES = sorted(p for p in VENDOR.iterdir() if p.is_dir()) if VENDOR.exists() else []


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("folder", PACKAGES, ids=lambda p: p.name)
def test_vendored_files_match_their_provenance(folder):
    record = json.loads((folder / "PROVENANCE.json").read_text(encoding="utf-8"))
    assert folder.name == f"{record['package']}-{record['version']}"
    assert re_sha256(record["tarball_sha256"]) and record["tarball"].startswith("https://")
    assert (folder / "LICENSE").exists(), "vendor the licence with the files"
    present = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != "PROVENANCE.json"
    }
    assert present == set(record["files"]), "files added or removed without the record"
    changed = [f for f, meta in record["files"].items() if sha256(folder / f) != meta["sha256"]]
    assert not changed, f"vendored files differ from PROVENANCE.json: {changed}"


def re_sha256(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


def test_leaflet_is_vendored_for_the_explorer():
    folder = VENDOR / "leaflet-1.9.4"
    head = (folder / "leaflet.js").read_text(encoding="utf-8")[:200]
    assert "Leaflet 1.9.4" in head
    assert "BSD 2-Clause" in (folder / "LICENSE").read_text(encoding="utf-8")
