"""The register's cards and the explorer's data (iskp.web, with the small formatters of
iskp.views they use): made from the validated dataset, complete at any size, escaped, and small
enough for a phone."""

from __future__ import annotations

import dataclasses
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pandas as pd
import pytest

from iskp import load, views, web


@pytest.fixture(scope="module")
def ds():
    return load.dataset()


def row(**kw) -> SimpleNamespace:
    base = {
        "event_id": "ISKP-2030-001",
        "event_class": "attack",
        "date_start": pd.Timestamp("2030-04-21"),
        "date_end": pd.Timestamp("2030-04-21"),
        "date_prec": 1,
        "location": "Kart-e Sakhi",
        "adm1": "Kabul",
        "country": "AFG",
        "killed_low": 3,
        "killed_best": 4,
        "killed_high": 6,
        "iskp_claimed": "yes",
        "claimed_as": "khorasan",
        "attribution_status": "claimed_and_attributed",
        "scope_doubt": False,
        "summary": "A bombing.",
    }
    return SimpleNamespace(**{**base, **kw})


class Cards(HTMLParser):
    """The cards of a register: id of each article, and the links inside each."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.links: dict[str, list[tuple[str, str]]] = {}
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self.ids.append(a["id"])
            self.links[a["id"]] = []
        elif tag == "a" and not a["href"].startswith("#"):
            self._href = a["href"]

    def handle_data(self, data):
        if self._href is not None:
            self.links[self.ids[-1]].append((data, self._href))
            self._href = None


def parse(html: str) -> Cards:
    p = Cards()
    p.feed(html)
    return p


def test_formatters_of_a_row():
    assert views.claim_text(row()) == "yes, as khorasan"
    assert views.claim_text(row(iskp_claimed="no", claimed_as=pd.NA)) == "no"
    assert views.claim_text(row(iskp_claimed=pd.NA)) == "unknown"
    assert views.date_text(row()) == "2030-04-21"
    assert views.date_text(row(date_end=pd.Timestamp("2030-04-23"), date_prec=2)) == (
        "2030-04-21 to 2030-04-23"
    )
    assert views.date_text(row(date_prec=4)) == "2030-04"
    assert views.date_text(row(date_prec=5)) == "2030"
    assert views.place_text(row()) == "Kart-e Sakhi, Kabul, AFG"
    assert views.place_text(row(location=pd.NA, adm1="Kabul")) == "Kabul, AFG"
    assert views.place_text(row(location="Kabul", adm1="Kabul")) == "Kabul, AFG"


def test_source_links_are_those_of_active_events_once_each(ds):
    links = views.source_links(ds)
    assert list(links.columns) == ["event_id", "source_id", "publisher", "url"]
    assert set(links["event_id"]) <= set(ds.events["event_id"])
    assert not links.duplicated(["event_id", "source_id"]).any()
    expected = ds.links[ds.links["event_id"].isin(ds.events["event_id"])]
    assert len(links) == len(expected.drop_duplicates(["event_id", "source_id"]))


def test_event_card_escapes_and_links_only_web_addresses():
    r = row(summary='<script>alert("x")</script> & more', location="<b>Kabul</b>")
    links = [("Pub <i>", "https://example.org/a?x=1&y=2"), ("Evil", "javascript:alert(1)")]
    html = web.event_card(r, links)
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert 'id="ISKP-2030-001"' in html and 'href="#ISKP-2030-001"' in html
    assert 'href="https://example.org/a?x=1&amp;y=2"' in html
    assert 'href="javascript' not in html and "<li>Evil</li>" in html  # named, never linked
    p = parse(html)
    assert p.links["ISKP-2030-001"] == [("Pub <i>", "https://example.org/a?x=1&y=2")]
    for fact in ("3–6", "yes, as khorasan", "claimed and attributed"):
        assert fact in html
    assert "doubtful scope" not in html
    assert "doubtful scope" in web.event_card(row(scope_doubt=True), [])


def test_register_cards_one_per_event_in_date_order_with_every_source(ds):
    cards = web.register_cards(ds)
    assert isinstance(cards, web.Cards) and repr(cards) == f"<{len(ds.events)} event cards>"
    assert cards._repr_html_() == cards.html
    p = parse(cards.html)
    ordered = ds.events.sort_values(["date_start", "event_id"], kind="stable")["event_id"]
    assert p.ids == list(ordered)
    links = views.source_links(ds)
    for eid, group in links.groupby("event_id"):
        assert sorted(u for _, u in p.links[eid]) == sorted(group["url"]), eid


def test_register_cards_have_no_limit(ds):
    """At three times the size of today's dataset, every event still has its card."""
    ev = ds.events
    copies = [ev.assign(event_id=ev["event_id"].str.replace("ISKP-", f"T{i}-")) for i in (1, 2)]
    big = dataclasses.replace(ds, events=pd.concat([ev, *copies], ignore_index=True))
    cards = web.register_cards(big)
    assert cards.n == 3 * len(ev)
    assert len(set(re.findall(r'<article class="iskp-event" id="([^"]+)"', cards.html))) == cards.n


def test_permalink():
    assert web.permalink("ISKP-2022-032") == "notebooks/93_register.html#ISKP-2022-032"


def test_explorer_data_holds_every_active_event_and_its_sources(ds):
    data = web.explorer_data(ds, {"AFG": "Afghanistan"})
    events = data["events"]
    assert [e["id"] for e in events] == list(
        ds.events.sort_values(["date_start", "event_id"], kind="stable")["event_id"]
    )
    assert data["countries"]["AFG"] == "Afghanistan"
    assert set(data["countries"]) == set(ds.events["country"].astype(str))
    assert set(data["classes"]) == set(ds.events["event_class"].astype(str))
    links = views.source_links(ds)
    urls = links.groupby("event_id")["url"].agg(sorted)
    by_id = ds.events.set_index("event_id")
    for e in events:
        assert sorted(data["sources"][i][1] for i in e["sources"]) == urls.get(e["id"], [])
        r = by_id.loc[e["id"]]
        assert e["doubt"] == bool(r["scope_doubt"]) and e["year"] == r["date_start"].year
        assert (e["lat"] is None) == pd.isna(r["latitude"])
    assert set(events[0]) == {
        "id", "date", "year", "class", "themes", "country", "place", "killed", "claimed",
        "attribution", "doubt", "lat", "lon", "sources",
    }  # fmt: skip


def test_boundaries_are_small_and_draw_no_border_twice():
    gj = web.boundaries_geojson()
    layers = {f["properties"]["layer"] for f in gj["features"]}
    assert layers == set(web.BOUNDARY_LAYERS)
    region = [
        f["properties"]["name"] for f in gj["features"] if f["properties"]["layer"] == "region"
    ]
    assert "Afghanistan" not in region and "Pakistan" not in region
    names = web.country_names()
    assert names["AFG"] == "Afghanistan" and names["PAK"] == "Pakistan"
    assert len(web.script(web.BOUNDARIES_JS, gj).encode()) < 400_000


def test_script_round_trip_and_refuses_other_text():
    value = {"a": [1, "ü"], "b": None}
    text = web.script(web.EVENTS_JS, value)
    assert text.startswith("window.ISKP_EVENTS = ") and text.endswith(";\n")
    assert web.read_script(text) == value
    with pytest.raises(ValueError):
        web.read_script("alert(1)")


def test_write_explorer_writes_the_data_files(tmp_path, ds):
    written = web.write_explorer(tmp_path)
    assert sorted(p.name for p in written) == sorted(web.SCRIPT_VARS)
    events = web.read_script((tmp_path / web.EVENTS_JS).read_text(encoding="utf-8"))
    assert len(events["events"]) == len(ds.events)
    total = sum(p.stat().st_size for p in written)
    assert total < 1_200_000, f"explorer data {total} bytes"
