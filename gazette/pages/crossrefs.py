"""Cross-references on the pages: each cited 文号 as a link to the archive's document or an external-citation
mark, the relations block of a document page (status, what changes it, what it cites and what cites it), the 文号
index's cited numbers not in the archive, and the JSON-LD legislation fields, all from the citation graph
(gazette/content/graph.py)."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..content.docnumber import find_cited
from ..content.graph import IN_FORCE
from ..content.model import CITED_MARK, Document, DocumentText
from .i18n import mn_html, wrap_mn
from .views import ExternalNumber, Link, RelatedDoc, RelationGroup, RelationsView


class _Nobody:
    """Stands for "no citing document" in CrossRefs.cited (an external 文号 in a list is nobody's own)."""

    doc_number = None


_NOBODY = _Nobody()


def anchor(url: str, label: Markup) -> Markup:
    """`<a href>` around prepared markup (an f-string: Markup.format runs string.Formatter in Python)."""
    return Markup(f'<a href="{escape(url)}">{label}</a>')


class CrossRefs:
    """The Planner's cross-reference views. Uses the planner's `config`, `ui`, `urls`, `lang`, `graph`,
    `_agencies` and `doc_title`."""

    def status(self, number: str | None) -> tuple[Markup | None, str]:
        key = self.graph.status(number)
        return (self.ui.markup(f"status_{key}") if key else None), key or ""

    def cited(self, printed: str, number: str, doc: Document) -> Markup:
        """A cited 文号 as printed: a link to the archive's document, else an external-citation mark naming the
        issuing body and what the archive records about it; the document's own 文号 stays plain text."""
        ui, shown = self.ui, self.ui.chinese(printed)
        target = self.graph.target(number)
        if number == doc.doc_number:
            return shown
        key = self.graph.status(number)
        here = [c.kind for c in self.graph.changed_by(number) if c.source is doc]
        state = ui.plain(f"{here[0]}_here") if here else "" if key == IN_FORCE else ui.plain(f"status_{key}")
        if state:
            state = f"（{state}）" if self.lang == "zh" else f" ({state})"
        if target is not None:
            title = escape((target.mn_text.title if self.lang == "mn" and target.mn_text is not None else target.title) + state)
            return Markup(f'<a class="cite-link cite-{key}" href="{escape(self.urls.url(self.urls.document(self.lang, target)))}" title="{title}">{shown}</a>')
        body = self.graph.agency_name(number)
        about = ui.plain("cite_external_by", issuer=body) if body else ui.plain("cite_external")
        return Markup(f'<span class="cite-external cite-{key}" title="{escape(about + state)}">{shown}</span>')

    def with_citations(self, text: str, doc: Document) -> Markup:
        """A title with each cited 文号 marked (the document page's <h1>)."""
        out, at = [], 0
        for start, end, number in find_cited(text, self._agencies):
            if start > at:
                out.append(self.ui.chinese(text[at:start]))
            out.append(self.cited(text[start:end], number.canonical, doc))
            at = end
        if at < len(text):
            out.append(self.ui.chinese(text[at:]))
        return Markup("").join(out)

    def body(self, text: DocumentText, doc: Document) -> Markup:
        """The body's HTML with its cited 文号 put back as links or external-citation marks."""
        html = mn_html(text.body_marked) if text.lang == "mn" else text.body_marked
        if not text.citations:
            return Markup(html)
        parts = str(html).split(CITED_MARK)
        out = [parts[0]]
        for cite, after in zip(text.citations, parts[1:]):
            out += [self.cited(cite.printed, cite.number, doc), after]
        return Markup("".join(out))

    def legislation(self, doc: Document) -> dict:
        """schema.org for the JSON-LD: `legislationChanges` (what this document amends, repeals or replaces: the
        archive's page, else the 文号) and `legislationLegalForce` NotInForce once the archive records a repeal."""
        u, out = self.urls, {}
        if doc.relations:
            out["legislationChanges"] = [
                {"@id": u.absolute(self.config.site_url, u.document(self.lang, t))} if (t := self.graph.target(r.number)) is not None
                else {"@type": "Legislation", "legislationIdentifier": r.number} for r in doc.relations]
        if self.graph.status(doc.doc_number) == "repealed":
            out["legislationLegalForce"] = "https://schema.org/NotInForce"
        return out

    def external_about(self, number: str) -> Markup:
        """Who issued a 文号 that is not in the archive, and that the archive lacks it; on Mongolian pages the
        Chinese name of the body is its own zh-Hans element."""
        ui, body = self.ui, self.graph.agency_name(number)
        if body is None:
            return ui.markup("cite_external")
        if self.lang == "zh":
            return ui.markup("cite_external_by", issuer=body)
        before, _, after = ui.plain("cite_external_by", issuer="\x01").partition("\x01")
        return Markup(" ").join(p for p in (wrap_mn(before.strip()) if before.strip() else None, ui.chinese(body),
                                           wrap_mn(after.strip()) if after.strip() else None) if p is not None)

    def related(self, number: str | None, doc: Document | None) -> RelatedDoc:
        """A line of a relations list: an archive document (title link) or an external 文号."""
        status, key = self.status(number) if number else (None, "")
        if doc is None:  # not in the archive: said in words too (the mark's title is not read by every reader)
            about = self.external_about(number)
            return RelatedDoc(self.cited(number, number, _NOBODY), Markup(f'<span class="cite-external-note">{about}</span>'),
                              status if key != IN_FORCE else None, key)
        return RelatedDoc(self.ui.chinese(doc.doc_number) if doc.doc_number else None,
                          anchor(self.urls.url(self.urls.document(self.lang, doc)), self.doc_title(doc)),
                          status if key != IN_FORCE else None, key)

    def relations(self, doc: Document) -> RelationsView | None:
        g, ui = self.graph, self.ui
        cites = g.cites[(doc.year, doc.issue_number, doc.slug)]
        citing = g.citing(doc.doc_number)
        changes = g.changed_by(doc.doc_number)
        if not (cites or citing or changes or doc.relations):
            return None
        status, key = self.status(doc.doc_number)
        changed_by = tuple(RelationGroup(f"{kind}_by", ui.markup(f"{kind}_by"), tuple(self.related(c.source.doc_number, c.source) for c in changes if c.kind == kind))
                           for kind in ("repeals", "replaces", "amends") if any(c.kind == kind for c in changes))
        recorded = tuple(RelationGroup(kind, ui.markup(kind), tuple(self.related(r.number, g.target(r.number)) for r in doc.relations if r.kind == kind))
                         for kind in ("amends", "repeals", "replaces") if any(r.kind == kind for r in doc.relations))
        return RelationsView(status, key, changed_by, recorded,
                             RelationGroup("cites", ui.markup("cites"), tuple(self.related(n, g.target(n)) for n in cites)),
                             RelationGroup("cited_by", ui.markup("cited_by"), tuple(self.related(d.doc_number, d) for d in citing)))

    def external_numbers(self) -> tuple[ExternalNumber, ...]:
        """Cited 文号 not in the archive, each with the documents that cite it: what an editor could add next."""
        g, u, out = self.graph, self.urls, []
        for number in g.external():
            body = g.agency_name(number)
            status, key = self.status(number)
            out.append(ExternalNumber(self.ui.chinese(number), self.ui.chinese(body) if body else None,
                                      status if key != IN_FORCE else None, key,
                                      tuple(Link(u.url(u.document(self.lang, d)), self.doc_title(d)) for d in g.citing(number))))
        return tuple(out)
