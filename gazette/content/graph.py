"""The archive's citation graph: which documents cite which 文号, which recorded relations change a document,
and each 文号's status (现行有效, 已修改, 已废止) as far as the archive records it.

Made once per build from the model (one pass over every document's citations and relations, no I/O) and read by
the page views, data.json, catalogue.json, the 文号 index and the search records. A document page's output
depends on other documents through it, so `page_inputs` is part of that page's render-cache key.
"""

from __future__ import annotations

from dataclasses import dataclass

from .config import Config
from .docnumber import find_cited, parse_doc_number
from .model import Document, Gazette, Issue

IN_FORCE, AMENDED, REPEALED = "in_force", "amended", "repealed"
# A relation's kind → the status it gives its target.
STATUS_OF = {"amends": AMENDED, "repeals": REPEALED, "replaces": REPEALED}

DocKey = tuple[int, int, str]  # (year, issue number, slug)


def doc_key(doc: Document) -> DocKey:
    return (doc.year, doc.issue_number, doc.slug)


@dataclass(frozen=True)
class Change:
    """A later document of the archive that amends, repeals or replaces a 文号."""

    kind: str  # amends | repeals | replaces
    source: Document


class CitationGraph:
    """Citations and relations of the whole archive, by 文号 (canonical form)."""

    def __init__(self, config: Config, gazette: Gazette):
        known = frozenset(code for code, _ in config.agencies)
        self.config = config
        self.issue: dict[DocKey, Issue] = {}
        self.by_number: dict[str, Document] = {}
        self.cites: dict[DocKey, tuple[str, ...]] = {}
        self.cited_by: dict[str, list[Document]] = {}
        self.changes: dict[str, list[Change]] = {}
        self.memo: dict = {}  # per document: page inputs, data.json lists (asked for by several outputs)
        for issue in gazette.issues:
            for doc in issue.documents:
                self.issue[doc_key(doc)] = issue
                if doc.doc_number:
                    self.by_number[doc.doc_number] = doc
        for issue in gazette.issues:
            for doc in issue.documents:
                numbers = [n.canonical for _, _, n in find_cited(doc.title, known)]
                numbers += [c.number for c in doc.text.citations]
                numbers += [c.number for c in doc.mn_text.citations] if doc.mn_text is not None else []
                numbers += [r.number for r in doc.relations]
                mine = tuple(dict.fromkeys(n for n in numbers if n != doc.doc_number))
                self.cites[doc_key(doc)] = mine
                for number in mine:
                    self.cited_by.setdefault(number, []).append(doc)
                for rel in doc.relations:
                    self.changes.setdefault(rel.number, []).append(Change(rel.kind, doc))

    def status(self, number: str | None) -> str | None:
        """repealed (废止 or 代替) wins over amended; None for a document without 文号."""
        if number is None:
            return None
        kinds = {STATUS_OF[c.kind] for c in self.changes.get(number, ())}
        return REPEALED if REPEALED in kinds else AMENDED if AMENDED in kinds else IN_FORCE

    def target(self, number: str) -> Document | None:
        """The archive's document with this 文号, or None (an external citation)."""
        return self.by_number.get(number)

    def citing(self, number: str | None) -> tuple[Document, ...]:
        """The archive's documents that cite this 文号 (in archive order)."""
        return tuple(self.cited_by.get(number, ())) if number else ()

    def changed_by(self, number: str | None) -> tuple[Change, ...]:
        return tuple(self.changes.get(number, ())) if number else ()

    def external(self) -> tuple[str, ...]:
        """文号 cited or named in a relation that no document of the archive has, sorted like the 文号 index."""
        numbers = {n for n in self.cited_by if n not in self.by_number}
        return tuple(sorted(numbers, key=lambda n: (lambda d: (d.agency, d.year, d.seq))(parse_doc_number(n))))

    def agency_name(self, number: str) -> str | None:
        """The issuing body of a 文号 from its 机关代字 (config.yaml agencies), if known."""
        parsed = parse_doc_number(number)
        return self.config.agency(parsed.agency) if parsed else None

    # -- what a page shows, for the render cache ------------------------------------------------
    def _ref(self, doc: Document | None) -> tuple | None:
        """What a page or data.json shows of another document: where it is, its 文号, titles and issuer, and its
        status (a citing document is listed with its badge)."""
        if doc is None:
            return None
        return (*doc_key(doc), doc.doc_number, doc.title, doc.mn_text.title if doc.mn_text is not None else None, doc.issuer,
                self.status(doc.doc_number))

    def _about(self, number: str) -> tuple:
        """What a page shows of a 文号 (asked for once per citing document: made once per number)."""
        key = ("about", number)
        if key not in self.memo:
            self.memo[key] = (number, self._ref(self.target(number)), self.status(number),
                              tuple((c.kind, self._ref(c.source)) for c in self.changed_by(number)))
        return self.memo[key]

    def page_inputs(self, doc: Document) -> tuple:
        """Everything a document's page and data.json show from other documents (their titles, URLs and
        statuses): with its issue folder's key, it says whether the page is unchanged."""
        key = ("inputs", *doc_key(doc))
        if key not in self.memo:
            self.memo[key] = (self._about(doc.doc_number) if doc.doc_number else None,
                              tuple(self._about(n) for n in self.cites[doc_key(doc)]),
                              tuple(self._ref(d) for d in self.citing(doc.doc_number)))
        return self.memo[key]


_LAST: list = []  # [(config, gazette, graph)]: the graph of the archive being built


def citation_graph(config: Config, gazette: Gazette) -> CitationGraph:
    """The graph of this archive, made once and shared by every step of a build (views, JSON, search)."""
    if _LAST and _LAST[0][0] is config and _LAST[0][1] is gazette:
        return _LAST[0][2]
    graph = CitationGraph(config, gazette)
    _LAST[:] = [(config, gazette, graph)]
    return graph
