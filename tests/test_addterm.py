"""`build.py add-category` / `add-issuer`: the clerk's way to a category or issuer issue 128 did not need.

config.yaml is edited as text (every comment and line kept), an empty Mongolian name is refused, and after
the command the new category's documents pass `check` (the guide's procedure, docs/编辑指南.md §2)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from support import MINI_CONTENT, ROOT, run_build

MN = "ᠠᠯᠪᠠᠨ ᠲᠤᠰᠢᠶᠠᠯ"  # test text only: marked for review, never claimed as attested


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    return root


def _run(*args, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT)


def test_empty_mongolian_name_is_refused_and_config_untouched(project):
    before = (project / "config.yaml").read_bytes()
    for stdin in ("", "\n"):
        r = _run("add-category", "--root", str(project), "--name", "人事任免", "--slug", "appointments", "--mn-review",
                 stdin=stdin)
        assert r.returncode == 3, r.stdout + r.stderr
        assert "蒙古文名称不能为空" in r.stderr or "输入已结束" in r.stderr
    r = _run("add-category", "--root", str(project), "--name", "人事任免", "--slug", "appointments", "--mn", " ", "--mn-review")
    assert r.returncode == 3 and "蒙古文名称不能为空" in r.stderr and "Mongolian name is empty" in r.stderr
    assert (project / "config.yaml").read_bytes() == before


def test_asked_entry_keeps_every_comment_and_a_new_category_passes_check(project, tmp_path):
    before = (project / "config.yaml").read_text(encoding="utf-8").split("\n")
    r = _run("add-category", "--root", str(project), stdin=f"人事任免\nappointments\n{MN}\n\n")
    assert r.returncode == 0, r.stderr
    after = (project / "config.yaml").read_text(encoding="utf-8").split("\n")
    added = [ln for ln in after if ln not in before]
    assert added == ["  - name: 人事任免", "    slug: appointments", f'    mn: {{text: "{MN}", review: needed}}']
    assert [ln for ln in after if ln in before] == before  # every original line, comments included, in order
    line = after.index("  - name: 人事任免") + 1
    assert f"config.yaml:{line}" in r.stdout
    assert after[line - 2].startswith("    mn:") and after[line + 2] == ""  # after the last category, before the gap

    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    doc = content / "2023" / "01" / "p001.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("category: 市政府办公室文件", "category: 人事任免"), encoding="utf-8")
    r = run_build("check", "--root", str(project), "--content", str(content))
    assert r.returncode == 0, r.stderr
    assert "config categories 人事任免" in run_build("check", "-v", "--root", str(project), "--content", str(content)).stderr


def test_duplicates_and_bad_slugs_are_refused(project):
    before = (project / "config.yaml").read_bytes()
    for args, words in ((("--name", "大事记", "--slug", "events"), "已在"), (("--name", "新栏目", "--slug", "chronicle"), "chronicle"),
                        (("--name", "新栏目", "--slug", "New Slug"), "[a-z0-9-]"), (("--name", "新栏目", "--slug", "new", "--mn", "abc"), "传统蒙古文")):
        r = _run("add-category", "--root", str(project), *args, *(("--mn", MN) if "--mn" not in args else ()), "--mn-review")
        assert r.returncode == 3 and words in r.stderr, (args, r.stderr)
    assert (project / "config.yaml").read_bytes() == before


def test_issuer_with_its_agency_names_the_issuer_of_imported_documents(project):
    r = _run("add-issuer", "--root", str(project), "--name", "包头市财政局", "--slug", "finance-bureau", "--mn", MN,
             "--mn-source", "test fixture", "--agency", "包财采")
    assert r.returncode == 0, r.stderr
    text = (project / "config.yaml").read_text(encoding="utf-8")
    assert "  包财采: 包头市财政局\n" in text and 'source: "test fixture"' in text
    from gazette.content.config import load_config
    from gazette.importer import import_issue

    config, _ = load_config(project)
    source = (ROOT / "tests" / "fixtures" / "importer" / "2023-05-tables" / "source.txt").read_text(encoding="utf-8")
    imported = import_issue(source, "source.txt", dict(config.agencies))
    doc = next(d for d in imported.documents if d.doc_number == "包财采〔2023〕4号")
    assert doc.issuer == "包头市财政局" and config.issuer(doc.issuer) is not None
    assert not [d for d in imported.doubts if d.kind == "issuer-source" and d.text == "包头市财政局"]


def test_config_errors_point_at_the_entry_at_fault(project):
    """A repeated slug, a bad slug and an empty Mongolian name are reported on their own lines, not config.yaml:1."""
    path = project / "config.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    slug: chronicle", "    slug: office-documents").replace("    slug: city-government-office", "    slug: City_Office")
    text = text.replace('''    mn: {text: "ᠶᠡᠬᠡ ᠬᠡᠷᠡᠭ\\u202Fᠤᠨ ᠲᠡᠮᠳᠡᠭᠯᠡᠯ", review: needed}''', '''    mn: {text: "", review: needed}''')
    path.write_text(text, encoding="utf-8")
    lines = text.split("\n")
    first, repeat = [n for n, t in enumerate(lines, 1) if t == "    slug: office-documents"]
    bad = lines.index("    slug: City_Office") + 1
    empty = lines.index('''    mn: {text: "", review: needed}''') + 1
    r = run_build("check", "--root", str(project), "--content", str(MINI_CONTENT))
    assert r.returncode == 1
    assert f"config.yaml:{repeat}: categories: slug 'office-documents' 重复（第{first}行已有）" in r.stderr
    assert f"config.yaml:{bad}: issuers: 每项须有 name 和 slug" in r.stderr
    assert f"config.yaml:{empty}: categories 大事记: 蒙古文名称为空" in r.stderr
    assert "config.yaml:1:" not in r.stderr and "检查未通过" in r.stderr


def test_an_old_short_title_still_builds_with_a_warning_on_its_line(project):
    """`short_title` was read and never shown, so it went from Config; a config.yaml that still has it is
    accepted (no unknown-field error) and told, on its line, to drop it."""
    path = project / "config.yaml"
    text = path.read_text(encoding="utf-8").replace("\npublisher:", "\nshort_title: 包头市政府公报\npublisher:", 1)
    path.write_text(text, encoding="utf-8")
    line = text.split("\n").index("short_title: 包头市政府公报") + 1
    r = run_build("check", "--root", str(project), "--content", str(MINI_CONTENT))
    assert r.returncode == 0, r.stderr
    assert f"config.yaml:{line}: 警告 warning: 简称（short_title）已不再使用" in r.stderr and "short_title is no longer used" in r.stderr
    from gazette.content.config import load_config

    config, _ = load_config(project)
    assert not hasattr(config, "short_title")
