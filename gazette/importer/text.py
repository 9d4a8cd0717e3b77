"""Character-level rules for extracted Chinese text: joining wrapped lines, sentence ends, headers, Markdown escaping.

Kept free of issue structure so the rules can be property-tested on their own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

SENTENCE_END = "。！？；：…!?;:"
CLOSERS = "”’」』》〉】"
_PAREN_PAIRS = {"）": "（", ")": "("}
MONGOLIAN = re.compile(r"[\u1800-\u18AF]")
PAGE_NUMBER = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^\s*第\s*\d{1,3}\s*页\s*$")
# Page-number forms gazettes print (`— 12 —`, `- 12 -`, `第12页`, a bare number), on whitespace-free text.
_PAGE_MARK = r"(?:[-—–－]{1,2}(?:\d{1,3}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]{1,3})[-—–－]{1,2}|第\d{1,3}页|\d{1,3})"
_SEP = r"[·・|｜/]"  # what some headers print between the title and the issue line
# An issue line as running headers print it: 2023年第3期, optionally with (总第130期) and the 刊期.
_ISSUE_LINE = r"\d{4}年第\d{1,2}期(?:[(（]总第\d{1,4}期(?:[·・]?[\u4e00-\u9fff]{2,3})?[)）])?"


def normalise_source(text: str) -> str:
    """Drop a UTF-8 BOM and fold CRLF/CR to LF, so line numbers match what an editor shows."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_wide(ch: str) -> bool:
    """True for CJK characters and full-width punctuation: no space is ever needed next to them."""
    if not ch:
        return False
    if ch in "—…“”‘’·":
        return True
    return unicodedata.east_asian_width(ch) in "WF" or 0x2E80 <= ord(ch) <= 0x9FFF


def squash(text: str) -> str:
    """Text without any whitespace: the key for comparing titles, headers and data lines."""
    return re.sub(r"\s+", "", text)


def join_lines(lines: Sequence[str]) -> str:
    """Join hard-wrapped lines the way Chinese text joins: nothing next to CJK, one space kept between Latin words.

    A space is only kept (it was at the end or start of a line), never invented: a break inside Latin text
    with no space is joined without one and reported separately (`latin_joins`), not guessed.
    """
    out, prev_raw = "", ""
    for raw in lines:
        piece = raw.strip()
        if not piece:
            continue
        if out:
            had_space = raw[:1].isspace() or prev_raw[-1:].isspace()
            glue = "" if is_wide(out[-1]) or is_wide(piece[0]) or not had_space else " "
            out += glue
        out += piece
        prev_raw = raw
    return out


def latin_joins(lines: Sequence[str]) -> list[int]:
    """Indexes of line breaks between two ASCII letters/digits with no space: the word may have been split."""
    hits = []
    pieces = [ln for ln in lines]
    for i in range(len(pieces) - 1):
        a, b = pieces[i], pieces[i + 1]
        if a and b and not a[-1].isspace() and not b[0].isspace():
            if a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum():
                hits.append(i)
    return hits


def ends_sentence(text: str) -> bool:
    """Does the paragraph end a sentence? Closing quotes and a trailing （…负责） note count only after a sentence end."""
    t = text.rstrip()
    while t:
        last = t[-1]
        if last in SENTENCE_END:
            return True
        if last in CLOSERS:
            t = t[:-1].rstrip()
            continue
        if last in _PAREN_PAIRS:
            opener = max(t.rfind("（"), t.rfind("("))  # extraction mixes full- and half-width pairs
            if opener < 0:
                return False
            if opener == 0:
                return True  # the whole paragraph is a parenthetical note
            t = t[:opener].rstrip()
            continue
        return False
    return False


def running_line(headers: Iterable[str], masthead: str = "") -> re.Pattern[str]:
    """What a whole line of print furniture looks like once its whitespace is gone: a page number, a running
    header (a category name, the masthead with or without its issue line, in either order), or a header with
    its page number before or after it. Letter-spaced headers (大 事 记) match because spaces are dropped."""
    names = sorted({squash(h) for h in headers if squash(h)}, key=len, reverse=True)
    alts = [re.escape(n) for n in names]
    mast = re.escape(squash(masthead)) if squash(masthead) else None
    if mast:
        alts = [f"{mast}(?:{_SEP}?{_ISSUE_LINE})?", f"{_ISSUE_LINE}{_SEP}?{mast}"] + alts
    alts.append(_ISSUE_LINE)
    header = "|".join(alts)
    return re.compile(rf"^(?:{_PAGE_MARK}|(?:{_PAGE_MARK})?(?:{header})(?:{_PAGE_MARK})?(?:{header})?(?:{_PAGE_MARK})?)$")


def inline_furniture(masthead: str, headers: Iterable[str] = ()) -> re.Pattern[str]:
    """Furniture spliced into a line of text by the extraction: the masthead with its issue line (any spacing,
    letter-spaced too), a dash-framed page number (`— 12 —`, spaces required so 2023—2025 never matches), or a
    category name set apart by spaces that Chinese text never has (letter-spaced `大 事 记`, or two spaces each side)."""
    spaced = [r"\s+".join(re.escape(c) for c in squash(h)) for h in headers if len(squash(h)) >= 3]
    mast = r"\s*".join(re.escape(c) for c in squash(masthead))
    issue = r"\s*\d{4}\s*年\s*第\s*\d{1,2}\s*期(?:\s*[(（]\s*总第\s*\d{1,4}\s*期[^)）]{0,4}[)）])?"
    sep = r"\s*[·・|｜/]?"
    parts = [rf"\s*{mast}{sep}{issue}\s*", rf"{issue}{sep}\s*{mast}\s*"] if mast else []
    parts.append(r"\s*[—－-]{1,2}\s+\d{1,3}\s+[—－-]{1,2}\s*")
    parts += [rf"(?<=[\u4e00-\u9fff，、])\s+{h}\s+(?=[\u4e00-\u9fff])" for h in spaced]
    parts += [rf"(?<=[\u4e00-\u9fff，、])\s{{2,}}{re.escape(squash(h))}\s{{2,}}(?=[\u4e00-\u9fff])"
              for h in headers if len(squash(h)) >= 3]
    return re.compile("|".join(parts))


def strip_inline(lines: Sequence[str], masthead: str, headers: Iterable[str] = ()) -> tuple[list[str], list[tuple[int, str]]]:
    """Cut furniture spliced inside lines of text; returns the new lines and (index, what was cut)."""
    rx = inline_furniture(masthead, headers)
    out, cut = [], []
    for i, line in enumerate(lines):
        found = [m.group(0).strip() for m in rx.finditer(line) if m.group(0).strip()]
        if found and squash(rx.sub("", line)):
            out.append(rx.sub("", line))
            cut += [(i, f) for f in found]
        else:
            out.append(line)
    return out, cut


def strip_running_lines(lines: Sequence[str], headers: Iterable[str], masthead: str = "",
                        keep: Iterable[str] = ()) -> tuple[list[str], list[int]]:
    """Blank out running headers and page-number lines (line count kept, so line numbers stay true).

    `keep` (e.g. the 目录 titles) are never furniture even if they read like a header.
    Returns the new lines and the indexes that were blanked.
    """
    rx = running_line(headers, masthead)
    kept = {squash(k) for k in keep}
    out, removed = [], []
    for i, line in enumerate(lines):
        key = squash(line)
        if key and key not in kept and (rx.match(key) or PAGE_NUMBER.match(line)):
            out.append("")
            removed.append(i)
        else:
            out.append(line)
    return out, removed


_TEX_MACROS = {r"\leq": "≤", r"\le": "≤", r"\geq": "≥", r"\ge": "≥", r"\times": "×", r"\pm": "±",
               r"\%": "%", r"\lt": "<", r"\gt": ">", r"\neq": "≠", r"\sim": "~", r"\cdot": "·"}
_TEX_MATH = re.compile(r"\$([^$]*)\$")


def detex(cell: str) -> str:
    """Turn TeX-like math left by extraction (`$\\leq 15\\%$`) into plain text (≤15%); other text untouched."""

    def repl(m: re.Match[str]) -> str:
        s = m.group(1)
        for macro in sorted(_TEX_MACROS, key=len, reverse=True):
            s = re.sub(re.escape(macro) + r"(?![A-Za-z])", _TEX_MACROS[macro].replace("\\", "\\\\"), s)
        return re.sub(r"\s+", "", s)

    return _TEX_MATH.sub(repl, cell)


_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>~|])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_START = re.compile(r"^(\s*)([#>+=-]|\d{1,9}[.)])")


def md_escape(text: str, *, at_block_start: bool = True) -> str:
    """Escape what Markdown would read as syntax, so the page shows exactly the gazette text."""
    s = _INLINE_SPECIAL.sub(r"\\\1", text)
    s = _ENTITY.sub(r"\\&", s)
    if at_block_start:
        m = _BLOCK_START.match(s)
        if m:
            mark = m.group(2)
            s = m.group(1) + (mark[:-1] + "\\" + mark[-1]) + s[m.end():]
    return s
