"""From extracted gazette text to an ImportedIssue: cover, 目录, document cuts, front-matter data, body blocks.

Every decision the text does not settle is returned as a Doubt instead of being guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..docnumber import normalise_brackets, parse_doc_number
from .body import Block, render_body
from .model import Document, Doubt, ImportedIssue, IssueRecord
from .relations import propose_relations
from .text import MONGOLIAN, normalise_source, squash, strip_running_lines


class ImportFailed(ValueError):
    """The text lacks something an issue cannot do without (cover data, 目录); message says what and where."""


_FREQUENCIES = ("半月刊", "双月刊", "月刊", "旬刊", "周刊", "季刊", "年刊")
_TOC_ENTRY = re.compile(r"^[-–—·•\s]*(\d{1,3})\s+(\S.*)$")
_TOC_ENTRY_TAIL = re.compile(r"^(\S.*?)[\s.…·]+(\d{1,3})$")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_DATE_IN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_RELEASE = re.compile(r"^[（(]此件(不?)公开发布[）)]$")
_BACK_COVER = re.compile(r"主办$|^(邮政编码|邮编|地址|电话|传真|网址|印刷|承印|刊号|准印证|定价)[:：]?")
_ISSUER_PREFIX = re.compile(r"^(.+?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|委员会|局))(?:关于|印发|转发)")
_ISSUER_REPORT = re.compile(r"^(?:\d{4}年度?)?(.+?人民政府)工作报告")
_AGENCY_ISSUER = {"包府办发": "包头市人民政府办公室", "包府发": "包头市人民政府", "包府办字": "包头市人民政府办公室"}
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff〕”》）])\s+(?=[\u4e00-\u9fff〔“《（])")


@dataclass(frozen=True)
class TocEntry:
    """One 目录 line: 栏目, print page, title and where it stands in the source."""

    category: str
    page: int
    title: str
    line: int


def iso_date(text: str) -> str | None:
    """2023年1月7日 → 2023-01-07 (None if the text holds no such date)."""
    m = _DATE_IN.search(squash(text))
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def import_issue(text: str, source_name: str) -> ImportedIssue:
    """Parse one issue's extracted text (pure): issue record, documents in 目录 order, and doubts."""
    lines = normalise_source(text).split("\n")
    doubts: list[Doubt] = []
    for i, line in enumerate(lines):
        if MONGOLIAN.search(line):
            doubts.append(Doubt(i + 1, "ocr-noise", line.strip()[:40],
                                "蒙古文刊头为OCR噪声，已删除，不输出。Mongolian masthead is OCR noise; dropped, never output."))
            lines[i] = ""
    toc_at = next((i for i, ln in enumerate(lines) if squash(ln) in ("目录", "目次")), None)
    if toc_at is None:
        raise ImportFailed(f"{source_name}: 找不到“目录” no table of contents line (目录) found")
    masthead = next((ln.strip() for ln in lines[:toc_at] if ln.strip()), "")
    issue_fields = _parse_cover(lines[:toc_at], source_name)
    entries, body_start = _parse_toc(lines, toc_at + 1, source_name)
    headers = {e.category for e in entries} | {masthead}
    lines, back_sponsor = _strip_back_cover(lines, masthead, body_start)
    clean, removed = strip_running_lines(lines, headers)
    for i in range(body_start):
        clean[i] = ""
    blocks = _blocks(clean)
    starts = _locate_titles(blocks, entries, doubts)
    documents = []
    for k, (entry, start) in enumerate(zip(entries, starts)):
        end = starts[k + 1] if k + 1 < len(starts) else len(blocks)
        documents.append(_document(entry, blocks[start], blocks[start + 1:end], set(removed), back_sponsor, doubts))
    issue = IssueRecord(contents=tuple(d.slug for d in documents), **issue_fields)
    slugs = [d.slug for d in documents]
    if len(set(slugs)) != len(slugs):
        raise ImportFailed(f"{source_name}: 两篇文件起始页相同 two documents start on the same page: {slugs}")
    doubts += propose_relations(documents)  # 修改/废止 stated in a title or sentence: for the clerk to confirm
    return ImportedIssue(issue, tuple(documents), tuple(sorted(doubts, key=lambda d: (d.line, d.kind))), source_name)


def _parse_cover(cover: list[str], source_name: str) -> dict:
    text = "\n".join(cover)
    flat = squash(text)
    serial = re.search(r"总第(\d+)期", flat)
    number = re.search(r"(?<!总)第(\d+)期", flat)
    year = re.search(r"(\d{4})年第\d+期", flat) or re.search(r"^\s*(\d{4})\s*$", text, re.M)
    published = re.search(r"(\d{4}年\d{1,2}月\d{1,2}日)出版", flat)
    frequency = next((f for f in _FREQUENCIES if f in flat), None)
    missing = [name for name, v in (("总第N期 serial", serial), ("第N期 number", number), ("年份 year", year),
                                   ("出版日期 published_on", published), ("刊期 frequency", frequency)) if not v]
    if missing:
        raise ImportFailed(f"{source_name}: 封面缺少 cover lacks: {', '.join(missing)}")
    return {"year": int(year[1]), "number": int(number[1]), "serial": int(serial[1]),
            "published_on": iso_date(published[1]), "frequency": frequency}


def _parse_toc(lines: list[str], start: int, source_name: str) -> tuple[list[TocEntry], int]:
    """Entries until the first line that is neither an entry nor a category heading followed by an entry."""
    nonblank = [i for i in range(start, len(lines)) if lines[i].strip()]

    def entry(i: int) -> tuple[int, str] | None:
        s = lines[i].strip()
        m = _TOC_ENTRY.match(s)
        if m:
            return int(m[1]), m[2]
        m = _TOC_ENTRY_TAIL.match(s)
        return (int(m[2]), m[1]) if m and not s[:1].isdigit() else None

    entries: list[TocEntry] = []
    category = ""
    end = len(lines)
    for n, i in enumerate(nonblank):
        e = entry(i)
        if e:
            entries.append(TocEntry(category, e[0], squash(e[1]), i + 1))
            continue
        nxt = nonblank[n + 1] if n + 1 < len(nonblank) else None
        if nxt is not None and entry(nxt) and len(squash(lines[i])) <= 12:
            category = squash(lines[i])
            continue
        end = i
        break
    if not entries:
        raise ImportFailed(f"{source_name}: 目录为空 the table of contents has no entries")
    return entries, end


def _strip_back_cover(lines: list[str], masthead: str, body_start: int) -> tuple[list[str], str | None]:
    """Blank the back cover (masthead, 主办, 地址 … at the very end); return the 主办 organisation if printed."""
    out = list(lines)
    sponsor = None
    i = len(out) - 1
    while i >= body_start:
        s = squash(out[i])
        if not s:
            i -= 1
            continue
        if s == squash(masthead) or _BACK_COVER.search(s):
            if s.endswith("主办"):
                sponsor = s[: -len("主办")]
            out[i] = ""
            i -= 1
            continue
        break
    return out, sponsor


def _blocks(lines: list[str]) -> list[Block]:
    """Runs of consecutive non-blank lines; `gap_removed` marks a run that follows a removed header/page line."""
    blocks: list[Block] = []
    cur: list[tuple[int, str]] = []
    for i, line in enumerate(lines + [""]):
        if line.strip():
            cur.append((i + 1, line))
        elif cur:
            blocks.append(Block(tuple(n for n, _ in cur), tuple(t for _, t in cur)))
            cur = []
    return blocks


def _title_key(text: str) -> str:
    return normalise_brackets(squash(text))


def _locate_titles(blocks: list[Block], entries: list[TocEntry], doubts: list[Doubt]) -> list[int]:
    """Index of each document's title block, in 目录 order; exact match (spaces and bracket forms ignored) first."""
    starts: list[int] = []
    pos = 0
    for k, e in enumerate(entries):
        key = _title_key(e.title)
        exact = next((j for j in range(pos, len(blocks)) if _title_key(blocks[j].text) == key), None)
        if exact is None:
            later = [_title_key(x.title) for x in entries[k + 1:]]
            limit = next((j for j in range(pos, len(blocks)) if _title_key(blocks[j].text) in later), len(blocks))
            best, score = None, 0.0
            for j in range(pos, limit):
                cand = _title_key(blocks[j].text)
                if len(cand) > 2 * len(key) + 10 or any(c in cand for c in "。；"):
                    continue
                r = SequenceMatcher(None, cand, key).ratio()
                if r > score:
                    best, score = j, r
            if best is None or score < 0.6:
                raise ImportFailed(f"第{e.line}行 line {e.line}: 正文中找不到目录标题 title not found in the text: {e.title}")
            doubts.append(Doubt(blocks[best].lines[0], "title-mismatch", blocks[best].text,
                                f"正文标题与目录不同，采用目录标题“{e.title}”。The title in the text differs from the "
                                f"table of contents; the 目录 title is used."))
            exact = best
        starts.append(exact)
        pos = exact + 1
    return starts


def _issuer(entry: TocEntry, doc_number: str | None, sponsor: str | None, line: int, doubts: list[Doubt]) -> str:
    if doc_number:
        agency = re.match(r"^[\u4e00-\u9fff]+", doc_number)
        if agency and agency[0] in _AGENCY_ISSUER:
            return _AGENCY_ISSUER[agency[0]]
    m = _ISSUER_PREFIX.match(entry.title) or _ISSUER_REPORT.match(entry.title)
    if m:
        return m[1]
    if "大事记" in entry.category and sponsor:
        return sponsor
    doubts.append(Doubt(line, "issuer", entry.title, "无法确定发文机关，请填写。Issuer could not be determined; fill it in."))
    return ""


def _document(entry: TocEntry, title: Block, rest: list[Block], removed: set[int], sponsor: str | None,
              doubts: list[Doubt]) -> Document:
    """Move the data lines (副标题, 署名, 文号, 主送机关, 成文日期, 此件公开发布) to fields; render the rest."""
    if _CJK_SPACE.search(title.text) and _title_key(title.text) == _title_key(entry.title):
        doubts.append(Doubt(title.lines[0], "title-space", title.text,
                            "标题中的空格为排版折行所致，已按目录标题去除。Spaces in the title come from line wrapping; "
                            "the 目录 title is used."))
    blocks = list(rest)
    subtitle = author = doc_number = addressees = written_on = None
    public_release = None
    if blocks and blocks[0].text.lstrip().startswith("——"):
        subtitle = blocks.pop(0).joined
        written_on = iso_date(subtitle)
        if blocks and len(squash(blocks[0].text)) <= 30 and not re.search(r"[，。；：！？、,;:]", blocks[0].text) \
                and not re.match(r"^[一二三四五六七八九十]+、|^[（(]", blocks[0].text.strip()):
            author = blocks.pop(0).text.strip()
    for j in range(min(3, len(blocks))):
        raw = squash(blocks[j].text)
        number = parse_doc_number(normalise_brackets(raw))
        if number and 2 <= len(number.agency) <= 12:  # a 文号 line, not a title that cites one
            doc_number = number.canonical
            if raw != doc_number:
                doubts.append(Doubt(blocks[j].lines[0], "doc-number-brackets", raw,
                                    f"文号括号已规范为〔〕：{doc_number}。Brackets in the 文号 normalised to 〔〕."))
            del blocks[: j + 1]
            break
    if doc_number and blocks:
        cand = blocks[0].joined
        if cand.endswith(("：", ":")) and len(cand) <= 200 and "。" not in cand:
            addressees = cand[:-1]
            blocks.pop(0)
    body: list[Block] = []
    dates: list[Block] = []
    for b in blocks:
        key = squash(b.text)
        rel = _RELEASE.match(key)
        if rel:
            if public_release is not None:
                doubts.append(Doubt(b.lines[0], "duplicate-data", b.text, "重复的公开属性行。Repeated release line."))
            public_release = rel[1] != "不"
            body.append(b.as_barrier())
        elif _DATE.match(key) and len(b.lines) == 1:
            dates.append(b)
            body.append(b.as_barrier())
        else:
            body.append(b)
    if dates:
        if written_on is None:
            written_on = iso_date(dates[0].text)
        for extra in dates[1:]:
            doubts.append(Doubt(extra.lines[0], "extra-date", extra.text,
                                "文中另有单独日期行，未作成文日期，已删除，请核对。Another standalone date line; dropped, check it."))
    if normalise_title(entry.title) != entry.title:
        doubts.append(Doubt(entry.line, "title-brackets", entry.title,
                            "目录标题中文号的括号已规范为〔〕。Brackets of a 文号 inside the title normalised to 〔〕."))
    issuer = _issuer(entry, doc_number, sponsor, title.lines[0], doubts)
    markdown = render_body(body, entry.category, removed, doubts)
    return Document(
        slug=f"p{entry.page:03d}", title=normalise_title(entry.title), issuer=issuer, category=entry.category,
        page=entry.page, body=markdown, subtitle=subtitle, author=author, doc_number=doc_number,
        written_on=written_on, addressees=addressees, public_release=public_release, first_line=title.lines[0])


def normalise_title(title: str) -> str:
    """Titles keep their text; only 文号 brackets inside them are brought to 〔〕 (the official form)."""
    return re.sub(r"([\u4e00-\u9fff]{2,8})[\[(（［【﹝](\d{4})[\])）］】﹞](\d{1,4}号)", r"\1〔\2〕\3", title)
