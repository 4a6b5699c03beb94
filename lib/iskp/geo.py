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
    and for Afghan or Pakistani ``adm1`` values that name no province. Distances are computed
    for all points at once."""
    import numpy as np
    import shapely

    from .validate import line

    world = boundaries("world", path).set_index("iso_a3")
    region = boundaries("region", path).set_index("iso_a3")
    provinces = {
        "AFG": boundaries("afg_provinces", path).set_index("province"),
        "PAK": boundaries("pak_provinces", path).set_index("province"),
    }
    out: list[tuple[int, Problem]] = []
    country = ev["country"].astype(str).to_numpy()
    adm1 = [None if v is pd.NA or v is None else province_name(str(v)) for v in ev["adm1"]]
    bad_adm1 = np.array([c in provinces and a is not None and a not in provinces[c].index for c, a in zip(country, adm1)])
    for i in np.flatnonzero(bad_adm1):
        r = ev.iloc[i]
        out.append((i, Problem("events.csv", line(ev, int(i)), "adm1", f"{r['event_id']}: {r['adm1']!r} is not a province of {r['country']}")))
    has_pt = (ev["latitude"].notna() & ev["longitude"].notna()).to_numpy(dtype=bool) & ~bad_adm1
    unknown = has_pt & ~np.isin(country, world.index.to_numpy())
    for i in np.flatnonzero(unknown):
        out.append((i, Problem("events.csv", line(ev, int(i)), "country", f"{ev.iloc[i]['event_id']}: {country[i]} is not a country in the boundary file")))
    idx = np.flatnonzero(has_pt & ~unknown)
    pts = shapely.points(ev["longitude"].to_numpy(dtype=float)[idx], ev["latitude"].to_numpy(dtype=float)[idx])
    tol = np.array([TOLERANCE_KM.get(int(p), 100.0) for p in ev["where_prec"].to_numpy()[idx]]) / KM_PER_DEGREE
    dist = shapely.distance(pts, world.loc[country[idx], "geometry"].to_numpy())
    in_region = np.isin(country[idx], region.index.to_numpy())
    if in_region.any():
        # the regional layer is more detailed but clipped to the region's box: use the nearer
        d_region = shapely.distance(pts[in_region], region.loc[country[idx][in_region], "geometry"].to_numpy())
        dist[in_region] = np.minimum(dist[in_region], d_region)
    for k in np.flatnonzero(dist > tol):
        i = idx[k]
        r = ev.iloc[i]
        out.append((i, Problem("events.csv", line(ev, int(i)), "latitude",
                               f"{r['event_id']}: point ({float(r['latitude']):.4f}, {float(r['longitude']):.4f}) lies {dist[k] * KM_PER_DEGREE:.0f} km outside {r['country']}")))
    ok = dist <= tol
    for c, layer in provinces.items():
        sel = np.flatnonzero(ok & (country[idx] == c) & np.array([adm1[i] is not None for i in idx]))
        if not len(sel):
            continue
        shapes = layer.loc[[adm1[idx[k]] for k in sel], "geometry"].to_numpy()
        d = shapely.distance(pts[sel], shapes)
        for k, dk in zip(sel[d > tol[sel]], d[d > tol[sel]]):
            i = idx[k]
            out.append((i, Problem("events.csv", line(ev, int(i)), "adm1",
                                   f"{ev.iloc[i]['event_id']}: point lies {dk * KM_PER_DEGREE:.0f} km outside the province {ev.iloc[i]['adm1']}")))
    return [p for _, p in sorted(out, key=lambda x: x[0])]


def province_of(lon: float, lat: float, country: str, path: Path | None = None) -> str | None:
    """The province a point falls in (Afghanistan or Pakistan), or None."""
    import shapely

    layer = {"AFG": "afg_provinces", "PAK": "pak_provinces"}.get(country)
    if layer is None:
        return None
    prov = boundaries(layer, path)
    hit = prov[prov.contains(shapely.Point(lon, lat))]
    return str(hit.iloc[0]["province"]) if len(hit) else None
