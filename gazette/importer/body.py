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
EVENT_DATE = re.compile(r"^(\d{1,2}月\d{1,2}日(?:[—至-]\d{1,2}日)?(?:上午|下午|早晨|早上|中午|晚上|晚间|傍晚|凌晨|夜间)?)(?=[，,、：])")
NAME_LINE = re.compile(r"^(?:(?:组\s*长|副组长|成\s*员|主\s*任|副主任)\s*[:：]\s*)?"
                       r"[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff]){1,2}\s+[\u4e00-\u9fff][^。；]*$")
ROLE_LINE = re.compile(r"^(?:组\s*长|副组长|成\s*员|主\s*任|副主任)\s*[:：]\s*[\u4e00-\u9fff][^。；]*$")
LATIN_WORD = re.compile(r"(?<=[\u4e00-\u9fff])\s*\b([a-z]{2,})\b\s*(?=[\u4e00-\u9fff])")
CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff”》）])\s+(?=[\u4e00-\u9fff“《（])")
ORPHAN_NOTE = re.compile(r"^[（(][^（()）]*(?:负责|落实)[^（()）]*[）)]$")
MID_SENTENCE = re.compile(r"^(?:[，。、；：！？,.;:]|[\u4e00-\u9fff][，、；])")
QUOTED = re.compile(r"《([^《》]{4,60})》")
ATTACH_NAME = re.compile(r"^附件\s*\d*\s*[:：]\s*(.+)$")


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


def _classify(blocks: list[Block], doubts: list[Doubt]) -> list[Item]:
    items: list[Item] = []
    for b in blocks:
        if b.barrier:
            items.append(Item("barrier", b.text, b.lines))
        elif any("\t" in t for t in b.texts):
            rows = tuple(tuple(c.strip() for c in t.split("\t")) for t in b.texts)
            items.append(Item("table", "", b.lines, rows=rows))
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
    return _find_titles(items)


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
            if key in named and prev in ("barrier", "attach") and not re.search(r"[，。；！？]", it.text):
                out.append(replace(it, kind="title"))
                continue
            named.update(squash(q) for q in QUOTED.findall(it.text))
            m = ATTACH_NAME.match(key)
            if m:
                named.add(m[1])
        out.append(it)
    return out


def _mark_headings(items: list[Item], doubts: list[Doubt]) -> list[Item]:
    """Level by level, a run of sibling markers are headings only if every one of them is heading-shaped."""
    items = list(items)
    for level in (1, 2, 3):
        run: list[int] = []

        def close() -> None:
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
                and it.level == 0 and not (is_events and EVENT_DATE.match(it.text))):
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
        if not ends_sentence(it.text) and not ATTACH_NAME.match(squash(it.text)):
            doubts.append(Doubt(it.lines[-1], "dangling", it.text[-30:],
                                "段落在句中结束，后文不在此处（疑为语序错乱或漏排），未改动。The paragraph stops mid-sentence "
                                "and its continuation is not next (swapped or lost text?); kept as is."))
        if MID_SENTENCE.match(it.text):
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


def render_body(blocks: list[Block], category: str, removed: set[int], doubts: list[Doubt]) -> str:
    """Markdown for the body blocks of one document (removed = 0-based indexes of stripped header lines)."""
    texts = {n: t for b in blocks for n, t in zip(b.lines, b.texts)}
    is_events = "大事记" in category
    items = _classify(blocks, doubts)
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
        elif it.kind == "names":
            parts.append("\\\n".join(md_escape(t) for t in it.text.split("\n")))
        else:
            m = EVENT_DATE.match(it.text) if is_events else None
            if m:
                parts.append("**" + md_escape(m.group(1)) + "**" + md_escape(it.text[m.end():], at_block_start=False))
            else:
                parts.append(md_escape(it.text))
    return "\n\n".join(parts) + "\n"
