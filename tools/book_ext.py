"""Sphinx extension of the book: before reading, write the downloadable data files from
data/ into _generated/downloads/ (git-ignored), so the downloads page's {download} links
point at files produced by this build, never at hand-made copies."""

from __future__ import annotations

from pathlib import Path


def _generate(app) -> None:
    from iskp.export import write_downloads

    write_downloads(Path(app.srcdir) / "_generated" / "downloads")


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
    app.connect("builder-inited", _generate)
    app.connect("build-finished", _dedupe_scripts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
