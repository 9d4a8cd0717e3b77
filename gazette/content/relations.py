"""Relations editors record in front matter (文件关系): a document amends (修改/调整), repeals (废止) or replaces
(代替) earlier documents, named by 文号.

    amends: [包府办发〔2019〕54号]                               # a target in the archive
    repeals:
      - {doc_number: 包府办发〔2019〕6号, external: true}      # a target not in the archive

Reading reports malformed entries with their line; `check_relations` then checks them against the whole archive
(the target exists or is marked external; no cycles; the later document is not dated before its target).
"""

from __future__ import annotations

from datetime import date

from ..core.errors import Diagnostic, error, warning
from .docnumber import normalise_brackets, parse_doc_number
from .fields import FieldReader
from .frontmatter import Value
from .model import Document, Issue, Relation

KINDS = {"amends": "修改", "repeals": "废止", "replaces": "代替"}
_ENTRY_KEYS = ("doc_number", "external")


def read_relations(r: FieldReader) -> tuple[Relation, ...]:
    """Every `amends`/`repeals`/`replaces` entry: a 文号, or {doc_number: 文号, external: true}."""
    found: list[Relation] = []
    for kind, zh in KINDS.items():
        v = r.value(kind)
        if v is None:
            continue
        items = v.data if isinstance(v.data, list) else [v] if isinstance(v.data, str) else None
        if items is None:
            r.fail(v, f"{zh}（{kind}）应为文号列表，如 [包府办发〔2019〕54号] {kind} must be a list of 文号, e.g. [包府办发〔2019〕54号]")
            continue
        for item in items:
            relation = _entry(r, kind, zh, item)
            if relation is not None:
                found.append(relation)
    return tuple(found)


def _entry(r: FieldReader, kind: str, zh: str, item: Value) -> Relation | None:
    external, raw = False, item.data
    if isinstance(item.data, dict):
        unknown = [k for k in item.data if k not in _ENTRY_KEYS]
        flag = item.data.get("external")
        if unknown or "doc_number" not in item.data or (flag is not None and flag.data not in ("true", "false")):
            r.fail(item, f"{zh}（{kind}）的条目应为文号，或 {{doc_number: 文号, external: true}} each {kind} entry is a 文号 or {{doc_number: 文号, external: true}}")
            return None
        external, raw = flag is not None and flag.data == "true", item.data["doc_number"].data
    number = parse_doc_number(normalise_brackets(raw)) if isinstance(raw, str) else None
    if number is None:
        r.fail(item, f"{zh}（{kind}）中的文号格式不对：{raw!r}，应为“机关代字〔年份〕序号号” {kind}: {raw!r} is not a 文号 of the form 机关代字〔YYYY〕N号")
        return None
    return Relation(kind, number.canonical, external, item.line)


def document_date(doc: Document, issue: Issue) -> date:
    """A document's date for ordering relations: 成文日期, else its issue's 出版日期."""
    return doc.written_on or issue.published_on


def check_relations(issues: list[Issue]) -> list[Diagnostic]:
    """Every recorded relation against the archive: target known or marked external, dates in order, no cycles."""
    by_number: dict[str, tuple[Document, Issue]] = {}
    for issue in issues:
        for doc in issue.documents:
            if doc.doc_number:
                by_number.setdefault(doc.doc_number, (doc, issue))  # a duplicate is reported by archive_checks.py
    out: list[Diagnostic] = []
    edges: dict[str, list[tuple[str, Relation]]] = {}
    for issue in issues:
        for doc in issue.documents:
            path = doc.text.source_path
            for rel in doc.relations:
                zh = KINDS[rel.kind]
                target = by_number.get(rel.number)
                if target is None:
                    if not rel.external:
                        out.append(error(path, rel.line, f"{zh}（{rel.kind}）的文号 {rel.number} 不在本库中；该文件未收入本库时请写成 {{doc_number: {rel.number}, external: true}} {rel.kind}: {rel.number} is not in the archive; if it is not, write {{doc_number: {rel.number}, external: true}}"))
                    continue
                if rel.external:
                    out.append(warning(path, rel.line, f"{rel.number} 已收入本库（{target[0].text.source_path}），请删去 external: true {rel.number} is in the archive: remove external: true"))
                if target[0] is doc:
                    out.append(error(path, rel.line, f"文件不能{zh}自身（{rel.number}） a document cannot {rel.kind[:-1]} itself"))
                    continue
                mine, theirs = document_date(doc, issue), document_date(*target)
                if mine < theirs:
                    out.append(error(path, rel.line, f"{zh}（{rel.kind}）的文件 {rel.number} 日期为 {theirs}，晚于本文件 {mine} {rel.kind}: {rel.number} is dated {theirs}, after this document ({mine})"))
                if doc.doc_number:
                    edges.setdefault(doc.doc_number, []).append((rel.number, rel))
    out += _cycles(edges, by_number)
    return out


def _cycles(edges: dict[str, list[tuple[str, Relation]]], by_number: dict) -> list[Diagnostic]:
    """A relation that leads back to its own document (A amends B, B repeals A) is reported where it closes."""
    out, state = [], {}  # number → 1 visiting, 2 done

    def visit(number: str, trail: list[str]) -> None:
        state[number] = 1
        for target, rel in edges.get(number, ()):
            if state.get(target) == 1:
                loop = " → ".join(trail[trail.index(target):] + [number, target]) if target in trail else f"{number} → {target}"
                out.append(error(by_number[number][0].text.source_path, rel.line, f"文件关系成环 relations form a cycle: {loop}"))
            elif target not in state:
                visit(target, trail + [number])
        state[number] = 2

    for number in sorted(edges):
        if number not in state:
            visit(number, [])
    return out
