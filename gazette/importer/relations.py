"""Relations the text states (文件关系): a title such as 关于对包府办发〔2019〕54号文件部分内容进行调整的通知 or
关于废止…的决定, or a body sentence such as “…（包府办发〔2019〕6号）自本意见实施之日起废止”. The importer does not
record them: each becomes a doubt in import-report.txt, with the front-matter line for the clerk to confirm.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import yaml

from ..content.docnumber import find_cited, normalise_brackets
from .model import Document, Doubt, ImportedIssue

# What a title or sentence says about the 文号 it cites → the front-matter field (docs/content-model.md).
_SAYS = (("repeals", re.compile("废止|予以撤销|停止执行")), ("replaces", re.compile("代替|替代")),
         ("amends", re.compile("调整|修改|修订|修正")))
_SENTENCE = re.compile(r"[^。；]+")


def _kind(text: str) -> str | None:
    return next((kind for kind, says in _SAYS if says.search(text)), None)


def propose_relations(documents: tuple[Document, ...] | list[Document]) -> list[Doubt]:
    """One doubt per relation a document's title (or a body sentence, for 废止) states about a cited 文号."""
    doubts = []
    for doc in documents:
        found: dict[str, tuple[str, str]] = {}
        kind = _kind(doc.title)
        for _, _, number in find_cited(doc.title, frozenset()) if kind else ():
            found.setdefault(number.canonical, (kind, "标题 title"))
        if kind and not found:  # 关于废止《…》的决定: the 文号 is not in the title
            doubts.append(Doubt(doc.first_line, "relation", doc.title,
                                f"标题表明本文件{_ZH[kind]}另一文件，但未写文号：请查明其文号后在 {doc.slug}.md 中写 {kind}: [文号]。"
                                f"The title says this document {kind} another; find its 文号 and record {kind}: [文号] in {doc.slug}.md."))
        for sentence in _SENTENCE.findall(doc.body):
            if _kind(sentence) == "repeals":
                for _, _, number in find_cited(sentence, frozenset()):
                    found.setdefault(number.canonical, ("repeals", "正文 body"))
        for number, (kind, where) in found.items():
            if number == doc.doc_number:
                continue
            doubts.append(Doubt(doc.first_line, "relation", f"{doc.slug}: {kind} {number}",
                                f"{where.split()[0]}表明本文件{_ZH[kind]} {number}：请核对后在 {doc.slug}.md 的 front matter 中写 "
                                f"{kind}: [{number}]（该文件未收入本库时写 {{doc_number: {number}, external: true}}）。"
                                f"The {where.split()[1]} says this document {kind} {number}: confirm, then record it in {doc.slug}.md."))
    return doubts


_ZH = {"amends": "修改（调整）", "repeals": "废止", "replaces": "代替"}


def read_relations(folder: Path) -> dict[str, tuple[tuple[str, str, bool], ...]]:
    """The relations a clerk recorded in a folder's .md front matter (amends, repeals, replaces), to keep them
    when the issue is imported again (like `corrections`)."""
    found = {}
    for md in sorted(Path(folder).glob("*.md")):
        text = md.read_text(encoding="utf-8")
        if md.name.endswith(".mn.md") or not text.startswith("---\n"):
            continue
        data = yaml.load(text[4: text.index("\n---\n", 4)], Loader=yaml.BaseLoader) or {}
        found[md.stem] = tuple(
            (kind, normalise_brackets(item["doc_number"] if isinstance(item, dict) else item),
             isinstance(item, dict) and item.get("external") == "true")
            for kind in ("amends", "repeals", "replaces") for item in (data.get(kind) or []))
    return found


def carry_relations(imported: ImportedIssue, by_slug: dict[str, tuple[tuple[str, str, bool], ...]]) -> ImportedIssue:
    return replace(imported, documents=tuple(replace(d, relations=by_slug.get(d.slug, ())) for d in imported.documents))
