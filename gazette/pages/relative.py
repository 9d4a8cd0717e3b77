"""Document-relative links, so the site and an issue's offline copy work from any folder and from file://.

Views and templates write every link as a base-path URL (`/gazette/2023/01/p031/`: one form, easy to check
and to read). The renderer turns each into a path relative to the page (`../p031/index.html`), ending in
`index.html` where the URL names a folder, because a browser opening `file://…/p031/` shows a directory
listing, not the page. So `site/` copied to a USB stick and an unpacked issue zip open by double-clicking
`index.html`, and the same bytes serve under any prefix. Canonical, hreflang, feed, sitemap and JSON URLs
are absolute (`site_url`) and stay so. The 404 pages keep base-path links: a server answers any missing
address with them, so relative links would resolve against that address.

The issue zip's pages go one step further (`bundle_links`): a link to a page the zip does not hold goes to
the site's absolute address, so it opens the online page instead of a missing file.
"""

from __future__ import annotations

import functools
import posixpath
import re
from typing import Callable


@functools.lru_cache(maxsize=8)
def _pattern(base_path: str) -> re.Pattern[bytes]:
    """` href="`, ` src="`, ` action="` (and a meta refresh's `url=`) followed by a base-path URL: its path
    (group 2) up to any query or fragment. The attribute forms are the only ones the templates write, and
    autoescaping writes a literal `"` in text as `&#34;`, so page text never matches."""
    return re.compile(rb'( (?:href|src|action)="|; url=)' + re.escape(base_path.encode()) + rb'(?!/)([^"#?\s]*)')


def keeps_base_path_links(path: str) -> bool:
    """The 404 pages are served at whatever address was missing: their links stay base-path URLs."""
    return path == "404.html" or path.endswith("/404.html")


def relative_links(data: bytes, path: str, base_path: str) -> bytes:
    """An HTML page's base-path links made relative to its output path `path` (site-relative, e.g.
    `2023/01/p031/index.html`)."""
    if keeps_base_path_links(path):
        return data
    here = path.split("/")[:-1]  # the page's folder
    made: dict[bytes, bytes] = {}

    def relative(m: re.Match) -> bytes:
        target = m.group(2)
        if target not in made:
            made[target] = relative_path(here, target.decode("utf-8")).encode("utf-8")
        return m.group(1) + made[target]

    return _pattern(base_path).sub(relative, data)


def relative_path(here: list[str], target: str) -> str:
    """The relative URL from folder `here` (path segments) to site-relative `target`; a folder target
    gets `index.html`."""
    if target == "" or target.endswith("/"):
        target += "index.html"
    parts = target.split("/")
    common = 0
    for a, b in zip(here, parts[:-1]):
        if a != b:
            break
        common += 1
    return "../" * (len(here) - common) + "/".join(parts[common:])


_LINK = re.compile(rb' (href|src|action)="([^"#?:]*)([^"]*)"')


def bundle_links(data: bytes, path: str, inside: Callable[[str], bool], online: str) -> bytes:
    """A page of an issue's offline copy: relative links to files the copy does not hold go to the site's
    absolute address (`online` = site_url + base_path) instead, as clean URLs (no `index.html`)."""
    folder = posixpath.dirname(path)

    def absolute(m: re.Match) -> bytes:
        url = m.group(2).decode("utf-8")
        if not url or m.group(3).startswith(b":"):  # a fragment of this page, or an absolute URL (scheme:)
            return m.group(0)
        target = posixpath.normpath(posixpath.join(folder, url))
        if target.startswith("../") or inside(target):
            return m.group(0)
        clean = target[: -len("index.html")] if target == "index.html" or target.endswith("/index.html") else target
        return b" " + m.group(1) + b'="' + (online + clean).encode("utf-8") + m.group(3) + b'"'

    return _LINK.sub(absolute, data)
