"""Walk content/ and turn it into a validated Gazette. The only reader of content/.

First gather and check every file, so that all errors are reported in one run; the model is returned
only when there are none.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import pickle
import re
import stat
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from markdown_it import MarkdownIt

from ..core.digest import code_digest
from ..core.errors import Diagnostic, error, errors_in, warning
from ..core.files import CacheFolder
from ..core.textcheck import bad_character_message, bad_lines, unsafe_name
from .config import Config
from .docnumber import normalise_brackets, parse_doc_number
from .fields import FieldReader
from .frontmatter import FrontMatterError, Value, parse_yaml, split_front_matter
from .markdown import make_markdown, render_markdown
from .model import Correction, Document, DocumentText, Gazette, Issue
from .mongolian import suffixes_after_space
from .regular import NotRegularFile, not_regular_message, read_regular
from .relations import check_relations, read_relations
from .residue import residue

# ASCII digits only (\d also matches full-width and Mongolian digits), whole names (`$` matches before a newline).
_YEAR = re.compile(r"[0-9]{4}")
_NUMBER = re.compile(r"[0-9]{2}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_SOURCE = re.compile(r"[a-z0-9][a-z0-9-]*\.txt")
_ASCII_OR_FULL_WIDTH_DIGITS = re.compile(r"[0-9\uff10-\uff19]")

ISSUE_FIELDS = {
    "year": "年份", "number": "期号", "serial": "总期号", "published_on": "出版日期", "frequency": "刊期",
    "pdf": "原版PDF", "source": "来源文本", "contents": "目录",
}
DOCUMENT_FIELDS = {
    "title": "标题", "subtitle": "副标题", "author": "署名", "doc_number": "文号", "issuer": "发文机关",
    "written_on": "成文日期", "category": "栏目", "page": "起始页码", "addressees": "主送机关",
    "public_release": "此件公开发布", "corrections": "勘误记录",
    "amends": "修改", "repeals": "废止", "replaces": "代替",  # relations to earlier documents (gazette/content/relations.py)
}
MN_FIELDS = {k: DOCUMENT_FIELDS[k] for k in ("title", "doc_number", "written_on", "issuer", "category", "page")}
CORRECTION_FIELDS = {"where": "位置", "was": "原文", "now": "更正", "why": "理由"}


@dataclass(frozen=True)
class _Text:
    rel: str
    text: str


def _rel(config: Config, path: Path) -> str:
    return path.relative_to(config.content_dir.parent).as_posix()


def _read_text(config: Config, path: Path, out: list[Diagnostic]) -> _Text | None:
    """Read UTF-8 (a BOM is dropped; CRLF becomes LF); non-UTF-8 is an error at the first bad byte's line."""
    rel = _rel(config, path)
    try:
        data = read_regular(path)
    except NotRegularFile as exc:
        out.append(error(rel, 1, exc.message))
        return None
    except OSError as exc:
        out.append(error(rel, 1, f"无法读取文件（{exc.strerror}） cannot read the file: {exc.strerror}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        out.append(error(rel, line, f"文件不是 UTF-8 编码（第 {exc.start} 字节） file is not UTF-8 text (byte {exc.start}); save it as UTF-8"))
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = bad_lines(text)
    for line, ch in bad:
        out.append(error(rel, line, bad_character_message(ch)))
    return None if bad else _Text(rel, unicodedata.normalize("NFC", text))


def _walk(config: Config, out: list[Diagnostic]) -> list[Path]:
    """Issue folders content/YYYY/NN; anything else that could be content is reported. (os.scandir: `serve`
    walks the whole tree after every save, 12,000 files at 10,000 documents.)"""
    root = config.content_dir
    if not root.is_dir():
        out.append(error("content", 1, "找不到 content/ 目录 the content/ folder is missing"))
        return []
    folders: list[Path] = []

    def visit(folder: str, parts: tuple[str, ...]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                here = parts + (entry.name,)
                rel = _rel(config, Path(entry.path))
                if unsafe_name(entry.name):  # a newline or control character, or bytes that are not UTF-8
                    out.append(error(rel, 1, "文件名或文件夹名含有控制字符或换行（或不是 UTF-8），请重新命名 the file or folder name holds a control character or line break (or is not UTF-8); rename it"))
                elif entry.is_symlink():
                    out.append(error(rel, 1, "不允许符号链接 symbolic links are not allowed in content/ (unsafe path)"))
                elif entry.is_dir():
                    depth = len(here)
                    if depth == 3 and (entry.name == "issue.yaml" or entry.name.endswith(".md")):
                        out.append(error(rel, 1, not_regular_message(stat.S_IFDIR)))  # also what reading it says
                    elif (depth == 1 and not _YEAR.fullmatch(here[0])) or (depth == 2 and not _NUMBER.fullmatch(here[1])) or depth > 2:
                        # Not looked into: a folder that is not content/YYYY/NN is never parsed as one.
                        out.append(error(rel, 1, "目录名应为 content/年份/期号（阿拉伯数字），如 content/2023/01 folders must be content/YYYY/NN in digits 0-9, e.g. content/2023/01"))
                    else:
                        if depth == 2:
                            folders.append(Path(entry.path))
                        visit(entry.path, here)
                elif not entry.is_file():  # a named pipe, socket or device: reading it would hang or never end
                    out.append(error(rel, 1, not_regular_message(entry.stat(follow_symlinks=False).st_mode)))
                elif len(here) < 3 and entry.name.endswith((".md", ".yaml")):  # content files belong in content/YYYY/NN/
                    out.append(error(rel, 1, "Markdown 文件必须放在期目录中，如 content/2023/01/ a Markdown file must be inside an issue folder such as content/2023/01/"))

    visit(str(root), ())
    return sorted(folders)


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


def _pairs(value: Value):
    from .frontmatter import Key
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


def _read_document(config: Config, md: MarkdownIt, src: _Text, slug: str, year: int, number: int, out: list[Diagnostic]) -> Document | None:
    try:
        parsed = split_front_matter(src.text)
    except FrontMatterError as exc:
        out.append(error(src.rel, exc.line, exc.message))
        return None
    r = FieldReader(src.rel, 1, parsed.fields, DOCUMENT_FIELDS, ("title", "issuer", "category", "page"))
    title, issuer, category = r.text("title"), r.text("issuer"), r.text("category")
    if issuer is not None and issuer.startswith("（请填写"):
        r.fail(r.value("issuer"), "发文机关（issuer）还没有填写（导入程序无法确定），请对照印刷版的落款或文号填写 the issuer is not filled in yet: write it as printed")
    elif issuer is not None and config.issuer(issuer) is None:
        r.fail(r.value("issuer"), f"发文机关（issuer）{issuer!r} 不在 config.yaml 的 issuers 中（现有：{'、'.join(t.name for t in config.issuers)}） issuer {issuer!r} is not listed under issuers in config.yaml; add it with: build.py add-issuer（docs/编辑指南.md 第 2 节）")
    if category is not None and category.startswith("（请填写"):
        r.fail(r.value("category"), "栏目（category）还没有填写，请按印刷版目录填写 the category is not filled in yet: write it as the 目录 prints it")
    elif category is not None and config.category(category) is None:
        r.fail(r.value("category"), f"栏目（category）{category!r} 不在 config.yaml 的 categories 中（现有：{'、'.join(t.name for t in config.categories)}） category {category!r} is not listed under categories in config.yaml; add it with: build.py add-category（docs/编辑指南.md 第 2 节）")
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


def _render(md: MarkdownIt, src: _Text, parsed, lang: str, title: str | None, out: list[Diagnostic]) -> DocumentText | None:
    rendered = render_markdown(md, parsed.body)
    for line, message in rendered.problems:
        out.append(error(src.rel, parsed.body_line + line, message))
    if title is None or rendered.problems:
        return None
    return DocumentText(lang, title, rendered.html, rendered.plain_text, rendered.headings, src.rel, rendered.citations)


def _read_mn(config: Config, md: MarkdownIt, src: _Text, zh: Document, out: list[Diagnostic]) -> DocumentText | None:
    """A parallel Mongolian text: its own title and body; shared data must agree with the Chinese file."""
    try:
        parsed = split_front_matter(src.text)
    except FrontMatterError as exc:
        out.append(error(src.rel, exc.line, exc.message))
        return None
    r = FieldReader(src.rel, 1, parsed.fields, MN_FIELDS, ("title",))
    shared = {"doc_number": zh.doc_number, "written_on": zh.written_on, "issuer": zh.issuer, "category": zh.category, "page": zh.page}
    for key, expected in shared.items():
        if key not in r.values:
            continue
        got = {"written_on": r.date, "page": r.integer}.get(key, r.text)(key)
        if key == "doc_number" and got is not None:
            got = normalise_brackets(got)
        if got is not None and got != expected:
            r.fail(r.value(key), f"{r.label(key)} 与中文文件不一致：{got!s} ≠ {expected!s}（{zh.text.source_path}） does not agree with the Chinese file")
    out.extend(r.diagnostics)
    title_v = r.value("title")
    spaced = [(title_v.line, sfx) for _, sfx in suffixes_after_space(str(title_v.data))] if title_v is not None else []
    spaced += [(parsed.body_line + n - 1, sfx) for n, sfx in suffixes_after_space(parsed.body)]
    for line, sfx in spaced:
        out.append(warning(src.rel, line, f"蒙古文后缀 {sfx} 前应为 U+202F 而非空格 the suffix {sfx} follows a plain space: write U+202F (NNBSP) before it"))
    text = _render(md, src, parsed, "mn", r.text("title"), out)
    return None if errors_in(r.diagnostics) else text


def _read_issue(config: Config, md: MarkdownIt, folder: Path, out: list[Diagnostic]) -> Issue | None:
    year, number = int(folder.parent.name), int(folder.name)
    issue_path = folder / "issue.yaml"
    rel = _rel(config, issue_path)
    if not os.path.lexists(issue_path):
        out.append(error(_rel(config, folder), 1, "期目录中缺少 issue.yaml the issue folder has no issue.yaml"))
        return None
    src = _read_text(config, issue_path, out)
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
    if y is not None and y != year:
        r.fail(r.value("year"), f"年份（year）{y} 与目录名 {folder.parent.name} 不一致 year {y} does not match the folder {folder.parent.name}")
    if n is not None and n != number:
        r.fail(r.value("number"), f"期号（number）{n} 与目录名 {folder.name} 不一致 number {n} does not match the folder {folder.name}")
    if pdf is not None and not re.fullmatch(r"https?://[^\s\"'<>`\\]+", pdf):
        r.fail(r.value("pdf"), f"原版PDF（pdf）应为 http(s):// 网址 pdf must be an http(s):// address, got {pdf!r}")
    if source is not None:
        _check_source(r, folder, source)
    contents_v = r.value("contents")
    slugs: list[tuple[str, int]] = []
    if contents_v is not None:
        if not isinstance(contents_v.data, list) or not all(isinstance(i.data, str) for i in contents_v.data):
            r.fail(contents_v, "目录（contents）应为文件名列表，如 - p001 contents must be a list of document names such as `- p001`")
        else:
            slugs = [(i.data, i.line) for i in contents_v.data]
    out.extend(r.diagnostics)
    files, odd = {}, {}  # regular files; anything else (a folder or pipe named p001.md) is reported by name
    with os.scandir(folder) as entries:
        for entry in entries:
            (files if entry.is_file(follow_symlinks=False) else odd)[entry.name] = Path(entry.path)
    named = [name for name in files if not unsafe_name(name)]  # the walk reported the others
    md_stems = sorted(name[:-3] for name in named if name.endswith(".md") and not name.endswith(".mn.md"))
    for stem in md_stems:
        if not _SLUG.fullmatch(stem):
            out.append(error(_rel(config, folder / f"{stem}.md"), 1, "文件名只能用小写字母、数字和连字符，如 p017.md file names may use only a-z, 0-9 and '-', e.g. p017.md"))
    listed = [s for s, _ in slugs]
    for s, line in slugs:
        if f"{s}.md" in odd:
            out.append(error(_rel(config, odd[f"{s}.md"]), 1, not_regular_message(odd[f"{s}.md"].lstat().st_mode)))
        elif f"{s}.md" not in files:
            out.append(error(rel, line, f"目录（contents）列出的 {s!r} 没有对应的 {s}.md contents lists {s!r} but {s}.md does not exist"))
        elif listed.count(s) > 1:
            out.append(error(rel, line, f"目录（contents）中 {s!r} 重复 {s!r} is listed twice in contents"))
    for stem in md_stems:
        if stem not in listed and contents_v is not None:
            out.append(error(_rel(config, folder / f"{stem}.md"), 1, f"{stem}.md 未列入 issue.yaml 的目录（contents） is not listed in issue.yaml contents"))
    for name in named:
        if name.endswith(".mn.md") and name[:-6] + ".md" not in files:
            out.append(error(_rel(config, folder / name), 1, f"蒙古文文本 {name} 没有对应的中文文件 {name[:-6]}.md a Mongolian text needs its Chinese file"))
    documents = []
    previous_page = 0
    for s, line in slugs:
        if f"{s}.md" not in files or listed.count(s) > 1 or not _SLUG.fullmatch(s):
            continue
        text = _read_text(config, files[f"{s}.md"], out)
        doc = _read_document(config, md, text, s, year, number, out) if text else None
        if doc is None:
            continue
        if published is not None and doc.written_on is not None and doc.written_on > published:
            out.append(error(text.rel, _line_of(text.text, "written_on"), f"成文日期（written_on）{doc.written_on} 晚于本期出版日期 {published} written_on {doc.written_on} is after the issue's published_on {published}"))
        if doc.page < previous_page:
            out.append(error(text.rel, _line_of(text.text, "page"), f"起始页码（page）{doc.page} 小于目录中前一篇的页码 {previous_page} page {doc.page} is before the previous document's page {previous_page} in contents order"))
        previous_page = doc.page
        mn_file = files.get(f"{s}.mn.md")
        if mn_file is not None:
            mn_src = _read_text(config, mn_file, out)
            mn_text = _read_mn(config, md, mn_src, doc, out) if mn_src else None
            doc = Document(**{**doc.__dict__, "mn_text": mn_text})
        documents.append(doc)
    if errors_in(r.diagnostics) or y is None:
        return None
    return Issue(year, number, serial, published, frequency, pdf, source, tuple(documents), rel)


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


def _line_of(text: str, key: str) -> int:
    for i, line in enumerate(text.split("\n"), 1):
        if line.startswith(f"{key}:"):
            return i
    return 1


def _check_archive(config: Config, issues: list[Issue], out: list[Diagnostic]) -> None:
    """Checks across issues: 总第N期 rises by one, 第N期 runs 1, 2, … per year, 文号 are unique."""
    issues.sort(key=lambda i: (i.year, i.number))
    for prev, cur in zip(issues, issues[1:]):
        if cur.serial != prev.serial + 1:
            out.append(error(cur.path, line_of_key(config, cur.path, "serial"), f"总期号（serial）应为 {prev.serial + 1}（上一期 {prev.path} 为总第{prev.serial}期），实为 {cur.serial} serial must be {prev.serial + 1} (one more than {prev.path}), got {cur.serial}"))
        if cur.published_on < prev.published_on:
            out.append(error(cur.path, line_of_key(config, cur.path, "published_on"), f"出版日期（published_on）{cur.published_on} 早于上一期 {prev.published_on} published_on is before the previous issue's"))
    by_year: dict[int, list[Issue]] = {}
    for i in issues:
        by_year.setdefault(i.year, []).append(i)
    for year, group in by_year.items():
        for expected, issue in enumerate(group, 1):
            if issue.number != expected:
                out.append(error(issue.path, line_of_key(config, issue.path, "number"), f"{year}年的期号应依次为 1、2、…，此处应为第{expected}期，实为第{issue.number}期 issue numbers in {year} must run 1, 2, …: expected {expected}, got {issue.number}"))
                break
    seen: dict[str, str] = {}
    for issue in issues:
        for doc in issue.documents:
            if doc.doc_number is None:
                continue
            number = parse_doc_number(doc.doc_number).slug  # 9号 and 09号 share one permalink: one document only
            if number in seen:
                out.append(error(doc.text.source_path, line_of_key(config, doc.text.source_path, "doc_number"), f"文号（doc_number）{doc.doc_number} 重复，已用于 {seen[number]} duplicate doc_number {doc.doc_number}, already used by {seen[number]}"))
            else:
                seen[number] = doc.text.source_path
    out.extend(check_relations(issues))


def line_of_key(config: Config, rel: str, key: str) -> int:
    """Re-read a content file to point a cross-file diagnostic at the key's line (only on that path)."""
    try:
        return _line_of((config.content_dir.parent / rel).read_text(encoding="utf-8", errors="replace"), key)
    except OSError:
        return 1


def _folder_digest(config: Config, folder: Path, code: bytes) -> str:
    """Everything a folder's parse depends on: code, configured terms, its path and its files' bytes."""
    digest = hashlib.sha256(code)
    digest.update(repr((str(folder), [(t.name, t.slug) for t in config.categories], [(t.name, t.slug) for t in config.issuers],
                        config.agencies)).encode())
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.is_symlink():  # a link is reported by the walk, never followed
            digest.update(os.fsencode(path.name) + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _parse_folder(config: Config, folder: Path, code: bytes) -> tuple[bytes, str]:
    """Parse one issue folder, reusing the cached result when none of its inputs changed. Returns the
    pickled (issue, diagnostics) as stored in the cache: a worker passes those bytes on unopened, so only
    the parent unpickles the model."""
    key = _folder_digest(config, folder, code)
    cache = _cache(config)
    data = cache.read(key)
    if data is not None:
        return data, key
    out: list[Diagnostic] = []
    issue = _read_issue(config, _markdown(agency_codes(config)), folder, out)
    data = pickle.dumps((issue, out), protocol=pickle.HIGHEST_PROTOCOL)
    cache.write(key, data)
    return data, key


def _unpickle(config: Config, folder: Path, code: bytes, data: bytes, key: str) -> tuple[Issue | None, list[Diagnostic], str]:
    """The parent's one unpickling of a folder's parse; a damaged cache entry is removed and parsed again."""
    try:
        issue, diagnostics = pickle.loads(data)
    except Exception:
        _cache(config).drop(key)
        data, key = _parse_folder(config, folder, code)
        issue, diagnostics = pickle.loads(data)
    return issue, diagnostics, key


def _cache(config: Config) -> CacheFolder:
    """One parse cache per content folder (tests and benchmarks build other folders than content/)."""
    return CacheFolder.of(config.root, "parse", config.content_dir)


def agency_codes(config: Config) -> frozenset[str]:
    """The 机关代字 config.yaml knows: where a 文号 cited in running text begins."""
    return frozenset(code for code, _ in config.agencies)


@functools.lru_cache(maxsize=2)
def _markdown(agencies: frozenset[str]) -> MarkdownIt:
    """One renderer per process (worker processes build their own)."""
    return make_markdown(agencies)


def _parse_many(config: Config, folders: list[Path], code: bytes, jobs: int) -> list[tuple[Issue | None, list[Diagnostic], str]]:
    """Parse folders over `jobs` processes (fork: workers inherit the config, nothing is re-imported)."""
    if jobs <= 1 or len(folders) < 8:
        parsed = [_parse_folder(config, f, code) for f in folders]
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            parsed = list(pool.map(_parse_folder, [config] * len(folders), folders, [code] * len(folders), chunksize=max(1, len(folders) // (jobs * 32))))
    return [_unpickle(config, f, code, data, key) for f, (data, key) in zip(folders, parsed)]


def issue_folders(config: Config, out: list[Diagnostic]) -> list[Path]:
    """The issue folders content/YYYY/NN (anything misplaced is reported into `out`)."""
    return _walk(config, out)


def read_issue_folder(config: Config, folder: Path, out: list[Diagnostic]) -> Issue | None:
    """Parse and validate one issue folder, uncached (serve keeps its own results in memory)."""
    return _read_issue(config, _markdown(agency_codes(config)), folder, out)


def assemble_gazette(config: Config, parsed: list[tuple[Issue | None, list[Diagnostic]]],
                     out: list[Diagnostic]) -> tuple[Gazette | None, tuple[Diagnostic, ...]]:
    """Join parsed issue folders into the archive and run the checks across issues."""
    issues = []
    for issue, diagnostics in parsed:
        out.extend(diagnostics)
        if issue is not None:
            issues.append(issue)
    if not errors_in(out):
        _check_archive(config, issues, out)
    diagnostics = tuple(sorted(set(out)))
    if errors_in(diagnostics):
        return None, diagnostics
    return Gazette(tuple(sorted(issues, key=lambda i: i.serial))), diagnostics


def load_gazette(config: Config, jobs: int = 1) -> tuple[Gazette | None, tuple[Diagnostic, ...]]:
    """Read and validate all content. Returns the model (None if any error) and every diagnostic."""
    out: list[Diagnostic] = []
    folders = issue_folders(config, out)
    results = _parse_many(config, folders, code_digest(), jobs)
    _cache(config).prune({key for _, _, key in results})  # the scheme of every cache (gazette/core/files.py)
    return assemble_gazette(config, [(issue and replace(issue, fingerprint=key), diagnostics) for issue, diagnostics, key in results], out)
