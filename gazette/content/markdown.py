"""One configured Markdown renderer: CommonMark + GFM tables, stable heading ids, no raw HTML.

Raw HTML is parsed (so it can be found and reported with its line) but never emitted: the archive is an
official record and content must not inject markup or script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.anchors import anchors_plugin

from .docnumber import find_cited
from .model import CITED_MARK, CitedNumber, Heading

_NOT_ID = re.compile(r"[^\w\-]", re.UNICODE)
# A body may link to the web, to a mail address, to a place on its own page, or to a page of the site by its
# path from the site's root (`/2022/01/p001/`: given the base path and made relative like every link, and
# link-checked). Anything else (another scheme, a relative path that would resolve differently in /mn/, a
# `..` that climbs out of the site) is refused where it is written; another document is best cited by its
# 文号, which is linked automatically.
_SAFE_URL = re.compile(r"(?:https?://[^\s/?#]+[^\s]*|mailto:[^\s]+|#[^\s]*|/(?!/)[^\s\\]*)", re.IGNORECASE)


def _safe_url(url: str) -> bool:
    if not _SAFE_URL.fullmatch(url):
        return False
    if not url.startswith("/"):
        return True
    path = unquote(url.split("?")[0].split("#")[0])
    return not any(part in (".", "..") for part in path.split("/"))


def heading_slug(title: str) -> str:
    """An id from the heading's own text (letters, digits, CJK), so it survives edits elsewhere."""
    return _NOT_ID.sub("", title.strip().lower().replace(" ", "-")) or "section"


@dataclass(frozen=True)
class Rendered:
    """A Markdown body converted once: HTML, plain text, headings, and problems with body-relative lines."""

    html: Markup  # with each cited 文号 as CITED_MARK (model.DocumentText.body_marked)
    plain_text: str
    headings: tuple[Heading, ...]
    problems: tuple[tuple[int, str], ...]  # (0-based body line, message)
    citations: tuple[CitedNumber, ...] = ()  # the cited 文号, in the order of their marks


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


def _cite_numbers(known: frozenset[str]):
    """A core rule: each 文号 cited in a text token (outside links) becomes a `wenhao_cite` token, rendered as
    CITED_MARK; which document it names is only known once the whole archive is read (gazette/content/graph.py)."""

    def rule(state) -> None:
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            out, in_link = [], 0
            for tok in block.children:
                in_link += tok.type == "link_open"
                in_link -= tok.type == "link_close"
                found = find_cited(tok.content, known) if tok.type == "text" and not in_link else []
                if not found:
                    out.append(tok)
                    continue
                at = 0
                for start, end, number in found:
                    if start > at:
                        out.append(_text(tok.content[at:start]))
                    cite = Token("wenhao_cite", "", 0, content=tok.content[start:end], meta={"number": number.canonical})
                    out.append(cite)
                    at = end
                if at < len(tok.content):
                    out.append(_text(tok.content[at:]))
            block.children = out

    return rule


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def make_markdown(agencies: frozenset[str] = frozenset()) -> MarkdownIt:
    """Build the renderer (once per build); `agencies`: the 机关代字 of config.yaml, to find where a cited
    文号 begins in running text."""
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.validateLink = lambda url: True  # every link is parsed, so render_markdown can refuse it with its line
    md.enable(["table", "strikethrough"])
    md.core.ruler.push("caption_tables", _caption_tables)
    anchors_plugin(md, min_level=2, max_level=6, slug_func=heading_slug)
    md.core.ruler.push("wenhao_cite", _cite_numbers(agencies))  # after the anchors: heading ids do not change
    md.add_render_rule("wenhao_cite", lambda self, tokens, idx, options, env: CITED_MARK)
    return md


_TEXT = ("text", "code_inline", "wenhao_cite")


def _plain(tokens: list[Token]) -> str:
    blocks: list[str] = []
    for t in tokens:
        if t.type == "inline" and t.children is not None:
            blocks.append("".join(c.content for c in t.children if c.type in _TEXT) if t.children else t.content)
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
                elif c.type in ("link_open", "image"):
                    attr = "href" if c.type == "link_open" else "src"
                    url = str(c.attrGet(attr) or "")
                    if not _safe_url(url):
                        problems.append((t.map[0] if t.map else 0, "正文链接只能是 http(s):// 网址、mailto: 邮箱、本页 #锚点或以 / 开头的本站地址；引用其他文件请直接写文号（自动链接） "
                                         "a body link must be an http(s):// address, mailto:, a #fragment of the page or a site path from / "
                                         f"(no ..); cite another document by its 文号 (it is linked automatically): {url[:80]!r}"))
                        c.attrSet(attr, "#")  # never emitted as written
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
            text = "".join(c.content for c in (inline.children or []) if c.type in _TEXT)
            headings.append(Heading(int(t.tag[1]), text, str(t.attrGet("id"))))
    html = md.renderer.render(safe, md.options, {})
    cited = tuple(CitedNumber(c.meta["number"], c.content) for t in safe if t.type == "inline" and t.children
                  for c in t.children if c.type == "wenhao_cite")
    return Rendered(Markup(html), _plain(safe), tuple(headings), tuple(problems), cited)
