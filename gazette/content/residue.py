"""Print residue in a document body: what a PDF-to-text step (or a paste from one) leaves behind.

The importer removes this furniture from what it imports; a body typed or pasted by hand carries the same
residue, so `check`, `build` and `serve` look for it in every Chinese document and warn with the line and
the fix (an error under --strict). Pure: text in, (body line, message) out.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .docnumber import normalise_brackets

_SENTENCE_END = "。！？；：…!?;:”’」』》）)"
_PAGE_LINE = re.compile(r"^(?:[-—–－]{1,2}\s*\d{1,3}\s*[-—–－]{1,2}|第\s*\d{1,3}\s*页|\d{1,3})$")
_PAGE_INLINE = re.compile(r"[—－-]{1,2}\s+\d{1,3}\s+[—－-]{1,2}")
_ISSUE = r"\d{4}\s*年\s*第\s*\d{1,2}\s*期"
_ISSUE_ONLY = re.compile(r"\d{4}年第\d{1,2}期(?:[(（]总第\d{1,4}期[^)）]{0,4}[)）])?")
_ESCAPE = re.compile(r"\\([\\`*_\[\]<>~|#+\-.!()&])")


_WRONG_BRACKETS = re.compile(r"[\[(（［【﹝]\s*(?:19|20)\d{2}\s*[\])）］】﹞]\s*\d{1,4}\s*号")
_AGENCY_BEFORE = re.compile(r"[\u4e00-\u9fff]{2,10}\s*$")


@functools.lru_cache(maxsize=8)
def _patterns(title: str, categories: tuple[str, ...]) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """The masthead-with-issue-line pattern (any spacing) and the header names, built once per configuration."""
    squashed = re.sub(r"\s+", "", title)
    masthead = r"\s*".join(re.escape(c) for c in squashed) if squashed else None
    header_inline = re.compile(rf"{masthead}\s*{_ISSUE}|{_ISSUE}\s*{masthead}") if masthead else None
    names = frozenset(re.sub(r"\s+", "", c) for c in categories) | ({squashed} if squashed else frozenset())
    return header_inline, names


def _plain(line: str) -> str:
    """The line as a reader sees it: Markdown escapes and a hard-break backslash aside."""
    return _ESCAPE.sub(r"\1", line).strip().rstrip("\\").strip() if "\\" in line else line.strip()


def _wrong_numbers(text: str):
    """文号 written with other brackets than 〔〕 (包府发[2023]5号, 包府发（2023）5号)."""
    for m in _WRONG_BRACKETS.finditer(text):
        agency = _AGENCY_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if agency:
            yield text[agency.start():m.end()]


def residue(body: str, title: str, categories: Iterable[str]) -> list[tuple[int, str]]:
    """(0-based body line, message) for each piece of print furniture or non-standard 文号 in a Markdown body."""
    header_inline, names = _patterns(title, tuple(categories))
    out: list[tuple[int, str]] = []
    lines = body.split("\n")
    fence = False
    for n, raw in enumerate(lines):
        if raw.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence or not raw.strip():
            continue
        text = _plain(raw)
        if text.startswith("#"):
            continue  # a heading is the editor's deliberate choice
        short = len(text) <= 40
        key = re.sub(r"\s+", "", text) if short else ""
        if short and (_PAGE_LINE.match(text) or key in names or _ISSUE_ONLY.fullmatch(key)
                      or (header_inline and header_inline.fullmatch(key))):
            prev = _previous_paragraph(lines, n)
            cut = prev is not None and not prev.rstrip("\\ ").endswith(tuple(_SENTENCE_END)) and _next_text(lines, n)
            zh_join, en_join = ("；前一段在句中断开，这里之后是它的续文：删除这一行并把两段接成一段",
                                "; the paragraph before stops mid-sentence and continues after it: join the two") if cut else ("", "")
            if _PAGE_LINE.match(text):
                out.append((n, f"页码行“{text}”是印刷版的页脚，请删除{zh_join} a page-number line ({text!r}) is print "
                               f"furniture: delete it{en_join}"))
            else:
                out.append((n, f"这一行只有刊名或栏目名“{text}”，是印刷版的页眉，请删除{zh_join} a line holding only the "
                               f"gazette's title or a category name ({text!r}) is a running header: delete it{en_join}"))
        else:
            if header_inline and "期" in text:
                for m in header_inline.finditer(text):
                    out.append((n, f"段落中夹有页眉“{m.group(0)}”（刊名和期号），请删去并把前后文字接上 the gazette's title "
                                   f"and issue line ({m.group(0)!r}) sit inside a paragraph: cut them and join the text"))
            if "—" in text or "-" in text or "－" in text:
                for m in _PAGE_INLINE.finditer(text):
                    out.append((n, f"段落中夹有页码“{m.group(0)}”，请删去并把前后文字接上 a page number ({m.group(0)!r}) "
                                   "sits inside a paragraph: cut it and join the text"))
        if "号" in text:
            for found in _wrong_numbers(text):
                right = normalise_brackets(found)
                out.append((n, f"正文中的文号“{found}”括号不规范，应写成“{right}”（六角括号〔〕） a 文号 in the "
                               f"body uses the wrong brackets: write {right}"))
    return out


def _previous_paragraph(lines: list[str], n: int) -> str | None:
    """The last line of the text block before line n (None at the start or after a heading/table)."""
    k = n - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k < 0:
        return None
    text = _plain(lines[k])
    return None if text.startswith(("#", "|")) or _PAGE_LINE.match(text) else text


def _next_text(lines: list[str], n: int) -> bool:
    k = n + 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    return k < len(lines) and not _plain(lines[k]).startswith(("#", "|"))
