"""Characters that must never reach a page, a feed or a file name: control characters (C0 but tab and line
feed, DEL, C1), lone surrogates (a YAML escape such as "\\ud800") and the BMP's noncharacters. XML (the Atom
feed) cannot carry them at all, HTML parsers report them, and in a file name they forge lines in messages."""

from __future__ import annotations

import re

# The BMP's noncharacters (U+FFFE and U+FFFF are not XML characters); the other planes' are left out: XML allows
# them, and listing them in the class made the search ten times slower (1 s over 28 MB of Markdown).
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): neither Chinese nor
# Mongolian needs them, and they make a title or a 文号 display in an order other than the one stored.
# (U+202F, Mongolian's NNBSP, is just past them and stays.)
_BIDI = "\u202a-\u202e\u2066-\u2069"
BAD_CHARACTER = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}{_BIDI}]")
_NAME_BAD = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}{_BIDI}]")


def describe(ch: str) -> str:
    """`U+0007`: how a message names an invisible character."""
    return f"U+{ord(ch):04X}"


def bad_character_message(ch: str) -> str:
    return (f"含有不允许的字符 {describe(ch)}（控制字符或无效字符，多由复制粘贴或 \\u、\\x 转义带入），请删除 "
            f"contains the character {describe(ch)}, a control or invalid character (usually pasted in, or written as "
            f"a \\u or \\x escape); delete it")


def first_bad_character(text: str) -> re.Match | None:
    """The first character that must not be published, or None."""
    return BAD_CHARACTER.search(text)


def bad_lines(text: str, first_line: int = 1, limit: int = 20) -> list[tuple[int, str]]:
    """(line, character) of the first bad character on each line that has one (at most `limit` lines)."""
    found: list[tuple[int, str]] = []
    seen_lines: set[int] = set()
    for m in BAD_CHARACTER.finditer(text):
        line = first_line + text.count("\n", 0, m.start())
        if line not in seen_lines:
            seen_lines.add(line)
            found.append((line, m.group()))
            if len(found) >= limit:
                break
    return found


def unsafe_name(name: str) -> bool:
    """A file or folder name with a control character, a line break or bytes that are not UTF-8
    (decoded by Python as lone surrogates)."""
    return bool(_NAME_BAD.search(name))


def shown(text: str) -> str:
    """Text for a one-line message: every control or invalid character written as an escape (\\n, \\x07,
    \\ud800), so a file name cannot break a `path:line: message` line or the terminal's encoding."""
    return _NAME_BAD.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii")
                         if not 0xD800 <= ord(m.group()) <= 0xDFFF else f"\\u{ord(m.group()):04x}", text)


def shown_message(text: str) -> str:
    """A message's text with every character that must not be printed escaped (line breaks and tabs kept)."""
    return BAD_CHARACTER.sub(lambda m: shown(m.group()), text)
