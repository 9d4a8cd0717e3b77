"""Model → one view per page (gazette/pages/views.py), for both interface languages: the Planner prepares every
label, date, link and citation mark, so templates only display them."""

from __future__ import annotations

from functools import partial

from markupsafe import Markup, escape

from ..content.config import HTML_LANG, Config
from ..content.docnumber import parse_doc_number
from ..content.graph import citation_graph
from ..content.model import Document, DocumentText, Gazette, Issue
from .citation import citation, document_meta
from .crossrefs import CrossRefs, anchor
from .describe import first_sentence, listing
from .fonts import OUTPUT_FONT_CSS, find_font
from .i18n import Ui, wrap_mn
from .listing import archive_digest, listing_digests
from .search_page import page_config
from .urls import Urls
from .views import (
    Chrome,
    DocEntry,
    DocumentPage,
    Group,
    HomePage,
    IssueCard,
    IssuePage,
    LazyPage,
    Link,
    ListPage,
    NotFoundPage,
    PlannedPage,
    Row,
    SearchData,
    SearchPage,
    TermLink,
    TermsPage,
    YearPage,
)


class Planner(CrossRefs):
    """Builds views for one interface language (kept small: all inputs are immutable); cited 文号 and
    relations come from CrossRefs (gazette/pages/crossrefs.py)."""

    def __init__(self, config: Config, gazette: Gazette, ui: Ui, other: Ui, search_plan: dict):
        self.config, self.gazette, self.ui, self.other = config, gazette, ui, other
        self.search_plan = search_plan
        self.lang = ui.lang
        self._entries: dict[tuple, DocEntry] = {}
        self._titles: dict[tuple, Markup] = {}
        self._archive_key: str | None = None
        self.urls = Urls(config.base_path)
        self.graph = citation_graph(config, gazette)
        self._agencies = frozenset(code for code, _ in config.agencies)

    # -- shared pieces --------------------------------------------------------------------------
    def chrome(self, path: str, title: str, crumbs: tuple[tuple[str, Markup], ...], other_path: str, feeds: tuple[Link, ...] = (),
               description: str = "") -> Chrome:
        ui, u = self.ui, self.urls
        nav_items = (
            (u.home(self.lang), "home"), (u.categories(self.lang), "categories"), (u.issuers(self.lang), "issuers"),
            (u.doc_numbers(self.lang), "doc_numbers"), (u.search(self.lang), "search"),
        )
        nav = tuple(Link(u.url(p), ui.markup(k), p == path) for p, k in nav_items)
        home = (u.home(self.lang), ui.markup("home"))
        trail = (home,) + crumbs if path != u.home(self.lang) else (home,)
        breadcrumbs = tuple(Link(u.url(p), label, p == path) for p, label in trail)
        alt_label = self.other.markup("lang_name")
        site_title = self.config.title
        page_title = f"{title} - {site_title}" if title != site_title else site_title
        return Chrome(
            lang=self.lang, html_lang=ui.html_lang, page_title=page_title,
            site_title=ui.chinese(site_title), masthead_mn=wrap_mn(self.config.masthead_mn.text),
            home_url=u.url(u.home(self.lang)), nav=nav, breadcrumbs=breadcrumbs,
            alternate=Link(u.url(other_path), alt_label), alternate_lang=self.other.html_lang,
            alternate_canonical=self.config.site_url + u.url(other_path),
            canonical=self.config.site_url + u.url(path), stylesheet=u.url(u.static("site.css")),
            search_url=u.url(u.search(self.lang)), static_base=u.url("static/"), base_path=self.config.base_path,
            publisher=ui.chinese(self.config.publisher),
            feeds=(Link(u.url(u.feed(self.lang)), Markup(escape(site_title if self.lang == "zh" else self.config.masthead_mn.text))),) + feeds,
            catalogue_url=u.url(u.catalogue()), description=description or page_title,
            font_url=u.url(OUTPUT_FONT_CSS) if find_font(self.config.mongolian_font, self.config.root) else "",
        )

    @property
    def mn_ui(self) -> Ui:
        return self.ui if self.lang == "mn" else self.other

    def heading_mn(self, doc: Document) -> Markup | None:
        """The Mongolian header beside a Chinese title: the Mongolian title, else the issuer's name (文件头)."""
        if doc.mn_text is not None:
            return None if self.lang == "mn" else wrap_mn(doc.mn_text.title)
        issuer = self.config.issuer(doc.issuer)
        return wrap_mn(issuer.mn.text) if issuer is not None and issuer.mn.text else None

    def issue_title(self, issue: Issue) -> Markup:
        return self.ui.markup("issue_title", year=issue.year, number=issue.number)

    def plain_title(self, doc: Document) -> str:
        return doc.mn_text.title if self.lang == "mn" and doc.mn_text is not None else doc.title

    def doc_title(self, doc: Document) -> Markup:
        """Made once per document and interface: a document is listed on several pages and named by every
        document citing its 文号."""
        key = (doc.year, doc.issue_number, doc.slug)
        title = self._titles.get(key)
        if title is None:
            title = self._titles[key] = wrap_mn(doc.mn_text.title) if self.lang == "mn" and doc.mn_text is not None else self.ui.chinese(doc.title)
        return title

    def issue_entries(self, issue: Issue) -> tuple[DocEntry, ...]:
        """The list lines of an issue's documents, in order (serve memoises them per issue)."""
        return tuple(self.entry(d, issue) for d in issue.documents)

    def entry(self, doc: Document, issue: Issue) -> DocEntry:
        """A document's line in a list; made once per interface (a document is listed on several pages)."""
        key = (doc.year, doc.issue_number, doc.slug)
        if key not in self._entries:
            self._entries[key] = self._entry(doc, issue)
        return self._entries[key]

    def _entry(self, doc: Document, issue: Issue) -> DocEntry:
        ui = self.ui
        return DocEntry(
            url=self.urls.url(self.urls.document(self.lang, doc)), title=self.doc_title(doc),
            doc_number=ui.chinese(doc.doc_number) if doc.doc_number else None,
            date=ui.date(doc.written_on) if doc.written_on else None,
            issue=self.issue_title(issue), page=ui.markup("page_number", page=doc.page),
        )

    def card(self, issue: Issue) -> IssueCard:
        ui = self.ui
        return IssueCard(self.urls.url(self.urls.issue(self.lang, issue)), self.issue_title(issue),
                         ui.markup("serial", serial=issue.serial), ui.date(issue.published_on),
                         ui.markup("document_count", count=len(issue.documents)))

    def groups(self, issue: Issue) -> tuple[Group, ...]:
        """The printed 目录: consecutive documents of one category under one heading."""
        groups: list[tuple[str, list[DocEntry]]] = []
        for doc in issue.documents:
            if not groups or groups[-1][0] != doc.category:
                groups.append((doc.category, []))
            groups[-1][1].append(self.entry(doc, issue))
        return tuple(Group(self.ui.text(c, self.config.category(c).mn), tuple(e)) for c, e in groups)

    # -- pages ----------------------------------------------------------------------------------
    def home(self) -> PlannedPage:
        u, ui = self.urls, self.ui
        latest = self.gazette.issues[-1] if self.gazette.issues else None
        years = sorted({i.year for i in self.gazette.issues}, reverse=True)
        cards = tuple(IssueCard(u.url(u.year(self.lang, y)), ui.markup("year_title", year=y), Markup(""), Markup(""),
                                ui.markup("document_count", count=sum(len(i.documents) for i in self.gazette.issues if i.year == y)))
                      for y in years)
        path = u.home(self.lang)
        latest_titles = [self.plain_title(d) for d in latest.documents] if latest else []
        about = f"{self.config.title} {ui.plain('issue_title', year=latest.year, number=latest.number)}" if latest else self.config.title
        chrome = self.chrome(path, self.config.title, (), u.home(self.other.lang), description=listing(about, latest_titles))
        return PlannedPage(path, HomePage(chrome, ui.chinese(self.config.title) if self.lang == "zh" else wrap_mn(self.config.masthead_mn.text),
                                          self.card(latest) if latest else None,
                                          self.groups(latest) if latest else (), cards))

    def year(self, year: int) -> PlannedPage:
        u, ui = self.urls, self.ui
        path = u.year(self.lang, year)
        heading = ui.markup("year_title", year=year)
        in_year = [i for i in self.gazette.issues if i.year == year]
        chrome = self.chrome(path, ui.plain("year_title", year=year), ((path, heading),), u.year(self.other.lang, year),
                             description=listing(f"{self.config.title} {ui.plain('year_title', year=year)}",
                                                 [ui.plain("issue_title", year=i.year, number=i.number) for i in in_year]))
        issues = tuple(self.card(i) for i in in_year)
        return PlannedPage(path, YearPage(chrome, heading, issues))

    def issue(self, issue: Issue) -> PlannedPage:
        u, ui = self.urls, self.ui
        path = u.issue(self.lang, issue)
        heading = self.issue_title(issue)
        crumbs = ((u.year(self.lang, issue.year), ui.markup("year_title", year=issue.year)), (path, heading))
        chrome = self.chrome(path, ui.plain("issue_title", year=issue.year, number=issue.number), crumbs, u.issue(self.other.lang, issue),
                             description=listing(f"{self.config.title} {ui.plain('issue_title', year=issue.year, number=issue.number)}（{ui.plain('serial', serial=issue.serial)}）",
                                                 [self.plain_title(d) for d in issue.documents]))
        data = (
            Row(ui.markup("published_on"), ui.date(issue.published_on)),
            Row(ui.markup("frequency"), ui.chinese(issue.frequency)),
        )
        source = u.url(f"{issue.year}/{issue.number:02d}/{issue.source}") if issue.source else None
        return PlannedPage(path, IssuePage(chrome, heading, ui.markup("serial", serial=issue.serial), data,
                                           self.groups(issue), issue.pdf, source,
                                           u.url(u.issue_archive(issue)), u.url(u.issue_manifest(issue)),
                                           heading_mn=self.mn_ui.markup("issue_title", year=issue.year, number=issue.number) if self.lang == "zh" else None))

    def document_pages(self, issue: Issue) -> list:
        """An issue's document pages (LazyPage; serve memoises them, views made, per issue)."""
        return [self.lazy_document(issue, k) for k in range(len(issue.documents))]

    def lazy_document(self, issue: Issue, index: int) -> LazyPage:
        doc, u = issue.documents[index], self.urls
        return self.lazy(u.document(self.lang, doc), u.document(self.other.lang, doc), lambda: self.document(issue, index), DocumentPage.template,
                         ("document", issue.fingerprint, self.lang, index, self.graph.page_inputs(doc)) if issue.fingerprint else None)

    def document(self, issue: Issue, index: int) -> PlannedPage:
        u, ui = self.urls, self.ui
        doc = issue.documents[index]
        path = u.document(self.lang, doc)
        text = doc.mn_text if self.lang == "mn" and doc.mn_text is not None else doc.text
        title = self.doc_title(doc)
        crumbs = ((u.year(self.lang, issue.year), ui.markup("year_title", year=issue.year)),
                  (u.issue(self.lang, issue), self.issue_title(issue)), (path, title))
        chrome = self.chrome(path, text.title, crumbs, u.document(self.other.lang, doc), description=first_sentence(text.plain_text, text.title))
        zh = text.lang == "zh"  # subtitle, author and addressees are shown with the Chinese text only
        previous, following = self.neighbours(issue, index)
        return PlannedPage(path, DocumentPage(
            chrome=chrome, title=self.with_citations(doc.title, doc) if zh else title, title_lang=HTML_LANG[text.lang],
            subtitle=ui.chinese(doc.subtitle) if doc.subtitle and zh else None,
            author=ui.chinese(doc.author) if doc.author and zh else None,
            data=self.document_rows(doc, issue), addressees=ui.chinese(doc.addressees) if doc.addressees and zh else None,
            body=self.body(text, doc), public_release=ui.markup("public_release") if doc.public_release else None,
            toc=self.toc(text), previous=previous, next=following,
            corrections=doc.corrections, counterpart_text=self.counterpart(doc), search=self.search_data(doc, issue, text),
            citation=citation(self.config, ui, doc, issue), meta=document_meta(self.config, doc, issue, self.lang, self.legislation(doc)),
            heading_mn=self.heading_mn(doc), relations=self.relations(doc),
        ))

    def document_rows(self, doc: Document, issue: Issue) -> tuple[Row, ...]:
        """The document's data block: 文号, issuer, date, category, issue, printed page."""
        u, ui = self.urls, self.ui
        category, issuer = self.config.category(doc.category), self.config.issuer(doc.issuer)
        rows = [Row(ui.markup("doc_number"), ui.chinese(doc.doc_number))] if doc.doc_number else []
        rows.append(Row(ui.markup("issuer"), anchor(u.url(u.issuer(self.lang, issuer.slug)), ui.text(doc.issuer, issuer.mn))))
        if doc.written_on:
            rows.append(Row(ui.markup("written_on"), Markup(f'<time datetime="{doc.written_on.isoformat()}">{ui.date(doc.written_on)}</time>')))
        rows.append(Row(ui.markup("category"), anchor(u.url(u.category(self.lang, category.slug)), ui.text(doc.category, category.mn))))
        rows.append(Row(ui.markup("issue"), anchor(u.url(u.issue(self.lang, issue)), self.issue_title(issue) + Markup(" ") + ui.markup("serial", serial=issue.serial))))
        rows.append(Row(ui.markup("print_page"), ui.markup("page_number", page=doc.page)))
        return tuple(rows)

    def toc(self, text: DocumentText) -> tuple[Link, ...]:
        """The level-2 headings, once a text has at least `toc_min_headings` headings."""
        if len(text.headings) < self.config.toc_min_headings:
            return ()
        wrap = self.ui.chinese if text.lang == "zh" else wrap_mn
        return tuple(Link(f"#{h.id}", wrap(h.text)) for h in text.headings if h.level == 2)

    def neighbours(self, issue: Issue, index: int) -> tuple[Link | None, Link | None]:
        """Links to the previous and the next document of the issue."""
        def link(doc: Document) -> Link:
            return Link(self.urls.url(self.urls.document(self.lang, doc)), self.doc_title(doc))
        docs = issue.documents
        return (link(docs[index - 1]) if index > 0 else None), (link(docs[index + 1]) if index + 1 < len(docs) else None)

    def counterpart(self, doc: Document) -> Link | None:
        """The same document's page in the other language, when it has a Mongolian text."""
        if doc.mn_text is None:
            return None
        u, zh = self.urls, self.lang == "zh"
        return Link(u.url(u.document("mn" if zh else "zh", doc)), self.ui.markup("mn_version" if zh else "zh_version"))

    def search_data(self, doc: Document, issue: Issue, text: DocumentText) -> SearchData:
        """The document's key data as plain values (the data-pagefind-* carriers of document.html)."""
        ui = self.ui
        number = parse_doc_number(doc.doc_number) if doc.doc_number else None
        return SearchData(
            title=text.title, doc_number=doc.doc_number or "", doc_agency=number.agency if number else "",
            doc_year=str(number.year) if number else "", doc_seq=str(number.seq) if number else "",
            date=doc.written_on.isoformat() if doc.written_on else issue.published_on.isoformat(),
            date_label=ui.date_plain(doc.written_on) if doc.written_on else "",
            issue_label=f"{ui.plain('issue_title', year=issue.year, number=issue.number)}（{ui.plain('serial', serial=issue.serial)}）",
            issue_title=ui.plain("issue_title", year=issue.year, number=issue.number),
            year=str(issue.year), category=doc.category, issuer=doc.issuer,
        )

    def term_pages(self, kind: str) -> list[PlannedPage]:
        u, ui = self.urls, self.ui
        terms = self.config.categories if kind == "category" else self.config.issuers
        index_fn = u.categories if kind == "category" else u.issuers
        item_fn = u.category if kind == "category" else u.issuer
        key = "categories" if kind == "category" else "issuers"
        pages, links = [], []
        index_path = index_fn(self.lang)
        index_crumb = (index_path, ui.markup(key))
        by_term: dict[str, list[DocEntry]] = {}
        by_doc: dict[str, list[Document]] = {}
        for i in reversed(self.gazette.issues):
            for d, e in zip(i.documents, self.issue_entries(i)):
                by_term.setdefault(getattr(d, kind), []).append(e)
                by_doc.setdefault(getattr(d, kind), []).append(d)
        for term in terms:
            docs = by_term.get(term.name, [])
            path = item_fn(self.lang, term.slug)
            label = ui.text(term.name, term.mn)
            links.append(TermLink(u.url(path), label, ui.markup("document_count", count=len(docs))))
            feeds = (Link(u.url(u.category_feed(self.lang, term.slug)), Markup(escape(term.mn.text if self.lang == "mn" else term.name))),) if kind == "category" else ()
            name = term.mn.text if self.lang == "mn" and term.mn.text else term.name
            chrome = self.chrome(path, term.mn.text if self.lang == "mn" else term.name, (index_crumb, (path, label)), item_fn(self.other.lang, term.slug), feeds,
                                 description=listing(f"{name} {ui.plain('document_count', count=len(docs))}", [self.plain_title(d) for d in by_doc.get(term.name, [])[:6]]))
            pages.append(PlannedPage(path, ListPage(chrome, label, tuple(docs))))
        chrome = self.chrome(index_path, ui.plain(key), (index_crumb,), index_fn(self.other.lang),
                             description=listing(f"{self.config.title} {ui.plain(key)}", [t.mn.text if self.lang == "mn" and t.mn.text else t.name for t in terms]))
        pages.append(PlannedPage(index_path, TermsPage(chrome, ui.markup(key), tuple(links))))
        return pages

    def doc_numbers(self) -> PlannedPage:
        u, ui = self.urls, self.ui
        numbered = [(d, e) for i in self.gazette.issues for d, e in zip(i.documents, self.issue_entries(i)) if d.doc_number]
        numbered.sort(key=lambda p: (lambda n: (n.agency, n.year, n.seq))(parse_doc_number(p[0].doc_number)))
        path = u.doc_numbers(self.lang)
        chrome = self.chrome(path, ui.plain("doc_numbers"), ((path, ui.markup("doc_numbers")),), u.doc_numbers(self.other.lang),
                             description=listing(f"{self.config.title} {ui.plain('doc_numbers')}", [d.doc_number for d, _ in numbered[:12]]))
        return PlannedPage(path, ListPage(chrome, ui.markup("doc_numbers"), tuple(e for _, e in numbered), "wenhao.html",
                                          self.external_numbers()))

    def search(self) -> PlannedPage:
        u, ui = self.urls, self.ui
        path = u.search(self.lang)
        chrome = self.chrome(path, ui.plain("search_title"), ((path, ui.markup("search_title")),), u.search(self.other.lang),
                             description=f"{self.config.title} {ui.plain('search_title')}：{ui.plain('search_label')}")
        return PlannedPage(path, SearchPage(chrome, ui.markup("search_title"), page_config(ui, self.config.base_path, self.search_plan),
                                            chrome.canonical))

    def not_found(self) -> PlannedPage:
        u, ui = self.urls, self.ui
        path = u.not_found(self.lang)
        chrome = self.chrome(path, ui.plain("not_found_title"), ((path, ui.markup("not_found_title")),), u.not_found(self.other.lang),
                             description=ui.plain("not_found_text"))
        return PlannedPage(path, NotFoundPage(chrome, ui.markup("not_found_title")))

    # -- the plan: every page as a LazyPage with its key ------------------------------------------
    def listing_digest(self, issue: Issue) -> str:
        """The issue's listing digest (gazette/pages/listing.py; serve memoises it per issue)."""
        return listing_digests(self.gazette)[(issue.year, issue.number)]

    def archive_key(self) -> str:
        """What the archive-wide pages are made from: every issue's listing (made once per planner)."""
        if self._archive_key is None:
            self._archive_key = archive_digest(tuple(self.listing_digest(i) for i in self.gazette.issues))
        return self._archive_key

    def lazy(self, path: str, other_path: str, make, template: str, key: tuple | None) -> LazyPage:
        """A page whose view is made only when it is rendered (in a worker), known unchanged by `key`."""
        return LazyPage(path, make, self.ui.html_lang, self.other.html_lang, self.urls.url(other_path), key, template)

    def lazy_issue(self, issue: Issue) -> LazyPage:
        """An issue page: made from its issue's listing alone (its 目录, dates, files)."""
        u = self.urls
        return self.lazy(u.issue(self.lang, issue), u.issue(self.other.lang, issue), lambda: self.issue(issue), IssuePage.template,
                         ("issue", self.listing_digest(issue)))

    def lazy_term_pages(self, kind: str) -> list[LazyPage]:
        """The category (or issuer) pages and their index; a worker plans all of them at its first."""
        u, terms = self.urls, self.config.categories if kind == "category" else self.config.issuers
        item_fn, index_fn = (u.category, u.categories) if kind == "category" else (u.issuer, u.issuers)
        key = ("archive", self.archive_key())
        made: list = []

        def page(k: int) -> PlannedPage:
            if not made:
                made.extend(self.term_pages(kind))
            return made[k]
        pages = [self.lazy(item_fn(self.lang, t.slug), item_fn(self.other.lang, t.slug), partial(page, k), ListPage.template, key)
                 for k, t in enumerate(terms)]
        return pages + [self.lazy(index_fn(self.lang), index_fn(self.other.lang), partial(page, len(terms)), TermsPage.template, key)]

    def all(self) -> list[LazyPage | PlannedPage]:
        """Every page of this interface. The archive-wide pages are keyed by every issue's listing, a year
        page by its issues' listings, an issue page by its listing, its document pages by its folder's
        fingerprint and what they show of other documents, the search page by the index's plan: so a
        rebuild makes only the views whose inputs changed."""
        u, lang, other = self.urls, self.lang, self.other.lang
        archive = ("archive", self.archive_key())
        pages = [self.lazy(u.home(lang), u.home(other), self.home, HomePage.template, archive),
                 self.lazy(u.doc_numbers(lang), u.doc_numbers(other), self.doc_numbers, "wenhao.html", archive),
                 self.lazy(u.search(lang), u.search(other), self.search, SearchPage.template, ("search", self.search_plan)),
                 self.lazy(u.not_found(lang), u.not_found(other), self.not_found, NotFoundPage.template, ("not_found",))]
        by_year: dict[int, list[Issue]] = {}
        for issue in self.gazette.issues:
            by_year.setdefault(issue.year, []).append(issue)
        pages += [self.lazy(u.year(lang, y), u.year(other, y), partial(self.year, y), YearPage.template,
                            ("year", tuple(self.listing_digest(i) for i in by_year[y]))) for y in sorted(by_year)]
        for issue in self.gazette.issues:
            pages.append(self.lazy_issue(issue))
            pages += self.document_pages(issue)
        pages += self.lazy_term_pages("category") + self.lazy_term_pages("issuer")
        return pages


def plan_pages(config: Config, gazette: Gazette, uis: dict[str, Ui], search_plan: dict) -> tuple[PlannedPage, ...]:
    """Every page of the site, in both interfaces, sorted by output path. `search_plan` is the index's
    files search.js may ask for (search/index.py search_plan), shown on the search page."""
    pages = (Planner(config, gazette, uis["zh"], uis["mn"], search_plan).all()
             + Planner(config, gazette, uis["mn"], uis["zh"], search_plan).all())
    return tuple(sorted(pages, key=lambda p: p.path))
