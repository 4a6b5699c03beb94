"""Sphinx extension of the book: before reading, write the downloadable data files from
data/ into _generated/downloads/ (git-ignored), so the downloads page's {download} links
point at files produced by this build, never at hand-made copies."""

from __future__ import annotations

from pathlib import Path


def _generate(app) -> None:
    from iskp.export import write_downloads

    write_downloads(Path(app.srcdir) / "_generated" / "downloads")


def setup(app):
    app.connect("builder-inited", _generate)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
