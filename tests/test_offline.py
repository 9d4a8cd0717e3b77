"""The offline copies open from file:// in Chromium: an issue zip unpacked into an empty folder, and the whole
site/ copied elsewhere (a USB stick). Every link inside the copy opens a file of the copy (never a directory
listing, never the disk's root), styles and the Mongolian font load, and links out of a zip go online."""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

import pytest

ONLINE = "https://gazette.example.gov.cn/"


def crawl(page, root: Path, start: str) -> dict[str, list[str]]:
    """Open `start` under `root` from file:// and follow every file:// link breadth-first. Returns page URL →
    the absolute (non-file) links it has. Fails on a link to a missing file or outside `root`, on a page
    without its stylesheet, and on any request outside `root`."""
    base = root.resolve().as_uri() + "/"
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    queue, seen, online = [base + start], set(), {}
    while queue:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', Path(unquote(url[len("file://"):])).read_text(encoding="utf-8"))
        if refresh:  # a 文号 permalink page: it forwards at once to its document, inside the copy
            target = urljoin(url, html.unescape(refresh.group(1)))
            page.goto(url, wait_until="commit")
            page.wait_for_url(target)
            url = target
        page.goto(url)
        page.wait_for_load_state("load")
        # site.css loaded: it sets the body's margin to 0 (the browser default is 8px).
        assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px", f"{url}: unstyled"
        links = page.evaluate("[...document.querySelectorAll('a[href], link[href]')].map(a => a.href)")
        online[url] = [l for l in links if not l.startswith(("file:", "data:"))]
        for link in links:
            target = urldefrag(link)[0].split("?")[0]
            if not target.startswith("file:"):
                continue
            assert target.startswith(base), f"{url}: {link} leaves the copy"
            assert not target.endswith("/"), f"{url}: {link} opens a directory listing, not a page"
            path = Path(unquote(target[len("file://"):]))
            assert path.is_file(), f"{url}: {link} is missing"
            if path.suffix == ".html":
                queue.append(target)
    stray = [r for r in requests if r.startswith("file:") and not r.startswith(base)]
    assert not stray, stray[:5]
    return online


@pytest.fixture
def unpacked_zip(mini_site, tmp_path) -> Path:
    empty = tmp_path / "empty"
    empty.mkdir()
    with zipfile.ZipFile(mini_site / "2023/01/gazette-2023-01.zip") as z:
        z.extractall(empty)
    return empty / "gazette-2023-01"


def test_unpacked_issue_zip_opens_from_file(browser, unpacked_zip):
    page = browser.new_page()
    try:
        online = crawl(page, unpacked_zip, "index.html")
        opened = {u[len(unpacked_zip.resolve().as_uri()) + 1:] for u in online}
        assert {"index.html", "2023/01/index.html", "2023/01/p001/index.html", "mn/2023/01/index.html",
                "mn/2023/01/p001/index.html"} <= opened
        outside = {l for links in online.values() for l in links}
        assert f"{ONLINE}category/" in outside and f"{ONLINE}search/" in outside and f"{ONLINE}mn/wenhao/" in outside
        assert all(l.startswith((ONLINE, "https://", "http://")) for l in outside)
        # The language switch stays inside the copy; the Mongolian page draws with the site's own font, from
        # the copy itself: Chromium refuses a font *file* to file:// pages ("blocked by CORS policy"), and
        # local() would hide that here, where Noto Sans Mongolian is installed.
        refused: list[str] = []
        page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: refused.append(r.url))
        page.goto((unpacked_zip / "2023/01/p001/index.html").as_uri())
        page.click("a.lang-switch")
        assert page.url.endswith("/mn/2023/01/p001/index.html")
        status = page.evaluate("document.fonts.ready.then(() => [...document.fonts].filter(f => f.family.includes('Gazette Mongolian')).map(f => f.status))")
        assert status == ["loaded"]
        assert not refused, refused[:3]
    finally:
        page.close()


def test_whole_site_opens_from_file(browser, mini_site, tmp_path):
    stick = tmp_path / "usb stick" / "gazette"
    shutil.copytree(mini_site, stick)
    page = browser.new_page()
    try:
        online = crawl(page, stick, "index.html")
        assert len(online) > 40  # every page of both interfaces is reachable by links
        # Search needs the online site: the page says so and links there, keeping the query.
        page.goto((stick / "search/index.html").as_uri() + "?q=%E5%9C%9F%E5%9C%B0")
        note = page.locator(".search-offline")
        assert note.is_visible()
        assert f'<a href="{ONLINE}search/">' in (stick / "search/index.html").read_text(encoding="utf-8")
        assert page.evaluate("document.querySelector('.search-offline a').href") == f"{ONLINE}search/?q=%E5%9C%9F%E5%9C%B0"
    finally:
        page.close()
