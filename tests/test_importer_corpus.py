"""The importer on issues it has never met: a corpus of extracted issues (tests/fixtures/importer/<name>/source.txt)
written in the layout of content/2023/01/source.txt, each with the draft it must produce (expected/) and the
report rows it must list (expected/report-lines.txt: `line kind`, one spot a line).

What each issue stresses is in tests/fixtures/importer/README.md. Refresh after a deliberate change with
`pytest tests/test_importer_corpus.py --update-golden`, then read the diff: the expected files are the review.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from fidelity import markdown_text, read_document, significant_chars

from gazette.content.config import load_config
from gazette.content.residue import residue
from gazette.importer import import_issue, write_draft
from gazette.importer.render import document_text, issue_yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "importer"
ISSUES = sorted(p.name for p in CORPUS.iterdir() if (p / "source.txt").is_file())
AGENCIES = dict(load_config(ROOT)[0].agencies)

# Print furniture as a reader would name it, written here independently of the importer's own rules.
MASTHEAD_ISSUE = re.compile(r"包头市人民政府公报\s*[·]?\s*\d{4}年第\d+期(?:（总第\d+期）)?|\d{4}年第\d+期\s*包头市人民政府公报")
PAGE_LINE = re.compile(r"^\s*(?:[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页|\d{1,3})\s*$", re.M)


def _imported(name: str):
    return import_issue((CORPUS / name / "source.txt").read_text(encoding="utf-8"), "source.txt", AGENCIES)


def _report_lines(imported) -> str:
    return "".join(f"{d.line} {d.kind} {d.text}\n".replace("\n", "⏎", d.text.count("\n")) for d in imported.doubts)


def test_corpus_is_large_enough():
    assert len(ISSUES) >= 6


@pytest.mark.parametrize("name", ISSUES)
def test_issue_imports_as_expected(name, request):
    """Every field of issue.yaml and of every document, and every body, equal the expected files."""
    imported = _imported(name)
    expected = CORPUS / name / "expected"
    made = {"issue.yaml": issue_yaml(imported.issue), "report-lines.txt": _report_lines(imported)}
    made |= {f"{d.slug}.md": document_text(d) for d in imported.documents}
    if request.config.getoption("--update-golden"):
        expected.mkdir(exist_ok=True)
        for old in expected.iterdir():
            old.unlink()
        for file, text in made.items():
            (expected / file).write_text(text, encoding="utf-8")
    assert sorted(made) == sorted(p.name for p in expected.iterdir())
    for file, text in made.items():
        assert text == (expected / file).read_text(encoding="utf-8"), f"{name}/{file}"


@pytest.mark.parametrize("name", ISSUES)
def test_no_furniture_and_no_empty_issuer(name):
    """No header, page number or masthead text is left in a body (the residue check of `check` finds none),
    and every document has an issuer."""
    for doc in _imported(name).documents:
        assert residue(doc.body, "包头市人民政府公报", [d.category for d in _imported(name).documents]) == [], doc.slug
        assert doc.issuer.strip(), doc.slug
        assert not MASTHEAD_ISSUE.search(doc.body), doc.slug
        assert not PAGE_LINE.search(doc.body), doc.slug
        assert not re.search(r"[—－-]\s+\d{1,3}\s+[—－-]", doc.body), doc.slug


def _source_side(lines: list[str], categories: set[str]) -> str:
    """One document's source lines minus furniture, back cover, date and release lines, as significant characters."""
    kept, header_row = [], None
    for line in lines:
        if "\t" in line:  # a table's header row printed again after a page break is furniture too
            if header_row is not None and line.split() == header_row:
                continue
            header_row = header_row or line.split()
        text = MASTHEAD_ISSUE.sub("", line)
        text = re.sub(r"[—－-]\s+\d{1,3}\s+[—－-]", "", text)
        for c in categories:  # a category name set apart by spaces inside a line of text
            text = re.sub(r"\s+" + r"\s+".join(c) + r"\s+|\s{2,}" + c + r"\s{2,}", "", text) if text.strip() != c else text
        key = re.sub(r"\s+", "", text)
        key = re.sub(r"^(?:[-—－]\d+[-—－]|第\d+页|\d{1,3})(?=\D|$)|(?<=\D)\d{1,3}$", "", key) if key != text.strip() or \
            PAGE_LINE.fullmatch(line) else key
        if (not key or key in categories or key == "续表" or re.fullmatch(r"\d{4}年第\d+期", key) or PAGE_LINE.fullmatch(line) or key in ("包头市人民政府公报", "邮政编码：014060")
                or key.endswith("主办") or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日|[（(]此件不?公开发布[）)]", key)):
            continue
        kept.append(text)
    return significant_chars("\n".join(kept))


@pytest.mark.parametrize("name", ISSUES)
def test_every_text_character_is_kept(name):
    """Each document's stretch of source (from its title line to the next title), minus furniture and the lines
    that became front matter, holds exactly the characters of its body as a reader sees it, in order."""
    imported = _imported(name)
    lines = (CORPUS / name / "source.txt").read_text(encoding="utf-8").split("\n")
    categories = {re.sub(r"\s+", "", d.category) for d in imported.documents}
    docs = imported.documents
    for k, d in enumerate(docs):
        end = docs[k + 1].first_line - 1 if k + 1 < len(docs) else len(lines)
        start = d.first_line - 1
        while lines[start].strip():  # the title's own lines (the 目录 title is the one kept)
            start += 1
        src = _source_side(lines[start:end], categories)
        for data in (d.doc_number, d.addressees and d.addressees + "："):
            if data:
                src = src.replace(significant_chars(data), "", 1)
        raw_number = re.search(r"[\u4e00-\u9fff]{2,12}[\[(（［【〔]\d{4}[\])）］】〕]\d{1,4}号", src)
        if d.doc_number and raw_number and src.startswith(raw_number[0]):
            src = src[len(raw_number[0]):]
        assert src == significant_chars(markdown_text(d.body)), d.slug


def test_cli_writes_the_expected_draft(tmp_path):
    """`build.py import` names the issuer through config.yaml's agencies table (run from the project folder)."""
    from gazette.importer import main

    name = "2023-08-mixed"
    out = tmp_path / "2023" / "08"
    assert main(["import", str(CORPUS / name / "source.txt"), "--out", str(out), "--root", str(ROOT)]) == 0
    for md in (CORPUS / name / "expected").glob("p*.md"):
        assert (out / md.name).read_text(encoding="utf-8") == md.read_text(encoding="utf-8")
    report = (out / "import-report.txt").read_text(encoding="utf-8")
    assert "| 54 | 页眉页码" in report and "| 56 | 续表合并" in report


def test_write_draft_round_trips(tmp_path):
    imported = _imported("2023-04-appointments")
    write_draft(imported, tmp_path / "d", CORPUS / "2023-04-appointments" / "source.txt")
    for d in imported.documents:
        meta, body = read_document(tmp_path / "d" / f"{d.slug}.md")
        assert meta["issuer"] == d.issuer and body == d.body
    assert yaml.safe_load((tmp_path / "d" / "issue.yaml").read_text(encoding="utf-8"))["serial"] == 131


def test_imported_corpus_passes_strict_check_and_builds(tmp_path):
    """The clerk's path end to end: import every corpus issue with `build.py import`, add the categories and
    issuers they bring with `add-category` / `add-issuer`, fill in the one issuer the importer could not tell,
    then `check --strict` and a build pass, and no page shows print furniture."""
    from support import run_build

    project = tmp_path / "project"
    shutil.copytree(ROOT / "layouts", project / "layouts")
    shutil.copy(ROOT / "config.yaml", project / "config.yaml")
    for number, name in enumerate(ISSUES, 1):
        out = project / "content" / "2023" / f"{number:02d}"
        assert run_build("import", str(CORPUS / name / "source.txt"), "--out", str(out), "--root", str(project)).returncode == 0
        issue = (out / "issue.yaml").read_text(encoding="utf-8")
        issue = re.sub(r"(?m)^number: \d+$", f"number: {number}", re.sub(r"(?m)^serial: \d+$", f"serial: {129 + number}", issue))
        (out / "issue.yaml").write_text(issue, encoding="utf-8")
    r = run_build("check", "--root", str(project))
    assert r.returncode == 1 and "不在 config.yaml 的 categories 中" in r.stderr and "add-category" in r.stderr
    for name, slug in (("人事任免", "appointments"), ("规范性文件", "normative-documents"), ("部门文件", "department-documents"),
                       ("市政府令", "decrees")):
        assert run_build("add-category", "--root", str(project), "--name", name, "--slug", slug, "--mn", "ᠠᠯᠪᠠᠨ",
                         "--mn-review").returncode == 0
    for name, slug, agency in (("包头市财政局", "finance-bureau", "包财采"), ("包头市教育局", "education-bureau", "包教发")):
        assert run_build("add-issuer", "--root", str(project), "--name", name, "--slug", slug, "--mn", "ᠠᠯᠪᠠᠨ",
                         "--mn-review", "--agency", agency).returncode == 0
    r = run_build("check", "--strict", "--root", str(project))
    assert r.returncode == 1 and "发文机关（issuer）还没有填写" in r.stderr  # the placeholder the importer wrote
    unfilled = project / "content" / "2023" / f"{ISSUES.index('2023-07-wrapped') + 1:02d}" / "p001.md"
    unfilled.write_text(unfilled.read_text(encoding="utf-8").replace("issuer: （请填写发文机关）", "issuer: 包头市教育局"),
                        encoding="utf-8")
    r = run_build("check", "--strict", "--root", str(project))
    assert r.returncode == 0, r.stderr
    r = run_build("build", "--strict", "--no-search", "--root", str(project), "-q")
    assert r.returncode == 0, r.stderr
    pages = list((project / "site" / "2023").glob("*/p*/index.html"))
    assert len(pages) == sum(len(list((CORPUS / n / "expected").glob("p*.md"))) for n in ISSUES)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        body = text[text.index('class="doc-body"'):]
        assert not MASTHEAD_ISSUE.search(body) and not re.search(r"[—－-]\s+\d{1,3}\s+[—－-]", body), page
