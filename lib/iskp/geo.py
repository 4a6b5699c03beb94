"""Boundaries, read only from a committed GeoPackage (``data/boundaries.gpkg`` by default), and
events as points. No network, no tiles; points are never invented or jittered."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from .paths import DATA_DIR

if TYPE_CHECKING:
    import geopandas as gpd

BOUNDARY_FILE = "boundaries.gpkg"
LAYERS = ("world", "region", "afg_provinces", "pak_provinces")
PROVINCE_LAYER = {"AFG": "afg_provinces", "PAK": "pak_provinces"}
"""The province layer of each country that has one."""

# Spellings found in reporting, mapped to the Natural Earth province names used in the data.
PROVINCE_ALIASES = {
    "Hilmand": "Helmand",
    "Hirat": "Herat",
    "Sari Pul": "Sar-e Pol",
    "Sar-i-Pul": "Sar-e Pol",
    "Saripul": "Sar-e Pol",
    "Paktya": "Paktia",
    "Paktiya": "Paktia",
    "Nimroz": "Nimruz",
    "Jawzjan": "Jowzjan",
    "Jozjan": "Jowzjan",
    "Oruzgan": "Uruzgan",
    "Urozgan": "Uruzgan",
    "Daikundi": "Daykundi",
    "Daikondi": "Daykundi",
    "Panjsher": "Panjshir",
    "Maidan Wardak": "Wardak",
    "Wardag": "Wardak",
    "Nooristan": "Nuristan",
    "Nurestan": "Nuristan",
    "Konar": "Kunar",
    "Kunarha": "Kunar",
    "Kondoz": "Kunduz",
    "Qunduz": "Kunduz",
    "Ningarhar": "Nangarhar",
    "Bamian": "Bamyan",
    "Lowgar": "Logar",
    "Ghowr": "Ghor",
    "Khowst": "Khost",
    "Zabol": "Zabul",
    "KP": "Khyber Pakhtunkhwa",
    "KPK": "Khyber Pakhtunkhwa",
    "FATA": "Khyber Pakhtunkhwa",
    "Baluchistan": "Balochistan",
    "Sind": "Sindh",
}


def boundary_path(data_dir: Path | None = None) -> Path:
    """The boundary file of a dataset folder."""
    return Path(data_dir or DATA_DIR) / BOUNDARY_FILE


@lru_cache(maxsize=8)
def _layer(name: str, path: str, stamp: int) -> gpd.GeoDataFrame:
    import geopandas as gpd

    return gpd.read_file(path, layer=name, engine="pyogrio")


def boundaries(layer: str, path: Path | None = None) -> gpd.GeoDataFrame:
    """One boundary layer as a GeoDataFrame (EPSG:4326): ``world``, ``region``,
    ``afg_provinces`` (34, column ``province``) or ``pak_provinces`` (7, current names).
    Raises FileNotFoundError naming the file when it is missing."""
    if layer not in LAYERS:
        raise ValueError(f"unknown layer {layer!r}; one of {', '.join(LAYERS)}")
    p = Path(path or boundary_path())
    if not p.exists():
        raise FileNotFoundError(f"boundary file {p.name} not found in {p.parent.name}/")
    real = p.resolve()  # a linked copy shares the cache of the file it points at
    return _layer(layer, str(real), real.stat().st_mtime_ns).copy()


def province_name(name: str) -> str:
    """The canonical province name for a reported spelling."""
    return PROVINCE_ALIASES.get(name, name)


def points(ev: pd.DataFrame, *, max_where_prec: int = 7) -> gpd.GeoDataFrame:
    """Events with coordinates as points (EPSG:4326). Rows without coordinates, or less precise
    than ``max_where_prec``, are left out; how many is in ``.attrs['without_point']``."""
    import geopandas as gpd

    has = ev["latitude"].notna() & ev["longitude"].notna() & (ev["where_prec"] <= max_where_prec)
    keep = has.fillna(False).astype(bool)
    sub = ev[keep].copy()
    xy = gpd.points_from_xy(sub["longitude"].astype(float), sub["latitude"].astype(float))
    gdf = gpd.GeoDataFrame(sub, geometry=xy, crs="EPSG:4326")
    gdf.attrs["without_point"] = int((~keep).sum())
    return gdf
