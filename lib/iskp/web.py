"""The book's interactive web pages, built from the validated dataset (never by hand): the
register as one card per event, each with a permanent anchor (its ``event_id``), and the data of
the event explorer (the events as compact JSON, their source links, and the boundaries as a
small simplified GeoJSON). :func:`write_explorer` runs at every build (``tools/book_ext.py``)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pandas as pd

from . import load
from .dataset import Dataset, split_list
from .export import version
from .views import claim_text, date_text, killed_range, place_text, source_links

REGISTER_PAGE = "notebooks/93_register.html"
"""The register page, relative to the book's root: an event's permalink is
``REGISTER_PAGE#<event_id>``."""
EXPLORER_DIR = "explorer"
"""Folder of the explorer's data inside the built ``_static``."""
EVENTS_JS = "events.js"
BOUNDARIES_JS = "boundaries.js"
SCRIPT_VARS = {EVENTS_JS: "ISKP_EVENTS", BOUNDARIES_JS: "ISKP_BOUNDARIES"}
"""The explorer's data files and the global each sets. They are compact JSON wrapped in one
assignment, so that the page reads them with ``<script>``: the book also works opened from
the file system, where a browser refuses to ``fetch()`` a JSON file."""
BOUNDARY_LAYERS = {
    "world": (0.25, 2),
    "region": (0.02, 2),
    "afg_provinces": (0.01, 3),
    "pak_provinces": (0.01, 3),
}
"""Boundary layers of the explorer's map, each with the tolerance it is simplified with
(degrees) and the decimals its coordinates keep (2 is about 1 km, 3 about 100 m). The world
layer leaves out the region's countries, the region layer Afghanistan and Pakistan (their
provinces draw them), so that no border is drawn twice."""
MIN_PART = 0.5
"""Parts of a country of the world layer smaller than this (square degrees) are left out,
except each country's largest part: the world layer is only the map's background."""
POINT_DIGITS = 4
"""Decimals of event coordinates in the explorer's data (about 10 m, finer than any
``where_prec``)."""


def permalink(event_id: str, page: str = REGISTER_PAGE) -> str:
    """The address of an event's card in the register: ``page#event_id``."""
    return f"{page}#{event_id}"


def _link(url: str, text: str) -> str:
    if url.startswith(("https://", "http://")):
        return f'<a href="{escape(url)}">{escape(text)}</a>'
    return escape(text)  # never a link with another scheme (javascript:, data:)


def _label(code: object) -> str:
    return str(code).replace("_", " ")


def event_card(r: object, links: Iterable[tuple[str, str]]) -> str:
    """One event as an HTML card: its ID (a link to itself, the card's ``id``), date, class,
    place, toll range, claim, attribution, summary, and its sources as links named by
    publisher. ``links`` are (publisher, url) pairs. Every text is escaped."""
    eid = escape(str(r.event_id))
    doubt = bool(r.scope_doubt) if not pd.isna(r.scope_doubt) else False
    badge = ' <span class="iskp-badge iskp-doubt">doubtful scope</span>' if doubt else ""
    srcs = "".join(f"<li>{_link(url, pub)}</li>" for pub, url in links)
    facts = (
        ("place", place_text(r)),
        ("killed", killed_range(r)),
        ("claimed", claim_text(r)),
        ("attribution", _label(r.attribution_status)),
    )
    dl = "".join(f"<dt>{k}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    return (
        f'<article class="iskp-event" id="{eid}">\n'
        f'<header><a class="iskp-event-id" href="#{eid}">{eid}</a> '
        f'<span class="iskp-event-date">{escape(date_text(r))}</span> '
        f'<span class="iskp-badge">{escape(_label(r.event_class))}</span>{badge}</header>\n'
        f"<dl>{dl}</dl>\n"
        f'<p class="iskp-event-summary">{escape(str(r.summary))}</p>\n'
        f'<ul class="iskp-event-sources" aria-label="sources">{srcs}</ul>\n'
        "</article>"
    )


@dataclass(frozen=True)
class Cards:
    """HTML of event cards that a notebook displays as HTML (its text form names the count)."""

    html: str
    n: int

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<{self.n} event cards>"


def register_cards(ds: Dataset) -> Cards:
    """Every active event as a card (:func:`event_card`), in date order, in one list that wraps
    into as many columns as the page is wide (one on a phone)."""
    ev = ds.events.sort_values(["date_start", "event_id"], kind="stable")
    links = source_links(ds)
    by_event = {
        k: list(zip(g["publisher"], g["url"])) for k, g in links.groupby("event_id", sort=False)
    }
    cards = [event_card(r, by_event.get(r.event_id, [])) for r in ev.itertuples(index=False)]
    html = f'<div class="iskp-cards" data-events="{len(cards)}">\n' + "\n".join(cards) + "\n</div>"
    return Cards(html, len(cards))


def explorer_data(ds: Dataset, countries: dict[str, str] | None = None) -> dict:
    """What the explorer page needs, and nothing more: every active event (ID, date, year,
    class, themes, country, place, toll range, claim, attribution, doubt, point when it has
    one, its sources as indices into ``sources``), the sources (publisher, URL), the labels
    and colours of the classes and themes, the country names (``countries``, ISO code to
    name) and the map's first view."""
    from .maps import REGION_EXTENT
    from .plot import CLASS_COLOURS, GREY, THEME_COLOURS, label

    ev = ds.events.sort_values(["date_start", "event_id"], kind="stable")
    links = source_links(ds)
    srcs = links.drop_duplicates("source_id").sort_values("source_id")
    index = {s: i for i, s in enumerate(srcs["source_id"])}
    by_event = links.groupby("event_id", sort=False)["source_id"].agg(list)
    events = []
    for r, themes in zip(ev.itertuples(index=False), split_list(ev["themes"])):
        has_point = not (pd.isna(r.latitude) or pd.isna(r.longitude))
        events.append(
            {
                "id": str(r.event_id),
                "date": date_text(r),
                "year": int(r.year),
                "class": str(r.event_class),
                "themes": themes,
                "country": str(r.country),
                "place": place_text(r),
                "killed": killed_range(r),
                "claimed": claim_text(r),
                "attribution": _label(r.attribution_status),
                "doubt": bool(r.scope_doubt) if not pd.isna(r.scope_doubt) else False,
                "lat": round(float(r.latitude), POINT_DIGITS) if has_point else None,
                "lon": round(float(r.longitude), POINT_DIGITS) if has_point else None,
                "sources": [index[s] for s in by_event.get(r.event_id, [])],
            }
        )
    used_classes = [c for c in ev["event_class"].cat.categories if c in set(ev["event_class"])]
    themes = sorted({t for e in events for t in e["themes"]})
    codes = sorted(set(ev["country"].astype(str)))
    names = countries or {}
    lon0, lat0, lon1, lat1 = REGION_EXTENT
    return {
        "version": version(ds.data_dir),
        "register": REGISTER_PAGE,
        "view": [[lat0, lon0], [lat1, lon1]],
        "classes": {
            c: {"label": label(c), "colour": CLASS_COLOURS.get(c, GREY)} for c in used_classes
        },
        "themes": {t: {"label": label(t), "colour": THEME_COLOURS.get(t, GREY)} for t in themes},
        "countries": {c: names.get(c, c) for c in codes},
        "sources": [[p, u] for p, u in zip(srcs["publisher"], srcs["url"])],
        "events": events,
    }


def _round(coords: object, digits: int) -> object:
    if isinstance(coords, (list, tuple)):
        if coords and isinstance(coords[0], float | int):
            return [round(float(c), digits) for c in coords]
        return [_round(c, digits) for c in coords]
    return coords


def _parts(geom: object, min_area: float) -> object:
    from shapely.geometry import MultiPolygon

    parts = sorted(getattr(geom, "geoms", [geom]), key=lambda p: p.area, reverse=True)
    keep = [p for i, p in enumerate(parts) if i == 0 or p.area >= min_area]
    return keep[0] if len(keep) == 1 else MultiPolygon(keep)


def boundaries_geojson(path: Path | None = None) -> dict:
    """The explorer's boundaries as one GeoJSON FeatureCollection (EPSG:4326) from
    ``data/boundaries.gpkg`` (or ``path``): the world's countries outside the region, the
    region's countries but Afghanistan and Pakistan, and the provinces of these two, simplified
    and rounded as :data:`BOUNDARY_LAYERS` says. Each feature has ``layer`` and ``name``."""
    from shapely.geometry import mapping

    from .geo import PROVINCE_LAYER, boundaries

    region = boundaries("region", path)
    skip = {"world": set(region["iso_a3"]), "region": set(PROVINCE_LAYER)}
    features = []
    for layer, (tolerance, digits) in BOUNDARY_LAYERS.items():
        gdf = boundaries(layer, path)
        if layer in skip:
            gdf = gdf[~gdf["iso_a3"].isin(skip[layer])]
        names = gdf["province" if "province" in gdf.columns else "name"].astype(str)
        geoms = gdf.geometry.simplify(tolerance, preserve_topology=True)
        for name, geom in zip(names, geoms):
            if geom is None or geom.is_empty:
                continue
            if layer == "world":
                geom = _parts(geom, MIN_PART)
            g = mapping(geom)
            features.append(
                {
                    "type": "Feature",
                    "properties": {"layer": layer, "name": name},
                    "geometry": {
                        "type": g["type"],
                        "coordinates": _round(g["coordinates"], digits),
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def country_names(path: Path | None = None) -> dict[str, str]:
    """ISO 3166 alpha-3 code to country name, from the boundary file's world layer."""
    from .geo import boundaries

    world = boundaries("world", path)
    return dict(zip(world["iso_a3"].astype(str), world["name"].astype(str)))


def script(name: str, value: object) -> str:
    """The text of the data file ``name`` (one of :data:`SCRIPT_VARS`): ``value`` as compact
    JSON assigned to the file's global."""
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return f"window.{SCRIPT_VARS[name]} = {payload};\n"


def read_script(text: str) -> object:
    """The value a data file written by :func:`script` holds (its JSON, parsed)."""
    head, _, payload = text.partition(" = ")
    if not head.startswith("window.") or not payload.rstrip().endswith(";"):
        raise ValueError("not a data file written by iskp.web.script")
    return json.loads(payload.rstrip().removesuffix(";"))


def write_explorer(out: Path, data_dir: Path | None = None) -> list[Path]:
    """Validate the dataset (refusing to publish invalid data), then write the explorer's
    data into ``out``: :data:`EVENTS_JS` (:func:`explorer_data`) and :data:`BOUNDARIES_JS`
    (:func:`boundaries_geojson`)."""
    from .geo import boundary_path

    ds = load.dataset(data_dir)
    gpkg = boundary_path(ds.data_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        EVENTS_JS: explorer_data(ds, country_names(gpkg)),
        BOUNDARIES_JS: boundaries_geojson(gpkg),
    }
    written = []
    for name, value in files.items():
        (out / name).write_text(script(name, value), encoding="utf-8")
        written.append(out / name)
    return written
