"""Test helpers: build a fixture archive, serve a folder on a free local port (optionally under a path
prefix), and launch Debian's Chromium through Playwright (never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import socket
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
MINI_CONTENT = FIXTURES / "mini" / "content"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


# The mini archive cites two 文号 as extraction prints them (the citation tests need both bracket styles); the
# residue check warns about them, so a test that needs a --strict build of the mini archive takes this copy.
MINI_BRACKETED = (("2022/02/p001.md", "包府发[2022]1号", "包府发〔2022〕1号"),
                  ("2023/01/p001.md", "包府办发（2021）30号", "包府办发〔2021〕30号"))


def mini_for_strict(dest: Path) -> Path:
    """A copy of the mini archive with its two bracketed citations written with 〔〕 (passes --strict)."""
    import shutil

    shutil.copytree(MINI_CONTENT, dest)
    for rel, old, new in MINI_BRACKETED:
        doc = dest / rel
        doc.write_text(doc.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return dest


def run_build(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `build.py` as an editor would, capturing its output."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def build_site(out: Path, content: Path = MINI_CONTENT, base_path: str | None = None, *extra: str) -> subprocess.CompletedProcess:
    """Build `content` into `out` with the project's config and layouts; fail the test on error."""
    args = ["build", "--content", str(content), "--out", str(out), *extra]
    if base_path is not None:
        args += ["--base-path", base_path]
    result = run_build(*args)
    assert result.returncode == 0, result.stderr
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `directory` under `prefix` (like a host putting site/ under /sub/); 404 page for misses."""

    prefix = "/"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


@contextmanager
def serve(directory: Path, prefix: str = "/"):
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL (ending in the prefix)."""
    handler = type("Handler", (_PrefixHandler,), {"prefix": prefix})
    handler.extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm", ".js": "text/javascript"}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


