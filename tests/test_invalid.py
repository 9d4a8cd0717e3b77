"""One fixture per kind of bad input: the build fails with the exact `path:line: message` lines and
leaves the previous site/ untouched.

Each case in tests/fixtures/invalid/<case>/ is an overlay on a copy of the mini archive (files to add or
replace, and `remove.txt` listing paths to delete); `expected.txt` holds the exact diagnostics.
Refresh expected files after a deliberate message change with `pytest tests/test_invalid.py --update-golden`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import FIXTURES, MINI_CONTENT, run_build

CASES = sorted(p.name for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
SPECIAL = {"expected.txt", "remove.txt", "strict"}


def make_content(case: str, tmp_path: Path) -> Path:
    """Copy the mini archive and apply the case's overlay."""
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    overlay = FIXTURES / "invalid" / case
    removals = (overlay / "remove.txt").read_text(encoding="utf-8").split() if (overlay / "remove.txt").exists() else []
    for rel in removals:
        (content / rel).unlink() if (content / rel).is_file() else shutil.rmtree(content / rel)
    for path in sorted(overlay.rglob("*")):
        if path.is_file() and path.name not in SPECIAL:
            target = content / path.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return content


def old_site(tmp_path: Path) -> Path:
    """A previous site/ whose survival we check."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous good site", encoding="utf-8")
    return site


def diagnostics(stderr: str, content: Path) -> str:
    """The diagnostic lines, with the temporary folder replaced by a stable prefix."""
    lines = [line for line in stderr.splitlines() if ": " in line and not line.startswith("生成失败")]
    return "\n".join(lines).replace(str(content.parent) + "/", "") + "\n"


@pytest.mark.parametrize("case", CASES)
def test_invalid_content_fails_clearly_and_keeps_old_site(case, tmp_path, request):
    content = make_content(case, tmp_path)
    site = old_site(tmp_path)
    strict = (FIXTURES / "invalid" / case / "strict").exists()
    args = ["build", "--content", str(content), "--out", str(site), "-q"] + (["--strict"] if strict else [])
    result = run_build(*args)
    got = diagnostics(result.stderr, content)
    expected_file = FIXTURES / "invalid" / case / "expected.txt"
    if request.config.getoption("--update-golden"):
        expected_file.write_text(got, encoding="utf-8")
    assert result.returncode == 1, result.stdout + result.stderr
    assert got == expected_file.read_text(encoding="utf-8")
    assert "site/ 未改动" in result.stderr and "site/ was not changed" in result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous good site"
    assert not list(tmp_path.glob(".site.*")), "the staging folder must be removed"


def test_symlink_out_of_content_is_refused(tmp_path):
    content = make_content("bracket-warning", tmp_path)
    (content / "2022" / "02" / "p009.md").symlink_to("/etc/passwd")
    site = old_site(tmp_path)
    result = run_build("build", "--content", str(content), "--out", str(site), "-q")
    assert result.returncode == 1
    assert "content/2022/02/p009.md:1: 不允许符号链接 symbolic links are not allowed in content/ (unsafe path)" in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous good site"


def test_bracket_warning_builds_without_strict(tmp_path):
    content = make_content("bracket-warning", tmp_path)
    result = run_build("build", "--content", str(content), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert "content/2022/02/p001.md:3: 警告 warning: 文号 '包府办发[2022]5号' 已规范为 '包府办发〔2022〕5号'" in result.stderr
    assert "包府办发〔2022〕5号" in (tmp_path / "site" / "2022" / "02" / "p001" / "index.html").read_text(encoding="utf-8")
