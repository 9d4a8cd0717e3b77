"""One issue folder content/YYYY/NN → Issue: its issue.yaml, the files its 目录 (contents) lists, and each
document with its parallel Mongolian text (gazette/content/document_file.py). Every error is reported into
`out`; the Issue is returned only when there is none in issue.yaml."""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from markdown_it import MarkdownIt

from ..core.errors import Diagnostic, error, errors_in
from ..core.textcheck import unsafe_name
from .config import Config
from .document_file import read_document, read_mn
from .fields import FieldReader
from .frontmatter import FrontMatterError, parse_yaml
from .markdown import make_markdown
from .model import Document, Issue
from .regular import NotRegularFile, not_regular_message, read_regular
from .text_file import SourceText, line_of, read_text, rel_path

ISSUE_FIELDS = {
    "year": "年份", "number": "期号", "serial": "总期号", "published_on": "出版日期", "frequency": "刊期",
    "pdf": "原版PDF", "source": "来源文本", "contents": "目录",
}
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_SOURCE = re.compile(r"[a-z0-9][a-z0-9-]*\.txt")


@dataclass(frozen=True)
class _Head:
    """What issue.yaml says, checked against its folder; `slugs` is the 目录 as (name, line)."""

    reader: FieldReader
    year: int | None
    serial: int | None
    published: date | None
    frequency: str | None
    pdf: str | None
    source: str | None
    slugs: tuple[tuple[str, int], ...]
    has_contents: bool


@dataclass(frozen=True)
class _Files:
    """An issue folder's entries: regular files, and anything else (a folder or pipe named p001.md) by name."""

    regular: dict[str, Path]
    odd: dict[str, Path]

    @property
    def named(self) -> list[str]:
        return [name for name in self.regular if not unsafe_name(name)]  # the walk reported the others


def agency_codes(config: Config) -> frozenset[str]:
    """The 机关代字 config.yaml knows: where a 文号 cited in running text begins."""
    return frozenset(code for code, _ in config.agencies)


@functools.lru_cache(maxsize=2)
def _markdown(agencies: frozenset[str]) -> MarkdownIt:
    """One renderer per process (worker processes build their own)."""
    return make_markdown(agencies)


def read_issue_folder(config: Config, folder: Path, out: list[Diagnostic]) -> Issue | None:
    """Parse and validate one issue folder, uncached (the parse cache and serve keep the results)."""
    return _read_issue(config, _markdown(agency_codes(config)), folder, out)


def _read_issue(config: Config, md: MarkdownIt, folder: Path, out: list[Diagnostic]) -> Issue | None:
    """issue.yaml, then its 目录 against the folder's files, then the documents; the documents' errors are in
    `out` and leave them out of the Issue, an error in issue.yaml leaves out the Issue."""
    year, number = int(folder.parent.name), int(folder.name)
    rel = rel_path(config, folder / "issue.yaml")
    head = _read_head(config, folder, out)
    if head is None:
        return None
    files = _list_files(folder)
    _check_listing(config, folder, rel, head, files, out)
    documents = _read_documents(config, md, head, files, year, number, out)
    if errors_in(head.reader.diagnostics) or head.year is None:
        return None
    return Issue(year, number, head.serial, head.published, head.frequency, head.pdf, head.source, documents, rel)


def _read_head(config: Config, folder: Path, out: list[Diagnostic]) -> _Head | None:
    """issue.yaml read and checked; None when it is missing or cannot be parsed at all."""
    issue_path = folder / "issue.yaml"
    rel = rel_path(config, issue_path)
    if not os.path.lexists(issue_path):
        out.append(error(rel_path(config, folder), 1, "期目录中缺少 issue.yaml the issue folder has no issue.yaml"))
        return None
    src = read_text(config, issue_path, out)
    if src is None:
        return None
    try:
        fields = parse_yaml(src.text)
    except FrontMatterError as exc:
        out.append(error(rel, exc.line, exc.message))
        return None
    r = FieldReader(rel, 1, fields, ISSUE_FIELDS, ("year", "number", "serial", "published_on", "frequency", "contents"))
    y, n, serial, published = r.integer("year", 1000), r.integer("number"), r.integer("serial"), r.date("published_on")
    frequency, pdf, source = r.text("frequency"), r.text("pdf"), r.text("source")
    _check_head(r, folder, y, n, pdf, source)
    head = _Head(r, y, serial, published, frequency, pdf, source, _contents(r), r.value("contents") is not None)
    out.extend(r.diagnostics)
    return head


def _check_head(r: FieldReader, folder: Path, y: int | None, n: int | None, pdf: str | None, source: str | None) -> None:
    """Year and number agree with the folder's name; pdf is a web address; source names a text file here."""
    if y is not None and y != int(folder.parent.name):
        r.fail(r.value("year"), f"年份（year）{y} 与目录名 {folder.parent.name} 不一致 year {y} does not match the folder {folder.parent.name}")
    if n is not None and n != int(folder.name):
        r.fail(r.value("number"), f"期号（number）{n} 与目录名 {folder.name} 不一致 number {n} does not match the folder {folder.name}")
    if pdf is not None and not re.fullmatch(r"https?://[^\s\"'<>`\\]+", pdf):
        r.fail(r.value("pdf"), f"原版PDF（pdf）应为 http(s):// 网址 pdf must be an http(s):// address, got {pdf!r}")
    if source is not None:
        _check_source(r, folder, source)


def _contents(r: FieldReader) -> tuple[tuple[str, int], ...]:
    """The 目录 as (document name, line); () when it is absent or not a list of names (reported)."""
    contents_v = r.value("contents")
    if contents_v is None:
        return ()
    if not isinstance(contents_v.data, list) or not all(isinstance(i.data, str) for i in contents_v.data):
        r.fail(contents_v, "目录（contents）应为文件名列表，如 - p001 contents must be a list of document names such as `- p001`")
        return ()
    return tuple((i.data, i.line) for i in contents_v.data)


def _check_source(r: FieldReader, folder: Path, source: str) -> None:
    """`source:` is published beside the issue page, so it must be a plain .txt file of this folder: a name
    such as index.html, a document's name or the zip's would replace or collide with a built file."""
    v = r.value("source")
    if not _SOURCE.fullmatch(source):
        r.fail(v, f"来源文本（source）{source!r} 应为本期目录中的 .txt 文件名（小写字母、数字、连字符），如 source.txt "
                  f"source must name a .txt file of this issue folder (a-z, 0-9, '-'), e.g. source.txt, got {source!r}")
        return
    path = folder / source
    try:
        data = read_regular(path)
    except NotRegularFile as exc:
        r.fail(v, f"来源文本（source）{source!r}: {exc.message}")
        return
    except OSError:
        r.fail(v, f"来源文本（source）{source!r} 不在本期目录中 source {source!r} is not a file of this issue folder")
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        r.fail(v, f"来源文本（source）{source!r} 不是 UTF-8 文本 is not UTF-8 text; save it as UTF-8")


def _list_files(folder: Path) -> _Files:
    regular, odd = {}, {}
    with os.scandir(folder) as entries:
        for entry in entries:
            (regular if entry.is_file(follow_symlinks=False) else odd)[entry.name] = Path(entry.path)
    return _Files(regular, odd)


def _check_listing(config: Config, folder: Path, rel: str, head: _Head, files: _Files, out: list[Diagnostic]) -> None:
    """The 目录 and the folder agree: every listed name has its regular .md file, listed once; every .md file is
    listed; document names are well formed; every .mn.md has its Chinese file."""
    named = files.named
    md_stems = sorted(name[:-3] for name in named if name.endswith(".md") and not name.endswith(".mn.md"))
    for stem in md_stems:
        if not _SLUG.fullmatch(stem):
            out.append(error(rel_path(config, folder / f"{stem}.md"), 1, "文件名只能用小写字母、数字和连字符，如 p017.md file names may use only a-z, 0-9 and '-', e.g. p017.md"))
    listed = [s for s, _ in head.slugs]
    for s, line in head.slugs:
        if f"{s}.md" in files.odd:
            out.append(error(rel_path(config, files.odd[f"{s}.md"]), 1, not_regular_message(files.odd[f"{s}.md"].lstat().st_mode)))
        elif f"{s}.md" not in files.regular:
            out.append(error(rel, line, f"目录（contents）列出的 {s!r} 没有对应的 {s}.md contents lists {s!r} but {s}.md does not exist"))
        elif listed.count(s) > 1:
            out.append(error(rel, line, f"目录（contents）中 {s!r} 重复 {s!r} is listed twice in contents"))
    for stem in md_stems:
        if stem not in listed and head.has_contents:
            out.append(error(rel_path(config, folder / f"{stem}.md"), 1, f"{stem}.md 未列入 issue.yaml 的目录（contents） is not listed in issue.yaml contents"))
    for name in named:
        if name.endswith(".mn.md") and name[:-6] + ".md" not in files.regular:
            out.append(error(rel_path(config, folder / name), 1, f"蒙古文文本 {name} 没有对应的中文文件 {name[:-6]}.md a Mongolian text needs its Chinese file"))


def _read_documents(config: Config, md: MarkdownIt, head: _Head, files: _Files, year: int, number: int,
                    out: list[Diagnostic]) -> tuple[Document, ...]:
    """The documents in 目录 order (a name already reported missing, doubled or malformed is skipped), each
    with its Mongolian text; dates and pages are checked against the issue and the previous document."""
    listed = [s for s, _ in head.slugs]
    documents = []
    previous_page = 0
    for s, _ in head.slugs:
        if f"{s}.md" not in files.regular or listed.count(s) > 1 or not _SLUG.fullmatch(s):
            continue
        text = read_text(config, files.regular[f"{s}.md"], out)
        doc = read_document(config, md, text, s, year, number, out) if text else None
        if doc is None:
            continue
        _check_order(text, doc, head.published, previous_page, out)
        previous_page = doc.page
        mn_file = files.regular.get(f"{s}.mn.md")
        if mn_file is not None:
            mn_src = read_text(config, mn_file, out)
            mn_text = read_mn(md, mn_src, doc, out) if mn_src else None
            doc = Document(**{**doc.__dict__, "mn_text": mn_text})
        documents.append(doc)
    return tuple(documents)


def _check_order(text: SourceText, doc: Document, published: date | None, previous_page: int, out: list[Diagnostic]) -> None:
    """A document is written before its issue is published, and starts no earlier than the one before it."""
    if published is not None and doc.written_on is not None and doc.written_on > published:
        out.append(error(text.rel, line_of(text.text, "written_on"), f"成文日期（written_on）{doc.written_on} 晚于本期出版日期 {published} written_on {doc.written_on} is after the issue's published_on {published}"))
    if doc.page < previous_page:
        out.append(error(text.rel, line_of(text.text, "page"), f"起始页码（page）{doc.page} 小于目录中前一篇的页码 {previous_page} page {doc.page} is before the previous document's page {previous_page} in contents order"))
