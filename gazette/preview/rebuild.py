"""The preview's builder: keeps the last good site in site/ and rebuilds only what a change affects.

A full `build_site.build()` first (and on config or string changes); then content edits re-read one issue
folder and re-render the pages whose view changed, template edits re-render every kept view with a new
environment, static edits copy layouts/static/ again. On an error site/ is left as it was and the outcome
carries the diagnostics (serve shows them in the browser). See gazette/preview/serve.py for the flow.
"""

from __future__ import annotations

import gc
import os
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterable

from ..build.pipeline import build as full_build
from ..build.pipeline import source_files
from ..content.config import Config
from ..content.model import Gazette
from ..core.errors import BuildFailed, Diagnostic, Severity, error, errors_in
from ..core.output import Output
from ..pages import views as _views
from ..pages.i18n import make_uis
from ..pages.permalinks import plan_permalinks
from ..pages.render import make_environment, prepare_strings, render_page
from ..pages.urls import Urls
from .cache import ContentCache, plan_memoised
from .watch import IGNORED_SUFFIXES

ConfigFactory = Callable[[], "tuple[Config, tuple[Diagnostic, ...]]"]


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
            out: Output = render_page(self.env, _views.PlannedPage(path, view), self.strings, self.config.base_path)
            if _write_file(self.site, out.path, out.data):
                written.append(out.path)
        for path in set(self.views) - set(views):
            rel = Urls.output_file(path)
            if _remove_file(self.site, rel):
                written.append(rel)
        self.views = views
        return written

    def _extra_views(self, gazette: Gazette) -> dict[str, object]:
        """Views of HTML pages built outside planner.plan_pages that show document data: the 文号 permalinks
        (permalinks.plan_permalinks, one document at a time, memoised while the document is unchanged)."""
        views = {}
        for doc in gazette.documents:
            key = (doc.year, doc.issue_number, doc.slug)
            hit = self.extra_memo.get(key)
            if hit is None or hit[0] is not doc:
                hit = self.extra_memo[key] = (doc, plan_permalinks(self.config, SimpleNamespace(documents=(doc,))))
            views.update(hit[1])
        return views

    def _render_extra(self, env, path: str, view) -> Output:
        return render_page(env, _views.PlannedPage(path, view), self.strings, self.config.base_path)

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
        outputs = [render_page(env, _views.PlannedPage(path, view), self.strings, self.config.base_path) for path, view in self.views.items()]
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
                    out = render_page(self.env, _views.PlannedPage(by_file[rel], self.views[by_file[rel]]), self.strings, self.config.base_path)
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
