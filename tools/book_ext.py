"""Sphinx extension of the book: before reading, write the downloadable data files from
data/ into _generated/downloads/ (git-ignored), so the downloads page's {download} links
point at files produced by this build, never at hand-made copies; and write the event
explorer's data (events, sources, simplified boundaries) into the built _static/explorer/.
The explorer's scripts and styles (Leaflet included) load on the explorer page only, and every
event card of the register is a search entry: searching for an event ID finds its card."""

from __future__ import annotations

import re
from pathlib import Path

LEAFLET = "vendor/leaflet-1.9.4"
"""Leaflet, vendored from the npm package (see PROVENANCE.json in that folder)."""
PAGE_ASSETS = {
    "explorer": {
        "css": [f"{LEAFLET}/leaflet.css", "explorer.css"],
        "js": [
            f"{LEAFLET}/leaflet.js",
            "explorer/events.js",
            "explorer/boundaries.js",
            "explorer.js",
        ],
    }
}
"""Styles and scripts (paths inside _static) that only these pages load. Jupyter Book adds
every .css and .js file of _static/ to every page; these are taken out again."""
EVENT_CARD = re.compile(r'<article class="iskp-event" id="([^"]+)"')


def _generate(app) -> None:
    from iskp.export import write_downloads

    write_downloads(Path(app.srcdir) / "_generated" / "downloads")
    if app.builder.format == "html":
        from iskp.web import EXPLORER_DIR, write_explorer

        write_explorer(Path(app.outdir) / "_static" / EXPLORER_DIR)


def _page_only_assets(app, config) -> None:
    """Take the page-only assets out of the lists Jupyter Book gives every page."""
    only = {f for assets in PAGE_ASSETS.values() for files in assets.values() for f in files}

    def keep(entry) -> bool:
        return (entry if isinstance(entry, str) else entry[0]) not in only

    config.html_css_files = [e for e in config.html_css_files if keep(e)]
    config.html_js_files = [e for e in config.html_js_files if keep(e)]


def _add_page_assets(app, pagename, templatename, context, doctree) -> None:
    assets = PAGE_ASSETS.get(pagename)
    if not assets:
        return
    for css in assets["css"]:
        app.add_css_file(css)
    for js in assets["js"]:
        app.add_js_file(js, defer="defer")


def _index_event_cards(app, doctree, docname) -> None:
    """Make every event card (an ``<article class="iskp-event" id="ISKP-...">`` in an HTML
    output) an entry of the search index pointing at the card: the search page then finds an
    event by its ID, which its full-text index cannot (it drops words made only of digits)."""
    from docutils import nodes
    from sphinx import addnodes

    for raw in list(doctree.findall(nodes.raw)):
        if "html" not in raw.get("format", "").split():
            continue
        ids = EVENT_CARD.findall(raw.astext())
        if ids:
            entries = [("single", eid, eid, "main", None) for eid in ids]
            raw.parent.insert(raw.parent.index(raw), addnodes.index(entries=entries))


def _footer(app, config) -> None:
    """Print the dataset's version and data cut-off, read from datapackage.json, in every page's
    footer (after the licence line of _config.yml)."""
    from iskp import schema
    from iskp.text import date

    opts = dict(config.html_theme_options or {})
    stamp = f"Dataset version {schema.version()}, data cut-off {date(schema.cutoff())}."
    opts["extra_footer"] = f"{opts.get('extra_footer', '')} {stamp}".strip()
    config.html_theme_options = opts


FIGURE = re.compile(r"<figure[^>]*>.*?</figure>", re.S)
IMG_ALT = re.compile(r'(<img\b[^>]*\balt=")([^"]*)(")')
CAPTION = re.compile(r'<span class="caption-text">(.*?)</span>', re.S)
TAG = re.compile(r"<[^>]+>")


def alt_from_caption(html: str) -> str:
    """Give every figure's image the figure's caption as its alt text (myst-nb writes the
    image's file path there)."""
    import html as htmllib

    def fix(m: re.Match) -> str:
        block = m.group(0)
        cap = CAPTION.search(block)
        if not cap:
            return block
        text = htmllib.escape(htmllib.unescape(TAG.sub("", cap.group(1))).strip(), quote=True)
        return IMG_ALT.sub(lambda a: a.group(1) + text + a.group(3), block, count=1)

    return FIGURE.sub(fix, html)


def _alt_text(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        fixed = alt_from_caption(text)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


HEAVY = (
    re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'),
)
"""Assets no page needs: the theme's icon script (1.5 MB of SVG for thousands of icons) draws
the icons that its stylesheet and web font already draw."""
SEARCH_ONLY = (re.compile(r'\s*<script src="[^"]*searchindex\.js"></script>'),)
"""The search index, needed only by the search page (the search box posts to that page)."""
DESIGN = (
    re.compile(
        r'\s*<link rel="stylesheet" type="text/css" href="[^"]*sphinx-design\.min\.css[^"]*" />'
    ),
    re.compile(r'\s*<script [^>]*src="[^"]*design-tabs\.js[^"]*"></script>'),
)
"""sphinx-design's assets, for pages that use none of its components."""


def lighten(html: str, page: str) -> str:
    """A page without the assets it does not need (:data:`HEAVY`, the search index outside the
    search page, sphinx-design where unused): the first visit weighs a third as much."""
    drop = list(HEAVY)
    if page != "search.html":
        drop += SEARCH_ONLY
    if 'class="sd-' not in html:
        drop += DESIGN
    for pattern in drop:
        html = pattern.sub("", html)
    return html


def _lighten(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        light = lighten(text, page.name)
        if light != text:
            page.write_text(light, encoding="utf-8")


def _always_read_cards(app, env, added, changed, removed) -> list[str]:
    """Read the pages with event cards on every build: their search entries are fed only when a
    page is read, so an incremental build would otherwise drop them from the search index."""
    return [doc for doc in env.found_docs if doc.endswith("93_register")]


def _dedupe_scripts(app, exception) -> None:
    """Jupyter Book 1 registers sphinx-thebe's and sphinx-togglebutton's inline scripts twice
    (their registration runs once per read phase), which makes the browser raise 'Identifier
    THEBE_JS_URL has already been declared' on every page. After the build, drop the second copy
    of any identical inline <script> line in the written pages."""
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        seen, out = set(), []
        for ln in lines:
            key = ln.strip()
            if key.startswith("<script>") and key.endswith("</script>"):
                if key in seen:
                    continue
                seen.add(key)
            out.append(ln)
        if len(out) != len(lines):
            page.write_text("".join(out), encoding="utf-8")


def setup(app):
    app.connect("config-inited", _page_only_assets)
    app.connect("config-inited", _footer)
    app.connect("builder-inited", _generate)
    app.connect("html-page-context", _add_page_assets)
    app.connect("doctree-resolved", _index_event_cards)
    app.connect("env-get-outdated", _always_read_cards)
    app.connect("build-finished", _dedupe_scripts)
    app.connect("build-finished", _alt_text)
    app.connect("build-finished", _lighten)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
