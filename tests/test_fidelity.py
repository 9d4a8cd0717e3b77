"""Every character of the printed issue is in the archive, in order (artifacts and data lines aside)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fidelity import (content_body_text, first_difference, markdown_text, reverse_corrections, significant_chars,
                      source_body_text, squash)

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "content" / "2023" / "01"
SOURCE = ISSUE / "source.txt"


def _sides(folder: Path = ISSUE) -> tuple[str, str, list]:
    content, metas = content_body_text(folder)
    titles = [m["title"] for _, m in metas]
    categories = sorted({m["category"] for _, m in metas})
    source = source_body_text(SOURCE.read_text(encoding="utf-8"), titles, categories)
    return significant_chars(source), significant_chars(content), metas


def test_source_copy_is_the_shared_source():
    shared = ROOT.parent / "shared" / "source" / "000_d90a0df90443baf3.txt"
    if not shared.exists():
        pytest.skip("../shared is not beside the project")
    assert SOURCE.read_bytes() == shared.read_bytes()


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
