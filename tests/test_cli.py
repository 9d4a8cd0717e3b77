"""The command line a clerk uses: help in Chinese and English, exit codes, warnings, --strict, -q/-v."""

from __future__ import annotations

import re
import shutil

import pytest
from support import MINI_CONTENT, mini_for_strict, run_build

COMMANDS = ("build", "check", "serve", "new")


def test_main_help_lists_commands_and_exit_codes():
    r = run_build("--help")
    assert r.returncode == 0
    for word in COMMANDS + ("import", "退出码", "exit codes", "编辑指南"):
        assert word in r.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_bilingual_help(command):
    r = run_build(command, "--help")
    assert r.returncode == 0, r.stderr
    assert re.search(r"[\u4e00-\u9fff]", r.stdout) and re.search(r"\b(the|site|content)\b", r.stdout)
    assert "--quiet" in r.stdout and "--verbose" in r.stdout


def test_no_command_and_bad_option_exit_2():
    assert run_build().returncode == 2
    assert run_build("check", "--no-such-option").returncode == 2


def test_check_summarises_the_review_backlog():
    r = run_build("check", "--content", str(MINI_CONTENT))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("检查通过 OK:")
    review = [line for line in r.stderr.splitlines() if "native reviewer" in line]
    assert len(review) == 1 and "-v" in review[0]  # one line, not one per string
    verbose = run_build("check", "-v", "--content", str(MINI_CONTENT))
    assert len([line for line in verbose.stderr.splitlines() if "native reviewer" in line]) > 1
    quiet = run_build("check", "-q", "--content", str(MINI_CONTENT))
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_strict_counts_content_warnings_and_review_only_when_asked(tmp_path):
    """The mini archive cites two 文号 in the bracket styles extraction produces (a citation test needs them):
    they are its only content warnings; written with 〔〕 the archive passes --strict, review warnings aside."""
    r = run_build("check", "--strict", "--content", str(MINI_CONTENT))
    assert r.returncode == 1
    assert re.findall(r"^(content/\S+:\d+): 警告 warning: 正文中的文号", r.stderr, re.M) == [
        "content/2022/02/p001.md:20", "content/2023/01/p001.md:24"]
    content = mini_for_strict(tmp_path / "content")
    assert run_build("check", "--strict", "--content", str(content)).returncode == 0
    r = run_build("check", "--strict", "--strict-review", "--content", str(content))
    assert r.returncode == 1 and "--strict" in r.stderr


@pytest.fixture
def content(tmp_path):
    c = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, c)
    return c


def test_non_standard_brackets_warn_and_fail_strict(content):
    doc = content / "2023" / "01" / "p001.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("包府办发〔2023〕9号", "包府办发[2023]9号"), encoding="utf-8")
    r = run_build("check", "--content", str(content))
    assert r.returncode == 0
    assert re.search(r"content/2023/01/p001\.md:\d+: 警告 warning: 文号", r.stderr)
    assert run_build("check", "--strict", "--content", str(content)).returncode == 1


def test_errors_exit_1_with_path_and_line(content):
    doc = content / "2023" / "01" / "p001.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("written_on: 2023-01-18", "written_on: 2023-13-18"), encoding="utf-8")
    for command in ("check", "build"):
        r = run_build(command, "--content", str(content), "--out", str(content.parent / "site")) if command == "build" else run_build(command, "--content", str(content))
        assert r.returncode == 1
        assert re.search(r"content/2023/01/p001\.md:\d+: 成文日期（written_on）", r.stderr)
        if command == "check":  # check builds nothing: it does not speak of a failed build or of site/
            assert "生成失败" not in r.stderr and "site/" not in r.stderr and "检查未通过" in r.stderr
    assert not (content.parent / "site").exists()


def test_build_prints_one_summary_line(tmp_path):
    r = run_build("build", "--content", str(MINI_CONTENT), "--out", str(tmp_path / "site"))
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[-1].startswith("生成完成 built:") and "页 pages" in lines[-1]
    # the progress line and the summary count the same pages
    rendered = re.search(r"渲染 rendered (\d+) 页 pages", r.stderr)
    summary = re.search(r"(\d+) 页 pages", lines[-1])
    assert rendered and summary and rendered[1] == summary[1], (r.stderr, lines[-1])


def test_repository_content_passes_strict_check():
    """CI's gate: `check --strict` on content/ (review backlog counted, not fatal; docs/编辑指南.md §6)."""
    r = run_build("check", "--strict")
    assert r.returncode == 0, r.stderr[-3000:]


def test_content_option_pointing_one_folder_too_high_is_reported_not_a_crash(tmp_path):
    """`--content` at the folder above content/: every misplaced folder is named; no traceback, nothing written."""
    r = run_build("build", "--content", str(MINI_CONTENT.parent), "--out", str(tmp_path / "site"))
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and "content/YYYY/NN" in r.stderr
    assert not (tmp_path / "site").exists()
