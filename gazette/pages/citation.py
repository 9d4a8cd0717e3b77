"""How a document is cited and described to machines: the citation line, <meta> tags and JSON-LD.

One place derives these from the model, so the visible citation, the Highwire/Dublin Core tags a citation
manager reads, the JSON-LD and the JSON catalogue agree. Pure functions: no I/O, no templates.
See docs/machine-readable.md for the choice of schema.org type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..content.config import HTML_LANG, Config
from ..content.docnumber import parse_doc_number
from ..content.model import Document, Issue
from .i18n import Ui, wrap_mn, wrap_zh
from .urls import Urls


@dataclass(frozen=True)
class MetaTag:
    """A `<meta name=… content=…>` pair for citation managers (Highwire `citation_*`, Dublin Core `DC.*`)."""

    name: str
    content: str


@dataclass(frozen=True)
class Citation:
    """The citation line of a document page: plain text (what the copy button copies) and its display form."""

    text: str  # plain text, exactly the display's text content
    display: Markup  # the same text with language spans
    permalink: str | None  # 文号 permalink URL (base-path URL) for numbered documents
    permalink_label: str | None  # the same, absolute, for display
    data_url: str  # the document's JSON (base-path URL)


@dataclass(frozen=True)
class DocumentMeta:
    """Everything a document page puts in <head> for machines."""

    tags: tuple[MetaTag, ...]
    json_ld: Markup  # JSON, safe inside <script type="application/ld+json">
    data_url: str  # <link rel="alternate" type="application/json">


def number_slug(doc: Document) -> str | None:
    """The normalised 文号 path segment of a numbered document (e.g. 包府办发-2023-9), else None."""
    number = parse_doc_number(doc.doc_number) if doc.doc_number else None
    return number.slug if number else None


def _mn_title(doc: Document) -> tuple[str, str]:
    """(lang, title) shown in the Mongolian interface: the Mongolian title when there is a parallel text."""
    return ("mn", doc.mn_text.title) if doc.mn_text is not None else ("zh", doc.title)


def citation(config: Config, ui: Ui, doc: Document, issue: Issue) -> Citation:
    """《包头市人民政府公报》2023年第1期（总第128期）第31页, preceded by the title, followed by 文号 and URL."""
    u = Urls(config.base_path)
    url = u.absolute(config.site_url, u.document(ui.lang, doc))
    issue_label = ui.plain("issue_title", year=issue.year, number=issue.number)
    serial, page = ui.plain("serial", serial=issue.serial), ui.plain("page_number", page=doc.page)
    if ui.lang == "zh":
        parts = [("zh", doc.title), ("zh", f"《{config.title}》{issue_label}（{serial}）{page}")]
        sep = "，"
    else:
        parts = [_mn_title(doc), ("mn", f"{config.masthead_mn.text} {issue_label} ({serial}) {page}")]
        sep = " ᠂ "
    if doc.doc_number:
        parts.append(("zh", doc.doc_number))
    parts.append(("url", url))
    text = sep.join(p for _, p in parts)

    def show(lang: str, part: str) -> Markup:
        if lang == "mn":
            return wrap_mn(part)
        if lang == "zh" and ui.lang == "mn":
            return wrap_zh(part)
        return Markup(escape(part)) if ui.lang == "zh" else Markup('<span class="cite-url">') + escape(part) + Markup("</span>")

    # Mongolian interface: each part is its own block (the Mongolian one vertical, the Chinese and the URL
    # horizontal); the separator stays in the copied text but is not drawn, so no Mongolian punctuation
    # lies on its side in a horizontal line (mongolian.css, .lang-mn .cite-text).
    joiner = Markup(escape(sep)) if ui.lang == "zh" else Markup('<span class="cite-sep visually-hidden">') + escape(sep) + Markup("</span>")
    display = joiner.join(show(lang, part) for lang, part in parts)
    slug = number_slug(doc)
    permalink = u.permalink(ui.lang, slug) if slug else None
    return Citation(text, display, u.url(permalink) if permalink else None,
                    u.absolute(config.site_url, permalink) if permalink else None, u.url(u.document_data(doc)))


def meta_tags(config: Config, doc: Document, issue: Issue, lang: str) -> tuple[MetaTag, ...]:
    """Highwire Press `citation_*` tags (Zotero, Google Scholar) and Dublin Core, for one interface's page."""
    u = Urls(config.base_path)
    text_lang, title = _mn_title(doc) if lang == "mn" else ("zh", doc.title)
    url = u.absolute(config.site_url, u.document(lang, doc))
    published = issue.published_on
    tags = [
        ("citation_title", title),
        ("citation_author", doc.issuer),
        ("citation_publication_date", published.strftime("%Y/%m/%d")),
        ("citation_date", (doc.written_on or published).strftime("%Y/%m/%d")),
        ("citation_journal_title", config.title),
        ("citation_publisher", config.publisher),
        ("citation_volume", str(issue.year)),
        ("citation_issue", str(issue.number)),
        ("citation_firstpage", str(doc.page)),
        ("citation_language", HTML_LANG[text_lang]),
        ("citation_public_url", url),
        ("citation_abstract_html_url", url),
        ("DC.title", title),
        ("DC.creator", doc.issuer),
        ("DC.publisher", config.publisher),
        ("DC.date", published.isoformat()),
        ("DC.type", "Text"),
        ("DC.format", "text/html"),
        ("DC.language", HTML_LANG[text_lang]),
        ("DC.source", f"{config.title} {issue.year}年第{issue.number}期（总第{issue.serial}期）第{doc.page}页"),
        ("DC.relation.ispartof", config.title),
    ]
    if doc.doc_number:
        tags.insert(10, ("citation_technical_report_number", doc.doc_number))
        tags.append(("DC.identifier", doc.doc_number))
    tags.append(("DC.identifier", url))
    return tuple(MetaTag(n, c) for n, c in tags)


def _org(name: str) -> dict:
    return {"@type": "GovernmentOrganization", "name": name}


def json_ld_data(config: Config, doc: Document, issue: Issue, lang: str, changes: dict | None = None) -> dict:
    """schema.org description: `Legislation` for a numbered document (文号), `Article` otherwise; `changes`:
    what the citation graph adds (legislationChanges, legislationLegalForce; planner.Planner.legislation)."""
    u = Urls(config.base_path)
    absolute = lambda path: u.absolute(config.site_url, path)  # noqa: E731
    text_lang, title = _mn_title(doc) if lang == "mn" else ("zh", doc.title)
    url = absolute(u.document(lang, doc))
    issue_url = absolute(u.issue("zh", issue))
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Legislation" if doc.doc_number else "Article",
        "@id": url,
        "url": url,
        "name": title,
        "headline": title,
        "inLanguage": HTML_LANG[text_lang],
        "datePublished": issue.published_on.isoformat(),
        "author": _org(doc.issuer),
        "publisher": _org(config.publisher),
        "genre": doc.category,
        "isAccessibleForFree": True,
        "isPartOf": {
            "@type": "PublicationIssue",
            "@id": issue_url,
            "url": issue_url,
            "issueNumber": str(issue.number),
            "name": f"{issue.year}年第{issue.number}期（总第{issue.serial}期）",
            "datePublished": issue.published_on.isoformat(),
            "isPartOf": {"@type": "Periodical", "name": config.title, "publisher": _org(config.publisher)},
        },
        "encoding": {"@type": "MediaObject", "encodingFormat": "application/json", "contentUrl": absolute(u.document_data(doc))},
    }
    if doc.subtitle and text_lang == "zh":
        data["alternativeHeadline"] = doc.subtitle
    if doc.written_on:
        data["dateCreated"] = doc.written_on.isoformat()
    if doc.doc_number:
        data["legislationIdentifier"] = doc.doc_number
        data["identifier"] = doc.doc_number
        data["legislationPassedBy"] = _org(doc.issuer)
        if doc.written_on:
            data["legislationDate"] = doc.written_on.isoformat()
        slug = number_slug(doc)
        if slug:
            data["sameAs"] = absolute(u.permalink(lang, slug))
    else:
        data["pageStart"] = doc.page
    if doc.doc_number and changes:
        data.update(changes)
    if doc.mn_text is not None:
        if text_lang == "mn":
            data["translationOfWork"] = {"@id": absolute(u.document("zh", doc))}
        else:
            data["workTranslation"] = {"@id": absolute(u.document("mn", doc))}
    return data


def script_json(data: dict) -> Markup:
    """JSON for an inline <script>: `<`, `>` and `&` escaped so the text can never close the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # C encoder: no indent
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def document_meta(config: Config, doc: Document, issue: Issue, lang: str, changes: dict | None = None) -> DocumentMeta:
    u = Urls(config.base_path)
    return DocumentMeta(meta_tags(config, doc, issue, lang), script_json(json_ld_data(config, doc, issue, lang, changes)),
                        u.url(u.document_data(doc)))
