"""No link in the data, the notebooks or the pages to an outlet that distributes ISKP
propaganda, however the URL is dressed. The loader applies the same check to sources.csv."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import DATA, ROOT
from iskp.validate import denied_hosts, is_denied, url_host

URL = re.compile(r"https?://[^\s\"'<>)\]]+")


def offending(text: str) -> list[str]:
    deny = denied_hosts(DATA)
    return [url for url in URL.findall(text) if is_denied(url, deny)]


def scanned_files() -> list[Path]:
    files = sorted(DATA.glob("*.csv")) + sorted((ROOT / "notebooks").glob("*.ipynb"))
    return files + [ROOT / "index.md"] + sorted(ROOT.glob("*.md"))


def test_no_links_to_propaganda_outlets():
    bad = {
        str(p.relative_to(ROOT)): offending(p.read_text(encoding="utf-8")) for p in scanned_files()
    }
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, bad


def test_the_check_catches_a_denied_link():
    assert offending("see https://jihadology.net/2022/01/01/x and https://www.reuters.com/a")
    assert offending("https://t.me/some_channel")
    assert not offending("https://www.reuters.com/world")


def test_the_check_reads_the_parsed_host():
    deny = denied_hosts(DATA)
    for url in (
        "https://www.reuters.com@t.me/channel",  # user information before the real host
        "https://t.me:443/channel",  # a port
        "https://T.ME./channel",  # upper case and a trailing dot
        "https://news.jihadology.net/x",  # a subdomain
        "https://archive.org/details/some-release",  # a denied path prefix
    ):
        assert is_denied(url, deny), url
    allowed = (
        "https://www.reuters.com/t.me",
        "https://archive.org/web/",
        "https://notjihadology.net/",
    )
    for url in allowed:
        assert not is_denied(url, deny), url
    assert url_host("https://user:pw@Example.ORG.:8080/a") == "example.org"
