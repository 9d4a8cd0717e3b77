"""A document's body blocks → Markdown: headings, paragraphs joined across page breaks, tables, name lists, 大事记.

Rules decide only where the text itself decides; everything else becomes a Doubt with its source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .model import Doubt
from .text import detex, ends_sentence, join_lines, latin_joins, md_escape, squash

L1 = re.compile(r"^([一二三四五六七八九十]+)、")
L2 = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]")
L3 = re.compile(r"^(\d{1,2})[.．](?!\d)")
MARKERS = (L1, L2, L3)
CHAPTER = re.compile(r"^第[一二三四五六七八九十百零]+([章节])(?:\s*[\u4e00-\u9fff][\u4e00-\u9fff\s、和与及]{0,20})?$")
EVENT_DATE = re.compile(r"^(\d{1,2}月\d{1,2}日(?:[—至-]\d{1,2}日)?(?:上午|下午|早晨|早上|中午|晚上|晚间|傍晚|凌晨|夜间)?)(?=[，,、：])")
_ROLE = r"(?:组\s*长|副\s*组\s*长|常务副组长|成\s*员|主\s*任|副\s*主\s*任|召\s*集\s*人|副召集人|总\s*指\s*挥|副总指挥)"
NAME_LINE = re.compile(rf"^(?:{_ROLE}\s*[:：]\s*)?"
                       r"[\u4e00-\u9fff](?:\s{0,3}[\u4e00-\u9fff]){1,2}\s+[\u4e00-\u9fff][^。；]*$")
ROLE_LINE = re.compile(rf"^{_ROLE}\s*[:：]\s*[\u4e00-\u9fff][^。；]*$")
LATIN_WORD = re.compile(r"(?<=[\u4e00-\u9fff])\s*\b([a-z]{2,})\b\s*(?=[\u4e00-\u9fff])")
CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff”》）])\s+(?=[\u4e00-\u9fff“《（])")
ORPHAN_NOTE = re.compile(r"^[（(][^（()）]*(?:负责|落实)[^（()）]*[）)]$")
MID_SENTENCE = re.compile(r"^(?:[，。、；：！？,.;:]|[\u4e00-\u9fff][，、；])")
QUOTED = re.compile(r"《([^《》]{4,60})》")
ATTACH_NAME = re.compile(r"^附件\s*\d*\s*[:：]\s*(.+)$")
SIGN_LINE = re.compile(r"^(?:(?:中共)?[\u4e00-\u9fff]{2,24}人民政府令|第\s*\d{1,4}\s*号|(?:市|区|旗|县)\s*长\s+[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,3})$")
CONTINUED = re.compile(r"^[（(]?续(?:表|上表|表\d*)?[）)]?$")
ATTACH_HEAD = re.compile(r"^附件\s*\d{0,2}[:：]?$")
ATTACH_WITH_TITLE = re.compile(r"^(附件\s*\d{1,2}(?:\s*[:：]|(?=\s)))\s*([^，。；：！？,;:\s][^，。；：！？,;:]{3,59})$")
ATTACH_LIST = re.compile(r"^附件\s*[:：]\s*(?:\d{1,2}\s*[.．、]|$)")
LIST_NUMBER = re.compile(r"^\s*\d{1,2}\s*[.．、](?!\d)\s*(\S.*)$")
APPOINTMENT = re.compile(r"^\s*(?:(?:决定)?(?:任命|免去|聘任|聘请|解聘|提名|推荐|批准|同意)\S"
                         r"|[\u4e00-\u9fff]{2,3}(?:同志)?(?:任|兼任|不再担任|挂职任)[\u4e00-\u9fff（）()、]{2,40}"
                         r"(?:长|主任|书记|委员|主席|员|职务|秘书长|局长|馆长|院长)[；;。，,]?\s*$)")
UNIT_LINE = re.compile(r"^[\u4e00-\u9fff（）()·]{3,30}(?:人民政府|政府|管委会|委员会|委|办公室|办|局|厅|中心|公司|集团|银行|院|所|"
                       r"队|会|处|部|署|站|校|馆|台|社|分行|支行|分局|支队|大学|学院|社区|街道|村|嘎查|苏木|镇|乡|医院)$")


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank source lines (numbers 1-based). A barrier stands for data moved to front matter."""

    lines: tuple[int, ...]
    texts: tuple[str, ...]
    barrier: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def joined(self) -> str:
        return join_lines(self.texts)

    def as_barrier(self) -> "Block":
        return replace(self, barrier=True)


@dataclass(frozen=True)
class Item:
    """One Markdown block in the making. kind: para, heading, title, attach, table, names, barrier."""

    kind: str
    text: str
    lines: tuple[int, ...]
    level: int = 0  # marker level 1..3 for para/heading (0 = none)
    rows: tuple[tuple[str, ...], ...] = ()


def marker_level(text: str) -> int:
    """1 for 一、, 2 for （一）, 3 for 1. at the start of a paragraph; 0 otherwise."""
    for level, rx in enumerate(MARKERS, 1):
        if rx.match(text):
            return level
    return 0


def heading_shaped(text: str, level: int) -> bool:
    """A short line without sentence punctuation after its number: may be a heading (siblings decide)."""
    rest = MARKERS[level - 1].sub("", text, count=1).strip()
    if not rest or len(squash(rest)) > (30 if level == 1 else 25):
        return False
    banned = {1: "。；！？", 2: "。；！？，", 3: "。；！？，、：,;:"}[level]
    return not any(c in banned for c in rest) and not rest.endswith(("，", "、", "：", ":"))


def _list_items(b: Block, starts: re.Pattern[str]) -> list[tuple[tuple[int, ...], str]] | None:
    """Split a block into one item per printed line when at least two lines start an item (任命…, 1. …);
    a line that starts no item continues the one before (a wrapped line). None when the block is no list."""
    heads = [i for i, t in enumerate(b.texts) if starts.match(t)]
    if len(heads) < 2 or (heads[0] > 1):
        return None
    groups: list[list[int]] = [[i] for i in range(heads[0])]  # an intro line (经研究决定：) stands alone
    for i in range(heads[0], len(b.texts)):
        if i in heads:
            groups.append([i])
        else:
            groups[-1].append(i)
    return [(tuple(b.lines[i] for i in g), join_lines([b.texts[i] for i in g])) for g in groups]


def _table_rows(b: Block) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(c.strip() for c in t.split("\t")) for t in b.texts)


def _join_tables(items: list[Item], doubts: list[Doubt]) -> list[Item]:
    """A table cut by a page break comes back as two tables (or one with its header row printed again):
    join them and drop each repeated header row, reporting both."""
    out: list[Item] = []
    for k, it in enumerate(items):
        nxt = items[k + 1] if k + 1 < len(items) else None
        if it.kind == "para" and CONTINUED.match(squash(it.text)) and out and out[-1].kind == "table" \
                and nxt is not None and nxt.kind == "table":
            doubts.append(Doubt(it.lines[0], "table-header-repeat", it.text.strip(),
                                "续表标记已删除，表格接上。A 'continued' mark between the parts of a table was dropped."))
            continue
        if it.kind != "table":
            out.append(it)
            continue
        rows, lines = list(it.rows), list(it.lines)
        prev = out[-1] if out and out[-1].kind == "table" else None
        header = prev.rows[0] if prev else rows[0]
        keep = [(r, n) for k, (r, n) in enumerate(zip(rows, lines)) if prev is None and k == 0 or
                [squash(c) for c in r] != [squash(c) for c in header]]
        for r, n in zip(rows, lines):
            if (r, n) not in keep:
                doubts.append(Doubt(n, "table-header-repeat", " ".join(c for c in r if c),
                                    "跨页重复的表头行已删除。A header row repeated after a page break was dropped."))
        if prev is not None:
            doubts.append(Doubt(lines[0], "table-joined", " ".join(c for c in rows[0] if c),
                                "表格跨页，续表已并入上表。A table continued across a page break was joined into one."))
            out[-1] = replace(prev, rows=prev.rows + tuple(r for r, _ in keep), lines=prev.lines + tuple(n for _, n in keep))
        else:
            out.append(replace(it, rows=tuple(r for r, _ in keep), lines=tuple(n for _, n in keep)))
    return out


_ATTACH_ITEM = re.compile(r"^\s*(?:附件\s*[:：]\s*)?\d{1,2}\s*[.．、]")


def _one_per_line(b: Block, doubts: list[Doubt]) -> Item | None:
    """A printed list kept one item per line: 附件：1. …⏎2. …, appointments (任命…/免去…/张三同志任…),
    numbered items, units one per line. A wrapped item's lines are joined; None when the block is prose."""
    first = squash(b.texts[0])
    if ATTACH_LIST.match(first) and (parts := _list_items(b, _ATTACH_ITEM)):
        note = "附件清单按原样一项一行保留。The attachment list is kept one item per line."
    elif (parts := _list_items(b, APPOINTMENT)) or (parts := _list_items(b, LIST_NUMBER)) \
            and (len(b.texts) > 2 or all(LIST_NUMBER.match(t) for t in b.texts)) \
            and all(len(squash(t)) <= 60 for _, t in parts):
        note = ("一行一项的名单（任免、名单、编号条目）按原样分行保留。A one-per-line list (appointments, names, "
                "numbered items) is kept one item per line.")
    elif len(b.texts) >= 3 and all(UNIT_LINE.match(squash(t)) for t in b.texts):
        parts = [((n,), t.strip()) for n, t in zip(b.lines, b.texts)]
        note = "一行一个单位的名单按原样分行保留。A list of units, one per line, is kept one per line."
    else:
        return None
    doubts.append(Doubt(b.lines[0], "list-kept", b.texts[0].strip()[:30], note))
    return Item("list", "\n".join(t for _, t in parts), b.lines)


def _classify(blocks: list[Block], doubts: list[Doubt], sign_line: int | None = None) -> list[Item]:
    items: list[Item] = []
    for b in blocks:
        first = squash(b.texts[0])
        if b.barrier:
            items.append(Item("barrier", b.text, b.lines))
        elif b.lines[0] == sign_line or len(b.texts) == 1 and SIGN_LINE.match(b.texts[0].strip()):
            items.append(Item("sign", b.joined, b.lines))
        elif any("\t" in t for t in b.texts):
            items.append(Item("table", "", b.lines, rows=_table_rows(b)))
        elif len(b.texts) == 1 and CHAPTER.match(b.texts[0].strip()):
            level = 1 if CHAPTER.match(b.texts[0].strip())[1] == "章" else 2
            items.append(Item("heading", b.texts[0].strip(), b.lines, level))
        elif len(b.texts) == 1 and ATTACH_HEAD.match(first):
            items.append(Item("attach", b.texts[0].strip(), b.lines))
        elif len(b.texts) == 1 and ATTACH_WITH_TITLE.match(b.texts[0].strip()):
            m = ATTACH_WITH_TITLE.match(b.texts[0].strip())
            items += [Item("attach", m[1], b.lines), Item("para", m[2], b.lines)]
        elif (kept := _one_per_line(b, doubts)) is not None:
            items.append(kept)
        elif len(b.texts) == 1 and ROLE_LINE.match(b.texts[0].strip()):
            items.append(Item("names", b.texts[0].strip(), b.lines))
        elif len(b.texts) >= 2 and sum(bool(NAME_LINE.match(t.strip())) for t in b.texts) >= 2:
            names = [(n, t.strip()) for n, t in zip(b.lines, b.texts) if NAME_LINE.match(t.strip())]
            k = len(names)
            if [t for _, t in names] == [t.strip() for t in b.texts[:k]]:
                items.append(Item("names", "\n".join(t for _, t in names), b.lines[:k]))
                if b.texts[k:]:
                    rest = Block(b.lines[k:], b.texts[k:])
                    items.append(Item("para", rest.joined, rest.lines, marker_level(rest.joined)))
            else:
                items.append(Item("para", b.joined, b.lines, marker_level(b.joined)))
        else:
            for i in latin_joins(b.texts):
                doubts.append(Doubt(b.lines[i], "latin-join", b.texts[i].strip()[-20:] + "⏎" + b.texts[i + 1].strip()[:20],
                                    "行末行首均为拉丁字母或数字，已直接连接（未加空格），请核对。Line break between Latin "
                                    "letters/digits joined without a space; check against the print."))
            items.append(Item("para", b.joined, b.lines, marker_level(b.joined)))
    return _find_titles(_join_tables(items, doubts))


def _find_titles(items: list[Item]) -> list[Item]:
    """A sub-document title (the promulgated text, an attachment) is a short line named earlier in 《》 or after 附件：."""
    named: set[str] = set()
    out: list[Item] = []
    for it in items:
        if it.kind == "para":
            key = squash(it.text)
            prev = out[-1].kind if out else ""
            if key == "附件":
                out.append(replace(it, kind="attach"))
                continue
            if not re.search(r"[，。；！？]", it.text) and (
                    key in named and prev in ("barrier", "attach", "sign") or prev == "attach" and len(key) <= 60):
                out.append(replace(it, kind="title"))
                continue
            named.update(squash(q) for q in QUOTED.findall(it.text))
            m = ATTACH_NAME.match(key)
            if m:
                named.add(m[1])
        if it.kind == "list":
            for line in it.text.split("\n"):
                m = LIST_NUMBER.match(re.sub(r"^附件\s*[:：]\s*", "", line))
                if m:
                    named.add(squash(m[1]))
        out.append(it)
    return out


def _mark_headings(items: list[Item], doubts: list[Doubt]) -> list[Item]:
    """Level by level, a run of sibling markers are headings only if every one of them is heading-shaped."""
    items = list(items)
    for level in (1, 2, 3):
        run: list[int] = []

        def close(run: list[int] = run, level: int = level) -> None:  # this pass's run and level (bound now)
            if run and all(heading_shaped(items[i].text, level) for i in run):
                for i in run:
                    items[i] = replace(items[i], kind="heading")
                earlier = [x for x in items[: run[0]] if x.kind in ("para", "heading") and x.level == level]
                if len(run) == 1 and not (earlier and earlier[-1].kind == "heading"):
                    it = items[run[0]]
                    doubts.append(Doubt(it.lines[0], "heading-guess", it.text,
                                        "单独一个编号短行，按标题处理；若为跨页断开的段落请合并。A lone numbered short line "
                                        "was made a heading; if it is a paragraph cut at a page break, join it."))
            run.clear()

        for i, it in enumerate(items):
            if it.kind in ("title", "attach") or (it.kind in ("para", "heading") and 0 < it.level < level):
                close()
            elif it.kind == "para" and it.level == level:
                run.append(i)
        close()
    return items


def _join_page_breaks(items: list[Item], is_events: bool) -> list[Item]:
    """Join a paragraph that stops mid-sentence with the next one (a page break cut it)."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (prev and prev.kind == "para" and it.kind == "para" and not ends_sentence(prev.text)
                and it.level == 0 and not (is_events and EVENT_DATE.match(it.text))
                and not (APPOINTMENT.match(prev.text) and APPOINTMENT.match(it.text))
                and not ATTACH_NAME.match(squash(prev.text))):
            out[-1] = replace(prev, text=join_lines([prev.text, it.text]), lines=prev.lines + it.lines)
        else:
            out.append(it)
    return out


def _check(items: list[Item], removed: set[int], doubts: list[Doubt], texts: dict[int, str]) -> None:
    for k, it in enumerate(items):
        if it.kind in ("heading", "title") and CJK_SPACE.search(it.text):
            doubts.append(Doubt(it.lines[0], "heading-space", it.text,
                                "标题中有空格（疑为折行所致），未改动，请核对。A space inside a heading (probably a line "
                                "wrap); kept, check it."))
        if it.kind != "para":
            continue
        nxt = items[k + 1] if k + 1 < len(items) else None
        if not ends_sentence(it.text) and not ATTACH_NAME.match(squash(it.text)) and not APPOINTMENT.match(it.text):
            doubts.append(Doubt(it.lines[-1], "dangling", it.text[-30:],
                                "段落在句中结束，后文不在此处（疑为语序错乱或漏排），未改动。The paragraph stops mid-sentence "
                                "and its continuation is not next (swapped or lost text?); kept as is."))
        if MID_SENTENCE.match(it.text) and not it.level:
            doubts.append(Doubt(it.lines[0], "mid-sentence", it.text[:30],
                                "段落从句子中间开始（疑为语序错乱），未改动。The paragraph starts mid-sentence (swapped "
                                "halves?); kept as is."))
        if ORPHAN_NOTE.match(it.text.strip()):
            doubts.append(Doubt(it.lines[0], "orphan-note", it.text,
                                "责任单位注释单独成段，可能属于上一段末尾，未合并。A responsibility note stands alone; it "
                                "may belong to the end of the previous paragraph; not joined."))
        for m in LATIN_WORD.finditer(it.text):
            word = m.group(1)
            line = next((n for n in it.lines if re.search(rf"\b{word}\b", texts.get(n, ""))), it.lines[0])
            doubts.append(Doubt(line, "latin-word", m.group(0).strip(),
                                f"中文句中出现英文词“{word}”（“and”疑为“和”），未改动。An English word inside a Chinese "
                                f"sentence (\"and\" probably printed as 和); kept as is."))
        if nxt and nxt.kind == "para" and nxt.level == 0 and any(it.lines[-1] < r + 1 < nxt.lines[0] for r in removed):
            doubts.append(Doubt(nxt.lines[0], "page-break", nxt.text[:20],
                                "页眉处前段以句末标点结束：此处是新段落还是同段续文无法从文本判断。At this running header "
                                "the previous paragraph ends a sentence; new paragraph or continuation cannot be told."))


def _cells(rows: tuple[tuple[str, ...], ...], lines: tuple[int, ...], doubts: list[Doubt]) -> list[str]:
    width = max(len(r) for r in rows)
    out = []
    for n, row in zip(lines, rows):
        cells = []
        for c in list(row) + [""] * (width - len(row)):
            plain = detex(c)
            if plain != c:
                doubts.append(Doubt(n, "tex", c, f"表格中的TeX记号已转为文本：{plain}。TeX-like cell turned into text."))
            cells.append(md_escape(plain, at_block_start=False))
        out.append("| " + " | ".join(cells) + " |")
    out.insert(1, "|" + "|".join([" --- "] * width) + "|")
    return out


def render_body(blocks: list[Block], category: str, removed: set[int], doubts: list[Doubt],
                sign_line: int | None = None) -> str:
    """Markdown for the body blocks of one document (removed = 0-based indexes of stripped header lines;
    sign_line = source line of the signature, kept as its own paragraph)."""
    texts = {n: t for b in blocks for n, t in zip(b.lines, b.texts)}
    is_events = "大事记" in category
    items = _classify(blocks, doubts, sign_line)
    items = _mark_headings(items, doubts) if not is_events else items
    items = _join_page_breaks(items, is_events)
    _check(items, removed, doubts, texts)
    parts: list[str] = []
    shift = 0
    for it in items:
        if it.kind == "barrier":
            continue
        if it.kind == "title":
            shift = 1
            parts.append("## " + md_escape(it.text.strip(), at_block_start=False))
        elif it.kind == "heading":
            parts.append("#" * min(6, it.level + 1 + shift) + " " + md_escape(it.text.strip(), at_block_start=False))
        elif it.kind == "table":
            parts.append("\n".join(_cells(it.rows, it.lines, doubts)))
        elif it.kind in ("names", "list"):
            parts.append("\\\n".join(md_escape(t) for t in it.text.split("\n")))
        else:
            m = EVENT_DATE.match(it.text) if is_events else None
            if m:
                parts.append("**" + md_escape(m.group(1)) + "**" + md_escape(it.text[m.end():], at_block_start=False))
            else:
                parts.append(md_escape(it.text))
    return "\n\n".join(parts) + "\n"
