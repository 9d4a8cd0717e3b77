"""Fidelity helper: does the archive hold every character of the printed text, in order?

Independent of the importer on purpose: the source side is cleaned by its own small rules (what the print
shows as artifacts or as front-matter data), the content side is rendered by markdown-it, and both are reduced
to their significant characters. Later the same comparison can take text extracted from built HTML pages.
"""

from __future__ import annotations

import html
import re
import unicodedata
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

MASTHEAD = "包头市人民政府公报"
_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,12}[〔\[(（［](\d{4})[〕\])）］]\d{1,4}号$")
_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
_RELEASE = re.compile(r"^[（(]此件不?公开发布[）)]$")
_BACK = re.compile(r"主办$|^(邮政编码|地址)[:：]")
_TEX = {r"\leq": "≤", r"\geq": "≥", r"\%": "%"}


def significant_chars(text: str) -> str:
    """Every CJK character, letter, digit, punctuation mark and symbol of `text`, in order (whitespace dropped)."""
    return "".join(c for c in text if unicodedata.category(c)[0] in "LNPS")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def read_document(path: Path) -> tuple[dict, str]:
    """Front matter (read as strings, like the loader) and Markdown body of one content file."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text[4:].partition("\n---\n")
    return yaml.load(head, Loader=yaml.BaseLoader), body


def markdown_text(body: str) -> str:
    """The text a reader sees: Markdown rendered (CommonMark + tables), tags dropped, entities decoded."""
    rendered = MarkdownIt("commonmark").enable("table").render(body)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def reverse_corrections(body: str, corrections: list[dict]) -> str:
    """Undo recorded hand corrections (now → was), newest first, to get back to the extracted text."""
    for c in reversed(corrections or []):
        assert body.count(c["now"]) == 1, f"correction not found once in body: {c['now']!r}"
        body = body.replace(c["now"], c["was"])
    return body


def detex(text: str) -> str:
    """`$\\leq 15\\%$` → ≤15%: TeX markup is an extraction artifact, its meaning is not."""

    def repl(m: re.Match[str]) -> str:
        s = m.group(1)
        for k, v in _TEX.items():
            s = s.replace(k, v)
        return s

    return re.sub(r"\$([^$]*)\$", repl, text)


def source_body_text(source: str, titles: list[str], categories: list[str]) -> str:
    """The source minus artifacts: cover and 目录, running headers, page numbers, back cover, Mongolian noise,
    document title lines and the front-matter data lines (副标题, 署名, 文号, 主送机关, 日期, 此件公开发布)."""
    lines = source.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    keys = [squash(t) for t in titles]
    toc = next(i for i, ln in enumerate(lines) if squash(ln) == "目录")
    start = next(i for i in range(toc + 1, len(lines)) if squash(lines[i]) == keys[0])
    headers = {squash(c) for c in categories} | {MASTHEAD}
    end = len(lines)
    while end > start and (not lines[end - 1].strip() or _BACK.search(squash(lines[end - 1])) or squash(lines[end - 1]) == MASTHEAD):
        end -= 1
    kept: list[str] = []
    after_number = after_subtitle = False
    for raw in lines[start:end]:
        s = squash(raw)
        if not s:
            continue
        if after_subtitle:  # the author line follows the subtitle
            after_subtitle = False
            continue
        if after_number:  # 主送机关 runs up to the line ending with a colon
            if s.endswith("："):
                after_number = False
            continue
        if (s in headers or re.fullmatch(r"[-—]?\d{1,3}[-—]?", s) or re.search(r"[\u1800-\u18AF]", s)
                or s in keys or (s.endswith("大事记") and len(s) <= 15) or _DATE.match(s) or _RELEASE.match(s)):
            continue
        if s.startswith("——"):
            after_subtitle = True
            continue
        if _DOC_NUMBER.match(s):
            after_number = True
            continue
        kept.append(detex(raw))
    return "\n".join(kept)


def content_body_text(folder: Path) -> tuple[str, list[tuple[str, dict]]]:
    """All bodies in 目录 order, corrections reversed and rendered; plus each document's front matter."""
    issue = yaml.load((folder / "issue.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    texts, metas = [], []
    for slug in issue["contents"]:
        meta, body = read_document(folder / f"{slug}.md")
        texts.append(markdown_text(reverse_corrections(body, meta.get("corrections"))))
        metas.append((slug, meta))
    return "\n".join(texts), metas


def first_difference(a: str, b: str) -> str:
    """Where two significant-character strings part, with a little context, for a readable failure."""
    n = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"at {n}: source …{a[max(0, n - 20):n + 20]}… content …{b[max(0, n - 20):n + 20]}…"
