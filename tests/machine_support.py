"""Helpers for the machine-readable archive tests: the fixture's content read independently of the
generator (plain YAML), HTML head/JSON-LD extraction with html.parser, and URL → built file mapping."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from support import MINI_CONTENT

SITE_URL = "https://gazette.example.gov.cn"  # config.yaml site_url
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class FixtureDoc:
    year: int
    number: int
    serial: int
    published_on: str
    slug: str
    meta: dict  # front matter, all values as strings (YAML BaseLoader)
    mn_title: str | None

    @property
    def path(self) -> str:
        return f"{self.year}/{self.number:02d}/{self.slug}/"


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.load(text.split("---", 2)[1], Loader=yaml.BaseLoader)


def fixture_issues(content: Path = MINI_CONTENT) -> list[dict]:
    issues = []
    for f in sorted(content.glob("*/*/issue.yaml")):
        data = yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        data["folder"] = f.parent
        issues.append(data)
    return sorted(issues, key=lambda i: int(i["serial"]))


def fixture_documents(content: Path = MINI_CONTENT) -> list[FixtureDoc]:
    docs = []
    for issue in fixture_issues(content):
        for slug in issue["contents"]:
            mn = issue["folder"] / f"{slug}.mn.md"
            docs.append(FixtureDoc(int(issue["year"]), int(issue["number"]), int(issue["serial"]), issue["published_on"], slug,
                                   _front_matter(issue["folder"] / f"{slug}.md"), _front_matter(mn)["title"] if mn.exists() else None))
    return docs


def file_for(site: Path, url: str, prefix: str = "/") -> Path:
    """The built file an absolute or base-path URL is served from (directory URLs → index.html)."""
    path = unquote(urlsplit(url).path)
    assert path.startswith(prefix), url
    rel = path[len(prefix):]
    return site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def linked_file(site: Path, page: str, href: str, prefix: str = "/") -> Path:
    """The built file a link in the page `page` (site-relative output path) names: pages link
    document-relatively, the 404 pages and machine files with base-path or absolute URLs."""
    if href.startswith("/") or "://" in href:
        return file_for(site, href, prefix)
    return site / posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(urlsplit(href).path)))


class Head(HTMLParser):
    """<meta name>, <link> elements, JSON-LD scripts, ids and the text of elements by id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.links: list[dict] = []
        self.json_ld: list[dict] = []
        self.buttons: list[dict] = []
        self.text_by_id: dict[str, str] = {}
        self.refresh: str | None = None
        self._script = None
        self._open: list[tuple[str, str | None]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("name"):
            self.meta.append((a["name"], a.get("content") or ""))
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.refresh = a.get("content")
        if tag == "link":
            self.links.append(a)
        if tag == "button":
            self.buttons.append(a)
        if tag == "script" and a.get("type") == "application/ld+json":
            self._script = []
        if tag not in ("meta", "link", "br", "img", "input", "hr"):
            self._open.append((tag, a.get("id")))
            if a.get("id"):
                self.text_by_id[a["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.json_ld.append(json.loads("".join(self._script)))
            self._script = None
        while self._open:
            t, _ = self._open.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
        for _, i in self._open:
            if i:
                self.text_by_id[i] += data

    def meta_values(self, name: str) -> list[str]:
        return [c for n, c in self.meta if n == name]


def head_of(path: Path) -> Head:
    return Head(path.read_text(encoding="utf-8"))
