"""Every URL and output path of the site, in one place, for both interfaces.

URLs are directory-style (`/2023/01/p017/` → `2023/01/p017/index.html`) so they work on any static
server, and carry the configured base path so the site can live under any prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.model import Document, Issue

LANG_PREFIX = {"zh": "", "mn": "mn/"}  # the Mongolian interface lives under /mn/


@dataclass(frozen=True)
class Urls:
    """Builds site-relative paths (no leading slash) and absolute URLs under `base_path`."""

    base_path: str  # "/" or "/prefix/"

    def url(self, path: str) -> str:
        """The URL a link uses for a site-relative path."""
        return self.base_path + path

    @staticmethod
    def output_file(path: str) -> str:
        """The file under site/ that serves a site-relative path."""
        return path + "index.html" if path == "" or path.endswith("/") else path

    # Site-relative paths, per interface language.
    @staticmethod
    def home(lang: str) -> str:
        return LANG_PREFIX[lang]

    @staticmethod
    def year(lang: str, year: int) -> str:
        return f"{LANG_PREFIX[lang]}{year}/"

    @staticmethod
    def issue(lang: str, issue: Issue) -> str:
        return f"{LANG_PREFIX[lang]}{issue.year}/{issue.number:02d}/"

    @staticmethod
    def document(lang: str, doc: Document) -> str:
        return f"{LANG_PREFIX[lang]}{doc.year}/{doc.issue_number:02d}/{doc.slug}/"

    @staticmethod
    def categories(lang: str) -> str:
        return f"{LANG_PREFIX[lang]}category/"

    @staticmethod
    def category(lang: str, slug: str) -> str:
        return f"{LANG_PREFIX[lang]}category/{slug}/"

    @staticmethod
    def issuers(lang: str) -> str:
        return f"{LANG_PREFIX[lang]}issuer/"

    @staticmethod
    def issuer(lang: str, slug: str) -> str:
        return f"{LANG_PREFIX[lang]}issuer/{slug}/"

    @staticmethod
    def doc_numbers(lang: str) -> str:
        return f"{LANG_PREFIX[lang]}wenhao/"

    @staticmethod
    def search(lang: str) -> str:
        return f"{LANG_PREFIX[lang]}search/"

    @staticmethod
    def not_found(lang: str) -> str:
        return f"{LANG_PREFIX[lang]}404.html"

    @staticmethod
    def static(name: str) -> str:
        return f"static/{name}"

    # Machine-readable archive (docs/machine-readable.md).
    def absolute(self, site_url: str, path: str) -> str:
        """The absolute URL of a site-relative path (feeds, sitemap, JSON, citations)."""
        return site_url + self.url(path)

    @staticmethod
    def feed(lang: str) -> str:
        return f"{LANG_PREFIX[lang]}feed.xml"

    @staticmethod
    def category_feed(lang: str, slug: str) -> str:
        return f"{LANG_PREFIX[lang]}category/{slug}/feed.xml"

    @staticmethod
    def sitemap() -> str:
        return "sitemap.xml"

    @staticmethod
    def robots() -> str:
        return "robots.txt"

    @staticmethod
    def catalogue() -> str:
        return "catalogue.json"

    @staticmethod
    def document_data(doc: Document) -> str:
        """One JSON file per document (both languages), inside the Chinese page's folder."""
        return f"{doc.year}/{doc.issue_number:02d}/{doc.slug}/data.json"

    @staticmethod
    def permalink(lang: str, number_slug: str) -> str:
        """文号 permalink, e.g. wenhao/包府办发-2023-9/ (number_slug from DocNumber.slug)."""
        return f"{LANG_PREFIX[lang]}wenhao/{number_slug}/"

    @staticmethod
    def issue_manifest(issue: Issue) -> str:
        return f"{issue.year}/{issue.number:02d}/SHA256SUMS"

    @staticmethod
    def issue_archive(issue: Issue) -> str:
        return f"{issue.year}/{issue.number:02d}/gazette-{issue.year}-{issue.number:02d}.zip"
