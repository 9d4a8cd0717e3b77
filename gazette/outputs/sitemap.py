"""sitemap.xml (every page in both interfaces, with hreflang alternates) and robots.txt.

Pages come from the planned pages, so the sitemap lists exactly what is rendered; the 404 pages and the
文号 permalink redirects are left out (they are not canonical pages). `lastmod` is the date of the issue a
page belongs to, or the newest issue date for pages that change with every issue: never the build time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from ..content.config import Config
from ..content.model import Gazette
from ..core.output import Output
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


def sitemap_xml(config: Config, gazette: Gazette, pages: tuple) -> bytes:
    """`pages`: PlannedPage or LazyPage values (path and hreflang data)."""
    u = Urls(config.base_path)
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    dates = page_dates(gazette)
    newest = max((i.published_on for i in gazette.issues), default=None)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for page in sorted(pages, key=lambda p: p.path):
        if page.path.endswith(".html"):  # 404.html pages
            continue
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = u.absolute(config.site_url, page.path)
        lastmod = dates.get(page.path, newest)
        if lastmod is not None:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = lastmod.isoformat()
        alternates = sorted([(page.html_lang, u.absolute(config.site_url, page.path)),
                             (page.alternate_lang, config.site_url + page.alternate_url)])
        for lang, href in alternates:
            ET.SubElement(url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": lang, "href": href})
    ET.indent(urlset, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(urlset, encoding="unicode").encode("utf-8") + b"\n"


def robots_txt(config: Config) -> bytes:
    u = Urls(config.base_path)
    lines = ["User-agent: *", "Allow: /", "", f"Sitemap: {u.absolute(config.site_url, u.sitemap())}", ""]
    return "\n".join(lines).encode("utf-8")


def sitemap_outputs(config: Config, gazette: Gazette, pages: tuple) -> tuple[Output, ...]:
    u = Urls(config.base_path)
    return (Output(u.sitemap(), sitemap_xml(config, gazette, pages)), Output(u.robots(), robots_txt(config)))
