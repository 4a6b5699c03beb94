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
from urllib.parse import unquote, urlparse

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
