"""The built book in a real browser (headless Chromium driven by Playwright): every page renders
with no console error, every image loads, every internal link and anchor resolves, no request
leaves the machine, and the search page finds a term. A screenshot of every page is saved in
_build/screenshots/. Needs `make book` first (make test does it) and Debian's chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from conftest import ROOT

HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def pages() -> list[str]:
    if not HTML.exists():
        return []
    skip = {"genindex.html", "py-modindex.html"}
    return sorted(
        str(p.relative_to(HTML))
        for p in HTML.rglob("*.html")
        if not p.relative_to(HTML).parts[0].startswith("_") and p.name not in skip
    )


@pytest.fixture(scope="module")
def server():
    if not HTML.exists():
        if os.environ.get("CI"):
            pytest.fail("_build/html is missing: make test builds the book first")
        pytest.skip("the book is not built: run `make book`")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(HTML))
    handler.log_message = lambda *a, **k: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it (apt-get install chromium)")
        pytest.skip("Chromium not installed: apt-get install chromium (the browser tests need it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])


@functools.cache
def parsed(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.mark.parametrize("page", pages())
def test_page_renders_offline_without_errors(browser, server, page):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    errors, outside, failed = [], [], []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("requestfailed", lambda r: failed.append(r.url))

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            return r.continue_()
        outside.append(r.request.url)
        return r.abort()

    pg.route("**/*", route)
    try:
        resp = pg.goto(server + page, wait_until="load")
        assert resp is not None and resp.ok, f"{page}: HTTP {resp.status if resp else 'none'}"
        assert pg.locator("main, article, .bd-article").first.is_visible()
        broken = pg.evaluate(
            "() => Array.from(document.images)"
            ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(SHOTS / (page.replace("/", "__") + ".png")), full_page=False)
        assert not outside, f"{page} requested outside the machine: {outside}"
        assert not errors, f"{page} console errors: {errors}"
        assert not failed, f"{page} failed requests: {failed}"
        assert not broken, f"{page} images that did not load: {broken}"
    finally:
        ctx.close()


@pytest.mark.parametrize("page", pages())
def test_internal_links_and_anchors_resolve(page):
    src = HTML / page
    bad = []
    for href in parsed(src).hrefs:
        u = urlparse(href)
        if u.scheme in ("http", "https", "mailto", "javascript") or href.startswith("//"):
            continue
        target = (src.parent / unquote(u.path)).resolve() if u.path else src
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            bad.append(f"{href} (no file)")
            continue
        if u.fragment and target.suffix == ".html" and u.fragment not in parsed(target).ids:
            bad.append(f"{href} (no anchor)")
    assert not bad, f"{page}: {bad[:10]}"


def test_search_finds_a_term(browser, server):
    ctx = browser.new_context()
    pg = ctx.new_page()
    try:
        pg.goto(server + "search.html?q=Kunduz", wait_until="load")
        pg.wait_for_selector("#search-results li, ul.search li", timeout=15000)
        hits = pg.locator("#search-results li, ul.search li").count()
        assert hits >= 1
    finally:
        ctx.close()


def test_every_page_was_checked():
    assert len(pages()) >= 12 or not HTML.exists()


# ---- the event explorer and the register's permalinks ---------------------------------------

EXPLORER = "explorer.html"
REGISTER = "notebooks/93_register.html"
PHONE = {"width": 390, "height": 844}
OWN_ASSETS = ("/explorer.html", "/_static/explorer", "/_static/vendor/leaflet-", "/_static/iskp.")
"""What the explorer page itself weighs: its HTML, its scripts, styles and data; the theme's
files (shared by every page and cached) are counted apart."""
MAX_EXPLORER_BYTES = 2_000_000


@functools.cache
def dataset():
    from iskp import load

    return load.dataset()


def expected_count(first: int, last: int, cls="", theme="", country="", doubt=False) -> int:
    """How many active events the explorer should list for these filters, from the dataset."""
    from iskp.dataset import split_list

    ev = dataset().events
    keep = ev["year"].between(first, last)
    if cls:
        keep &= ev["event_class"] == cls
    if theme:
        keep &= split_list(ev["themes"]).map(lambda ts: theme in ts)
    if country:
        keep &= ev["country"] == country
    if not doubt:
        keep &= ~ev["scope_doubt"].fillna(False).astype(bool)
    return int(keep.sum())


def guarded(browser, viewport=None):
    """A page that aborts and records any request leaving the machine, and records console
    errors, page errors and failed requests. The browser's own favicon request (the book has
    none) is not an error of the page."""
    ctx = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    pg = ctx.new_page()
    seen = {"errors": [], "outside": [], "failed": [], "bytes": {}}

    def console(m):
        if m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico"):
            seen["errors"].append(m.text)

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            return r.continue_()
        seen["outside"].append(r.request.url)
        return r.abort()

    def response(resp):
        if resp.ok:
            seen["bytes"][urlparse(resp.url).path] = len(resp.body())

    pg.on("console", console)
    pg.on("pageerror", lambda e: seen["errors"].append(str(e)))
    pg.on("requestfailed", lambda r: seen["failed"].append(r.url))
    pg.on("response", response)
    pg.route("**/*", route)
    return ctx, pg, seen


def open_explorer(browser, server, viewport=None):
    ctx, pg, seen = guarded(browser, viewport)
    pg.goto(server + EXPLORER, wait_until="load")
    pg.wait_for_selector("#iskp-explorer.iskp-x-ready", timeout=15000)
    return ctx, pg, seen


def shown(pg) -> int:
    return int(pg.get_attribute("#iskp-explorer", "data-shown"))


def test_explorer_loads_offline_within_its_weight(browser, server):
    ctx, pg, seen = open_explorer(browser, server)
    try:
        pg.wait_for_load_state("networkidle")
        assert not seen["outside"], f"requests outside the machine: {seen['outside']}"
        assert not seen["errors"], f"console errors: {seen['errors']}"
        assert not seen["failed"], f"failed requests: {seen['failed']}"
        ev = dataset().events
        assert (
            pg.locator(".iskp-x-list > li").count()
            == shown(pg)
            == expected_count(int(ev["year"].min()), int(ev["year"].max()))
        )
        assert pg.locator("#iskp-x-map path.iskp-x-point").count() >= 1
        assert pg.locator("#iskp-x-map .leaflet-tile").count() == 0  # no tiles
        own = {p: n for p, n in seen["bytes"].items() if p.startswith(OWN_ASSETS)}
        weight, theme = sum(own.values()), sum(seen["bytes"].values()) - sum(own.values())
        print(f"\nexplorer page: {weight / 1e6:.3f} MB (theme files apart: {theme / 1e6:.3f} MB)")
        for path, n in sorted(own.items(), key=lambda kv: -kv[1]):
            print(f"  {n / 1e3:8.1f} kB  {path}")
        assert {"/explorer.html", "/_static/explorer.js"} <= set(own)
        assert weight <= MAX_EXPLORER_BYTES, f"explorer page weighs {weight} bytes"
    finally:
        ctx.close()


MAX_FIRST_VISIT_BYTES = 1_000_000


def test_home_page_first_visit_weighs_under_a_megabyte(browser, server):
    """Everything a first visit of the home page downloads (HTML, CSS, JavaScript, fonts,
    images), with an empty cache, after the page and its deferred requests have settled."""
    ctx, pg, seen = guarded(browser)
    try:
        pg.goto(server, wait_until="load")
        pg.wait_for_load_state("networkidle")
        weight = sum(seen["bytes"].values())
        print(f"\nfirst visit of the home page: {weight / 1e6:.3f} MB")
        for path, n in sorted(seen["bytes"].items(), key=lambda kv: -kv[1])[:8]:
            print(f"  {n / 1e3:8.1f} kB  {path}")
        assert "/" in seen["bytes"] or "/index.html" in seen["bytes"]
        assert weight <= MAX_FIRST_VISIT_BYTES, (
            f"the home page's first visit weighs {weight} bytes"
        )
    finally:
        ctx.close()


FILTERS = [
    {"first": 2022, "last": 2023, "cls": "attack"},
    {"first": 2015, "last": 2026, "theme": "sectarian"},
    {"first": 2015, "last": 2026, "country": "PAK", "doubt": True},
    {"first": 2021, "last": 2021, "cls": "attack", "theme": "taliban", "doubt": True},
]


@pytest.mark.parametrize("f", FILTERS, ids=lambda f: "-".join(str(v) for v in f.values()))
def test_explorer_filters_show_the_expected_events(browser, server, f):
    ctx, pg, seen = open_explorer(browser, server)
    try:
        before = shown(pg)
        pg.select_option("select[name=from]", str(f["first"]))
        pg.select_option("select[name=to]", str(f["last"]))
        pg.select_option("select[name=class]", f.get("cls", ""))
        pg.select_option("select[name=theme]", f.get("theme", ""))
        pg.select_option("select[name=country]", f.get("country", ""))
        pg.set_checked("input[name=doubt]", f.get("doubt", False))
        want = expected_count(**f)
        assert want != before, "choose filters that change the count"
        assert shown(pg) == pg.locator(".iskp-x-list > li").count() == want
        assert str(want) in pg.inner_text(".iskp-x-status")
        pg.click(".iskp-x-reset")
        assert shown(pg) == before
        assert not seen["errors"], seen["errors"]
    finally:
        ctx.close()


def event_with_point_and_sources():
    """An event the tests click: the latest with a point on the map and two or more sources."""
    from iskp import views

    ds = dataset()
    links = views.source_links(ds)
    n = links.groupby("event_id").size()
    ev = ds.events[ds.events["latitude"].notna() & ~ds.events["scope_doubt"].fillna(False)]
    ev = ev[ev["event_id"].map(n).fillna(0) >= 2].sort_values(["date_start", "event_id"])
    r = next(ev.tail(1).itertuples(index=False))
    return r, links[links["event_id"] == r.event_id]


def check_details(box, r, links):
    from iskp import views, web

    text = box.inner_text()
    for part in (
        views.date_text(r),
        views.place_text(r),
        views.killed_range(r),
        views.claim_text(r),
        str(r.attribution_status).replace("_", " "),
    ):
        assert part in text, f"{part!r} not in the details of {r.event_id}"
    hrefs = box.locator(".iskp-x-sources a").evaluate_all("as => as.map(a => a.href)")
    names = box.locator(".iskp-x-sources a").all_inner_texts()
    assert sorted(hrefs) == sorted(links["url"]) and sorted(names) == sorted(links["publisher"])
    permalink = box.locator("a.iskp-x-permalink").get_attribute("href")
    assert permalink == web.permalink(r.event_id)


def test_explorer_click_on_a_row_shows_details_and_sources(browser, server):
    r, links = event_with_point_and_sources()
    ctx, pg, seen = open_explorer(browser, server)
    try:
        pg.click(f'.iskp-x-row[data-id="{r.event_id}"]')
        box = pg.locator(f'.iskp-x-list li[data-id="{r.event_id}"] .iskp-x-detail')
        assert box.is_visible()
        check_details(box, r, links)
        assert not seen["errors"], seen["errors"]
    finally:
        ctx.close()


def test_explorer_click_on_a_point_shows_details_and_sources(browser, server):
    r, links = event_with_point_and_sources()
    ctx, pg, seen = open_explorer(browser, server)
    try:
        # the point may lie under others at the same place: the click goes to it all the same
        pg.dispatch_event(f'#iskp-x-map path[data-id="{r.event_id}"]', "click")
        box = pg.locator(f'.leaflet-popup .iskp-x-detail[data-id="{r.event_id}"]')
        box.wait_for(timeout=5000)
        check_details(box, r, links)
        assert pg.locator(f'.iskp-x-list li[data-id="{r.event_id}"] .iskp-x-detail').count() == 1
        assert not seen["errors"], seen["errors"]
    finally:
        ctx.close()


def test_permalink_scrolls_to_and_marks_the_event(browser, server):
    ev = dataset().events.sort_values(["date_start", "event_id"])
    eid = ev["event_id"].iloc[len(ev) // 2]  # any card far down the page
    ctx, pg, seen = guarded(browser)
    try:
        pg.goto(f"{server}{REGISTER}#{eid}", wait_until="load")
        pg.wait_for_timeout(300)
        card = pg.locator(f"article.iskp-event#{eid}")
        top = card.evaluate("e => e.getBoundingClientRect().top")
        header = pg.evaluate(  # the theme's sticky bar over the article
            "() => { const h = document.querySelector('.bd-header-article');"
            " return h ? h.getBoundingClientRect().bottom : 0; }"
        )
        assert pg.evaluate("window.scrollY") > 1000, "the page did not scroll to the card"
        assert header <= top < pg.evaluate("window.innerHeight") / 2, f"card top at {top}px"
        assert card.evaluate("e => e.matches(':target')")
        assert card.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
        assert eid in card.inner_text()
        assert not seen["errors"], seen["errors"]
    finally:
        ctx.close()


def test_search_finds_an_event_by_its_id(browser, server):
    eid = dataset().events.sort_values("event_id")["event_id"].iloc[-1]
    ctx = browser.new_context()
    pg = ctx.new_page()
    try:
        pg.goto(f"{server}search.html?q={eid}", wait_until="load")
        pg.wait_for_selector("#search-results li, ul.search li", timeout=15000)
        pg.wait_for_function(
            "!document.querySelector('#search-results .search-summary')"
            " || document.querySelector('#search-results .search-summary').textContent"
        )
        links = pg.locator("#search-results li a, ul.search li a")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert any(h.endswith(f"93_register.html#{eid}") for h in hrefs), hrefs[:5]
    finally:
        ctx.close()


@pytest.mark.parametrize("page", [EXPLORER, REGISTER])
def test_no_sideways_scroll_on_a_phone(browser, server, page):
    ctx, pg, seen = guarded(browser, PHONE)
    try:
        pg.goto(server + page, wait_until="load")
        if page == EXPLORER:
            pg.wait_for_selector("#iskp-explorer.iskp-x-ready", timeout=15000)
            r, _ = event_with_point_and_sources()
            pg.click(f'.iskp-x-row[data-id="{r.event_id}"]')  # long details open, too
        width = pg.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page} is {width}px wide on a 390px phone"
        # nor a box of these pages that reaches past the screen or whose content overflows it
        wide = pg.evaluate(
            """w => [...document.querySelectorAll('.iskp-explorer, .iskp-explorer *,'
                + ' .cell_output, .iskp-cards, .iskp-event, .iskp-event *')]
              .filter(e => e.getBoundingClientRect().right > w + 0.5
                || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display != 'inline'
                    && !e.closest('.leaflet-container')))  // a map's panes pan inside it
              .filter(e => !e.closest('.leaflet-pane, .leaflet-control-container'))
              .slice(0, 5).map(e => e.className || e.tagName)""",
            PHONE["width"],
        )
        assert not wide, f"{page}: boxes wider than a 390px phone: {wide}"
        if page == EXPLORER:  # map and list stack
            m = pg.locator("#iskp-x-map").bounding_box()
            lst = pg.locator(".iskp-x-listbox").bounding_box()
            assert lst["y"] >= m["y"] + m["height"] and m["width"] > 300
        else:
            boxes = pg.locator("article.iskp-event").evaluate_all(
                "es => es.slice(0, 3).map(e => e.getBoundingClientRect().left)"
            )
            assert len(set(boxes)) == 1  # one column of cards
        assert not seen["errors"], seen["errors"]
    finally:
        ctx.close()


def test_built_explorer_data_is_the_datasets_and_every_permalink_resolves():
    """The explorer's data in the built book are those of the dataset today (made by the
    build, not by hand), and each event's permalink lands on its card in the register."""
    from iskp import web

    if not HTML.exists():
        pytest.skip("the book is not built: run `make book`")
    folder = HTML / "_static" / web.EXPLORER_DIR
    data = web.read_script((folder / web.EVENTS_JS).read_text(encoding="utf-8"))
    assert data == web.explorer_data(dataset(), web.country_names()), (
        "the built explorer data differ from the dataset: rebuild the book"
    )
    cards = parsed(HTML / REGISTER).ids
    missing = [e["id"] for e in data["events"] if e["id"] not in cards]
    assert not missing, f"events without a card in the register: {missing[:5]}"
    assert data["register"] == REGISTER
    bounds = web.read_script((folder / web.BOUNDARIES_JS).read_text(encoding="utf-8"))
    assert bounds["type"] == "FeatureCollection" and len(bounds["features"]) > 50


def test_a_figure_opens_at_full_size_from_a_phone(browser, server):
    """Figures are unreadable at phone width: each is a link to its image file."""
    ctx, pg, seen = guarded(browser, viewport={"width": 390, "height": 844})
    try:
        pg.goto(server + "notebooks/04_taliban.html", wait_until="load")
        links = pg.locator("figure a.iskp-figure-link > img")
        assert links.count() >= 1, "no figure is wrapped in a link"
        href = pg.locator("figure a.iskp-figure-link").first.get_attribute("href")
        assert href and href.endswith(".png")
        resp = pg.request.get(urljoin(server + "notebooks/04_taliban.html", href))
        assert resp.ok, f"{href} does not resolve"
        assert not seen["errors"], seen["errors"]
    finally:
        ctx.close()
