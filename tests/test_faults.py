"""Faults an editor or a host can cause: the real `build.py` on a temporary copy of the fixture project
(config.yaml, layouts/, the mini archive). Each failure is a message with a non-zero exit and no traceback;
site/ and the editors' files are byte-identical afterwards, and nothing is left beside site/.

The full disk and the read-only output folder are real: a small tmpfs mounted for the test (the tests run as
root, as `.ci/run` does), remounted read-only for the second.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from support import MINI_CONTENT, ROOT, run_build

MARKER = ".gazette-site"


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copytree(MINI_CONTENT, root / "content")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder (hidden ones too) with its bytes; folders as empty entries."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"<dir>" if p.is_dir() else b"<special>")
            for p in sorted(folder.rglob("*")) if ".cache" not in p.relative_to(folder).parts}


def build(root: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run from inside the project, as an editor does (a relative --out is relative to it)."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--root", str(root), "-q", "--no-search", *args],
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, cwd=root)


def leftovers(parent: Path, name: str = "site") -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


def assert_refused(result: subprocess.CompletedProcess, code: int, *phrases: str) -> None:
    assert result.returncode == code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for phrase in phrases:
        assert phrase in result.stderr, result.stderr


@pytest.fixture
def built(project) -> tuple[Path, dict[str, bytes]]:
    """The project with a good site/ built, and the snapshot of project files + site to compare with."""
    first = build(project)
    assert first.returncode == 0, first.stderr
    assert (project / "site" / MARKER).is_file()
    return project, snapshot(project)


# -- the output folder -------------------------------------------------------------------------------

@pytest.mark.parametrize("out", ["content", ".", "..", "layouts", "config.yaml", "content/2023", "layouts/new-site"])
def test_output_folder_that_is_or_holds_the_editors_files_is_refused(built, out):
    project, before = built
    result = build(project, "--out", out)
    assert_refused(result, 2, "refused", "已拒绝", "--out")
    assert snapshot(project) == before
    assert leftovers(project) == [] and leftovers(project.parent) == []


def test_output_folder_of_the_users_own_files_is_refused(built):
    project, _ = built
    mine = project.parent / "mine"
    (mine / "photos").mkdir(parents=True)
    (mine / "notes.txt").write_text("my notes", encoding="utf-8")
    (mine / "index.html").write_text("my home page", encoding="utf-8")
    before = snapshot(mine)
    result = build(project, "--out", str(mine))
    assert_refused(result, 2, "is not a site this generator built", "notes.txt")
    assert snapshot(mine) == before
    assert leftovers(project.parent, "mine") == []


def test_an_output_path_that_is_a_file_is_refused_and_kept(built):
    project, _ = built
    (project / "report.pdf").write_bytes(b"%PDF-1.4 the user's file")
    result = build(project, "--out", "report.pdf")
    assert_refused(result, 2, "exists and is not a folder")
    assert (project / "report.pdf").read_bytes() == b"%PDF-1.4 the user's file"
    assert leftovers(project, "report.pdf") == []


def test_an_older_site_without_the_marker_and_an_empty_folder_are_accepted(built):
    project, _ = built
    (project / "site" / MARKER).unlink()  # as built before the marker existed
    assert build(project).returncode == 0
    assert (project / "site" / MARKER).is_file()
    empty = project.parent / "empty"
    empty.mkdir()
    result = build(project, "--out", str(empty))
    assert result.returncode == 0, result.stderr
    assert (empty / "index.html").is_file()


# -- two builds, a killed build ------------------------------------------------------------------------

def test_a_second_build_into_the_same_folder_is_refused_while_the_first_holds_the_lock(built):
    project, before = built
    from gazette.build.outdir import lock_file, output_lock

    with output_lock(project / "site"):  # what a running build holds
        result = build(project, "--base-path", "/other/")
        assert_refused(result, 4, "another build", "另一个生成进程", str(os.getpid()))
        assert {k: v for k, v in snapshot(project).items() if k != ".site.lock"} == before  # the holder's lock file
    assert not lock_file(project / "site").exists()
    assert build(project).returncode == 0  # the lock is free again


def test_two_real_builds_at_once_one_refused_or_both_succeed_never_a_crash(built):
    project, _ = built
    runs = [subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--root", str(project), "-q", "--base-path", f"/p{i}/"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8") for i in range(2)]
    results = [(r.wait(timeout=300), r.stderr.read()) for r in runs]
    for r in runs:
        r.stdout.close()
        r.stderr.close()
    assert all(code in (0, 4) for code, _ in results), results
    assert any(code == 0 for code, _ in results), results
    assert all("Traceback" not in err for _, err in results)
    assert all("another build" in err for code, err in results if code == 4)
    assert (project / "site" / "index.html").is_file()
    assert leftovers(project) == []


def test_a_killed_build_leaves_nothing_the_next_build_does_not_remove(built):
    project, _ = built
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "build", "--root", str(project), "-q", "--base-path", "/k/", "-j", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not any(n.startswith(".site.building-") for n in leftovers(project)) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert any(n.startswith(".site.building-") for n in leftovers(project)), "the build was killed while writing"
    # and what a build killed between its two renames would leave: no site/, the previous one as .site.old
    os.rename(project / "site", project / ".site.old")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert leftovers(project) == []
    assert (project / "site" / "index.html").is_file()


_KILLED_IN_COMMIT = """
import os, shutil, signal, sys
from gazette.build import write
moment, site, real_replace, real_rmtree = sys.argv[1], sys.argv[2], os.replace, shutil.rmtree
def kill():
    os.kill(os.getpid(), signal.SIGKILL)  # no handler, no cleanup: as `kill -9` or a power cut
def replace(source, target):
    real_replace(source, target)
    if moment == "moving" and str(target) == site + "/2022/02/p009/index.html":  # the added page is in site/
        kill()
def rmtree(path, *args, **kwargs):
    staging = os.path.basename(str(path)).startswith(".site.building-")
    if moment == "journal-gone" and staging:  # the commit is done, its journal removed, the folder not yet
        kill()
    real_rmtree(path, *args, **kwargs)
    if moment == "staging-gone" and staging:  # the build's last step done, the process not yet ended
        kill()
write.os.replace, write.shutil.rmtree = replace, rmtree
from gazette.cli import main
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("moment", ["moving", "journal-gone", "staging-gone"])
def test_a_rebuild_killed_while_it_commits_leaves_what_the_next_build_puts_right(built, moment):
    """A real process killed with SIGKILL while it puts a rebuild into site/: while it moves the files (just
    after the page of a document it added; its staging folder and journal left), after the journal is removed
    and before its staging folder is, or just after that. The clerk then takes the added document out again.
    The next build finishes or clears up what was left (the render cache is saved before the files move, so
    it knows the added page), removes the page, and site/ ends up exactly as a cold build of the content."""
    project, _ = built
    site, issue = project / "site", project / "content" / "2022" / "02"
    doc = issue / "p005.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("常务会议。", "常务会议，研究部署工作。"), encoding="utf-8")
    (issue / "p009.md").write_text(doc.read_text(encoding="utf-8").replace("page: 5", "page: 9"), encoding="utf-8")
    yaml = (issue / "issue.yaml").read_text(encoding="utf-8")
    (issue / "issue.yaml").write_text(yaml + "  - p009\n", encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", _KILLED_IN_COMMIT, moment, str(site), "build", "--root", str(project), "-q",
                             "--no-search", "-j", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (site / "2022" / "02" / "p009" / "index.html").is_file()
    staging = [project / n for n in leftovers(project) if n.startswith(".site.building-")]
    if moment == "moving":
        assert len(staging) == 1 and (staging[0] / ".gazette-commit").is_file()  # the journal: the commit had begun
    elif moment == "journal-gone":
        assert len(staging) == 1 and not (staging[0] / ".gazette-commit").exists() and (staging[0] / MARKER).is_file()
    else:
        assert staging == []
    (issue / "issue.yaml").write_text(yaml, encoding="utf-8")
    (issue / "p009.md").unlink()
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert leftovers(project) == []
    assert not (site / "2022" / "02" / "p009").exists()
    assert build(project, "--out", str(project / "cold")).returncode == 0
    assert snapshot(site) == snapshot(project / "cold")


def test_ctrl_c_while_a_rebuild_commits_says_site_was_partly_updated(built):
    """Ctrl-C after the commit began: the message does not claim site/ is unchanged (exit 130), and the next
    build finishes the update."""
    project, _ = built
    doc = project / "content" / "2022" / "02" / "p005.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("常务会议。", "常务会议，研究部署工作。"), encoding="utf-8")
    interrupted = subprocess.run([sys.executable, "-c", _INTERRUPTED_IN_COMMIT, str(project / "site"), "build", "--root", str(project),
                                  "-q", "--no-search", "-j", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert interrupted.returncode == 130, interrupted.stderr
    assert "site/ was partly updated; the next build finishes the update first" in interrupted.stderr
    assert "not changed" not in interrupted.stderr and "Traceback" not in interrupted.stderr
    assert build(project).returncode == 0
    assert leftovers(project) == []
    assert build(project, "--out", str(project / "cold")).returncode == 0
    assert snapshot(project / "site") == snapshot(project / "cold")


_INTERRUPTED_IN_COMMIT = """
import os, sys
from gazette.build import write
site, real, moved = sys.argv[1], os.replace, []
def replace(source, target):
    if str(target).startswith(site + "/"):
        moved.append(target)
        if len(moved) == 2:
            raise KeyboardInterrupt  # Ctrl-C between two renames
    real(source, target)
write.os.replace = replace
from gazette.cli import main
sys.exit(main(sys.argv[2:]))
"""


def test_folders_named_like_leftovers_that_are_not_ours_are_kept(built):
    project, _ = built
    foreign = project / ".site.building-mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not the generator's", encoding="utf-8")
    assert build(project).returncode == 0
    assert (foreign / "keep.txt").read_text(encoding="utf-8") == "not the generator's"


# -- a full disk, a read-only output folder (a real small tmpfs) ----------------------------------------

@contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def test_a_full_disk_is_a_message_and_the_previous_site_survives(project, tmp_path):
    with tmpfs(tmp_path / "disk", "4m") as disk:
        first = build(project, "--out", str(disk / "site"))
        assert first.returncode == 0, first.stderr
        st = os.statvfs(disk)
        used = (st.f_blocks - st.f_bfree) * st.f_frsize
        # Shrink the disk to the site and a quarter: a second site with every page changed does not fit.
        subprocess.run(["mount", "-o", f"remount,size={used * 5 // 4 // 1024}k", str(disk)], check=True)
        before, sources = snapshot(disk / "site"), snapshot(project)
        result = build(project, "--out", str(disk / "site"), "--base-path", "/other/")  # every page changes
        assert_refused(result, 4, "no space left on the disk", "磁盘空间不足", "site/ was not changed")
        assert snapshot(disk / "site") == before
        assert snapshot(project) == sources
        assert leftovers(disk) == []


def test_a_read_only_output_folder_is_a_message_and_the_site_survives(project, tmp_path):
    with tmpfs(tmp_path / "ro", "4m") as disk:
        assert build(project, "--out", str(disk / "site")).returncode == 0
        before = snapshot(disk / "site")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = build(project, "--out", str(disk / "site"), "--base-path", "/other/")
        assert_refused(result, 4, "read-only file system", "只读", "--out")
        assert snapshot(disk / "site") == before
        nowhere = build(project, "--out", str(disk / "new" / "site"))
        assert_refused(nowhere, 4, "read-only file system")


# -- content the reader must refuse without hanging or crashing -----------------------------------------

def test_a_named_pipe_as_issue_yaml_is_refused_without_hanging(built):
    project, _ = built
    issue = project / "content" / "2022" / "02" / "issue.yaml"
    issue.unlink()
    os.mkfifo(issue)
    before = snapshot(project)
    result = build(project, timeout=60)
    assert_refused(result, 1, "content/2022/02/issue.yaml:1: 不是普通文件（而是命名管道）", "is not a regular file but a named pipe")
    assert snapshot(project) == before


def test_a_newline_in_a_file_name_is_refused_and_shown_escaped(built):
    project, _ = built
    (project / "content" / "2023" / "01" / "p038\n.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    before = snapshot(project)
    result = build(project)
    assert_refused(result, 1, "content/2023/01/p038\\n.md:1: 文件名或文件夹名含有控制字符或换行", "holds a control character or line break")
    assert len([line for line in result.stderr.splitlines() if "p038" in line]) == 1
    assert snapshot(project) == before


def test_a_file_name_that_is_not_utf8_is_refused(built):
    project, _ = built
    os.mkdir(os.path.join(os.fsencode(project / "content" / "2023" / "01"), b"p\xff"))
    with open(os.path.join(os.fsencode(project / "content" / "2023" / "01"), b"q\xfe.md"), "wb") as f:
        f.write(b"---\ntitle: x\n---\n")
    result = build(project)
    assert_refused(result, 1, "content/2023/01/p\\udcff:1: 文件名或文件夹名含有控制字符", "content/2023/01/q\\udcfe.md:1: 文件名或文件夹名含有控制字符")


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_yaml_nested_deeply_is_refused_before_it_is_composed(built, depth):
    project, before_site = built
    doc = project / "content" / "2022" / "02" / "p005.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("page: 5\n", "page: 5\nsubtitle: " + "[" * depth + "]" * depth + "\n"), encoding="utf-8")
    result = build(project)
    assert_refused(result, 1, "content/2022/02/p005.md:6: YAML 嵌套超过 50 层 YAML nested more than 50 levels deep")


def test_block_yaml_nested_deeply_is_refused(built):
    project, _ = built
    doc = project / "content" / "2022" / "02" / "p005.md"
    nested = "".join(" " * i + "- \n" for i in range(5_000))
    doc.write_text(doc.read_text(encoding="utf-8").replace("page: 5\n", "page: 5\nsubtitle:\n" + nested), encoding="utf-8")
    result = build(project)
    assert_refused(result, 1, "content/2022/02/p005.md:", "YAML nested more than 50 levels deep")


def test_an_alias_bomb_is_refused_before_it_expands(built):
    project, _ = built
    doc = project / "content" / "2022" / "02" / "p005.md"
    bomb = 'lol0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    bomb += "".join(f"lol{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 12))  # 9^12 strings
    doc.write_text(doc.read_text(encoding="utf-8").replace("page: 5\n", "page: 5\n" + bomb), encoding="utf-8")
    result = build(project, timeout=60)
    assert_refused(result, 1, "content/2022/02/p005.md:6: 不允许使用 YAML 锚点和别名", "anchors and aliases")


# -- layouts and configuration ---------------------------------------------------------------------------

def test_a_template_syntax_error_names_the_template_and_line(built):
    project, before_all = built
    issue = project / "layouts" / "issue.html"
    lines = issue.read_text(encoding="utf-8").split("\n")
    lines.insert(3, "{% if page.title %}unclosed")
    issue.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(project)
    result = build(project)
    assert_refused(result, 1, "layouts/issue.html:", "模板语法错误 template syntax error", "site/ was not changed")
    assert snapshot(project) == before
    assert leftovers(project) == []


def test_a_missing_template_is_named(built):
    project, _ = built
    (project / "layouts" / "year.html").unlink()
    before = snapshot(project)
    result = build(project)
    assert_refused(result, 1, "layouts/year.html:1: 找不到模板", "template layouts/year.html not found")
    assert snapshot(project) == before


def test_a_missing_partial_is_named_where_it_is_included(built):
    project, _ = built
    partial = sorted((project / "layouts" / "partials").glob("*.html"))[0]
    partial.unlink()
    result = build(project)
    assert_refused(result, 1, f"layouts/partials/{partial.name} it uses does not exist")


def test_a_font_that_is_not_a_font_is_a_config_error(built):
    project, _ = built
    (project / "fake.ttf").write_text("this is not a font", encoding="utf-8")
    config = project / "config.yaml"
    lines = config.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("mongolian_font:"))
    lines[at] = "mongolian_font: fake.ttf"
    config.write_text("\n".join(lines), encoding="utf-8")
    line = at + 1
    before = snapshot(project)
    result = build(project)
    assert_refused(result, 1, f"config.yaml:{line}: 蒙古文字体（mongolian_font）'fake.ttf' 不是可用的字体文件", "is not a font file")
    assert snapshot(project) == before


def test_a_missing_mongolian_strings_file_is_one_message(built):
    project, _ = built
    (project / "layouts" / "i18n" / "mn.yaml").unlink()
    result = build(project)
    assert_refused(result, 1, "layouts/i18n/mn.yaml:1: 找不到文件 layouts/i18n/mn.yaml")
    assert len([line for line in result.stderr.splitlines() if line.startswith("layouts/i18n/mn.yaml")]) == 1


def test_a_yaml_error_in_config_is_reported_on_the_line_at_fault(built):
    project, _ = built
    config = project / "config.yaml"
    lines = config.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("categories:")) + 2  # inside the first entry
    lines[at] = "   " + lines[at].lstrip()  # one space too many: a bad indentation
    config.write_text("\n".join(lines), encoding="utf-8")
    result = build(project)
    assert_refused(result, 1, f"config.yaml:{at + 1}: YAML 格式错误")


@pytest.mark.parametrize("key, value", [
    ("site_url", '"javascript:alert(1)//"'), ("site_url", "gazette.example.gov.cn"), ("site_url", '"https://a b.cn"'),
    ("site_url", "https://example.gov.cn/\"><script>"), ("base_path", '"/a b/"'), ("base_path", "/../"), ("base_path", '"/x?y/"'),
])
def test_unsafe_site_url_and_base_path_are_refused(built, key, value):
    project, _ = built
    config = project / "config.yaml"
    text = config.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[at] = f"{key}: {value}"
    config.write_text("\n".join(lines), encoding="utf-8")
    result = build(project)
    assert_refused(result, 1, f"config.yaml:{at + 1}: ", f"{key} ")


def test_an_unsafe_base_path_on_the_command_line_is_a_usage_error(built):
    project, before = built
    result = build(project, "--base-path", "/a b/")
    assert_refused(result, 2, "--base-path", "must be / or path segments")
    assert snapshot(project) == before


# -- the top-level handler ---------------------------------------------------------------------------------

def test_an_unexpected_error_is_a_message_and_the_traceback_only_with_debug(monkeypatch, capsys, tmp_path):
    from gazette import cli

    def broken(*args, **kwargs):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(cli, "build", broken)
    args = ["build", "--content", str(MINI_CONTENT), "--out", str(tmp_path / "site"), "-q"]
    assert cli.main(args) == 4
    err = capsys.readouterr().err
    assert "意外错误 unexpected error: RuntimeError: something nobody foresaw" in err and "--debug" in err
    assert "Traceback" not in err
    assert cli.main(args + ["--debug"]) == 4
    assert "Traceback" in capsys.readouterr().err


def test_check_help_mentions_debug_and_exit_code_4():
    r = run_build("--help")
    assert "--debug" in r.stdout and "4  " in r.stdout


_KILLED_MOVING_SHARDS = """
import os, signal, sys
from gazette.build import write
real_rename = os.rename
def rename(source, target):
    real_rename(source, target)
    if ".site.building-" in str(target) and "/pagefind/shards/" in str(target):  # an unchanged shard moved in
        os.kill(os.getpid(), signal.SIGKILL)
write.os.rename = rename
from gazette.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_rebuild_killed_while_it_moves_unchanged_shards_is_finished_by_the_next(project):
    """A commit moves the unchanged shard folders of site/'s index into the new one (no files linked or
    removed); killed (SIGKILL) after the first move, the next build finishes the commit, and site/ is a cold
    build's, search index included."""
    env = {**os.environ, "GAZETTE_SEARCH_SHARD_SIZE": "2"}
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--root", str(project), "-q", *args],
                              capture_output=True, text=True, encoding="utf-8", timeout=300, cwd=project, env=env)
    assert run().returncode == 0
    site = project / "site"
    assert list((site / "pagefind" / "shards").iterdir())  # older shards beside the primary
    doc = project / "content" / "2023" / "01" / "p001.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n本期补充说明。\n", encoding="utf-8")  # the newest shard: the others stay
    killed = subprocess.run([sys.executable, "-c", _KILLED_MOVING_SHARDS, "build", "--root", str(project), "-q", "-j", "1"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    staging = [project / n for n in leftovers(project) if n.startswith(".site.building-")]
    assert len(staging) == 1 and '"kept": ["shards/' in (staging[0] / ".gazette-commit").read_text(encoding="utf-8")
    result = run()
    assert result.returncode == 0, result.stderr
    assert leftovers(project) == []
    assert run("--out", str(project / "cold")).returncode == 0
    assert snapshot(site) == snapshot(project / "cold")


_KILLED_INDEXING = """
import os, signal, sys
from gazette.search import index
def pagefind(source, output):
    os.kill(os.getpid(), signal.SIGKILL)  # while the records of a shard are on disk for Pagefind
index._pagefind = pagefind
from gazette.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_build_killed_while_it_indexes_leaves_nothing_the_next_build_keeps(project):
    """The search records Pagefind reads are written inside the staging folder: a build killed (SIGKILL) while
    Pagefind runs leaves only leftovers the next build removes (they were beside site/, kept forever)."""
    assert subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--root", str(project), "-q"],
                          capture_output=True, text=True, timeout=300, cwd=project).returncode == 0
    doc = project / "content" / "2023" / "01" / "p001.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n本期补充说明。\n", encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", _KILLED_INDEXING, "build", "--root", str(project), "-q", "-j", "1"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--root", str(project), "-q"],
                            capture_output=True, text=True, timeout=300, cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".") and p.name != ".cache") == []
