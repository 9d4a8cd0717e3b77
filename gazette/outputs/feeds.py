"""Atom feeds (RFC 4287) of new documents: the whole archive and one per category, in both interfaces.

Deterministic: a feed's `updated` is the newest issue date among its entries (never the build time); an
entry's `published`/`updated` is the date of the issue that printed it. Newest issue first, then 目录 order.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from ..content.config import HTML_LANG, Config, Term
from ..content.model import Document, Gazette, Issue
from ..core.output import Output
from ..pages.urls import Urls

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_LIMIT = 100  # entries per feed: the newest documents (the catalogue lists all of them)
SUMMARY_CHARS = 200
TIMEZONE = "+08:00"  # China Standard Time: issue dates are Beijing dates
EPOCH = date(2000, 1, 1)  # `updated` of a feed with no entries and an empty archive


def atom_time(d: date) -> str:
    return f"{d.isoformat()}T00:00:00{TIMEZONE}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def summary(plain: str) -> str:
    """The first SUMMARY_CHARS characters of the body text (white space folded)."""
    text = " ".join(plain.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rstrip() + "…"


def _entry(feed: ET.Element, config: Config, lang: str, doc: Document, issue: Issue) -> None:
    u = Urls(config.base_path)
    url = u.absolute(config.site_url, u.document(lang, doc))
    text = doc.mn_text if lang == "mn" and doc.mn_text is not None else doc.text
    category = config.category(doc.category)
    entry = _sub(feed, "entry")
    _sub(entry, "id", url)
    title = _sub(entry, "title", text.title, type="text")
    title.set(XML_LANG, HTML_LANG[text.lang])
    _sub(entry, "updated", atom_time(issue.published_on))
    _sub(entry, "published", atom_time(issue.published_on))
    _sub(entry, "link", rel="alternate", type="text/html", href=url)
    _sub(entry, "link", rel="alternate", type="application/json", href=u.absolute(config.site_url, u.document_data(doc)))
    author = _sub(entry, "author")
    _sub(author, "name", doc.issuer)
    _sub(entry, "category", term=category.slug if category else doc.category,
         scheme=u.absolute(config.site_url, u.categories(lang)),
         label=category.mn.text if lang == "mn" and category and category.mn.text else doc.category)
    if doc.doc_number:
        _sub(entry, "category", term=doc.doc_number, scheme=u.absolute(config.site_url, u.doc_numbers(lang)), label=doc.doc_number)
    content = _sub(entry, "summary", summary(text.plain_text) or text.title, type="text")
    content.set(XML_LANG, HTML_LANG[text.lang])


def feed_xml(config: Config, lang: str, path: str, page_path: str, title: str,
             items: list[tuple[Document, Issue]], newest: date) -> bytes:
    """One Atom feed document as UTF-8 bytes."""
    u = Urls(config.base_path)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    feed.set(XML_LANG, HTML_LANG[lang])
    self_url = u.absolute(config.site_url, path)
    _sub(feed, "id", self_url)
    _sub(feed, "title", title, type="text")
    _sub(feed, "updated", atom_time(max((i.published_on for _, i in items), default=newest)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=u.absolute(config.site_url, page_path))
    author = _sub(feed, "author")
    _sub(author, "name", config.publisher or config.title)
    _sub(feed, "generator", "gazette build.py")
    for doc, issue in items[:FEED_LIMIT]:
        _entry(feed, config, lang, doc, issue)
    ET.indent(feed, space=" ")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode").encode("utf-8") + b"\n"


def newest_first(gazette: Gazette) -> list[tuple[Document, Issue]]:
    """Every document with its issue: newest issue first, 目录 order within an issue."""
    return [(d, i) for i in sorted(gazette.issues, key=lambda i: i.serial, reverse=True) for d in i.documents]


def _title(config: Config, lang: str, term: Term | None = None) -> str:
    site = config.title if lang == "zh" else (config.masthead_mn.text or config.title)
    if term is None:
        return site
    return f"{site} · {term.mn.text if lang == 'mn' and term.mn.text else term.name}"


def feed_outputs(config: Config, gazette: Gazette) -> tuple[Output, ...]:
    """feed.xml and category/<slug>/feed.xml, for the Chinese (/) and Mongolian (/mn/) interfaces."""
    u = Urls(config.base_path)
    items = newest_first(gazette)
    newest = max((i.published_on for i in gazette.issues), default=EPOCH)
    outputs = []
    for lang in ("zh", "mn"):
        outputs.append(Output(u.feed(lang), feed_xml(config, lang, u.feed(lang), u.home(lang), _title(config, lang), items, newest)))
        for term in config.categories:
            path = u.category_feed(lang, term.slug)
            docs = [(d, i) for d, i in items if d.category == term.name]
            outputs.append(Output(path, feed_xml(config, lang, path, u.category(lang, term.slug), _title(config, lang, term), docs, newest)))
    return tuple(outputs)


def feed_paths(config: Config) -> tuple[str, ...]:
    """The paths feed_outputs writes, without making the feeds."""
    u = Urls(config.base_path)
    return tuple(path for lang in ("zh", "mn") for path in (u.feed(lang), *(u.category_feed(lang, t.slug) for t in config.categories)))
