"""`build.py new`: the next issue after 128 is 2023年第2期 (总第129期); what it writes passes `check`."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from support import ROOT, run_build

from gazette.content.model import Gazette, Issue
from gazette.scaffold import ScaffoldError, parse_issue_ref, propose_issue

ISSUE_128 = ROOT / "content" / "2023" / "01"


@pytest.fixture
def archive(tmp_path):
    """A copy of the real issue 128 (content/2023/01) to scaffold after."""
    assert (ISSUE_128 / "issue.yaml").exists(), "issue 128 is in content/2023/01"
    content = tmp_path / "content"
    shutil.copytree(ISSUE_128, content / "2023" / "01")
    r = run_build("check", "--content", str(content))
    assert r.returncode == 0, r.stderr[-2000:]
    return content


def _issue(year, number, serial, published, frequency="月刊"):
    return Issue(year, number, serial, published, frequency, None, None, (), f"content/{year}/{number:02d}/issue.yaml")


def test_new_after_issue_128_proposes_2023_no_2_serial_129(archive):
    r = run_build("new", "--content", str(archive))
    assert r.returncode == 0, r.stderr
    assert "2023年第2期（总第129期）" in r.stdout
    folder = archive / "2023" / "02"
    text = (folder / "issue.yaml").read_text(encoding="utf-8")
    assert "\nyear: 2023\n" in text and "\nnumber: 2\n" in text and "\nserial: 129\n" in text
    assert "\npublished_on: 2023-03-06\n" in text  # one month after 2023-02-06
    doc = (folder / "p001.md").read_text(encoding="utf-8")
    for key in ("title", "subtitle", "author", "doc_number", "issuer", "written_on", "category", "page",
                "addressees", "public_release", "corrections"):
        assert f"{key}:" in doc, key  # every field is there, explained
    r = run_build("check", "--content", str(archive))
    assert r.returncode == 0, r.stderr
    assert "检查通过" in r.stdout
    # placeholders are listed, and --strict refuses to let them through
    assert "模板占位文字" in r.stderr
    assert run_build("check", "--strict", "--content", str(archive)).returncode == 1


def test_unfilled_placeholders_stop_a_plain_build(archive, tmp_path):
    """`check` lists them as warnings; `build` refuses to publish them, naming the field's line."""
    assert run_build("new", "--content", str(archive)).returncode == 0
    site = tmp_path / "site"
    r = run_build("build", "--content", str(archive), "--out", str(site), "-q")
    assert r.returncode == 1
    line = next(n for n, t in enumerate((archive / "2023" / "02" / "p001.md").read_text(encoding="utf-8").split("\n"), 1)
                if t.startswith("title:"))
    assert f"content/2023/02/p001.md:{line}: 文件中仍有模板占位文字" in r.stderr
    assert "警告 warning" not in r.stderr.split(f"p001.md:{line}: ")[1].split("\n")[0]
    assert not site.exists()


def test_scaffold_comments_name_the_right_guide_sections(archive):
    """Each “见 docs/编辑指南.md 第 N 节” in the written files names the section about that file."""
    guide = (ROOT / "docs" / "编辑指南.md").read_text(encoding="utf-8")
    sections = {m[1]: m[2] for m in re.finditer(r"^## (\d+)\. (.+)$", guide, re.M)}
    assert run_build("new", "--content", str(archive)).returncode == 0
    want = {"issue.yaml": "issue.yaml", "p001.md": "文件信息"}
    for name, topic in want.items():
        text = (archive / "2023" / "02" / name).read_text(encoding="utf-8")
        refs = re.findall(r"编辑指南\.md 第 (\d+) 节", text)
        assert refs, name
        first = refs[0]
        assert topic in sections[first], (name, first, sections[first])
    body_refs = re.findall(r"写法见 docs/编辑指南\.md 第 (\d+) 节", (archive / "2023" / "02" / "p001.md").read_text(encoding="utf-8"))
    assert body_refs and all("正文" in sections[n] for n in body_refs), body_refs


def test_new_document_goes_into_contents_in_page_order(archive):
    assert run_build("new", "--content", str(archive)).returncode == 0
    for page in ("9", "5"):
        r = run_build("new", "2023/02", "--page", page, "--content", str(archive))
        assert r.returncode == 0, r.stderr
    text = (archive / "2023" / "02" / "issue.yaml").read_text(encoding="utf-8")
    assert text.endswith("contents:\n  - p001\n  - p005\n  - p009\n")
    assert run_build("check", "--content", str(archive)).returncode == 0


def test_filled_in_scaffold_passes_strict(archive):
    assert run_build("new", "--content", str(archive)).returncode == 0
    doc = archive / "2023" / "02" / "p001.md"
    text = doc.read_text(encoding="utf-8")
    text = text.replace("title: （请填写标题）", "title: 包头市人民政府办公室关于示例工作的通知")
    text = text.replace("# doc_number: 包府办发〔2023〕1号", "doc_number: 包府办发〔2023〕99号")
    text = text.split("\n---\n")[0] + "\n---\n各有关单位：\n\n现将有关事项通知如下。\n"
    doc.write_text(text, encoding="utf-8")
    r = run_build("check", "--strict", "--content", str(archive))
    assert r.returncode == 0, r.stderr


def test_refuses_to_overwrite(archive):
    assert run_build("new", "--content", str(archive)).returncode == 0
    r = run_build("new", "--content", str(archive), "--year", "2023", "--number", "2")
    assert r.returncode == 3 and "已存在" in r.stderr
    r = run_build("new", "2023/02", "--page", "1", "--content", str(archive))
    assert r.returncode == 3 and "--slug" in r.stderr


def test_year_rolls_over_after_issue_12():
    g = Gazette((_issue(2022, 11, 126, date(2022, 12, 6)), _issue(2022, 12, 127, date(2023, 1, 6))))
    plan = propose_issue(g)
    assert (plan.year, plan.number, plan.serial, plan.published_on) == (2023, 1, 128, date(2023, 2, 6))
    plan = propose_issue(Gazette((_issue(2023, 1, 128, date(2023, 1, 31)),)))
    assert (plan.year, plan.number, plan.serial, plan.published_on) == (2023, 2, 129, date(2023, 2, 28))


def test_issue_references():
    assert parse_issue_ref("2023/02") == (2023, 2)
    assert parse_issue_ref("2023年第2期") == (2023, 2)
    with pytest.raises(ScaffoldError):
        parse_issue_ref("第2期")
