"""Each page's `<meta name="description">`: the sentence a search engine or a link preview shows.

A document's is its own first sentence; an issue's, its contents (the documents' titles); a list's, its
heading and first titles. Plain text, white space folded, at most LIMIT characters (search engines cut
longer ones anyway).
"""

from __future__ import annotations

import re

LIMIT = 150
_SENTENCE = re.compile(r"^(.+?[。！？!?᠃])")
_SPACE = re.compile(r"[ \t\n\r\f\v\u3000]+")  # not U+202F or U+180E: they belong to Mongolian words


def fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int = LIMIT) -> str:
    text = fold(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip("，、；：,;: ") + "…"


def first_sentence(plain: str, fallback: str) -> str:
    """The body's first sentence (to 。！？ or the Mongolian full stop ᠃), else `fallback` (the title)."""
    text = fold(plain)
    m = _SENTENCE.match(text)
    return shorten(m.group(1) if m else text or fallback)


def listing(heading: str, items: list[str] | tuple[str, ...]) -> str:
    """A heading followed by the first items, e.g. an issue's title and its documents' titles."""
    return shorten(f"{heading}：{'；'.join(items)}" if items else heading)
