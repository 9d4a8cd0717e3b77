"""The importer on issue 2023/01 and on damaged variants of it: the same documents must come out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gazette.importer import ImportFailed, apply_corrections, import_issue, main, read_corrections, write_draft
from gazette.importer.relations import carry_relations, read_relations
from gazette.importer.render import document_text, issue_yaml
from gazette.importer.text import is_wide

ROOT = Path(__file__).resolve().parents[1]
ISSUE = ROOT / "content" / "2023" / "01"
SOURCE_TEXT = (ISSUE / "source.txt").read_text(encoding="utf-8")
HEADERS = ("政府工作报告", "市政府办公室文件", "大 事 记")


@pytest.fixture(scope="module")
def imported():
    return import_issue(SOURCE_TEXT, "000_d90a0df90443baf3.txt")


def signature(imp) -> list[tuple]:
    """What must not change between variants: slugs, titles, 文号, dates, addressees and body text."""
    return [(d.slug, d.title, d.doc_number, d.written_on, d.addressees, d.public_release, d.subtitle, d.author, d.body)
            for d in imp.documents]


def test_issue_record(imported):
    i = imported.issue
    assert (i.year, i.number, i.serial, i.published_on, i.frequency) == (2023, 1, 128, "2023-02-06", "月刊")
    assert i.contents == ("p001", "p017", "p019", "p024", "p031", "p034", "p038")


def test_documents_front_matter(imported):
    d = {x.slug: x for x in imported.documents}
    assert d["p001"].subtitle == "——2023年1月2日在包头市第十六届人民代表大会第二次会议上"
    assert d["p001"].author == "包头市人民政府市长 张锐"
    assert (d["p001"].issuer, d["p001"].written_on, d["p001"].doc_number) == ("包头市人民政府", "2023-01-02", None)
    numbers = {s: (x.doc_number, x.written_on) for s, x in d.items() if x.doc_number}
    assert numbers == {"p017": ("包府办发〔2023〕2号", "2023-01-07"), "p019": ("包府办发〔2023〕4号", "2023-01-13"),
                       "p024": ("包府办发〔2023〕6号", "2023-01-15"), "p031": ("包府办发〔2023〕9号", "2023-01-18"),
                       "p034": ("包府办发〔2023〕11号", "2023-01-19")}
    for s in numbers:
        assert d[s].issuer == "包头市人民政府办公室" and d[s].public_release is True
        assert d[s].addressees.startswith("各旗、县、区人民政府，稀土高新区管委会，市直有关部门")
        assert d[s].category == "市政府办公室文件"
    assert d["p017"].title == "包头市人民政府办公室关于对包府办发〔2019〕54号文件部分内容进行调整的通知"
    assert (d["p038"].title, d["p038"].category, d["p038"].issuer) == ("2023年1月政府大事记", "大事记", "包头市人民政府办公室")


def test_data_lines_are_not_body(imported):
    for d in imported.documents:
        assert "此件公开发布" not in d.body
        assert not re.search(r"^\d{4}年\d{1,2}月\d{1,2}日$", d.body, re.M)
        assert d.doc_number is None or d.doc_number not in d.body.split("\n\n")[0]
        assert "各旗、县、区人民政府，稀土高新区管委会，\n" not in d.body


def test_artifacts_removed(imported):
    for d in imported.documents:
        assert not re.search(r"[\u1800-\u18AF]", d.body + d.title)
        for h in HEADERS + ("包头市人民政府公报",):
            assert f"\n{h}\n" not in f"\n{d.body}\n"
    assert "邮政编码" not in imported.documents[-1].body


def test_headings_table_and_events(imported):
    d = {x.slug: x.body for x in imported.documents}
    assert "## 一、过去一年工作回顾" in d["p001"] and "## 三、全面加强政府自身建设" in d["p001"]
    assert "### （一）道路交通设施" in d["p019"]
    assert "####" not in d["p019"]  # 1. items there are paragraphs, not headings
    assert "3\\. 工业园区主干路、次干路、支路道路红线内包含机动车道" in d["p019"]
    assert "| 1 | 道路设施 | 园区道路用地占比 | ≤15% |" in d["p019"]
    assert "| 14 | 公共交通设施 | 新能源充电桩配置 | 桩位比 ≥10% |" in d["p019"]
    assert "$" not in d["p019"] and "\\leq" not in d["p019"]
    assert "## 关于推动复工复产复商复市若干政策" in d["p034"] and "### 一、推进复工复产" in d["p034"]
    assert "（二）全面摸排因新型冠状病毒感染出现流动资金不足的中小企业" in d["p034"]
    events = [p for p in d["p038"].split("\n\n") if p.startswith("**")]
    assert len(events) == 11 and events[0].startswith("**1月2日上午**，包头市第十六届")
    assert all(p.startswith("**") for p in d["p038"].strip().split("\n\n"))
    assert "困难群众、专家人才" in d["p038"]


def test_doubts_listed_with_lines(imported):
    got = {(x.line, x.kind) for x in imported.doubts}
    for want in [(7, "ocr-noise"), (17, "ocr-noise"), (184, "latin-word"), (545, "latin-word"), (527, "dangling"),
                 (766, "mid-sentence"), (770, "dangling"), (883, "title-mismatch"), (502, "tex")]:
        assert want in got


def test_content_is_import_plus_recorded_corrections(imported):
    """content/2023/01 is reproducible: a fresh import with the front-matter corrections replayed is identical."""
    fixed = carry_relations(apply_corrections(imported, read_corrections(ISSUE)), read_relations(ISSUE))  # 文件关系 too
    assert (ISSUE / "issue.yaml").read_text(encoding="utf-8") == issue_yaml(fixed.issue)
    for d in fixed.documents:
        assert (ISSUE / f"{d.slug}.md").read_text(encoding="utf-8") == document_text(d), d.slug
    assert sum(len(d.corrections) for d in fixed.documents) == 6


# --- variants -----------------------------------------------------------------------------------------------

def rewrap(text: str, width: int) -> str:
    """Hard-wrap every long body line at `width`, breaking only between CJK characters (like the printed page)."""
    out = []
    lines = text.split("\n")
    body_from = next(i for i, ln in enumerate(lines) if ln.startswith("——"))  # the cover and 目录 stay as printed
    for i, line in enumerate(lines):
        if i < body_from or len(line) <= 40 or "\t" in line:
            out.append(line)
            continue
        start, pos = 0, width
        while pos < len(line):
            while pos < len(line) and not (is_wide(line[pos - 1]) and is_wide(line[pos])):
                pos += 1
            out.append(line[start:pos])
            start, pos = pos, pos + width
        out.append(line[start:])
    return "\n".join(out)


def insert_headers(text: str, every: int = 7) -> str:
    """Add running headers at new page breaks: inside long paragraphs (between two ideographs) and between paragraphs."""
    lines = text.split("\n")
    out, n = [], 0
    body_from = next(i for i, ln in enumerate(lines) if ln.startswith("各位代表："))
    for i, line in enumerate(lines):
        if i > body_from and len(line) > 80 and "\t" not in line:
            n += 1
            if n % every == 0:
                cut = next(k for k in range(len(line) // 2, len(line))
                           if re.match(r"[\u4e00-\u9fff]{2}", line[k - 1:k + 1]))
                out += [line[:cut], "", HEADERS[n % 3], "", line[cut:]]
                continue
            if n % every == 3 and line.endswith("。"):
                out += [line, "", HEADERS[n % 3]]
                continue
        out.append(line)
    return "\n".join(out)


def half_width_brackets(text: str) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.fullmatch(r"包府办发〔\d{4}〕\d+号", line.strip()):
            lines[i] = line.replace("〔", "[").replace("〕", "]") if i % 2 else line.replace("〔", "(").replace("〕", ")")
        elif "54号文件部分内容" in line:
            lines[i] = line.replace("〔2019〕", "[2019]")
    return "\n".join(lines)


@pytest.mark.parametrize("name,variant", [
    ("crlf", lambda t: t.replace("\n", "\r\n")),
    ("bom", lambda t: "\ufeff" + t),
    ("bom+crlf", lambda t: "\ufeff" + t.replace("\n", "\r\n")),
    ("wrap17", lambda t: rewrap(t, 17)),
    ("wrap23", lambda t: rewrap(t, 23)),
    ("wrap31", lambda t: rewrap(t, 31)),
    ("headers", insert_headers),
    ("headers+wrap19", lambda t: rewrap(insert_headers(t), 19)),
    ("brackets", half_width_brackets),
])
def test_variants_give_the_same_documents(imported, name, variant):
    text = variant(SOURCE_TEXT)
    assert text != SOURCE_TEXT
    assert signature(import_issue(text, name)) == signature(imported)


def test_variant_doubts_name_the_changes(imported):
    kinds = {x.kind for x in import_issue(half_width_brackets(SOURCE_TEXT), "b").doubts}
    assert {"doc-number-brackets", "title-brackets"} <= kinds
    crlf = import_issue(SOURCE_TEXT.replace("\n", "\r\n"), "c").doubts
    assert [(x.line, x.kind) for x in crlf] == [(x.line, x.kind) for x in imported.doubts]


def test_missing_toc_fails():
    with pytest.raises(ImportFailed):
        import_issue("包头市人民政府公报\n2023年第1期\n", "x")


# --- files and CLI ------------------------------------------------------------------------------------------

def test_write_draft_and_refuse_overwrite(imported, tmp_path):
    src = tmp_path / "src.txt"
    src.write_text(SOURCE_TEXT, encoding="utf-8")
    out = tmp_path / "2023" / "01"
    write_draft(imported, out, src)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["issue.yaml", "source.txt", "import-report.txt"] + [f"{s}.md" for s in imported.issue.contents])
    for md in out.glob("p*.md"):
        head = md.read_text(encoding="utf-8")[4:].partition("\n---\n")[0]
        data = yaml.load(head, Loader=yaml.BaseLoader)
        assert data["title"] and data["page"].isdigit()
    assert yaml.load((out / "issue.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["serial"] == "128"
    report = (out / "import-report.txt").read_text(encoding="utf-8")
    assert "| 545 |" in report and "存疑" in report and "Doubtful" in report
    assert not re.search(r"[\u1800-\u18AF]", report)
    with pytest.raises(FileExistsError):
        write_draft(imported, out, src)
    write_draft(imported, out, src, force=True)


def test_cli(tmp_path, capsys):
    src = tmp_path / "s.txt"
    src.write_text(SOURCE_TEXT, encoding="utf-8")
    out = tmp_path / "o"
    assert main(["import", str(src), "--out", str(out)]) == 0
    assert main(["import", str(src), "--out", str(out)]) == 1
    assert "--force" in capsys.readouterr().err
    for slug in ("p001", "p024", "p034"):
        (out / f"{slug}.md").write_text((ISSUE / f"{slug}.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["import", str(src), "--out", str(out), "--force"]) == 0
    assert (out / "p024.md").read_text(encoding="utf-8") == (ISSUE / "p024.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    assert e.value.code == 0
    assert "提取文本" in capsys.readouterr().out


def test_no_category_heading_gives_a_placeholder_and_a_doubt():
    text = ("包头市人民政府公报\n\n2023年第10期\n(总第137期·月刊)\n\n2023年10月9日出版\n\n目 录\n\n"
            "1 包头市人民政府关于做好秋季森林草原防火工作的通知\n\n"
            "包头市人民政府关于做好秋季森林草原防火工作的通知\n\n包府发〔2023〕30号\n\n"
            "各旗、县、区人民政府：\n\n现就做好秋季森林草原防火工作通知如下。\n\n2023年9月28日\n")
    imported = import_issue(text, "s.txt", {"包府发": "包头市人民政府"})
    (doc,) = imported.documents
    assert doc.category == "（请填写栏目）" and doc.issuer == "包头市人民政府"
    assert [(d.line, d.kind) for d in imported.doubts] == [(10, "category")]  # the 目录 line
