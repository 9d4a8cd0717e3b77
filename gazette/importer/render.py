"""Text of the draft files: issue.yaml, each document's front matter + body, and the bilingual import report.

YAML is written by hand (not yaml.dump) so the output is stable, readable and parses the same with BaseLoader.
"""

from __future__ import annotations

import json
import re

from .model import Correction, Document, ImportedIssue, IssueRecord

_PLAIN_OK = re.compile(r"^[^\x00-\x7f\s][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\"'#:\\{}\[\],&*!|>%@`]*$")
_NON_PRINTABLE = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
                            r"|[\x85\u2028\u2029\ufeff]")

KINDS = {
    "ocr-noise": ("OCR噪声", "OCR noise"),
    "latin-word": ("中文句中的英文词", "English word in Chinese text"),
    "latin-join": ("拉丁字母折行", "Latin text split across lines"),
    "title-space": ("标题空格", "space in title"),
    "title-mismatch": ("标题与目录不符", "title differs from 目录"),
    "heading-space": ("标题中的空格", "space in heading"),
    "heading-guess": ("标题判断", "heading guessed"),
    "dangling": ("段落句中断开", "paragraph stops mid-sentence"),
    "mid-sentence": ("段落从句中开始", "paragraph starts mid-sentence"),
    "orphan-note": ("单独成段的注释", "stand-alone note"),
    "page-break": ("页眉处段落边界", "paragraph boundary at header"),
    "tex": ("TeX记号", "TeX markup"),
    "doc-number-brackets": ("文号括号", "文号 brackets"),
    "title-brackets": ("标题中文号括号", "文号 brackets in title"),
    "extra-date": ("多余日期行", "extra date line"),
    "duplicate-data": ("重复数据行", "repeated data line"),
    "issuer": ("发文机关", "issuer"),
    "relation": ("文件关系", "relation"),  # gazette/importer/relations.py
    "category": ("栏目", "category"),
    "issuer-source": ("发文机关来源", "where the issuer came from"),
    "furniture": ("页眉页码", "running header / page number"),
    "furniture-inline": ("句中页眉页码", "header / page number inside text"),
    "list-kept": ("一行一项", "one item per line"),
    "table-joined": ("续表合并", "continued table joined"),
    "table-header-repeat": ("重复表头", "repeated header row"),
}
# Mechanical changes the importer is sure of: listed apart from the doubts, so the doubts stay few.
CHANGES = {"furniture", "list-kept", "table-header-repeat"}


def yaml_str(value: str) -> str:
    """A YAML scalar that BaseLoader reads back as exactly `value`: plain when safe, else JSON-style double quotes."""
    if (_PLAIN_OK.match(value) and ord(value[0]) >= 0xA0 and value == value.strip() and " #" not in value
            and not _NON_PRINTABLE.search(value)):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000
                              else f"\\U{ord(m.group()):08x}", quoted)


def issue_yaml(issue: IssueRecord) -> str:
    """issue.yaml text in the key order of docs/content-model.md."""
    out = [f"year: {issue.year}", f"number: {issue.number}", f"serial: {issue.serial}",
           f"published_on: {issue.published_on}", f"frequency: {yaml_str(issue.frequency)}"]
    if issue.source:
        out.append(f"source: {yaml_str(issue.source)}")
    out.append("contents:")
    out += [f"  - {yaml_str(s)}" for s in issue.contents]
    return "\n".join(out) + "\n"


def _correction_yaml(c: Correction) -> list[str]:
    return [f"  - where: {yaml_str(c.where)}", f"    was: {yaml_str(c.was)}", f"    now: {yaml_str(c.now)}",
            f"    why: {yaml_str(c.why)}"]


def document_text(doc: Document) -> str:
    """The .md file: front matter (keys in contract order, absent fields left out) then the Markdown body."""
    fm = [f"title: {yaml_str(doc.title)}"]
    for key in ("subtitle", "author", "doc_number"):
        if getattr(doc, key):
            fm.append(f"{key}: {yaml_str(getattr(doc, key))}")
    fm.append(f"issuer: {yaml_str(doc.issuer)}")
    if doc.written_on:
        fm.append(f"written_on: {doc.written_on}")
    fm += [f"category: {yaml_str(doc.category)}", f"page: {doc.page}"]
    if doc.addressees:
        fm.append(f"addressees: {yaml_str(doc.addressees)}")
    if doc.public_release is not None:
        fm.append(f"public_release: {'true' if doc.public_release else 'false'}")
    for kind in ("amends", "repeals", "replaces"):  # 文件关系, as the clerk confirmed them (importer/relations.py)
        items = [(n, ext) for k, n, ext in doc.relations if k == kind]
        if items:
            fm.append(f"{kind}:")
            fm += [f"  - {{doc_number: {n}, external: true}}" if ext else f"  - {n}" for n, ext in items]
    if doc.corrections:
        fm.append("corrections:")
        for c in doc.corrections:
            fm += _correction_yaml(c)
    return "---\n" + "\n".join(fm) + "\n---\n" + doc.body


def report_text(imported: ImportedIssue) -> str:
    """import-report.txt: each doubtful spot with its source line, for the editor (中文 + English)."""
    i = imported.issue
    lines = [f"# 导入报告 Import report: {i.year}年第{i.number}期（总第{i.serial}期）", "",
             f"来源 Source: `{imported.source_name}` (→ `source.txt`). 行号指来源文本 Line numbers refer to the source text.",
             "", "## 文件 Documents", "", "| slug | 页 page | 行 line | 标题 title | 文号 |", "|---|---|---|---|---|"]
    for d in imported.documents:
        lines.append(f"| {d.slug} | {d.page} | {d.first_line} | {d.title} | {d.doc_number or ''} |")
    changes = [d for d in imported.doubts if d.kind in CHANGES]
    doubts = [d for d in imported.doubts if d.kind not in CHANGES]
    lines += ["", f"## 存疑之处 Doubtful spots ({len(doubts)})", "",
              "导入程序不作猜测：以下各处保持原样（或仅作说明中的机械处理），请对照印刷版核对，需要改动时在该文件的 "
              "`corrections:` 中记录。The importer does not guess: each spot below is kept as extracted (or changed only "
              "mechanically as stated); check it against the print and record any edit in that document's `corrections:`.",
              "", "| 行 line | 类别 kind | 原文 text | 说明 note |", "|---|---|---|---|"]
    lines += [_row(d) for d in doubts]
    if changes:
        lines += ["", f"## 已作的机械处理 Mechanical changes ({len(changes)})", "",
                  "以下各处按规则处理，无需核对，列出以备查。Each spot below was handled by a fixed rule; listed for the record.",
                  "", "| 行 line | 类别 kind | 原文 text | 说明 note |", "|---|---|---|---|"]
        lines += [_row(d) for d in changes]
    return "\n".join(lines) + "\n"


def _row(d) -> str:
    zh, en = KINDS.get(d.kind, (d.kind, d.kind))
    text = d.text.replace("|", "\\|").replace("\n", " ")
    if d.kind == "ocr-noise":
        text = "（蒙古文字符，不输出 Mongolian characters, not reproduced）"
    return f"| {d.line} | {zh} {en} | {text} | {d.message} |"
