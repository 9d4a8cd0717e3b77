"""Every character of the printed issue is in the archive, in order (artifacts and data lines aside)."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import yaml
from fidelity import (
    content_body_text,
    first_difference,
    markdown_text,
    read_document,
    reverse_corrections,
    significant_chars,
    source_body_text,
    squash,
)
from support import build_site

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "content" / "2023" / "01"
SOURCE = ISSUE / "source.txt"
SOURCE_SHA256 = "aca09dcc9265705523a0108c3d13c1ab9ecc6db2ad09646ab1d09be6340226b3"  # 000_d90a0df90443baf3.txt


def _sides(folder: Path = ISSUE) -> tuple[str, str, list]:
    content, metas = content_body_text(folder)
    titles = [m["title"] for _, m in metas]
    categories = sorted({m["category"] for _, m in metas})
    source = source_body_text(SOURCE.read_text(encoding="utf-8"), titles, categories)
    return significant_chars(source), significant_chars(content), metas


def test_source_copy_is_the_imported_text():
    """content/2023/01/source.txt is the text the issue was imported from (a fresh clone alone carries it): the
    import report names it and its documents start on the lines the report gives. Its digest is the one of the
    team's extracted file 000_d90a0df90443baf3.txt, pinned here so the test needs nothing outside the repository."""
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == SOURCE_SHA256
    report = (ISSUE / "import-report.txt").read_text(encoding="utf-8")
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    rows = [r.split(" | ") for r in report.split("\n") if r.startswith("| p0")]
    assert len(rows) == 7
    for slug, _page, line, title, _ in rows:
        assert squash(lines[int(line) - 1]).startswith(squash(title)[:6]), (slug, line)


def test_bodies_hold_every_source_character_in_order():
    src, got, _ = _sides()
    assert len(src) > 20000
    assert src == got, first_difference(src, got)


def test_front_matter_data_comes_from_the_source():
    full = significant_chars(SOURCE.read_text(encoding="utf-8"))
    _, _, metas = _sides()
    for slug, meta in metas:
        for key in ("title", "subtitle", "author", "doc_number", "addressees"):
            if key in meta:
                assert significant_chars(meta[key]) in full, (slug, key)
        if "written_on" in meta:
            y, m, d = (int(x) for x in meta["written_on"].split("-"))
            assert f"{y}年{m}月{d}日" in full, (slug, "written_on")


def test_one_lost_character_is_caught(tmp_path):
    """The comparison must fail when a single character goes missing from one body."""
    for f in ISSUE.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    target = tmp_path / "p031.md"
    text = target.read_text(encoding="utf-8")
    i = text.index("土地储备库")
    target.write_text(text[:i] + text[i + 1:], encoding="utf-8")
    content, _ = content_body_text(tmp_path)
    src, _, _ = _sides()
    assert significant_chars(content) != src


def test_reverse_corrections_restores_the_extracted_text():
    body = "甲。\n\n现将《乙》印发。\n"
    corr = [{"now": "现将《乙》印发。", "was": "《乙》印发。\n\n现将"}]
    assert reverse_corrections(body, corr) == "甲。\n\n《乙》印发。\n\n现将\n"
    assert squash(markdown_text("1\\. 甲 **乙**")) == "1.甲乙"


class _BodyText(HTMLParser):
    """The text inside a built document page's <div class="doc-body">, as a reader sees it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += tag == "div"
        elif tag == "div" and ("class", "doc-body") in attrs:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def built_body_text(page: Path) -> str:
    parser = _BodyText()
    parser.feed(page.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def test_built_pages_hold_every_source_character_in_order(tmp_path):
    """The published pages carry exactly the text of the Markdown bodies, which the test above proves
    equal to the source (corrections aside): so no character is lost between print and page."""
    build_site(tmp_path / "site", ROOT / "content")
    issue = yaml.load((ISSUE / "issue.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for slug in issue["contents"]:
        _, body = read_document(ISSUE / f"{slug}.md")
        page = tmp_path / "site" / "2023" / "01" / slug / "index.html"
        expected, built = significant_chars(markdown_text(body)), significant_chars(built_body_text(page))
        assert len(expected) > 200
        assert built == expected, (slug, first_difference(expected, built))
