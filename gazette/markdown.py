"""One configured Markdown renderer: CommonMark + GFM tables, stable heading ids, no raw HTML.

Raw HTML is parsed (so it can be found and reported with its line) but never emitted: the archive is an
official record and content must not inject markup or script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin

from .model import Heading

_NOT_ID = re.compile(r"[^\w\-]", re.UNICODE)


def heading_slug(title: str) -> str:
    """An id from the heading's own text (letters, digits, CJK), so it survives edits elsewhere."""
    return _NOT_ID.sub("", title.strip().lower().replace(" ", "-")) or "section"


@dataclass(frozen=True)
class Rendered:
    """A Markdown body converted once: HTML, plain text, headings, and problems with body-relative lines."""

    html: Markup
    plain_text: str
    headings: tuple[Heading, ...]
    problems: tuple[tuple[int, str], ...]  # (0-based body line, message)


def _caption_tables(state) -> None:
    """A heading directly followed by a table becomes that table's <caption> (tables need a caption)."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type == "heading_open" and i + 3 < len(tokens) and tokens[i + 3].type == "table_open":
            inline = tokens[i + 1]
            out.append(tokens[i + 3])
            out.append(Token("caption_open", "caption", 1, block=True, map=t.map))
            out.append(inline)
            out.append(Token("caption_close", "caption", -1, block=True))
            i += 4
            continue
        out.append(t)
        i += 1
    state.tokens = out


def make_markdown() -> MarkdownIt:
    """Build the renderer (once per build)."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("caption_tables", _caption_tables)
    anchors_plugin(md, min_level=2, max_level=6, slug_func=heading_slug)
    return md


def _plain(tokens: list[Token]) -> str:
    blocks: list[str] = []
    for t in tokens:
        if t.type == "inline" and t.children is not None:
            blocks.append("".join(c.content for c in t.children if c.type in ("text", "code_inline")) if t.children else t.content)
        elif t.type in ("code_block", "fence"):
            blocks.append(t.content.rstrip("\n"))
    return "\n".join(blocks)


def render_markdown(md: MarkdownIt, body: str) -> Rendered:
    """Convert a body; report raw HTML and heading-level problems instead of emitting them."""
    tokens = md.parse(body)
    problems: list[tuple[int, str]] = []
    headings: list[Heading] = []
    previous = 1  # the page's <h1> is the document title
    safe: list[Token] = []
    for t in tokens:
        if t.type == "html_block":
            problems.append((t.map[0] if t.map else 0, f"正文中不允许 HTML 代码 raw HTML is not allowed in the body: {t.content.strip()[:60]!r}"))
            continue
        if t.type == "inline" and t.children:
            for c in t.children:
                if c.type == "html_inline":
                    problems.append((t.map[0] if t.map else 0, f"正文中不允许 HTML 代码 raw HTML is not allowed in the body: {c.content[:60]!r}"))
                    c.type = "text"  # shown as text if it ever got through
        if t.type == "heading_open":
            level = int(t.tag[1])
            line = t.map[0] if t.map else 0
            if level == 1:
                problems.append((line, "正文标题请从 ## 开始（# 是文件标题） body headings start at ## (the page's # is the document title)"))
            elif level > previous + 1:
                problems.append((line, f"标题层级跳级：{'#' * previous} 之后不能直接用 {'#' * level} heading level skipped: {'#' * level} after {'#' * previous}"))
            previous = level
        safe.append(t)
    for i, t in enumerate(safe):
        if t.type == "heading_open":
            inline = safe[i + 1]
            text = "".join(c.content for c in (inline.children or []) if c.type in ("text", "code_inline"))
            headings.append(Heading(int(t.tag[1]), text, str(t.attrGet("id"))))
    html = md.renderer.render(safe, md.options, {})
    return Rendered(Markup(html), _plain(safe), tuple(headings), tuple(problems))
