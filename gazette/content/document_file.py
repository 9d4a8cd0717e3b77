"""One document file (p001.md) → Document, and its parallel Mongolian text (p001.mn.md) → DocumentText:
front matter checked field by field, the body rendered (gazette/content/markdown.py)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from ..core.errors import Diagnostic, error, errors_in, warning
from .config import Config
from .docnumber import normalise_brackets, parse_doc_number
from .fields import FieldReader
from .frontmatter import FrontMatterError, Key, Parsed, Value, split_front_matter
from .markdown import render_markdown
from .model import Correction, Document, DocumentText
from .mongolian import suffixes_after_space
from .relations import read_relations
from .residue import residue
from .text_file import SourceText

DOCUMENT_FIELDS = {
    "title": "标题", "subtitle": "副标题", "author": "署名", "doc_number": "文号", "issuer": "发文机关",
    "written_on": "成文日期", "category": "栏目", "page": "起始页码", "addressees": "主送机关",
    "public_release": "此件公开发布", "corrections": "勘误记录",
    "amends": "修改", "repeals": "废止", "replaces": "代替",  # relations to earlier documents (gazette/content/relations.py)
}
MN_FIELDS = {k: DOCUMENT_FIELDS[k] for k in ("title", "doc_number", "written_on", "issuer", "category", "page")}
CORRECTION_FIELDS = {"where": "位置", "was": "原文", "now": "更正", "why": "理由"}
_ASCII_OR_FULL_WIDTH_DIGITS = re.compile(r"[0-9\uff10-\uff19]")


def read_document(config: Config, md: MarkdownIt, src: SourceText, slug: str, year: int, number: int,
                  out: list[Diagnostic]) -> Document | None:
    """A Chinese document file; None (with its errors in `out`) when anything is wrong."""
    try:
        parsed = split_front_matter(src.text)
    except FrontMatterError as exc:
        out.append(error(src.rel, exc.line, exc.message))
        return None
    r = FieldReader(src.rel, 1, parsed.fields, DOCUMENT_FIELDS, ("title", "issuer", "category", "page"))
    title, issuer, category = r.text("title"), r.text("issuer"), r.text("category")
    _check_terms(config, r, issuer, category)
    doc = dict(
        subtitle=r.text("subtitle"), author=r.text("author"), doc_number=_read_doc_number(r, out),
        written_on=r.date("written_on"), page=r.integer("page"), addressees=r.text("addressees"),
        public_release=r.boolean("public_release"), corrections=_corrections(r, out), relations=read_relations(r),
    )
    text = _render(md, src, parsed, "zh", title, out)
    out.extend(warning(src.rel, parsed.body_line + n, m)
               for n, m in residue(parsed.body, config.title, (t.name for t in config.categories)))
    out.extend(r.diagnostics)
    if errors_in(r.diagnostics) or text is None:
        return None
    return Document(slug=slug, year=year, issue_number=number, title=title, issuer=issuer, category=category,
                    text=text, mn_text=None, **doc)


def _check_terms(config: Config, r: FieldReader, issuer: str | None, category: str | None) -> None:
    """The issuer and the category must be filled in (not the scaffold's placeholder) and known to config.yaml."""
    if issuer is not None and issuer.startswith("（请填写"):
        r.fail(r.value("issuer"), "发文机关（issuer）还没有填写（导入程序无法确定），请对照印刷版的落款或文号填写 the issuer is not filled in yet: write it as printed")
    elif issuer is not None and config.issuer(issuer) is None:
        r.fail(r.value("issuer"), f"发文机关（issuer）{issuer!r} 不在 config.yaml 的 issuers 中（现有：{'、'.join(t.name for t in config.issuers)}） issuer {issuer!r} is not listed under issuers in config.yaml; add it with: build.py add-issuer（docs/编辑指南.md 第 2 节）")
    if category is not None and category.startswith("（请填写"):
        r.fail(r.value("category"), "栏目（category）还没有填写，请按印刷版目录填写 the category is not filled in yet: write it as the 目录 prints it")
    elif category is not None and config.category(category) is None:
        r.fail(r.value("category"), f"栏目（category）{category!r} 不在 config.yaml 的 categories 中（现有：{'、'.join(t.name for t in config.categories)}） category {category!r} is not listed under categories in config.yaml; add it with: build.py add-category（docs/编辑指南.md 第 2 节）")


def _corrections(r: FieldReader, out: list[Diagnostic]) -> tuple[Correction, ...]:
    v = r.value("corrections")
    if v is None:
        return ()
    if not isinstance(v.data, list):
        r.fail(v, "勘误记录（corrections）应为列表 must be a list of {where, was, now, why}")
        return ()
    items = []
    for item in v.data:
        if not isinstance(item.data, dict):
            r.fail(item, "每条勘误须有 where、was、now、why each correction needs where, was, now, why")
            continue
        fields = tuple((k, val) for k, val in _pairs(item))
        cr = FieldReader(r.path, item.line, fields, CORRECTION_FIELDS, tuple(CORRECTION_FIELDS))
        where, was, now, why = (cr.values[k].data if k in cr.values and isinstance(cr.values[k].data, str) else "" for k in CORRECTION_FIELDS)
        out.extend(cr.diagnostics)
        items.append(Correction(where, was, now, why))
    return tuple(items)


def _pairs(value: Value) -> list[tuple[Key, Value]]:
    return [(Key(k, v.line), v) for k, v in value.data.items()]


def _read_doc_number(r: FieldReader, out: list[Diagnostic]) -> str | None:
    raw = r.text("doc_number")
    if raw is None:
        return None
    v = r.value("doc_number")
    other_digits = sorted({c for c in raw if c.isdigit() and not _ASCII_OR_FULL_WIDTH_DIGITS.fullmatch(c)})
    if other_digits:
        shown_digits = "、".join(f"{c!r}（U+{ord(c):04X}）" for c in other_digits)
        r.fail(v, f"文号（doc_number）中的数字 {shown_digits} 应写成 0-9（或全角 ０-９） the digits of doc_number must be 0-9 "
                  f"(or full-width ０-９), got {shown_digits.replace('（', ' (').replace('）', ')')} in {raw!r}")
        return None
    canonical = normalise_brackets(raw)
    if parse_doc_number(canonical) is None:
        r.fail(v, f"文号（doc_number）格式不对：{raw!r}，应为“机关代字〔年份〕序号号”，如 包府办发〔2023〕9号 doc_number {raw!r} is not of the form 机关代字〔YYYY〕N号, e.g. 包府办发〔2023〕9号")
        return None
    if canonical != raw:
        out.append(warning(r.path, v.line, f"文号 {raw!r} 已规范为 {canonical!r}（请使用六角括号〔〕） doc_number normalised to {canonical!r}: use the brackets 〔〕"))
    return canonical


def _render(md: MarkdownIt, src: SourceText, parsed: Parsed, lang: str, title: str | None,
            out: list[Diagnostic]) -> DocumentText | None:
    rendered = render_markdown(md, parsed.body)
    for line, message in rendered.problems:
        out.append(error(src.rel, parsed.body_line + line, message))
    if title is None or rendered.problems:
        return None
    return DocumentText(lang, title, rendered.html, rendered.plain_text, rendered.headings, src.rel, rendered.citations)


def read_mn(md: MarkdownIt, src: SourceText, zh: Document, out: list[Diagnostic]) -> DocumentText | None:
    """A parallel Mongolian text: its own title and body; shared data must agree with the Chinese file."""
    try:
        parsed = split_front_matter(src.text)
    except FrontMatterError as exc:
        out.append(error(src.rel, exc.line, exc.message))
        return None
    r = FieldReader(src.rel, 1, parsed.fields, MN_FIELDS, ("title",))
    _check_shared(r, zh)
    out.extend(r.diagnostics)
    title_v = r.value("title")
    spaced = [(title_v.line, sfx) for _, sfx in suffixes_after_space(str(title_v.data))] if title_v is not None else []
    spaced += [(parsed.body_line + n - 1, sfx) for n, sfx in suffixes_after_space(parsed.body)]
    for line, sfx in spaced:
        out.append(warning(src.rel, line, f"蒙古文后缀 {sfx} 前应为 U+202F 而非空格 the suffix {sfx} follows a plain space: write U+202F (NNBSP) before it"))
    text = _render(md, src, parsed, "mn", r.text("title"), out)
    return None if errors_in(r.diagnostics) else text


def _check_shared(r: FieldReader, zh: Document) -> None:
    """What a Mongolian file repeats (文号, dates, issuer, category, page) must agree with the Chinese file."""
    shared = {"doc_number": zh.doc_number, "written_on": zh.written_on, "issuer": zh.issuer, "category": zh.category, "page": zh.page}
    for key, expected in shared.items():
        if key not in r.values:
            continue
        got = {"written_on": r.date, "page": r.integer}.get(key, r.text)(key)
        if key == "doc_number" and got is not None:
            got = normalise_brackets(got)
        if got is not None and got != expected:
            r.fail(r.value(key), f"{r.label(key)} 与中文文件不一致：{got!s} ≠ {expected!s}（{zh.text.source_path}） does not agree with the Chinese file")
