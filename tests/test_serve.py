"""`build.py serve`: edit → new text served and a reload signalled; broken front matter → error shown, last
good page still served; fixed → recovered. Plain HTTP and the livereload websocket (no browser needed)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support import MINI_CONTENT, ROOT, free_port

DOC = "2023/01/p001.md"
PAGE = "2023/01/p001/"


class Served:
    def __init__(self, tmp: Path, *extra: str):
        # A private project folder: other work on layouts/ must not trigger rebuilds during the test.
        self.root = tmp / "project"
        shutil.copytree(ROOT / "layouts", self.root / "layouts")
        shutil.copy(ROOT / "config.yaml", self.root / "config.yaml")
        self.content = tmp / "content"
        shutil.copytree(MINI_CONTENT, self.content)
        self.site = tmp / "site"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = open(tmp / "serve.log", "w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--root", str(self.root), "--content", str(self.content), "--out", str(self.site),
             "--port", str(self.port), "-v", *extra],
            cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if self.status()["generation"] >= 1:
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(self.output())

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read()

    def get(self, path: str) -> tuple[int, str, bytes]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as r:
                return r.status, r.headers["Content-Type"], r.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.headers["Content-Type"], e.read()

    def text(self, path: str = PAGE) -> str:
        return self.get(path)[2].decode("utf-8")

    def status(self) -> dict:
        with urllib.request.urlopen(self.url + "__serve__/status", timeout=5) as r:
            return json.loads(r.read())

    def wait(self, predicate, timeout: float = 20.0) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.status()
            if predicate(s):
                return s
            time.sleep(0.1)
        raise AssertionError(f"timed out; status {self.status()}\n{self.output()}")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture
def served(tmp_path):
    s = Served(tmp_path)
    yield s
    s.stop()


def reload_after(served: Served, action, timeout: float = 20.0) -> dict:
    """Connect like livereload.js (hello, info), run `action`, return the first reload message."""
    from tornado.websocket import websocket_connect

    async def main():
        conn = await websocket_connect(f"ws://127.0.0.1:{served.port}/livereload")
        await conn.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        assert json.loads(await conn.read_message())["command"] == "hello"
        await conn.write_message(json.dumps({"command": "info", "url": served.url + PAGE, "plugins": {}}))
        await asyncio.sleep(0.3)
        await asyncio.get_running_loop().run_in_executor(None, action)
        try:
            while True:
                msg = await asyncio.wait_for(conn.read_message(), timeout)
                assert msg is not None, "websocket closed"
                data = json.loads(msg)
                if data.get("command") == "reload":
                    return data
        finally:
            conn.close()
            await asyncio.sleep(0.3)  # let the close handshake finish before the loop goes away

    # In its own thread: Playwright's sync API (other tests, same process) keeps an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result()


def test_edit_serves_new_text_and_signals_reload(served):
    assert "坚持规划引领。" in served.text()
    assert "/livereload.js" in served.text()  # the reload script is injected into served pages
    assert b"livereload" not in (served.site / PAGE / "index.html").read_bytes()  # … never into site/
    message = reload_after(served, lambda: served.edit(DOC, "坚持规划引领。", "坚持规划引领，预览新句。"))
    assert message["command"] == "reload"
    assert "预览新句" in served.text()


def test_content_error_keeps_last_good_page_and_recovers(served):
    gen = served.status()["generation"]
    message = reload_after(served, lambda: served.edit(DOC, "page: 1\n", "page: [1\n"))
    assert message["command"] == "reload"
    status = served.wait(lambda s: s["generation"] > gen and not s["ok"])
    assert any(e.startswith("content/2023/01/p001.md:7: ") and "YAML" in e for e in status["errors"]), status
    page = served.text()
    assert "坚持规划引领。" in page  # the last good page is still served …
    assert 'id="gazette-serve-error"' in page and "content/2023/01/p001.md:7:" in page  # … with the error on it
    assert "gazette-serve-error" in served.text("")  # on every page
    assert b"gazette-serve-error" not in (served.site / PAGE / "index.html").read_bytes()
    assert "content/2023/01/p001.md:7:" in served.output()  # printed in the terminal too

    # a second error while broken, then the fix
    gen = served.status()["generation"]
    served.edit(DOC, "page: [1\n", "page: 1\n")
    served.wait(lambda s: s["generation"] > gen and s["ok"])
    page = served.text()
    assert "gazette-serve-error" not in page and "坚持规划引领。" in page


def test_residue_warnings_are_listed_on_the_page_and_in_the_terminal(served):
    """A pasted page number is a warning: the site is updated, and the warning with its line is on every page."""
    gen = served.status()["generation"]
    served.edit(DOC, "坚持规划引领。", "坚持规划引领。\n\n— 12 —\n")
    status = served.wait(lambda s: s["generation"] > gen and s["ok"] and s["warnings"])
    line = next(n for n, t in enumerate((served.content / DOC).read_text(encoding="utf-8").split("\n"), 1) if t == "— 12 —")
    assert any(w.startswith(f"content/2023/01/p001.md:{line}: ") and "页码" in w for w in status["warnings"]), status
    page = served.text()
    assert 'id="gazette-serve-warnings"' in page and f"content/2023/01/p001.md:{line}:" in page
    assert "gazette-serve-warnings" in served.text("")
    assert f"content/2023/01/p001.md:{line}:" in served.output()
    assert b"gazette-serve-warnings" not in (served.site / PAGE / "index.html").read_bytes()


def test_only_affected_pages_are_rewritten(served):
    served.wait(lambda s: not s["catch_up"])
    gen = served.status()["generation"]
    served.edit(DOC, "坚持规划引领。", "坚持规划引领，只改正文。")
    status = served.wait(lambda s: s["generation"] > gen)
    assert status["ok"] and status["last"]["kind"] == "content"
    written = set(status["last"]["written"])
    assert written and written <= {"2023/01/p001/index.html", "mn/2023/01/p001/index.html"}, written

    gen = status["generation"]
    served.edit(DOC, "title: 包头市人民政府办公室关于规范土地一级开发工作的实施意见", "title: 包头市人民政府办公室关于规范土地一级开发工作的实施意见（修订）")
    status = served.wait(lambda s: s["generation"] > gen)
    written = set(status["last"]["written"])
    assert "2023/01/index.html" in written and "index.html" in written  # the pages that list it
    # not the archive, but the document it repeals, whose page lists it (gazette/content/graph.py)
    assert not any(p.startswith("2022/") for p in written - {"2022/02/p001/index.html"}), written
    assert "2022/02/p001/index.html" in written and "mn/2022/02/p001/index.html" in written
    assert "（修订）" in served.text("2023/01/")


def test_fast_path_output_equals_a_full_build(tmp_path):
    s = Served(tmp_path, "--no-catch-up")
    try:
        gen = s.status()["generation"]
        s.edit(DOC, "title: 包头市人民政府办公室关于规范土地一级开发工作的实施意见", "title: 包头市人民政府办公室关于规范土地开发工作的意见")
        s.edit("2022/02/p005.md", "\n---\n", "\n---\n新增的一段。\n\n")
        s.wait(lambda st: st["generation"] > gen and st["ok"] and st["last"]["kind"] == "content")
    finally:
        s.stop()
    assert_pages_of_a_full_build(s, tmp_path / "full")


def assert_pages_of_a_full_build(s: Served, full: Path) -> None:
    """The preview's HTML pages are those of a full build of the same content, byte for byte."""
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--root", str(s.root), "--content", str(s.content), "--out", str(full)],
                       capture_output=True, text=True, encoding="utf-8")
    assert r.returncode == 0, r.stderr
    pages = sorted(p.relative_to(full).as_posix() for p in full.rglob("*.html") if "pagefind" not in p.parts)
    served_pages = {p.relative_to(s.site).as_posix() for p in s.site.rglob("*.html") if "pagefind" not in p.parts}
    assert set(pages) == served_pages
    different = [p for p in pages if (full / p).read_bytes() != (s.site / p).read_bytes()]
    assert different == []


def test_search_files_are_served_with_their_types(served):
    status, ctype, body = served.get("pagefind/pagefind.js")
    assert status == 200 and ctype.startswith("text/javascript")
    for f in (served.site / "pagefind").iterdir():
        if f.is_file() and f.suffix in (".wasm", ".pagefind", ".pf_meta"):
            status, ctype, body = served.get(f"pagefind/{f.name}")
            assert status == 200 and body == f.read_bytes()
            assert ctype == ("application/wasm" if f.suffix == ".wasm" else "application/octet-stream")
    status, ctype, body = served.get("search/")
    assert status == 200 and ctype.startswith("text/html")
    status, _, body = served.get("no/such/page/")
    assert status == 404


def test_busy_port_is_a_clear_error(served):
    r = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--content", str(served.content), "--out",
                        str(served.site.parent / "other"), "--port", str(served.port), "--no-catch-up"],
                       cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert r.returncode == 2 and "--port" in r.stderr


def test_the_watcher_sees_changes_in_the_last_changed_folder_without_a_scan(tmp_path):
    """serve looks at the folders of the last change between whole-tree scans: an edit, a new file and a
    removed file there are seen, once (a later scan does not report them again), and a change elsewhere is
    left to the scan."""
    import os

    from gazette.preview.watch import Watcher
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    doc, gone, other = tmp_path / "a" / "p001.md", tmp_path / "a" / "p002.md", tmp_path / "b" / "p001.md"
    for f in (doc, gone, other):
        f.write_text("x", encoding="utf-8")
    watcher = Watcher([tmp_path])
    doc.write_text("xy", encoding="utf-8")
    new = tmp_path / "a" / "p003.md"
    new.write_text("z", encoding="utf-8")
    gone.unlink()
    other.write_text("yy", encoding="utf-8")
    os.utime(other, ns=(1, 1))
    assert watcher.changes_beside({doc}) == {doc, new, gone}
    assert watcher.changes_beside({doc}) == set()
    assert watcher.changes() == {other}
    doc.write_text("xyz", encoding="utf-8")
    assert watcher.changes_beside({new}) == {doc}


def test_fast_path_after_edits_shown_in_other_issues_equals_a_full_build(tmp_path):
    """A body edit (no listing changed: unchanged issues' pages taken without asking the citation graph),
    then a repeal removed (a listing changed: 包府办发〔2022〕5号 is no longer repealed, which the page of the
    document it cites, in another issue, shows): after each the preview's pages are a full build's."""
    s = Served(tmp_path, "--no-catch-up")
    try:
        for path, old, new in (("2022/02/p005.md", "\n---\n", "\n---\n新增的一段。\n\n"),
                               (DOC, "  - 包府办发〔2022〕5号\n", "")):
            gen = s.status()["generation"]
            s.edit(path, old, new)
            s.wait(lambda st, gen=gen: st["generation"] > gen and st["ok"] and st["last"]["kind"] == "content")
    finally:
        s.stop()
    assert_pages_of_a_full_build(s, tmp_path / "full")
