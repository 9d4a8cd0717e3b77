"""Model → one frozen view per page, with every label, date and link already prepared.

Templates only display these values. Each page exists in both interfaces (zh, mn); the view knows the
URL of its counterpart so the language switch keeps the reader on the same page. The views are made by
gazette/pages/planner.py; every one is a `View` (its template and its language), which is all render.py needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol

from markupsafe import Markup

from ..content.model import Correction
from .citation import Citation, DocumentMeta


class View(Protocol):
    """A page view: the template that shows it and its interface language (zh | mn: the strings it is rendered with)."""

    @property
    def template(self) -> str: ...

    @property
    def lang(self) -> str: ...


class DataView(Protocol):
    """An output made from a view without a template (gazette/outputs/catalogue.py DocumentData: a data.json)."""

    def data(self, config) -> bytes: ...


class ChromePage:
    """A full page of the site: its language is its chrome's (the permalink pages carry theirs directly)."""

    __slots__ = ()

    @property
    def lang(self) -> str:
        return self.chrome.lang


@dataclass(frozen=True)
class Link:
    """A link with its display label; `current` marks the page the reader is on."""

    url: str
    label: Markup
    current: bool = False


@dataclass(frozen=True)
class Chrome:
    """What every page shares: language, header, navigation, breadcrumbs and the language switch."""

    lang: str  # interface language: zh | mn
    html_lang: str  # zh-Hans | mn-Mong
    page_title: str  # plain text for <title>
    site_title: Markup  # the Chinese gazette title
    masthead_mn: Markup  # the vertical Mongolian masthead
    home_url: str
    nav: tuple[Link, ...]
    breadcrumbs: tuple[Link, ...]  # from home to the current page (last is current)
    alternate: Link  # the same page in the other interface
    alternate_lang: str  # its html lang (for hreflang)
    alternate_canonical: str  # absolute URL of the same page in the other interface
    canonical: str  # absolute URL of this page
    stylesheet: str
    search_url: str
    static_base: str  # URL of site/static/
    base_path: str
    publisher: Markup
    feeds: tuple[Link, ...] = ()  # Atom feeds for <link rel=alternate> (label = title); the first is this interface's whole-archive feed
    catalogue_url: str = ""  # the JSON catalogue of the whole archive
    description: str = ""  # <meta name=description> (gazette/pages/describe.py)
    font_url: str = ""  # the stylesheet carrying the Mongolian web font (every page shows Mongolian); "" when the build has none


@dataclass(frozen=True)
class DocEntry:
    """A document in a list: title, link and its key data."""

    url: str
    title: Markup
    doc_number: Markup | None
    date: Markup | None
    issue: Markup
    page: Markup


@dataclass(frozen=True)
class IssueCard:
    """An issue in a list: 第N期, 总第N期, date, document count."""

    url: str
    title: Markup
    serial: Markup
    date: Markup
    count: Markup


@dataclass(frozen=True)
class Group:
    """A category heading in an issue's 目录 with its documents."""

    label: Markup
    entries: tuple[DocEntry, ...]


@dataclass(frozen=True)
class Row:
    """A label/value pair in a metadata block."""

    label: Markup
    value: Markup


@dataclass(frozen=True)
class TermLink:
    """A category or issuer with its document count."""

    url: str
    label: Markup
    count: Markup


@dataclass(frozen=True)
class SearchData:
    """Values the search index reads from a document page (metadata, filters, sort key)."""

    title: str
    doc_number: str
    doc_agency: str
    doc_year: str
    doc_seq: str
    date: str  # ISO date for sorting ("" when the document has none)
    date_label: str
    issue_label: str
    issue_title: str  # 第N期 as the 期 filter value
    year: str
    category: str
    issuer: str


@dataclass(frozen=True)
class HomePage(ChromePage):
    chrome: Chrome
    heading: Markup
    latest: IssueCard | None
    latest_contents: tuple[Group, ...]
    years: tuple[IssueCard, ...]  # one card per year (title = year, count = issues)
    template: str = "home.html"


@dataclass(frozen=True)
class YearPage(ChromePage):
    chrome: Chrome
    heading: Markup
    issues: tuple[IssueCard, ...]
    template: str = "year.html"


@dataclass(frozen=True)
class IssuePage(ChromePage):
    chrome: Chrome
    heading: Markup
    serial: Markup
    data: tuple[Row, ...]
    groups: tuple[Group, ...]
    pdf_url: str | None
    source_url: str | None
    archive_url: str = ""  # offline copy of this issue (zip)
    manifest_url: str = ""  # SHA-256 manifest of this issue's files
    heading_mn: Markup | None = None  # vertical Mongolian header beside a Chinese heading (mongolian.css)
    template: str = "issue.html"


@dataclass(frozen=True)
class RelatedDoc:
    """A document in a relations list: its 文号 (an external-citation mark when not in the archive), its title
    linked (or, not in the archive, who issued it and that the archive lacks it) and its status when it is no
    longer in force."""

    number: Markup | None
    title: Markup | None
    status: Markup | None
    status_key: str  # in_force | amended | repealed (CSS class)


@dataclass(frozen=True)
class RelationGroup:
    """Documents under one label: 修改本文件的文件, 本文件废止的文件, 引用, 被引用 …"""

    key: str  # CSS class / test hook: amended_by, repeals, cites, cited_by …
    label: Markup
    docs: tuple[RelatedDoc, ...]


@dataclass(frozen=True)
class RelationsView:
    """What the archive records about a document's place among others (layouts/partials/relations.html)."""

    status: Markup | None  # 现行有效 / 已修改 / 已废止 (documents with 文号)
    status_key: str
    changed_by: tuple[RelationGroup, ...]  # later documents that amend, repeal or replace it (shown prominently)
    recorded: tuple[RelationGroup, ...]  # what it amends, repeals or replaces itself
    cites: RelationGroup
    cited_by: RelationGroup


@dataclass(frozen=True)
class ExternalNumber:
    """A 文号 cited in the archive but not in it (文号 index): issuing body, status, and the citing documents."""

    number: Markup
    issuer: Markup | None
    status: Markup | None
    status_key: str
    cited_in: tuple[Link, ...]


@dataclass(frozen=True)
class DocumentPage(ChromePage):
    chrome: Chrome
    title: Markup
    title_lang: str  # html lang of the title and body
    subtitle: Markup | None
    author: Markup | None
    data: tuple[Row, ...]
    addressees: Markup | None
    body: Markup
    public_release: Markup | None
    toc: tuple[Link, ...]
    previous: Link | None
    next: Link | None
    corrections: tuple[Correction, ...]
    counterpart_text: Link | None  # the parallel text in the other language, if any
    search: SearchData
    citation: Citation | None = None  # citation line, permalink, JSON link
    meta: DocumentMeta | None = None  # <meta> tags and JSON-LD for machines
    heading_mn: Markup | None = None  # vertical Mongolian header beside a Chinese title (mongolian.css)
    relations: RelationsView | None = None  # status, cites, cited by (None: nothing recorded either way)
    template: str = "document.html"


@dataclass(frozen=True)
class ListPage(ChromePage):
    """Documents of one category, one issuer, or all numbered documents (文号索引)."""

    chrome: Chrome
    heading: Markup
    entries: tuple[DocEntry, ...]
    template: str = "list.html"
    external: tuple[ExternalNumber, ...] = ()  # 文号 index: cited numbers not in the archive


@dataclass(frozen=True)
class TermsPage(ChromePage):
    """All categories or all issuers."""

    chrome: Chrome
    heading: Markup
    terms: tuple[TermLink, ...]
    template: str = "terms.html"


@dataclass(frozen=True)
class SearchPage(ChromePage):
    chrome: Chrome
    heading: Markup
    config: Markup = Markup("{}")  # search.js settings and strings (JSON), from search.page_config
    online_url: str = ""  # the online search page (absolute): where a copy opened from file:// sends the reader
    template: str = "search.html"


@dataclass(frozen=True)
class NotFoundPage(ChromePage):
    chrome: Chrome
    heading: Markup
    template: str = "404.html"


@dataclass(frozen=True)
class PlannedPage:
    """A page view and the site-relative path it is written to."""

    path: str
    view: View | DataView
    key: ClassVar[None] = None  # a view made while planning has no key: the render cache digests the view (LazyPage has keys)

    @property
    def html_lang(self) -> str:
        return self.view.chrome.html_lang

    @property
    def alternate_lang(self) -> str:
        return self.view.chrome.alternate_lang

    @property
    def alternate_url(self) -> str:
        return self.view.chrome.alternate.url


class LazyPage:
    """A planned page whose view is made on first use, i.e. in the render worker that renders it, and only
    when its key says it changed: planning fifty thousand views in the parent would be serial work. Path,
    hreflang data and template are known at once (for the sitemap and the template check)."""

    __slots__ = ("path", "_make", "html_lang", "alternate_lang", "alternate_url", "key", "template")

    def __init__(self, path: str, make, html_lang: str, alternate_lang: str, alternate_url: str, key: tuple | None = None,
                 template: str | None = None):
        self.path, self._make = path, make
        self.html_lang, self.alternate_lang, self.alternate_url = html_lang, alternate_lang, alternate_url
        self.key = key  # what the view is made from besides code, layouts and config (render cache), or None
        self.template = template  # the view's template (None: a data.json)

    @property
    def view(self) -> View:
        """Made anew on each use (not kept: a worker renders thousands of pages)."""
        return self._make().view
