"""No link in the data or the notebooks to an outlet that distributes ISKP propaganda."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

DENY_FILE = ROOT / "data" / "denylist.txt"
URL = re.compile(r"https?://[^\s\"'<>)\]]+")


def denied() -> list[str]:
    return [
        ln.strip().lower()
        for ln in DENY_FILE.read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]


def offending(text: str) -> list[str]:
    deny = denied()
    hits = []
    for url in URL.findall(text):
        host = re.sub(r"^https?://", "", url.lower()).split("/")[0]
        full = url.lower()
        if any(host == d or host.endswith("." + d) or (("/" in d) and d in full) for d in deny):
            hits.append(url)
    return hits


def scanned_files() -> list[Path]:
    files = sorted((ROOT / "data").glob("*.csv")) + sorted((ROOT / "notebooks").glob("*.ipynb"))
    return files + [ROOT / "index.md"] + sorted(ROOT.glob("*.md"))


def test_no_links_to_propaganda_outlets():
    bad = {
        str(p.relative_to(ROOT)): offending(p.read_text(encoding="utf-8")) for p in scanned_files()
    }
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, bad


def test_the_check_catches_a_denied_link():
    assert offending("see https://jihadology.net/2022/01/01/x and https://www.reuters.com/a")
    assert offending("https://t.me/some_channel") and not offending(
        "https://www.reuters.com/world"
    )
