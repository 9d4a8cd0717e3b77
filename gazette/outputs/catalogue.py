"""The JSON catalogue of the whole archive (catalogue.json) and one JSON file per document (…/data.json).

Schema: docs/catalogue.schema.json, described in docs/machine-readable.md. Deterministic output: sorted
keys, ensure_ascii=False, compact separators, trailing newline; no build time anywhere. Every URL is absolute
(config.site_url + base path) and given for both interfaces.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Callable

from ..content.config import Config, Term
from ..content.docnumber import parse_doc_number
from ..content.graph import CitationGraph, citation_graph
from ..content.model import Document, DocumentText, Gazette, Issue
from ..core.output import Output
from ..pages.citation import number_slug
from ..pages.listing import listing_digests
from ..pages.urls import Urls

SCHEMA_VERSION = 1


def dumps(data: object) -> bytes:
    """Compact JSON (json's C encoder; with `indent` it falls back to pure Python, the slowest step at scale)."""
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def _both(config: Config, fn) -> dict[str, str]:
    """{"zh": URL, "mn": URL} for a path function of the interface language."""
    u = Urls(config.base_path)
    return {lang: u.absolute(config.site_url, fn(lang)) for lang in ("zh", "mn")}


def _term(term: Term | None, name: str) -> dict:
    return {"name": name, "slug": term.slug if term else None, "name_mn": term.mn.text if term else None}


def document_record(config: Config, doc: Document, issue: Issue, graph: CitationGraph) -> dict:
    """All front-matter data of a document, its place in the issue, its URLs in both interfaces, and its
    citations and relations."""
    return _document_record(config, doc, issue.serial, issue.published_on.isoformat(), links_record(config, graph, doc))


def links_record(config: Config, graph: CitationGraph, doc: Document) -> dict:
    """What the archive records between this document and others (gazette/content/graph.py): its status, the
    relations it records, the later documents that change it, the 文号 it cites and the documents citing it.
    An archive document is named by its id and page URL; a 文号 not in the archive has id null."""
    key = ("links", doc.year, doc.issue_number, doc.slug)
    if key not in graph.memo:  # data.json and catalogue.json show the same lists
        graph.memo[key] = _links_record(config, graph, doc)
    return graph.memo[key]


def _links_record(config: Config, graph: CitationGraph, doc: Document) -> dict:
    u = Urls(config.base_path)

    def ref(number: str | None, target: Document | None) -> dict:
        return {"doc_number": number, "id": f"{target.year}/{target.issue_number:02d}/{target.slug}" if target else None,
                "url": u.absolute(config.site_url, u.document("zh", target)) if target else None}

    def cited(number: str) -> dict:
        target = graph.target(number)
        return {**ref(number, target), "status": graph.status(number),
                "issuer": target.issuer if target else graph.agency_name(number)}

    return {
        "status": graph.status(doc.doc_number),
        "relations": [{"type": r.kind, "external": graph.target(r.number) is None, **ref(r.number, graph.target(r.number))} for r in doc.relations],
        "changed_by": [{"type": c.kind, **ref(c.source.doc_number, c.source)} for c in graph.changed_by(doc.doc_number)],
        "cites": [cited(n) for n in graph.cites[(doc.year, doc.issue_number, doc.slug)]],
        "cited_by": [ref(d.doc_number, d) for d in graph.citing(doc.doc_number)],
    }


def _document_record(config: Config, doc: Document, serial: int, published_on: str, links: dict) -> dict:
    u = Urls(config.base_path)
    number = parse_doc_number(doc.doc_number) if doc.doc_number else None
    slug = number_slug(doc)
    return {
        "id": f"{doc.year}/{doc.issue_number:02d}/{doc.slug}",
        "slug": doc.slug,
        "year": doc.year,
        "issue_number": doc.issue_number,
        "serial": serial,
        "published_on": published_on,
        "title": doc.title,
        "title_mn": doc.mn_text.title if doc.mn_text is not None else None,
        "subtitle": doc.subtitle,
        "author": doc.author,
        "doc_number": doc.doc_number,
        "doc_number_parts": {"agency": number.agency, "year": number.year, "seq": number.seq} if number else None,
        "issuer": _term(config.issuer(doc.issuer), doc.issuer),
        "category": _term(config.category(doc.category), doc.category),
        "written_on": doc.written_on.isoformat() if doc.written_on else None,
        "page": doc.page,
        "addressees": doc.addressees,
        "public_release": doc.public_release,
        "corrections": [{"where": c.where, "was": c.was, "now": c.now, "why": c.why} for c in doc.corrections],
        "languages": ["zh", "mn"] if doc.mn_text is not None else ["zh"],
        "urls": {
            "page": _both(config, lambda lang: u.document(lang, doc)),
            "permalink": _both(config, lambda lang: u.permalink(lang, slug)) if slug else None,
            "data": u.absolute(config.site_url, u.document_data(doc)),
        },
        **links,
    }


def issue_record(config: Config, issue: Issue) -> dict:
    """An issue's data and URLs, without its documents."""
    u = Urls(config.base_path)
    return {
        "id": f"{issue.year}/{issue.number:02d}",
        "year": issue.year,
        "number": issue.number,
        "serial": issue.serial,
        "published_on": issue.published_on.isoformat(),
        "frequency": issue.frequency,
        "pdf": issue.pdf,
        "source": u.absolute(config.site_url, f"{issue.year}/{issue.number:02d}/{issue.source}") if issue.source else None,
        "contents": [d.slug for d in issue.documents],
        "urls": {
            "page": _both(config, lambda lang: u.issue(lang, issue)),
            "manifest": u.absolute(config.site_url, u.issue_manifest(issue)),
            "archive": u.absolute(config.site_url, u.issue_archive(issue)),
        },
    }


def _archive(issue: Issue, sums: dict[str, tuple[str, int]]) -> dict:
    """SHA-256 and size of the issue's zip (catalogue only: the zip itself holds each data.json)."""
    (archive_sha256, archive_size), (manifest_sha256, _) = sums[Urls.issue_archive(issue)], sums[Urls.issue_manifest(issue)]
    return {"archive_sha256": archive_sha256, "archive_bytes": archive_size, "manifest_sha256": manifest_sha256}


def _text(text: DocumentText) -> dict:
    return {
        "lang": text.lang,
        "title": text.title,
        "headings": [{"level": h.level, "text": h.text, "id": h.id} for h in text.headings],
        "plain_text": text.plain_text,
    }


def _document_json(config: Config, doc: Document, issue: dict, links: dict) -> dict:
    record = _document_record(config, doc, issue["serial"], issue["published_on"], links)
    record["schema_version"] = SCHEMA_VERSION
    record["issue"] = issue
    record["text"] = {"zh": _text(doc.text), **({"mn": _text(doc.mn_text)} if doc.mn_text is not None else {})}
    return record


def _issue_json(config: Config, issue: Issue, sums: dict[str, tuple[str, int]], graph: CitationGraph) -> dict:
    return {**issue_record(config, issue), **_archive(issue, sums),
            "documents": [document_record(config, d, issue, graph) for d in issue.documents]}


def _catalogue_head(config: Config, gazette: Gazette) -> dict:
    """Everything of the catalogue but its issues."""
    u = Urls(config.base_path)
    newest = max((i.published_on for i in gazette.issues), default=None)
    return {
        "schema_version": SCHEMA_VERSION,
        "title": config.title,
        "title_mn": config.masthead_mn.text,
        "publisher": config.publisher,
        "site_url": config.site_url,
        "base_path": config.base_path,
        "updated": newest.isoformat() if newest else None,
        "urls": {
            "home": _both(config, u.home),
            "feed": _both(config, u.feed),
            "sitemap": u.absolute(config.site_url, u.sitemap()),
            "catalogue": u.absolute(config.site_url, u.catalogue()),
        },
        "categories": [_term(t, t.name) for t in config.categories],
        "issuers": [_term(t, t.name) for t in config.issuers],
    }


@dataclass(frozen=True)
class DocumentData:
    """The view of one document's data.json: made with the pages (in the render workers, cached like them)."""

    doc: Document
    issue: dict  # issue_record(): the issue without its documents' data, so the cache digest stays small
    links: dict  # links_record(): citations and relations

    def data(self, config: Config) -> bytes:
        return dumps(_document_json(config, self.doc, self.issue, self.links))


def document_data_pages(config: Config, gazette: Gazette) -> tuple[tuple[str, Callable[[], DocumentData], tuple | None], ...]:
    """(site path, a function making its view, render-cache key) of every document's …/<slug>/data.json: the
    view is made only where it is rendered (its key changed)."""
    u = Urls(config.base_path)
    graph = citation_graph(config, gazette)
    return tuple((u.document_data(d), partial(_data_view, config, graph, issue, d),
                  ("data", issue.fingerprint, k, graph.page_inputs(d)) if issue.fingerprint else None)
                 for issue in gazette.issues for k, d in enumerate(issue.documents))


def _data_view(config: Config, graph: CitationGraph, issue: Issue, doc: Document) -> DocumentData:
    return DocumentData(doc, issue_record(config, issue), links_record(config, graph, doc))


_ISSUES = "\x00issues"  # stands for the issues' list in the head's JSON (json writes it as "\u0000issues")


def catalogue_output(config: Config, gazette: Gazette, sums: dict[str, tuple[str, int]], made=None) -> Output:
    """catalogue.json; `sums` holds (SHA-256, size) of every issue's zip and manifest. Written from parts:
    the head and one part per issue, in the bytes `dumps` gives the whole (json writes a list as its items
    joined by commas; tests/test_catalogue.py checks the text against json's). `made(key, make)` (the render cache's) hands back an issue's part of the
    last build when what it is made from is unchanged: the issue's listing, its zip and manifest digests and
    what its documents show of other documents (the citation graph's page inputs)."""
    graph = citation_graph(config, gazette)
    listed = listing_digests(gazette)
    parts = []
    for issue in gazette.issues:
        make = partial(_issue_part, config, issue, sums, graph)
        if made is None:
            parts.append(make())
            continue
        archive, manifest = Urls.issue_archive(issue), Urls.issue_manifest(issue)
        parts.append(made(("catalogue", listed[(issue.year, issue.number)], sums[archive], sums[manifest],
                           tuple(graph.page_inputs(d) for d in issue.documents)), make))
    head = dumps({**_catalogue_head(config, gazette), "issues": _ISSUES})
    return Output(Urls.catalogue(), head.replace(b'"\\u0000issues"', b"[" + b",".join(parts) + b"]", 1))


def _issue_part(config: Config, issue: Issue, sums: dict[str, tuple[str, int]], graph: CitationGraph) -> bytes:
    return dumps(_issue_json(config, issue, sums, graph))[:-1]  # without dumps' newline
