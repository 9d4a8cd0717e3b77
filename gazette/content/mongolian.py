"""Checks on traditional-Mongolian text (display text is NFC only; nothing here changes text).

Suffixes (the genitive ᠶᠢᠨ/ᠤᠨ/ᠦᠨ/ᠤ/ᠦ, accusative ᠢ/ᠶᠢ, dative ᠳᠤ/ᠳᠦ/ᠲᠤ/ᠲᠦ …) are written after U+202F
NARROW NO-BREAK SPACE, which selects their joined suffix forms. After a plain space they are drawn as
separate words, so the build reports them (it never fixes them: docs/mongolian.md).
"""

from __future__ import annotations

import re

SUFFIXES = frozenset({
    "\u1836\u1822\u1828", "\u1824\u1828", "\u1826\u1828", "\u1824", "\u1826", "\u1822", "\u1836\u1822",
    "\u1833\u1824", "\u1833\u1826", "\u1832\u1824", "\u1832\u1826", "\u1821\u1834\u1821", "\u1820\u1834\u1820",
})
_TOKEN = re.compile(r"(?<= )[\u1800-\u18AF]+(?=[\s\u202F.,;:!?\u1802\u1803]|$)")


def suffixes_after_space(text: str) -> list[tuple[int, str]]:
    """(line number from 1, suffix) for each suffix written after U+0020 instead of U+202F."""
    found = []
    for n, line in enumerate(text.split("\n"), 1):
        for m in _TOKEN.finditer(line):
            if m.group(0) in SUFFIXES:
                found.append((n, m.group(0)))
    return found
