"""Properties of the character rules: joining loses nothing, header stripping is idempotent, YAML round-trips."""

from __future__ import annotations

import re

import yaml
from fidelity import markdown_text, significant_chars
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.importer.model import Correction, Document
from gazette.importer.render import document_text, yaml_str
from gazette.importer.text import join_lines, md_escape, squash, strip_inline, strip_running_lines

CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
PUNCT = st.sampled_from(list("，。、；：！？“”《》（）〔〕—…%·"))
LATIN = st.sampled_from(list("abcXYZ0123456789.-/+"))
MIXED = st.text(st.one_of(CJK, PUNCT, LATIN, st.just(" ")), max_size=40)
HEADERS = ["政府工作报告", "市政府办公室文件", "大 事 记"]


@given(st.lists(MIXED, max_size=8))
def test_join_loses_no_character(lines):
    joined = join_lines(lines)
    assert squash(joined) == squash("".join(lines))
    assert significant_chars(joined) == significant_chars("".join(lines))


@given(st.text(st.one_of(CJK, PUNCT), min_size=1, max_size=200), st.integers(1, 30))
def test_wrapped_chinese_joins_back_exactly(text, width):
    lines = [text[i:i + width] for i in range(0, len(text), width)]
    assert join_lines(lines) == text


@given(st.lists(MIXED, max_size=8))
def test_join_is_idempotent(lines):
    once = join_lines(lines)
    assert join_lines([once]) == once


@given(st.lists(st.text(st.one_of(CJK, st.just(" ")), max_size=6), max_size=12))
def test_space_kept_between_latin_words(words):
    assert join_lines(["GB/T ", "12345"]) == "GB/T 12345"
    assert join_lines(["中文", " and"]) == "中文and"  # next to CJK a wrap space is never kept (reported instead)
    joined = join_lines([w for w in words])
    assert squash(joined) == squash("".join(words))


@given(st.lists(st.one_of(MIXED, st.sampled_from(HEADERS + ["大事记", " 政府工作报告 ", "12", "- 3 -"])), max_size=30))
def test_header_stripping_is_idempotent_and_keeps_lines(lines):
    once, removed = strip_running_lines(lines, HEADERS)
    twice, removed_again = strip_running_lines(once, HEADERS)
    assert twice == once and removed_again == []
    assert len(once) == len(lines)
    for i, (a, b) in enumerate(zip(lines, once)):
        assert b == a or (b == "" and i in removed)
    assert not any(squash(x) in {squash(h) for h in HEADERS} for x in once)


@given(st.text())
def test_yaml_str_round_trips(value):
    assert yaml.load(f"k: {yaml_str(value)}\n", Loader=yaml.BaseLoader) == {"k": value}


HOSTILE = st.one_of(st.text(), st.sampled_from(["no", "yes", "01", "~", "null", "- a", "a: b", "#x", "'", '"', "@x", "*x",
                                                "&x", "!x", "|", ">", "%x", "`x", "{a}", "[a]", " x", "x ", "a #b",
                                                "\u2028", "\x85", "\ufeff", "2023-01-02", "true"]))


@settings(max_examples=60)
@given(HOSTILE, HOSTILE, HOSTILE, HOSTILE)
def test_front_matter_round_trips(title, addressees, was, now):
    doc = Document(slug="p001", title=title, issuer="包头市人民政府", category="大事记", page=1, body="正文\n",
                   addressees=addressees or None, corrections=(Correction("某处", was, now, "理由"),))
    text = document_text(doc)
    head, _, body = text[4:].partition("\n---\n")
    data = yaml.load(head, Loader=yaml.BaseLoader)
    assert data["title"] == title and data["page"] == "1" and body == "正文\n"
    assert data.get("addressees") == (addressees or None)
    assert data["corrections"] == [{"where": "某处", "was": was, "now": now, "why": "理由"}]


@given(st.text(st.one_of(CJK, PUNCT, st.sampled_from(list("#*_[]<>`\\|~&-+=1.) ;a"))), min_size=1, max_size=30))
def test_markdown_escape_shows_the_text(text):
    text = text.strip()
    if not text:
        return
    shown = markdown_text(md_escape(text)).strip()
    assert significant_chars(shown) == significant_chars(text)


FURNITURE = st.sampled_from(["包头市人民政府公报  2023年第3期", "包头市人民政府公报2023年第12期", "2023年第3期 包头市人民政府公报",
                             "包 头 市 人 民 政 府 公 报 2023 年 第 3 期", "— 12 —", " - 7 - ", "—  3  —"])
HAN = st.text(CJK, min_size=1, max_size=30)


@given(HAN, FURNITURE, HAN)
def test_spliced_furniture_is_cut_and_nothing_else(before, furniture, after):
    """Furniture spliced into a line (any spacing) is cut; the text on both sides is joined unchanged."""
    lines, cut = strip_inline([before + furniture + after], "包头市人民政府公报")
    assert lines == [before + after]
    assert [squash(f) for _, f in cut] == [squash(furniture)]


@given(st.lists(st.one_of(MIXED, FURNITURE, st.sampled_from(["第12页", "第 3 页", "12", "— 2 —  包头市人民政府公报  2023年第8期",
                                                               "市政府文件  3", "人 事 任 免"])), max_size=30))
def test_furniture_lines_go_text_lines_stay(lines):
    """Whole furniture lines are blanked (headers with page numbers too); a line with other text is kept."""
    out, removed = strip_running_lines(lines, ["市政府文件", "人事任免"], "包头市人民政府公报")
    for i, (a, b) in enumerate(zip(lines, out)):
        if i in removed:
            assert b == "" and not re.search(r"[\u4e00-\u9fff]", re.sub(r"包头市人民政府公报|市政府文件|人事任免|年|第|期|页", "", squash(a)))
        else:
            assert b == a
