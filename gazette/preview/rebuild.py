"""The preview's builder: keeps the last good site in site/ and rebuilds only what a change affects.

A full `build_site.build()` first (and on config or string changes); then content edits re-read one issue
folder, plan the site again with the build's plan function (memoised) and write through an in-place writer
what changed; template edits re-render every planned page with a new environment, static edits copy
layouts/static/ again. Outputs made from the whole archive (data.json, feeds, sitemap, zips, catalogue, font,
search index) are left to the catch-up build (gazette/preview/serve.py). On an error site/ is left as it was and the outcome
carries the diagnostics (serve shows them in the browser). See gazette/preview/serve.py for the flow.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from ..build.pipeline import build as full_build
from ..build.plan import SitePlan, copied_assets, plan_site
from ..build.writers import InPlaceWriter
from ..content.config import Config
from ..content.model import Gazette
from ..core import memory
from ..core.errors import BuildFailed, Diagnostic, Severity, error, errors_in
from ..pages.i18n import make_uis
from ..pages.render import make_environment, prepare_strings
from ..search.plan import search_plan
from .cache import ContentCache, permalinks_memoised, plan_memoised

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


class Builder:
    """Keeps the last good site in site/ and rebuilds only what a change affects.

    `full()` runs the real `build_site.build()`; `rebuild(changed)` takes the set of changed file paths.
    Both return an Outcome; on errors site/ is left exactly as it was. Between full builds the site plan is
    made by the same function as the build's (build/plan.py plan_site, with the memoised planners of
    preview/cache.py) and written by an InPlaceWriter (build/writers.py).
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
        self.plan: SitePlan | None = None  # what site/ holds (the writer's pages and files)
        self.writer: InPlaceWriter | None = None
        self.memo: dict = {}
        self.uis = None
        self.good = False  # site/ holds a complete build of the current config
        self.primed = False
        self.templates_failed = False
        self.touched: set[str] = set()  # outputs the fast path wrote since the running catch-up started

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
            self.writer = InPlaceWriter(self.site, config, prepare_strings(self.uis), make_environment(config.layouts_dir))
            self.plan, self.memo, self.primed, self.good = None, {}, False, True
            return Outcome(True, "full", written=["*"], diagnostics=result.warnings, seconds=time.perf_counter() - start)

    def _plan(self, gazette: Gazette) -> SitePlan:
        """The build's plan_site, with the memoised planners."""
        return plan_site(self.config, gazette, self.uis, search_plan(gazette),
                         partial(plan_memoised, memo=self.memo), partial(permalinks_memoised, memo=self.memo))

    def prime(self) -> float:
        """Plan every page once (fills the memo and the writer's record of site/), so the first edit is fast too."""
        with self.lock:
            if self.primed or not self.good:
                return 0.0
            start = time.perf_counter()
            self.plan = self._plan(self.gazette)
            self.writer.assume(self.plan.pages, self.plan.files)
            self.primed = True
            memory.collect_and_freeze()  # the model and views live as long as the preview (gazette/core/memory.py)
            return time.perf_counter() - start

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
        plan = self._plan(gazette)
        timings["plan"] = time.perf_counter() - t1
        t2 = time.perf_counter()
        written = self.writer.write(plan.pages, plan.files)
        timings["render+write"] = time.perf_counter() - t2
        self.gazette, self.plan = gazette, plan
        self.touched.update(written)
        first_page = next((p for p in written if p.endswith(".html")), "*")
        return Outcome(True, "content", written=written, diagnostics=diagnostics, timings=timings, reload_path=first_page)

    def _templates(self) -> Outcome:
        """Re-render every page with a new environment (kept only when every page rendered: a template error
        leaves site/ and the last good environment untouched)."""
        written = self.writer.write(self.plan.pages, self.plan.files, env=make_environment(self.config.layouts_dir), fresh_pages=True)
        self.touched.update(written)
        return Outcome(True, "templates", written=written, reload_path="*")

    def _static(self) -> list[str]:
        """layouts/static/ read again: changed files replaced, new ones added, deleted ones removed."""
        self.plan = replace(self.plan, assets=copied_assets(self.config))
        return self.writer.write(self.plan.pages, self.plan.files, fresh_files=True)

    # -- catch-up -----------------------------------------------------------------------------------
    def replay(self, paths: Iterable[str]) -> None:
        """After a catch-up build swapped site/ in, write again what the fast path wrote meanwhile."""
        with self.lock:
            self.writer.replay(paths)
