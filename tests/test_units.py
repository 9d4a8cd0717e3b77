"""Pure functions: front matter with lines, 文号 normalisation, the Markdown renderer, safe output paths."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazette.build.write import UnsafePath, safe_target
from gazette.content.docnumber import normalise_brackets, parse_doc_number
from gazette.content.frontmatter import FrontMatterError, split_front_matter
from gazette.content.markdown import make_markdown, render_markdown


def test_front_matter_keeps_strings_and_lines():
    parsed = split_front_matter("---\nnumber: 01\npublic_release: no\nwritten_on: 2023-13-01\n---\n正文\n")
    fields = {k.name: (v.data, v.line) for k, v in parsed.fields}
    assert fields == {"number": ("01", 2), "public_release": ("no", 3), "written_on": ("2023-13-01", 4)}
    assert parsed.body == "正文\n" and parsed.body_line == 6


def test_duplicate_key_is_an_error_with_its_line():
    with pytest.raises(FrontMatterError) as exc:
        split_front_matter("---\ntitle: a\ntitle: b\n---\n")
    assert exc.value.line == 3


@pytest.mark.parametrize("typed", ["包府办发〔2023〕9号", "包府办发[2023]9号", "包府办发(2023)9号", "包府办发（2023）9号",
                                   "包府办发【2023】9号", "包府办发［2023］９号", "包府办发 〔2023〕 9号"])
def test_brackets_and_full_width_digits_normalise(typed):
    number = parse_doc_number(normalise_brackets(typed))
    assert number is not None and number.canonical == "包府办发〔2023〕9号" and (number.year, number.seq) == (2023, 9)


def test_malformed_doc_number_is_rejected():
    assert parse_doc_number(normalise_brackets("包府办发2023年9号")) is None


def test_markdown_headings_get_ids_from_text_and_tables_a_caption():
    r = render_markdown(make_markdown(), "## 一、总体要求\n\n### 指标体系\n\n| 序号 | 指标 |\n|---|---|\n| 1 | ≤15% |\n")
    assert '<h2 id="一总体要求">一、总体要求</h2>' in r.html
    assert "<caption>指标体系</caption>" in r.html and "<th>序号</th>" in r.html
    assert [(h.level, h.id) for h in r.headings] == [(2, "一总体要求")]
    assert r.problems == ()


def test_raw_html_is_reported_and_never_emitted():
    r = render_markdown(make_markdown(), "文字\n\n<script>alert(1)</script>\n\n<b>粗</b>体\n")
    assert "<script>" not in r.html and "<b>" not in r.html
    assert sorted({line for line, _ in r.problems}) == [2, 4]


def test_skipped_heading_levels_are_reported():
    r = render_markdown(make_markdown(), "## 一\n\n#### 二\n\n# 三\n")
    assert [line for line, _ in r.problems] == [2, 4]


@pytest.mark.parametrize("bad", ["../x.html", "/etc/passwd", "a/../../x", "", "a\\\\..\\\\b"])
def test_output_paths_cannot_escape_the_site(tmp_path: Path, bad):
    with pytest.raises(UnsafePath):
        safe_target(tmp_path, bad)


def test_residue_finds_each_kind_with_its_line():
    from gazette.content.residue import residue

    body = ("甲段落写到一半\n\n— 12 —\n\n续文。\n\n包头市人民政府公报  2023年第3期\n\n"
            "为全年粮食包头市人民政府公报 2023年第3期丰收。\n\n人事任免\n\n依据（包府发[2023]5号）执行。\n\n"
            "## 人事任免\n\n| 序号 | 12 |\n\n正文引用《包头市人民政府公报》，包府发〔2023〕5号，2023—2025年。\n")
    found = residue(body, "包头市人民政府公报", ["人事任免"])
    assert [n for n, _ in found] == [2, 6, 8, 10, 12]
    assert "续文" in found[0][1] and "join the two" in found[0][1]
    assert "包府发〔2023〕5号" in found[4][1]


def test_every_view_names_its_template_and_its_interface_language():
    """render.py picks a page's strings by `view.lang` (pages/views.py View): every planned page, document page
    and 文号 permalink says the language of the interface it is in (mn/… is Mongolian) and names a template."""
    from support import MINI_CONTENT, ROOT

    from gazette.content.config import load_config
    from gazette.content.load import load_gazette
    from gazette.pages.i18n import make_uis
    from gazette.pages.permalinks import permalink_pages
    from gazette.pages.planner import plan_pages

    config, _ = load_config(ROOT, content=MINI_CONTENT)
    gazette, _ = load_gazette(config)
    pages = plan_pages(config, gazette, make_uis(config), {}) + permalink_pages(config, gazette)
    assert {p.view.template for p in pages} >= {"home.html", "document.html", "permalink.html", "search.html", "404.html"}
    for page in pages:
        assert page.view.lang == ("mn" if page.path.startswith("mn/") else "zh"), page.path
        assert (ROOT / "layouts" / page.view.template).is_file(), page.view.template
