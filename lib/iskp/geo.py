"""Boundaries (read only from the committed ``data/boundaries.gpkg``) and the spatial check
of event coordinates against their stated country and province."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import Problem
from .paths import BOUNDARIES

LAYERS = ("world", "region", "afg_provinces", "pak_provinces")

# Tolerance in km by where_prec: a town centre may sit a little off a border; simplified
# boundaries add up to about 10 km of error on top.
TOLERANCE_KM = {1: 10.0, 2: 30.0, 3: 60.0}
KM_PER_DEGREE = 111.0

# Spellings found in reporting, mapped to the Natural Earth province names used in the data.
PROVINCE_ALIASES = {
    "Hilmand": "Helmand", "Hirat": "Herat", "Sari Pul": "Sar-e Pol", "Sar-i-Pul": "Sar-e Pol",
    "Saripul": "Sar-e Pol", "Paktya": "Paktia", "Paktiya": "Paktia", "Nimroz": "Nimruz",
    "Jawzjan": "Jowzjan", "Jozjan": "Jowzjan", "Oruzgan": "Uruzgan", "Urozgan": "Uruzgan",
    "Daikundi": "Daykundi", "Daikondi": "Daykundi", "Panjsher": "Panjshir", "Maidan Wardak": "Wardak",
    "Wardag": "Wardak", "Nooristan": "Nuristan", "Nurestan": "Nuristan", "Konar": "Kunar",
    "Kunarha": "Kunar", "Kondoz": "Kunduz", "Qunduz": "Kunduz", "Ningarhar": "Nangarhar",
    "Bamian": "Bamyan", "Lowgar": "Logar", "Ghowr": "Ghor", "Khowst": "Khost", "Zabol": "Zabul",
    "KP": "Khyber Pakhtunkhwa", "KPK": "Khyber Pakhtunkhwa", "FATA": "Khyber Pakhtunkhwa",
    "Baluchistan": "Balochistan", "Sind": "Sindh",
}


def available(path: Path | None = None) -> bool:
    return Path(path or BOUNDARIES).exists()


@lru_cache(maxsize=8)
def _layer(name: str, path: str):
    import geopandas as gpd

    return gpd.read_file(path, layer=name, engine="pyogrio")


def boundaries(layer: str, path: Path | None = None):
    """One boundary layer as a GeoDataFrame (EPSG:4326): ``world``, ``region``,
    ``afg_provinces`` (34, column ``province``) or ``pak_provinces`` (7, current names)."""
    if layer not in LAYERS:
        raise KeyError(f"unknown layer {layer!r}; one of {', '.join(LAYERS)}")
    return _layer(layer, str(Path(path or BOUNDARIES))).copy()


def province_name(name: str) -> str:
    """The canonical province name for a reported spelling."""
    return PROVINCE_ALIASES.get(name, name)


def check_points(ev: pd.DataFrame, path: Path | None = None) -> list[Problem]:
    """Problems for events whose point lies outside their country, or outside their Afghan or
    Pakistani province (where ``adm1`` is given), beyond the tolerance of their precision code;
    and for Afghan or Pakistani ``adm1`` values that name no province."""
    import shapely

    from .validate import line

    world = boundaries("world", path).set_index("iso_a3")
    region = boundaries("region", path).set_index("iso_a3")
    provinces = {
        "AFG": boundaries("afg_provinces", path).set_index("province"),
        "PAK": boundaries("pak_provinces", path).set_index("province"),
    }
    out: list[Problem] = []
    for i, r in enumerate(ev.itertuples(index=False)):
        n = line(ev, i)
        if r.country in provinces and r.adm1 is not pd.NA and province_name(str(r.adm1)) not in provinces[r.country].index:
            out.append(Problem("events.csv", n, "adm1", f"{r.event_id}: {r.adm1!r} is not a province of {r.country}"))
            continue
        if r.latitude is pd.NA or r.longitude is pd.NA:
            continue
        pt = shapely.Point(float(r.longitude), float(r.latitude))
        tol = TOLERANCE_KM.get(int(r.where_prec), 100.0) / KM_PER_DEGREE
        if r.country not in world.index:
            out.append(Problem("events.csv", n, "country", f"{r.event_id}: {r.country} is not a country in the boundary file"))
            continue
        # the regional layer is more detailed but clipped to the region's box: use the nearer
        dist = world.loc[r.country, "geometry"].distance(pt)
        if r.country in region.index:
            dist = min(dist, region.loc[r.country, "geometry"].distance(pt))
        if dist > tol:
            out.append(Problem("events.csv", n, "latitude", f"{r.event_id}: point ({float(r.latitude):.4f}, {float(r.longitude):.4f}) lies {dist * KM_PER_DEGREE:.0f} km outside {r.country}"))
            continue
        if r.country in provinces and r.adm1 is not pd.NA:
            shape = provinces[r.country].loc[province_name(str(r.adm1)), "geometry"]
            d = shape.distance(pt)
            if d > tol:
                out.append(Problem("events.csv", n, "adm1", f"{r.event_id}: point lies {d * KM_PER_DEGREE:.0f} km outside the province {r.adm1}"))
    return out


def province_of(lon: float, lat: float, country: str, path: Path | None = None) -> str | None:
    """The province a point falls in (Afghanistan or Pakistan), or None."""
    import shapely

    layer = {"AFG": "afg_provinces", "PAK": "pak_provinces"}.get(country)
    if layer is None:
        return None
    prov = boundaries(layer, path)
    hit = prov[prov.contains(shapely.Point(lon, lat))]
    return str(hit.iloc[0]["province"]) if len(hit) else None
