"""Live preview for editors: build, serve site/ on 127.0.0.1 with livereload, rebuild what a change affects.

How a change flows (docs/编辑指南.md explains it to clerks):

    watcher (watch.py: polls content/, layouts/, config.yaml) ─changed paths─▶ Builder.rebuild(changed) (rebuild.py)
        content only  → re-read only the changed issue folders (in-memory cache of the others), re-plan the
                        pages (document/issue views are memoised per unchanged issue), render only the pages
                        whose view differs from the last good build, write just those files into site/
        templates     → re-render every page from the kept views with a freshly compiled environment
        static assets → copy layouts/static/ again (CSS is swapped in the page without a reload)
        config, i18n  → a full `build_site.build()`
    then the server tells every open page to reload (livereload protocol, /livereload websocket).

The fast path covers the HTML pages of `planner.plan_pages`. Everything else the full build derives from the
whole archive (search index, feeds, sitemap, catalogue, manifests, font subset) is refreshed by a
*catch-up* build: `build.py build` in a child process, started once edits have been quiet for a moment.
It swaps a complete site/ in; pages the fast path wrote while it ran are written again afterwards.
The catch-up is itself incremental (render cache, unchanged search shards and zips are reused);
`Builder.rebuild` is the one interface the server uses. This module is the server: HTTP, livereload,
the error overlay and the catch-up process.

On a content error nothing in site/ changes: the last good site keeps being served, the errors are printed
and every served HTML page carries an overlay listing them (injected into the response only, never into
files on disk), until the content is fixed.
"""

from __future__ import annotations

import html
import json
import mimetypes
import os
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

from ..content.checks import split_warnings
from ..core.errors import BuildFailed, Diagnostic
from .rebuild import Builder, ConfigFactory, Outcome
from .watch import Watcher

MIME = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8", ".wasm": "application/wasm",
    ".woff2": "font/woff2", ".woff": "font/woff", ".svg": "image/svg+xml", ".zip": "application/zip",
    ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream", ".atom": "application/atom+xml", ".sha256": "text/plain; charset=utf-8",
}


OVERLAY = """<div id="gazette-serve-error" role="alert" style="position:fixed;z-index:2147483647;inset:0 0 auto 0;max-height:70vh;overflow:auto;margin:0;padding:1em 1.25em;background:#fff4f4;color:#600;border-bottom:4px solid #c00;font:15px/1.6 system-ui,'Noto Sans CJK SC',sans-serif;writing-mode:horizontal-tb;text-align:left;box-shadow:0 4px 16px rgba(0,0,0,.25)">
<strong style="font-size:17px">内容有错误，网站未更新；下面是上次成功生成的页面。 Content error: the site was not updated; this is the last good page.</strong>
<p style="margin:.4em 0">改正下列问题并保存，页面会自动刷新。 Fix these and save; the page reloads by itself. （见 docs/编辑指南.md 的“错误信息”一节）</p>
<pre style="white-space:pre-wrap;margin:0;font:14px/1.5 ui-monospace,monospace;color:#400">{errors}</pre>
</div>"""

WARNINGS = """<details id="gazette-serve-warnings" style="position:fixed;z-index:2147483646;inset:auto 0 0 0;max-height:50vh;overflow:auto;margin:0;padding:.5em 1.25em;background:#fffbe6;color:#4a3a00;border-top:3px solid #c90;font:14px/1.6 system-ui,'Noto Sans CJK SC',sans-serif;writing-mode:horizontal-tb;text-align:left">
<summary style="cursor:pointer;font-weight:bold">{count} 条警告（网站已更新；--strict 下为错误） {count} warning(s): the site was updated; errors under --strict</summary>
<pre style="white-space:pre-wrap;margin:.4em 0 0;font:13px/1.5 ui-monospace,monospace">{warnings}</pre>
</details>"""

LIVE_SCRIPT = '<script src="/livereload.js?port={port}"></script>'

NO_SITE = """<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>预览 preview</title></head>
<body><h1>还没有可预览的网站 No site to preview yet</h1><p>内容有错误，第一次生成没有成功。 The first build failed.</p></body></html>"""


class Preview:
    """The shared state between the builder thread and the web server: last outcome, errors, generation."""

    def __init__(self, builder: Builder, base_path: str, quiet: bool = False, verbose: bool = False, catch_up: bool = True, catch_up_delay: float = 2.0):
        self.builder = builder
        self.base_path = base_path
        self.quiet, self.verbose = quiet, verbose
        self.errors: tuple[Diagnostic, ...] = ()
        self.warnings: tuple[Diagnostic, ...] = ()  # content warnings of the last good build, listed on every page
        self.generation = 0
        self.port = 0
        self.loop = None
        self.catch_up_enabled = catch_up
        self.catch_up_delay = catch_up_delay
        self.catch_up_process: subprocess.Popen | None = None
        self.catch_up_due: float | None = None
        self.catch_up_argv: list[str] = []
        self.last_outcome: Outcome | None = None

    # -- console ------------------------------------------------------------------------------------
    def say(self, text: str, err: bool = False) -> None:
        if err or not self.quiet:
            print(text, file=sys.stderr if err else sys.stdout, flush=True)

    def report(self, outcome: Outcome, cause: str) -> None:
        self.last_outcome = outcome
        if outcome.ok:
            self.errors = ()
            if outcome.kind == "none":
                return
            pages = len([p for p in outcome.written if p.endswith(".html")])
            detail = f" ({', '.join(f'{k} {v * 1000:.0f} ms' for k, v in outcome.timings.items())})" if self.verbose and outcome.timings else ""
            what = "全部 all" if outcome.written == ["*"] else f"{pages} 页 pages, {len(outcome.written)} 个文件 files"
            content, review = split_warnings(outcome.warnings)
            self.warnings = content
            for w in content:
                self.say(w.format())
            self.say(f"[{time.strftime('%H:%M:%S')}] 已更新 updated {what} in {outcome.seconds:.2f} s ← {cause}{detail}"
                     + (f"；{len(content)} 条警告 warnings" if content else ""))
        else:
            self.errors = outcome.errors or outcome.diagnostics
            self.say("\n".join(d.format() for d in self.errors), err=True)
            self.say(f"[{time.strftime('%H:%M:%S')}] 内容有错误（{len(self.errors)} 个），网站未更新，浏览器中显示错误；改正并保存后自动恢复。"
                     f" {len(self.errors)} error(s): site/ unchanged, shown in the browser until fixed.", err=True)
        self.generation += 1

    # -- change handling (builder thread) -------------------------------------------------------------
    def handle(self, changed: set[Path]) -> Outcome:
        root = self.builder.root
        names = sorted(p.relative_to(root).as_posix() if p.is_relative_to(root) else str(p) for p in changed)
        cause = ", ".join(names[:3]) + (f" … (+{len(names) - 3})" if len(names) > 3 else "")
        outcome = self.builder.rebuild(changed)
        self.report(outcome, cause)
        if outcome.kind != "none":
            self.notify(outcome.reload_path if outcome.ok else "*")
            if outcome.ok and outcome.kind in ("content", "templates", "static") and self.catch_up_enabled:
                self.catch_up_due = time.monotonic() + self.catch_up_delay
        return outcome

    def notify(self, path: str) -> None:
        """Tell every connected page to reload (on the server's IOLoop thread)."""
        if self.loop is not None:
            self.loop.add_callback(_send_reload, path)

    def poll_catch_up(self) -> None:
        """Start the catch-up build when edits have been quiet; replay fast writes when it finished."""
        p = self.catch_up_process
        if p is not None and p.poll() is not None:
            self.catch_up_process = None
            touched, self.builder.touched = self.builder.touched, set()
            if p.returncode == 0:
                self.builder.replay(touched)
                self.say(f"[{time.strftime('%H:%M:%S')}] 搜索索引等已更新 search index, feeds and font refreshed")
                self.notify("*") if touched else None
            elif self.verbose:
                self.say("后台完整生成未成功（内容已改动？稍后重试） background full build did not finish; will retry")
                self.catch_up_due = time.monotonic()
        if p is None and self.catch_up_due is not None and time.monotonic() >= self.catch_up_due and not self.errors:
            self.catch_up_due = None
            self.builder.touched = set()
            # At a lower priority: the next save's fast rebuild must not wait for the catch-up build.
            self.catch_up_process = subprocess.Popen(self.catch_up_argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                                     preexec_fn=lambda: os.nice(10))

    def stop_catch_up(self) -> None:
        p = self.catch_up_process
        if p is not None and p.poll() is None:
            p.terminate()
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                p.kill()

    # -- responses ----------------------------------------------------------------------------------
    def decorate(self, body: bytes) -> bytes:
        """Add the livereload script (and the error overlay while content is broken) to an HTML page."""
        script = LIVE_SCRIPT.format(port=self.port).encode()
        body = body.replace(b"</head>", script + b"</head>", 1) if b"</head>" in body else script + body
        if self.errors:
            text = "\n".join(d.format() for d in self.errors)
            overlay = OVERLAY.format(errors=html.escape(text)).encode("utf-8")
            i = body.find(b"<body")
            j = body.find(b">", i) + 1 if i >= 0 else 0
            body = body[:j] + overlay + body[j:]
        elif self.warnings:
            text = "\n".join(d.format() for d in self.warnings)
            panel = WARNINGS.format(count=len(self.warnings), warnings=html.escape(text)).encode("utf-8")
            k = body.rfind(b"</body>")
            body = body[:k] + panel + body[k:] if k >= 0 else body + panel
        return body

    def status(self) -> dict:
        o = self.last_outcome
        return {
            "generation": self.generation, "ok": not self.errors,
            "errors": [d.format() for d in self.errors],
            "warnings": [d.format() for d in self.warnings],
            "last": None if o is None else {"kind": o.kind, "seconds": o.seconds, "written": o.written[:50], "timings": o.timings},
            "catch_up": self.catch_up_process is not None,
        }


def _send_reload(path: str) -> None:
    from livereload.handlers import LiveReloadHandler

    msg = {"command": "reload", "path": path, "liveCSS": True, "liveImg": True}
    for waiter in list(LiveReloadHandler.waiters):
        try:
            waiter.write_message(msg)
        except Exception:
            LiveReloadHandler.waiters.discard(waiter)


def make_app(preview: Preview):
    """Tornado application: livereload's websocket and script, a status URL and site/ with injection."""
    from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
    from tornado import web

    LiveReloadHandler.watcher = SimpleNamespace(filepath=None)  # livereload logs this attribute
    LiveReloadHandler.live_css = True
    site = preview.builder.site
    prefix = preview.base_path

    class StatusHandler(web.RequestHandler):
        def get(self):
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(json.dumps(preview.status(), ensure_ascii=False))

    class SiteHandler(web.RequestHandler):
        def head(self, path):
            self.get(path, head=True)

        def get(self, path, head=False):
            url = unquote(self.request.path)
            if not url.startswith(prefix):
                if url in ("/", "") and prefix != "/":
                    return self.redirect(prefix)
                return self._not_found(head)
            rel = url[len(prefix):]
            target = (site / rel).resolve() if rel else site
            site_resolved = site.resolve()
            if target != site_resolved and site_resolved not in target.parents:
                return self._not_found(head)
            if target.is_dir():
                if rel and not url.endswith("/"):
                    return self.redirect(url + "/" + (f"?{self.request.query}" if self.request.query else ""))
                target = target / "index.html"
            if not target.is_file():
                if not site_resolved.exists():
                    return self._send(NO_SITE.encode(), ".html", head, 200)
                return self._not_found(head, rel)
            self._send(target.read_bytes(), target.suffix, head)

        def _not_found(self, head, rel=""):
            page = site / ("mn/404.html" if rel.startswith("mn/") else "404.html")
            body = page.read_bytes() if page.is_file() else b"<!DOCTYPE html><title>404</title><p>404 Not Found</p>"
            self._send(body, ".html", head, 404)

        def _send(self, body: bytes, suffix: str, head: bool, status: int = 200):
            mime = MIME.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
            if suffix == ".html":
                body = preview.decorate(body)
            self.set_status(status)
            self.set_header("Content-Type", mime)
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Length", str(len(body)))
            if not head:
                self.write(body)

    return web.Application([
        (r"/livereload", LiveReloadHandler),
        (r"/livereload.js", LiveReloadJSHandler),
        (r"/__serve__/status", StatusHandler),
        (r"(.*)", SiteHandler),
    ])


HOT_POLL = 0.03  # s between looks at the folders of the last change (serve's save → reloaded page, bench/README.md)


def run(make_config: ConfigFactory, site: Path, root: Path, port: int = 8000, quiet: bool = False, verbose: bool = False,
        catch_up_argv: list[str] | None = None, catch_up: bool = True, poll: float = 0.25) -> int:
    """`build.py serve`: build, then serve site/ on 127.0.0.1:port until Ctrl-C. Returns the exit code."""
    import logging
    import signal

    from tornado.httpserver import HTTPServer
    from tornado.ioloop import IOLoop
    from tornado.netutil import bind_sockets

    logging.getLogger("livereload").setLevel(logging.WARNING)
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    builder = Builder(make_config, site, root)
    try:
        config, _ = make_config()
        roots = [config.content_dir, root / "layouts", root / "config.yaml"]
        base_path = config.base_path
    except BuildFailed:
        roots, base_path = [root / "content", root / "layouts", root / "config.yaml"], "/"
    watcher = Watcher(roots)  # snapshot first: anything saved during the first build is seen afterwards
    preview = Preview(builder, base_path, quiet, verbose, catch_up and catch_up_argv is not None)
    preview.catch_up_argv = catch_up_argv or []
    preview.say("正在生成网站 building the site …")
    first = builder.full()
    preview.report(first, "启动 start")
    if first.ok:
        base_path = builder.config.base_path
        preview.base_path = base_path
    elif site.exists():
        preview.say("显示上次生成的网站 serving the previous site/ until the errors are fixed", err=True)
    app = make_app(preview)
    loop = IOLoop.current()
    preview.loop = loop
    try:
        sockets = bind_sockets(port, address="127.0.0.1")  # never 0.0.0.0: the preview is for this computer only
    except OSError as exc:
        preview.say(f"端口 {port} 无法使用（{exc.strerror}），请用 --port 换一个 port {port} is not available; choose another with --port", err=True)
        return 2
    HTTPServer(app).add_sockets(sockets)
    actual = sockets[0].getsockname()[1]
    preview.port = actual
    preview.say(f"预览地址 preview at http://127.0.0.1:{actual}{base_path}  （按 Ctrl+C 停止 press Ctrl+C to stop）")

    stop = threading.Event()

    def work():
        if builder.good:
            t = builder.prime()
            if verbose:
                preview.say(f"准备增量生成 ready for fast rebuilds ({t:.2f} s)")
        hot: set[Path] = set()  # the files changed last: a clerk saves the same document again and again
        next_scan = 0.0
        while not stop.is_set():
            time.sleep(HOT_POLL if hot else poll)
            try:
                if time.monotonic() >= next_scan:  # the whole tree every `poll` s (60 ms at 10,000 documents) …
                    changed, next_scan = watcher.changes(), time.monotonic() + poll
                else:  # … the folders of the last change in between (a folder listing: well under 1 ms)
                    changed = watcher.changes_beside(hot)
                if changed:
                    time.sleep(0.05)  # editors save in steps (temporary file, rename): take them together
                    changed |= watcher.changes_beside(changed)
                    preview.handle(changed)
                    hot = changed
                preview.poll_catch_up()
            except Exception:  # never let the watcher die; print and keep serving
                traceback.print_exc()

    thread = threading.Thread(target=work, name="gazette-serve-builder", daemon=True)
    thread.start()
    signal.signal(signal.SIGTERM, lambda *_: loop.add_callback_from_signal(loop.stop))
    try:
        loop.start()
    except KeyboardInterrupt:
        preview.say("已停止 stopped")
    finally:
        stop.set()
        preview.stop_catch_up()
    return 0
