"""sitemap.xml (every page in both interfaces, with hreflang alternates) and robots.txt.

Pages come from the planned pages, so the sitemap lists exactly what is rendered; the 404 pages and the
文号 permalink redirects are left out (they are not canonical pages). `lastmod` is the date of the issue a
page belongs to, or the newest issue date for pages that change with every issue: never the build time.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from ..content.config import Config
from ..content.model import Gazette
from ..core.output import Output
from ..pages.listing import archive_key
from ..pages.urls import Urls

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def page_dates(gazette: Gazette) -> dict[str, date]:
    """Site-relative path → last change, for year, issue and document pages (both interfaces)."""
    dates: dict[str, date] = {}
    for lang in ("zh", "mn"):
        for issue in gazette.issues:
            year = Urls.year(lang, issue.year)
            dates[year] = max(dates.get(year, issue.published_on), issue.published_on)
            dates[Urls.issue(lang, issue)] = issue.published_on
            for doc in issue.documents:
                dates[Urls.document(lang, doc)] = issue.published_on
    return dates


def escape(text: str) -> str:
    """XML character data, escaped as ElementTree escapes it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    """An XML attribute value, escaped as ElementTree escapes it."""
    return escape(text).replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;").replace("\t", "&#09;")


def sitemap_xml(config: Config, gazette: Gazette, pages: tuple) -> bytes:
    """`pages`: PlannedPage or LazyPage values (path and hreflang data). Written as text (ElementTree's
    serialisation of 45,000 URLs took 0.8 s of every build at 10,000 documents), in ElementTree's layout:
    tests/test_sitemap.py parses it and compares it with ElementTree's."""
    u = Urls(config.base_path)
    dates = page_dates(gazette)
    newest = max((i.published_on for i in gazette.issues), default=None)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="{XHTML}">']
    for page in sorted(pages, key=lambda p: p.path):
        if page.path.endswith(".html"):  # 404.html pages
            continue
        lines += [" <url>", f"  <loc>{escape(u.absolute(config.site_url, page.path))}</loc>"]
        lastmod = dates.get(page.path, newest)
        if lastmod is not None:
            lines.append(f"  <lastmod>{lastmod.isoformat()}</lastmod>")
        alternates = sorted([(page.html_lang, u.absolute(config.site_url, page.path)),
                             (page.alternate_lang, config.site_url + page.alternate_url)])
        lines += [f'  <xhtml:link rel="alternate" hreflang="{_attr(lang)}" href="{_attr(href)}" />' for lang, href in alternates]
        lines.append(" </url>")
    if len(lines) == 2:  # no pages: an empty element, as ElementTree writes it
        lines[1] = lines[1][:-1] + " />"
    else:
        lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(config: Config) -> bytes:
    u = Urls(config.base_path)
    lines = ["User-agent: *", "Allow: /", "", f"Sitemap: {u.absolute(config.site_url, u.sitemap())}", ""]
    return "\n".join(lines).encode("utf-8")


def sitemap_paths(config: Config) -> tuple[str, ...]:
    """The paths sitemap_outputs writes."""
    u = Urls(config.base_path)
    return (u.sitemap(), u.robots())


def sitemap_outputs(config: Config, gazette: Gazette, pages: tuple, made=None) -> tuple[Output, ...]:
    """sitemap.xml and robots.txt. `made(key, make)` (the render cache's) may hand back the last build's
    sitemap: it follows from every issue's listing alone (gazette/pages/listing.py) and config."""
    u = Urls(config.base_path)
    make = partial(sitemap_xml, config, gazette, pages)
    data = made(("sitemap", archive_key(gazette)), make) if made else make()
    return (Output(u.sitemap(), data), Output(u.robots(), robots_txt(config)))
