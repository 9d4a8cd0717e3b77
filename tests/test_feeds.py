"""Atom feeds (RFC 4287): parsed with xml.etree and compared with the fixture content."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from machine_support import ATOM, SITE_URL, XML_LANG, file_for, fixture_documents, fixture_issues, head_of, linked_file
from support import ROOT

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
CATEGORIES = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["categories"]


def parse(path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    return root


def assert_valid_atom(feed: ET.Element) -> None:
    """The RFC 4287 rules a validator checks: required elements once each, dates, links, unique ids."""
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{name}")) == 1, name
    assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
    self_links = [l for l in feed.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert len(self_links) == 1 and self_links[0].get("href") == feed.findtext(f"{ATOM}id")
    has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{ATOM}{name}")) == 1, name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated"))
        assert has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        alternates = [(l.get("type"), l.get("hreflang")) for l in entry.findall(f"{ATOM}link") if l.get("rel", "alternate") == "alternate"]
        assert alternates and len(alternates) == len(set(alternates)), "one alternate link per type"
        assert entry.find(f"{ATOM}content") is not None or entry.findtext(f"{ATOM}summary"), "an entry without content needs a summary"
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids are unique"


def html_link(entry: ET.Element) -> str:
    return next(l.get("href") for l in entry.findall(f"{ATOM}link") if l.get("type") == "text/html")


def newest_date() -> str:
    return max(i["published_on"] for i in fixture_issues())


def test_whole_archive_feed_lists_every_document_newest_first(mini_site):
    feed = parse(mini_site / "feed.xml")
    assert_valid_atom(feed)
    assert feed.get(XML_LANG) == "zh-Hans"
    assert feed.findtext(f"{ATOM}id") == f"{SITE_URL}/feed.xml"
    assert feed.findtext(f"{ATOM}title") == "包头市人民政府公报"
    # Deterministic: the newest issue's date, never the build time.
    assert feed.findtext(f"{ATOM}updated") == f"{newest_date()}T00:00:00+08:00"
    docs = sorted(fixture_documents(), key=lambda d: -d.serial)
    entries = feed.findall(f"{ATOM}entry")
    assert [html_link(e) for e in entries] == [f"{SITE_URL}/{d.path}" for d in docs]
    for entry, doc in zip(entries, docs):
        assert entry.findtext(f"{ATOM}title") == doc.meta["title"]
        assert entry.findtext(f"{ATOM}updated").startswith(doc.published_on)
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == doc.meta["issuer"]
        assert file_for(mini_site, html_link(entry)).is_file()
        json_link = next(l.get("href") for l in entry.findall(f"{ATOM}link") if l.get("type") == "application/json")
        assert file_for(mini_site, json_link).is_file()
    updated = [e.findtext(f"{ATOM}updated") for e in entries]
    assert updated == sorted(updated, reverse=True)


def test_one_feed_per_category_with_its_documents(mini_site):
    docs = fixture_documents()
    for cat in CATEGORIES:
        feed = parse(mini_site / "category" / cat["slug"] / "feed.xml")
        assert_valid_atom(feed)
        assert cat["name"] in feed.findtext(f"{ATOM}title")
        got = sorted(html_link(e) for e in feed.findall(f"{ATOM}entry"))
        assert got == sorted(f"{SITE_URL}/{d.path}" for d in docs if d.meta["category"] == cat["name"])
        # The newest date among its entries (the archive's newest date when the category is empty).
        dates = [d.published_on for d in docs if d.meta["category"] == cat["name"]]
        assert feed.findtext(f"{ATOM}updated") == f"{max(dates, default=newest_date())}T00:00:00+08:00"


def test_mongolian_interface_feeds_link_mongolian_pages(mini_site):
    feed = parse(mini_site / "mn" / "feed.xml")
    assert_valid_atom(feed)
    assert feed.get(XML_LANG) == "mn-Mong"
    entries = feed.findall(f"{ATOM}entry")
    assert entries and all(html_link(e).startswith(f"{SITE_URL}/mn/") for e in entries)
    parallel = next(d for d in fixture_documents() if d.mn_title)
    entry = next(e for e in entries if html_link(e) == f"{SITE_URL}/mn/{parallel.path}")
    title = entry.find(f"{ATOM}title")
    assert title.text == parallel.mn_title and title.get(XML_LANG) == "mn-Mong"
    for cat in CATEGORIES:
        assert_valid_atom(parse(mini_site / "mn" / "category" / cat["slug"] / "feed.xml"))


def test_pages_link_their_feeds(mini_site):
    for page in sorted(mini_site.rglob("*.html")):
        rel = page.relative_to(mini_site).as_posix()
        if "/wenhao/" in f"/{rel}" and rel.count("/") > 1 or rel.startswith("pagefind/"):
            continue  # permalink redirect pages
        feeds = [linked_file(mini_site, rel, l["href"]) for l in head_of(page).links if l.get("type") == "application/atom+xml"]
        own = mini_site / ("mn/feed.xml" if rel.startswith("mn/") else "feed.xml")
        assert own in feeds, rel
        for target in feeds:
            assert target.is_file(), (rel, target)
    for cat in CATEGORIES:
        feeds = [l["href"] for l in head_of(mini_site / "category" / cat["slug"] / "index.html").links if l.get("type") == "application/atom+xml"]
        assert "feed.xml" in feeds  # the category's own feed, beside its page


@pytest.mark.parametrize("feed", ["feed.xml", "mn/feed.xml", "category/chronicle/feed.xml"])
def test_feeds_respect_the_base_path(mini_site_sub, feed):
    root = parse(mini_site_sub / feed)
    assert root.findtext(f"{ATOM}id") == f"{SITE_URL}/sub/{feed}"
    for link in root.iter(f"{ATOM}link"):
        assert link.get("href").startswith(f"{SITE_URL}/sub/")
        assert file_for(mini_site_sub, link.get("href"), "/sub/").is_file()
