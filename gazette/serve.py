"""Live preview for editors: build, serve site/ on 127.0.0.1 with livereload, rebuild what a change affects.

How a change flows (docs/编辑指南.md explains it to clerks):

    watcher (polls content/, layouts/, config.yaml) ─changed paths─▶ Builder.rebuild(changed)
        content only  → re-read only the changed issue folders (in-memory cache of the others), re-plan the
                        pages (document/issue views are memoised per unchanged issue), render only the pages
                        whose view differs from the last good build, write just those files into site/
        templates     → re-render every page from the kept views with a freshly compiled environment
        static assets → copy layouts/static/ again (CSS is swapped in the page without a reload)
        config, i18n  → a full `build_site.build()`
    then the server tells every open page to reload (livereload protocol, /livereload websocket).

The fast path covers the HTML pages of `views.plan_pages`. Everything else the full build derives from the
whole archive (search index, feeds, sitemap, catalogue, manifests, font subset) is refreshed by a
*catch-up* build: `build.py build` in a child process, started once edits have been quiet for a moment.
It swaps a complete site/ in; pages the fast path wrote while it ran are written again afterwards.
When the core build becomes incremental (issue 9) the catch-up simply gets faster; `Builder.rebuild`
is the one interface the server uses.

On a content error nothing in site/ changes: the last good site keeps being served, the errors are printed
and every served HTML page carries an overlay listing them (injected into the response only, never into
files on disk), until the content is fixed.
"""

from __future__ import annotations

import gc
import html
import json
import mimetypes
import operator
import os
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterable
from urllib.parse import unquote

from . import load as _load
from . import views as _views
from .build_site import build as full_build
from .build_site import source_files
from .checks import split_warnings
from .config import Config
from .errors import BuildFailed, Diagnostic, Severity, error, errors_in
from .i18n import make_uis
from .markdown import make_markdown
from .model import Gazette, Issue
from .render import Output, make_environment, prepare_strings, render_page
from .urls import Urls

try:
    from .permalinks import plan_permalinks
except ImportError:  # pragma: no cover - older trees
    plan_permalinks = None

ConfigFactory = Callable[[], "tuple[Config, tuple[Diagnostic, ...]]"]

IGNORED_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", "~", ".part", ".crdownload")
MIME = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".md": "text/plain; charset=utf-8", ".wasm": "application/wasm",
    ".woff2": "font/woff2", ".woff": "font/woff", ".svg": "image/svg+xml", ".zip": "application/zip",
    ".pf_meta": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream", ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream", ".atom": "application/atom+xml", ".sha256": "text/plain; charset=utf-8",
}


# ------------------------------------------------------------------------------------------- outcome


@dataclass
class Outcome:
    """What one rebuild did: for the console line, the browser overlay and the timing notes."""

    ok: bool
    kind: str  # "full" | "content" | "templates" | "static" | "none"
    written: list[str] = field(default_factory=list)  # site-relative paths written or removed
    diagnostics: tuple[Diagnostic, ...] = ()
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # stage -> seconds
    reload_path: str = "*"  # what the browser is told changed ("*.css" → CSS is swapped without reload)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return errors_in(self.diagnostics)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity is Severity.WARNING)


def _failure(kind: str, diagnostics: tuple[Diagnostic, ...]) -> Outcome:
    return Outcome(False, kind, diagnostics=diagnostics)


def _exception_diagnostics(exc: BaseException, root: Path) -> tuple[Diagnostic, ...]:
    """A template or unexpected error as one diagnostic pointing at the file and line where it happened."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        return (error(f"layouts/{exc.name or exc.filename}", exc.lineno or 1, f"模板语法错误 template syntax error: {exc.message}"),)
    where, line = "build", 1
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        fn = Path(frame.filename)
        if fn.suffix == ".html" or "layouts" in fn.parts:
            where, line = (fn.relative_to(root).as_posix() if fn.is_relative_to(root) else fn.name), frame.lineno or 1
            break
    return (error(where, line, f"生成时出错 build error: {type(exc).__name__}: {exc}"),)


# ------------------------------------------------------------------------------------ incremental load


class ContentCache:
    """The archive as of the last rebuild: each issue folder's parse result, re-read only when it changed.

    Uses load.py's per-folder reader and cross-issue checks, so the same messages come out as `check`.
    """

    def __init__(self, config: Config):
        self.config = config
        self.md = make_markdown()
        self.folders: dict[Path, tuple[Issue | None, list[Diagnostic]]] = {}

    def prime(self, gazette: Gazette, warnings: Iterable[Diagnostic]) -> None:
        """Take over a full build's model, so the first edit re-reads one folder, not the archive."""
        by_rel: dict[str, list[Diagnostic]] = {}
        for w in warnings:
            parts = w.path.split("/")
            by_rel.setdefault("/".join(parts[:3]), []).append(w)
        base = self.config.content_dir.parent
        for issue in gazette.issues:
            folder = self.config.content_dir / str(issue.year) / f"{issue.number:02d}"
            rel = folder.relative_to(base).as_posix()
            self.folders[folder] = (issue, by_rel.get(rel, []))

    def load(self, dirty: set[Path]) -> tuple[Gazette | None, tuple[Diagnostic, ...]]:
        """Like load.load_gazette, re-reading only folders in `dirty` (or not seen before)."""
        out: list[Diagnostic] = []
        folders = _load.issue_folders(self.config, out)
        for folder in folders:
            if folder in dirty or folder not in self.folders:
                local: list[Diagnostic] = []
                self.folders[folder] = (_load.read_issue_folder(self.config, folder, local), local)
        for gone in set(self.folders) - set(folders):
            del self.folders[gone]
        return _load.assemble_gazette(self.config, [self.folders[f] for f in folders], out)


# ------------------------------------------------------------------------------------ memoised planning


class _MemoPlanner(_views._Planner):
    """views._Planner whose per-issue pages and list entries are reused while their issue is unchanged.

    An Issue object is reused by ContentCache until its folder changes, so identity (`is`) tells whether a
    document page, an issue page or a list entry can still be the one planned last time.
    """

    def __init__(self, config, gazette, ui, other, memo: dict):
        super().__init__(config, gazette, ui, other)
        self._memo = memo
        self._issue_by_key = {(i.year, i.number): i for i in gazette.issues}

    def _cached(self, key, deps, make):
        hit = self._memo.get(key)
        if hit is not None and len(hit[0]) == len(deps) and all(map(operator.is_, hit[0], deps)):
            return hit[1]
        value = make()
        self._memo[key] = (deps, value)
        return value

    def issue_of(self, doc):
        return self._issue_by_key[(doc.year, doc.issue_number)]

    def document(self, issue, index):
        return self._cached(("doc", self.lang, issue.year, issue.number, index), (issue,), lambda: super(_MemoPlanner, self).document(issue, index))

    def issue(self, issue):
        return self._cached(("issue", self.lang, issue.year, issue.number), (issue,), lambda: super(_MemoPlanner, self).issue(issue))

    def document_pages(self, issue):
        return self._cached(("docpages", self.lang, issue.year, issue.number), (issue,),
                            lambda: [self.document(issue, k) for k in range(len(issue.documents))])

    def issue_entries(self, issue):
        return self._cached(("entries", self.lang, issue.year, issue.number), (issue,), lambda: super(_MemoPlanner, self).issue_entries(issue))

    def card(self, issue):
        return self._cached(("card", self.lang, issue.year, issue.number), (issue,), lambda: super(_MemoPlanner, self).card(issue))


def plan_memoised(config: Config, gazette: Gazette, uis: dict, memo: dict) -> dict[str, object]:
    """views.plan_pages with memoisation: site-relative path → view, for both interfaces."""
    pages = _MemoPlanner(config, gazette, uis["zh"], uis["mn"], memo).all() + _MemoPlanner(config, gazette, uis["mn"], uis["zh"], memo).all()
    live = {(i.year, i.number) for i in gazette.issues}
    for key in [k for k in memo if (k[2], k[3]) not in live]:
        del memo[key]
    return {p.path: p.view for p in pages}


# ------------------------------------------------------------------------------------------- writing


def _write_file(site: Path, rel: str, data: bytes) -> bool:
    """Write one output atomically (a reader never sees half a page); False when the bytes are unchanged."""
    target = site / rel
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return True


def _remove_file(site: Path, rel: str) -> bool:
    target = site / rel
    if not target.is_file():
        return False
    target.unlink()
    parent = target.parent
    while parent != site and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
    return True


# ------------------------------------------------------------------------------------------- builder


class Builder:
    """Keeps the last good site in site/ and rebuilds only what a change affects.

    `full()` runs the real `build_site.build()`; `rebuild(changed)` takes the set of changed file paths.
    Both return an Outcome; on errors site/ is left exactly as it was.
    """

    def __init__(self, make_config: ConfigFactory, site: Path, root: Path):
        self.make_config = make_config
        self.site = site
        self.root = root
        self.lock = threading.RLock()
        self.config: Config | None = None
        self.config_warnings: tuple[Diagnostic, ...] = ()
        self.cache: ContentCache | None = None
        self.gazette: Gazette | None = None
        self.views: dict[str, object] = {}
        self.memo: dict = {}
        self.env = None
        self.uis = None
        self.strings = None
        self.good = False  # site/ holds a complete build of the current config
        self.primed = False
        self.templates_failed = False
        self.touched: set[str] = set()  # outputs the fast path wrote since the running catch-up started
        self.extra: dict[str, object] = {}  # other HTML pages the fast path keeps current (文号 permalinks): path → view
        self.extra_memo: dict = {}

    # -- classification ----------------------------------------------------------------------------
    def classify(self, path: Path) -> str:
        config = self.config
        content = config.content_dir if config else self.root / "content"
        layouts = self.root / "layouts"
        if path.is_relative_to(content):
            return "content"
        if path.is_relative_to(layouts / "static"):
            return "static"
        if path.is_relative_to(layouts / "i18n") or path == self.root / "config.yaml":
            return "config"
        if path.is_relative_to(layouts):
            return "templates"
        return "other"

    # -- full ---------------------------------------------------------------------------------------
    def full(self) -> Outcome:
        """The real build (search index, feeds, font …) into site/, then keep its model for fast rebuilds."""
        with self.lock:
            start = time.perf_counter()
            try:
                config, warnings = self.make_config()
                result = full_build(config, self.site, False, warnings)
            except BuildFailed as failed:
                return Outcome(False, "full", diagnostics=tuple(sorted(failed.diagnostics)), seconds=time.perf_counter() - start)
            except Exception as exc:  # a broken template must not stop the preview
                return Outcome(False, "full", diagnostics=_exception_diagnostics(exc, self.root), seconds=time.perf_counter() - start)
            self.config, self.config_warnings = config, warnings
            self.cache = ContentCache(config)
            self.cache.prime(result.gazette, result.warnings)
            self.gazette = result.gazette
            self.uis = make_uis(config)
            self.strings = prepare_strings(self.uis)
            self.env = self._environment()
            self.views, self.memo, self.primed, self.good = {}, {}, False, True
            return Outcome(True, "full", written=["*"], diagnostics=result.warnings, seconds=time.perf_counter() - start)

    def prime(self) -> float:
        """Plan every page once (fills the memo and the last views), so the first edit is fast too."""
        with self.lock:
            if self.primed or not self.good:
                return 0.0
            start = time.perf_counter()
            self.views = plan_memoised(self.config, self.gazette, self.uis, self.memo)
            self.extra = self._extra_views(self.gazette)
            self.primed = True
            # The model and views of a large archive are millions of objects that live as long as the
            # preview: freeze them out of the cyclic collector, whose full passes over them cost ~1.5 s
            # in the middle of a rebuild at 10,000 documents.
            gc.collect()
            gc.freeze()
            return time.perf_counter() - start

    def _environment(self):
        return make_environment(self.config.layouts_dir)  # compiled once; a template change makes a new one

    # -- incremental --------------------------------------------------------------------------------
    def rebuild(self, changed: Iterable[Path]) -> Outcome:
        """Rebuild after `changed` files changed; only the affected outputs are written."""
        changed = {Path(p) for p in changed}
        with self.lock:
            kinds = {self.classify(p) for p in changed} - {"other"}
            if kinds and self.templates_failed:
                kinds.add("templates")  # a broken template stays reported until it is fixed
            if not kinds:
                return Outcome(True, "none")
            if not self.good or "config" in kinds:
                return self.full()
            start = time.perf_counter()
            self.prime()
            try:
                if "templates" in kinds:
                    outcome = self._templates()
                    if "content" in kinds:
                        more = self._content({p for p in changed if self.classify(p) == "content"})
                        more.written += outcome.written
                        outcome = more
                elif "content" in kinds:
                    outcome = self._content({p for p in changed if self.classify(p) == "content"})
                else:
                    outcome = Outcome(True, "static")
                if "static" in kinds and outcome.ok:
                    outcome.written += self._static()
                    if kinds == {"static"}:
                        css = [p for p in changed if p.suffix == ".css"]
                        outcome.reload_path = css[0].name if len(css) == len(changed) else "*"
            except Exception as exc:
                outcome = _failure("templates" if "templates" in kinds else "content", _exception_diagnostics(exc, self.root))
            if "templates" in kinds:
                self.templates_failed = not outcome.ok and outcome.kind == "templates"
            outcome.seconds = time.perf_counter() - start
            return outcome

    def _content(self, changed: set[Path]) -> Outcome:
        timings = {}
        t0 = time.perf_counter()
        content = self.config.content_dir
        dirty = set()
        for p in changed:
            parts = p.relative_to(content).parts
            if len(parts) >= 2:
                dirty.add(content / parts[0] / parts[1])
        gazette, diagnostics = self.cache.load(dirty)
        diagnostics = tuple(sorted(set(diagnostics + self.config_warnings)))
        timings["load"] = time.perf_counter() - t0
        if gazette is None:
            return Outcome(False, "content", diagnostics=diagnostics, timings=timings)
        t1 = time.perf_counter()
        views = plan_memoised(self.config, gazette, self.uis, self.memo)
        timings["plan"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        written = self._write_views(views)
        written += self._write_extra(gazette)
        old_issues = {(i.year, i.number): i for i in self.gazette.issues}
        new_issues = {(i.year, i.number): i for i in gazette.issues}
        changed_issues = [i for k, i in new_issues.items() if old_issues.get(k) is not i]
        for out in source_files(Gazette(tuple(changed_issues)), self.config):
            if _write_file(self.site, out.path, out.data):
                written.append(out.path)
        timings["render+write"] = time.perf_counter() - t2
        self.gazette = gazette
        self.touched.update(written)
        first_page = next((p for p in written if p.endswith(".html")), "*")
        return Outcome(True, "content", written=written, diagnostics=diagnostics, timings=timings, reload_path=first_page)

    def _write_views(self, views: dict[str, object], force: bool = False) -> list[str]:
        """Render and write pages whose view changed; remove pages that no longer exist."""
        written = []
        for path, view in views.items():
            old = self.views.get(path)
            if not force and old is not None and (old is view or old == view):
                continue
            out: Output = render_page(self.env, _views.PlannedPage(path, view), self.strings)
            if _write_file(self.site, out.path, out.data):
                written.append(out.path)
        for path in set(self.views) - set(views):
            rel = Urls.output_file(path)
            if _remove_file(self.site, rel):
                written.append(rel)
        self.views = views
        return written

    def _extra_views(self, gazette: Gazette) -> dict[str, object]:
        """Views of HTML pages built outside views.plan_pages that show document data: the 文号 permalinks
        (permalinks.plan_permalinks, one document at a time, memoised while the document is unchanged)."""
        if plan_permalinks is None:
            return {}
        views = {}
        for doc in gazette.documents:
            key = (doc.year, doc.issue_number, doc.slug)
            hit = self.extra_memo.get(key)
            if hit is None or hit[0] is not doc:
                hit = self.extra_memo[key] = (doc, plan_permalinks(self.config, SimpleNamespace(documents=(doc,))))
            views.update(hit[1])
        return views

    def _render_extra(self, env, path: str, view) -> Output:
        return render_page(env, _views.PlannedPage(path, view), self.strings)

    def _write_extra(self, gazette: Gazette) -> list[str]:
        written = []
        new = self._extra_views(gazette)
        for path, view in new.items():
            old = self.extra.get(path)
            if old is not None and (old is view or old == view):
                continue
            out = self._render_extra(self.env, path, view)
            if _write_file(self.site, out.path, out.data):
                written.append(out.path)
        for path in set(self.extra) - set(new):
            if _remove_file(self.site, Urls.output_file(path)):
                written.append(Urls.output_file(path))
        self.extra = new
        return written

    def _templates(self) -> Outcome:
        """Re-render every page with a new environment; all in memory first, so a template error leaves
        site/ and the environment of the last good build untouched."""
        env = self._environment()
        outputs = [render_page(env, _views.PlannedPage(path, view), self.strings) for path, view in self.views.items()]
        outputs += [self._render_extra(env, path, view) for path, view in self.extra.items()]
        self.env = env
        written = [o.path for o in outputs if _write_file(self.site, o.path, o.data)]
        self.touched.update(written)
        return Outcome(True, "templates", written=written, reload_path="*")

    def _static(self) -> list[str]:
        written = []
        source = self.config.layouts_dir / "static"
        for path in sorted(source.rglob("*")):
            if path.is_file() and not path.name.endswith(IGNORED_SUFFIXES):
                rel = f"static/{path.relative_to(source).as_posix()}"
                if _write_file(self.site, rel, path.read_bytes()):
                    written.append(rel)
        return written

    # -- catch-up -----------------------------------------------------------------------------------
    def replay(self, paths: Iterable[str]) -> None:
        """After a catch-up build swapped site/ in, write again what the fast path wrote meanwhile."""
        with self.lock:
            by_file = {Urls.output_file(p): p for p in self.views}
            extra = {Urls.output_file(p): p for p in self.extra}
            for rel in paths:
                if rel in extra:
                    out = self._render_extra(self.env, extra[rel], self.extra[extra[rel]])
                    _write_file(self.site, out.path, out.data)
                elif rel in by_file:
                    out = render_page(self.env, _views.PlannedPage(by_file[rel], self.views[by_file[rel]]), self.strings)
                    _write_file(self.site, out.path, out.data)
                elif rel.startswith("static/"):
                    src = self.config.layouts_dir / rel
                    if src.is_file():
                        _write_file(self.site, rel, src.read_bytes())
                elif "/" in rel and not rel.endswith(".html"):
                    for out in source_files(self.gazette, self.config):
                        if out.path == rel:
                            _write_file(self.site, rel, out.data)
                else:
                    _remove_file(self.site, rel)


# ------------------------------------------------------------------------------------------- watcher


def _listing(folder: str) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """(file → (mtime, size), subfolders) of one folder; editor temporaries and hidden files left out."""
    files: dict[str, tuple[int, int]] = {}
    folders: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return files, folders
    for e in entries:
        if e.name.startswith((".", "#")) or e.name.endswith(IGNORED_SUFFIXES):
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                folders.append(e.path)
            else:
                st = e.stat(follow_symlinks=False)
                files[e.path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            continue
    return files, folders


class Watcher:
    """Polls files for changes (mtime, size); cheap enough for 10,000 documents at a few scans a second."""

    def __init__(self, roots: Iterable[Path]):
        self.roots = [Path(r) for r in roots]
        self.state = self.scan()

    def scan(self) -> dict[str, tuple[int, int]]:
        state: dict[str, tuple[int, int]] = {}
        for root in self.roots:
            if root.is_file():
                st = root.stat()
                state[str(root)] = (st.st_mtime_ns, st.st_size)
            elif root.is_dir():
                self._scan_dir(str(root), state)
        return state

    def _scan_dir(self, folder: str, state: dict) -> None:
        files, folders = _listing(folder)
        state.update(files)
        for sub in folders:
            self._scan_dir(sub, state)

    def changes(self) -> set[Path]:
        new = self.scan()
        old, self.state = self.state, new
        return {Path(p) for p in set(old) ^ set(new)} | {Path(p) for p in new if p in old and old[p] != new[p]}

    def changes_beside(self, paths: set[Path]) -> set[Path]:
        """Changes among the files of the folders holding `paths` only (an editor's save in steps, a
        temporary file then a rename, completes there): cheaper than another scan of the whole tree."""
        changed: set[Path] = set()
        for folder in {str(p.parent) for p in paths}:
            old = {k: v for k, v in self.state.items() if os.path.dirname(k) == folder}
            new = _listing(folder)[0]
            changed |= {Path(p) for p in set(old) ^ set(new)} | {Path(p) for p in new if p in old and old[p] != new[p]}
            for gone in set(old) - set(new):
                del self.state[gone]
            self.state.update(new)
        return changed


# ------------------------------------------------------------------------------------------- server


OVERLAY = """<div id="gazette-serve-error" role="alert" style="position:fixed;z-index:2147483647;inset:0 0 auto 0;max-height:70vh;overflow:auto;margin:0;padding:1em 1.25em;background:#fff4f4;color:#600;border-bottom:4px solid #c00;font:15px/1.6 system-ui,'Noto Sans CJK SC',sans-serif;writing-mode:horizontal-tb;text-align:left;box-shadow:0 4px 16px rgba(0,0,0,.25)">
<strong style="font-size:17px">内容有错误，网站未更新；下面是上次成功生成的页面。 Content error: the site was not updated; this is the last good page.</strong>
<p style="margin:.4em 0">改正下列问题并保存，页面会自动刷新。 Fix these and save; the page reloads by itself. （见 docs/编辑指南.md 的“错误信息”一节）</p>
<pre style="white-space:pre-wrap;margin:0;font:14px/1.5 ui-monospace,monospace;color:#400">{errors}</pre>
</div>"""

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
            if self.verbose or outcome.kind == "full":
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
        return body

    def status(self) -> dict:
        o = self.last_outcome
        return {
            "generation": self.generation, "ok": not self.errors,
            "errors": [d.format() for d in self.errors],
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
        while not stop.is_set():
            time.sleep(poll)
            try:
                changed = watcher.changes()
                if changed:
                    time.sleep(0.05)  # editors save in steps (temporary file, rename): take them together
                    changed |= watcher.changes_beside(changed)
                    preview.handle(changed)
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
