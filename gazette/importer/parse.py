"""From extracted gazette text to an ImportedIssue: cover, 目录, document cuts, front-matter data, body blocks.

Every decision the text does not settle is returned as a Doubt instead of being guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher

from ..content.docnumber import normalise_brackets, parse_doc_number
from .body import Block, render_body
from .model import Document, Doubt, ImportedIssue, IssueRecord
from .relations import propose_relations
from .text import MONGOLIAN, normalise_source, running_line, squash, strip_inline, strip_running_lines


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
_ORG = r"(?:中共)?[\u4e00-\u9fff]{2,24}?(?:人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|委员会|办公室|办公厅|局|厅)"
_SIGNATURE = re.compile(rf"^({_ORG})$")
_DECREE = re.compile(rf"^({_ORG})令$")
ISSUER_PLACEHOLDER = "（请填写发文机关）"
CATEGORY_PLACEHOLDER = "（请填写栏目）"
_TITLE_END = re.compile(r"(?:通知|意见|办法|方案|规定|决定|报告|批复|函|公告|通告|令|纪要|大事记|细则|规划|计划|条例|规则|"
                        r"措施|要点|目录|清单|名单|[)）])$")
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


def import_issue(text: str, source_name: str, agencies: Mapping[str, str] | None = None) -> ImportedIssue:
    """Parse one issue's extracted text (pure): issue record, documents in 目录 order, and doubts.

    `agencies` maps a 文号's 机关代字 to its issuing body (config.yaml `agencies:`), the first source of 发文机关.
    """
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
    entries, body_start = _parse_toc(lines, toc_at + 1, source_name, masthead)
    headers = {e.category for e in entries if e.category} | {masthead}
    lines, back_sponsor = _strip_back_cover(lines, masthead, body_start)
    for i in range(body_start):
        lines[i] = ""
    clean, removed = strip_running_lines(lines, headers, masthead, keep=[e.title for e in entries])
    for i in removed:
        doubts.append(Doubt(i + 1, "furniture", lines[i].strip(),
                            "页眉、页脚或页码，已删除。A running header, footer or page number; removed."))
    clean, cut = strip_inline(clean, masthead, {e.category for e in entries if e.category})
    for i, found in cut:
        doubts.append(Doubt(i + 1, "furniture-inline", found,
                            "句中夹入的页眉或页码已删去，前后文字已接上。A running header or page number spliced into the "
                            "text was cut out and the text around it joined."))
    blocks = _merge_split_titles(_blocks(clean, set(removed)), entries)
    starts = _locate_titles(blocks, entries, doubts)
    documents = []
    for k, (entry, start) in enumerate(zip(entries, starts)):
        end = starts[k + 1] if k + 1 < len(starts) else len(blocks)
        documents.append(_document(entry, blocks[start], blocks[start + 1:end], set(removed), back_sponsor, doubts,
                                   agencies or {}))
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


def _parse_toc(lines: list[str], start: int, source_name: str, masthead: str = "") -> tuple[list[TocEntry], int]:
    """Entries until the first line that is neither an entry nor a category heading followed by an entry."""
    furniture = running_line((), masthead)  # a page number or running header on a 目录 page that runs over
    nonblank = [i for i in range(start, len(lines)) if lines[i].strip() and not furniture.match(squash(lines[i]))]

    def entry(i: int) -> tuple[int, str] | None:
        s = lines[i].strip()
        if not re.search(r"[\u4e00-\u9fff]", s) or furniture.match(squash(s)):
            return None
        m = _TOC_ENTRY.match(s)
        if m:
            return int(m[1]), m[2]
        m = _TOC_ENTRY_TAIL.match(s)
        return (int(m[2]), m[1]) if m and not s[:1].isdigit() else None

    def wrapped_head(i: int) -> bool:
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        return (len(squash(lines[i])) > 12 and not entry(i) and bool(_TOC_ENTRY_TAIL.match(nxt))
                and not _TOC_ENTRY.match(nxt))

    entries: list[TocEntry] = []
    category = ""
    end = len(lines)
    pending: list[int] = []  # lines of a title whose page number comes at the end of a later line
    for n, i in enumerate(nonblank):
        e = entry(i)
        if e:
            head = "".join(squash(lines[k]) for k in pending)
            entries.append(TocEntry(category, e[0], head + squash(e[1]), (pending or [i])[0] + 1))
            pending = []
            continue
        nxt = nonblank[n + 1] if n + 1 < len(nonblank) else None
        prev = nonblank[n - 1] if n else None
        if entries and prev == i - 1 and entry(prev) and not _TITLE_END.search(entries[-1].title):
            last = entries[-1]  # a wrapped 目录 title: the line right below an entry that has not ended
            entries[-1] = TocEntry(last.category, last.page, last.title + squash(lines[i]), last.line)
            continue
        if wrapped_head(i):
            pending.append(i)  # first line of a title whose page number ends the next line
            continue
        if nxt is not None and (entry(nxt) or wrapped_head(nxt)) and len(squash(lines[i])) <= 12 \
                and re.fullmatch(r"[\u4e00-\u9fff（）()、·]+", squash(lines[i])):
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


def _blocks(lines: list[str], removed: set[int] = frozenset()) -> list[Block]:
    """Runs of consecutive non-blank lines. A removed furniture line between two text lines does not end the run:
    the page break it marked fell inside the paragraph, table or list."""
    blocks: list[Block] = []
    cur: list[tuple[int, str]] = []
    for i, line in enumerate(lines + [""]):
        if i in removed:
            continue
        if line.strip():
            cur.append((i + 1, line))
        elif cur:
            blocks.append(Block(tuple(n for n, _ in cur), tuple(t for _, t in cur)))
            cur = []
    return blocks


def _merge_split_titles(blocks: list[Block], entries: list[TocEntry]) -> list[Block]:
    """A title printed over two or three lines that the extraction set apart with blank lines becomes one block."""
    keys = {_title_key(e.title) for e in entries}
    longest = max(map(len, keys), default=0)
    out: list[Block] = []
    j = 0
    while j < len(blocks):
        for span in (3, 2):
            part = blocks[j:j + span]
            if len(part) == span and sum(len(b.text) for b in part) <= 3 * longest \
                    and _title_key("".join(b.text for b in part)) in keys \
                    and _title_key(blocks[j].text) not in keys:
                out.append(Block(sum((b.lines for b in part), ()), sum((b.texts for b in part), ())))
                j += span
                break
        else:
            out.append(blocks[j])
            j += 1
    return out


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


def _signature(blocks: list[Block]) -> tuple[str, int] | None:
    """The issuing body as the print signs it: `包头市人民政府令` near the top, or an organisation's name standing
    alone on the line before the date (the signature)."""
    for b in blocks[:3]:
        m = _DECREE.match(squash(b.text))
        if m and not b.barrier:
            return m[1], b.lines[0]
    for k, b in enumerate(blocks):
        if b.barrier and k and _DATE.match(squash(b.text)):
            m = _SIGNATURE.match(squash(blocks[k - 1].text))
            if m and len(blocks[k - 1].lines) == 1:
                return m[1], blocks[k - 1].lines[0]
    return None


def _issuer(entry: TocEntry, doc_number: str | None, sponsor: str | None, line: int, doubts: list[Doubt],
            agencies: Mapping[str, str], signed: tuple[str, int] | None) -> str:
    """发文机关: from the 文号's 机关代字 (config agencies), else the signature, else the title's own words;
    otherwise a placeholder that stops the build, and a doubt. Never empty."""
    if doc_number:
        agency = parse_doc_number(doc_number).agency
        if agency in agencies:
            return agencies[agency]
    how = None
    if signed:
        name, line = signed
        how = f"发文机关取自署名“{name}”。Issuer taken from the signature line."
    else:
        m = _ISSUER_PREFIX.match(entry.title) or _ISSUER_REPORT.match(entry.title)
        if m:
            name, how = m[1], f"发文机关取自标题“{m[1]}”。Issuer taken from the title."
        elif "大事记" in entry.category and sponsor:
            name, how = sponsor, f"发文机关取自封底主办单位“{sponsor}”。Issuer taken from the back cover's 主办 line."
    if how:
        note = f"文号的机关代字不在 config.yaml 的 agencies 中；{how}" if doc_number else how
        doubts.append(Doubt(line, "issuer-source", name, note))
        return name
    doubts.append(Doubt(line, "issuer", entry.title,
                        f"无法确定发文机关，已填“{ISSUER_PLACEHOLDER}”（未填写前不能生成网站），请按印刷版填写。"
                        f"Issuer could not be determined; a placeholder was written (the build refuses it); fill it in."))
    return ISSUER_PLACEHOLDER


def _document(entry: TocEntry, title: Block, rest: list[Block], removed: set[int], sponsor: str | None,
              doubts: list[Doubt], agencies: Mapping[str, str]) -> Document:
    """Move the data lines (副标题, 署名, 文号, 主送机关, 成文日期, 此件公开发布) to fields; render the rest."""
    if _CJK_SPACE.search(title.text) and _title_key(title.text) == _title_key(entry.title):
        doubts.append(Doubt(title.lines[0], "title-space", title.text,
                            "标题中的空格为排版折行所致，已按目录标题去除。Spaces in the title come from line wrapping; "
                            "the 目录 title is used."))
    blocks = list(rest)
    subtitle, author = _subtitle_and_author(blocks)
    written_on = iso_date(subtitle) if subtitle is not None else None
    doc_number = _doc_number_line(blocks, doubts)
    addressees = _addressees(blocks) if doc_number else None
    body, written_on, public_release = _data_lines(blocks, written_on, doubts)
    if normalise_title(entry.title) != entry.title:
        doubts.append(Doubt(entry.line, "title-brackets", entry.title,
                            "目录标题中文号的括号已规范为〔〕。Brackets of a 文号 inside the title normalised to 〔〕."))
    category = entry.category
    if not category:
        category = CATEGORY_PLACEHOLDER
        doubts.append(Doubt(entry.line, "category", entry.title,
                            f"目录中这篇文件前没有栏目名，已填“{CATEGORY_PLACEHOLDER}”（未填写前不能生成网站），请按印刷版填写。"
                            "No category heading precedes this 目录 entry; a placeholder was written (the build refuses it)."))
    signed = _signature(body)
    issuer = _issuer(entry, doc_number, sponsor, title.lines[0], doubts, agencies, signed)
    markdown = render_body(body, entry.category, removed, doubts, signed[1] if signed else None)
    return Document(
        slug=f"p{entry.page:03d}", title=normalise_title(entry.title), issuer=issuer, category=category,
        page=entry.page, body=markdown, subtitle=subtitle, author=author, doc_number=doc_number,
        written_on=written_on, addressees=addressees, public_release=public_release, first_line=title.lines[0])


def _subtitle_and_author(blocks: list[Block]) -> tuple[str | None, str | None]:
    """A ——subtitle line under the title (often with the date), and a short signature line after it; both
    taken off `blocks`."""
    if not (blocks and blocks[0].text.lstrip().startswith("——")):
        return None, None
    subtitle = blocks.pop(0).joined
    if blocks and len(squash(blocks[0].text)) <= 30 and not re.search(r"[，。；：！？、,;:]", blocks[0].text) \
            and not re.match(r"^[一二三四五六七八九十]+、|^[（(]", blocks[0].text.strip()):
        return subtitle, blocks.pop(0).text.strip()
    return subtitle, None


def _doc_number_line(blocks: list[Block], doubts: list[Doubt]) -> str | None:
    """The 文号 line among the first three blocks (it and the lines before it taken off `blocks`)."""
    for j in range(min(3, len(blocks))):
        raw = squash(blocks[j].text)
        number = parse_doc_number(normalise_brackets(raw))
        if number and 2 <= len(number.agency) <= 12:  # a 文号 line, not a title that cites one
            if raw != number.canonical:
                doubts.append(Doubt(blocks[j].lines[0], "doc-number-brackets", raw,
                                    f"文号括号已规范为〔〕：{number.canonical}。Brackets in the 文号 normalised to 〔〕."))
            del blocks[: j + 1]
            return number.canonical
    return None


def _addressees(blocks: list[Block]) -> str | None:
    """The 主送机关 line after a 文号 (ends with a colon, one sentence at most), taken off `blocks`."""
    if not blocks:
        return None
    cand = blocks[0].joined
    if cand.endswith(("：", ":")) and len(cand) <= 200 and "。" not in cand:
        blocks.pop(0)
        return cand[:-1]
    return None


def _data_lines(blocks: list[Block], written_on: str | None, doubts: list[Doubt]) -> tuple[list[Block], str | None, bool | None]:
    """The body with its 此件公开发布 line and standalone date lines made barriers; the first date is the 成文日期
    unless the subtitle gave one. Returns (body, written_on, public_release)."""
    body: list[Block] = []
    dates: list[Block] = []
    public_release = None
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
    return body, written_on, public_release


def normalise_title(title: str) -> str:
    """Titles keep their text; only 文号 brackets inside them are brought to 〔〕 (the official form)."""
    return re.sub(r"([\u4e00-\u9fff]{2,8})[\[(（［【﹝](\d{4})[\])）］】﹞](\d{1,4}号)", r"\1〔\2〕\3", title)
