"""The build, as one-way data flow: config → load and validate → model → page views → render → write → index."""

from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..content.checks import editorial_warnings, is_placeholder, split_warnings
from ..content.config import Config
from ..content.load import load_gazette
from ..content.model import Gazette
from ..core.errors import BuildFailed, Diagnostic, Severity, error, errors_in
from ..core.output import Output
from ..outputs.catalogue import catalogue_output, document_data_pages
from ..outputs.feeds import feed_outputs
from ..outputs.manifest import issue_paths, issue_prefixes
from ..outputs.sitemap import sitemap_outputs
from ..pages.fonts import OUTPUT_FONT, OUTPUT_FONT_CSS, OUTPUT_LICENCE, build_font, face_css, find_font, font_diagnostics, font_problem
from ..pages.i18n import make_uis
from ..pages.layouts_check import template_diagnostics
from ..pages.permalinks import permalink_pages
from ..pages.planner import plan_pages
from ..pages.render import make_environment
from ..pages.urls import Urls
from ..pages.views import DocumentPage, LazyPage, PlannedPage
from ..search.index import build_index, search_plan
from .emit import emit_bundles, emit_pages, write_small
from .linkcheck import Resolver, link_diagnostics
from .outdir import check_out_path, check_owned, clean_leftovers, output_lock
from .render_cache import RenderCache
from .write import discard, new_staging, swap_in


@dataclass
class Progress:
    """Prints one line per finished build step with its time (stderr), so long builds show progress."""

    verbose: bool = False
    started: float = field(default_factory=time.perf_counter)
    last: float = field(default_factory=time.perf_counter)

    def step(self, what: str) -> None:
        now = time.perf_counter()
        timing = f" ({now - self.last:.1f} s)" if self.verbose else ""
        print(f"… {what}{timing}", file=sys.stderr, flush=True)
        self.last = now


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary line."""

    gazette: Gazette
    pages: int
    warnings: tuple[Diagnostic, ...]


def fatal_diagnostics(diagnostics: tuple[Diagnostic, ...], strict: bool, strict_review: bool = False) -> tuple[Diagnostic, ...]:
    """What stops a build: errors; content warnings under --strict; the Mongolian review backlog only
    with --strict-review (docs/编辑指南.md §6)."""
    content, review = split_warnings(diagnostics)
    return errors_in(diagnostics) + (content if strict else ()) + (review if strict_review else ())


def check(config: Config, strict: bool = False, extra: tuple[Diagnostic, ...] = (), jobs: int | None = None,
          strict_review: bool = False, progress: Progress | None = None) -> tuple[Gazette, tuple[Diagnostic, ...]]:
    """Load and validate all content, add the editorial warnings; raise BuildFailed with everything fatal."""
    gazette, diagnostics = load_gazette(config, jobs or os.cpu_count() or 1)
    if gazette is not None:
        diagnostics += editorial_warnings(config, gazette)
        if progress:
            progress.step(f"读取 read {len(gazette.documents)} 篇文件 documents in {len(gazette.issues)} 期 issues")
    diagnostics = tuple(sorted(set(diagnostics + extra)))
    fatal = fatal_diagnostics(diagnostics, strict, strict_review)
    if gazette is None or fatal:
        raise BuildFailed(fatal or diagnostics)
    return gazette, tuple(d for d in diagnostics if d.severity is Severity.WARNING)


def source_files(gazette: Gazette, config: Config) -> tuple[Output, ...]:
    """Each issue's provenance text, published beside its issue page."""
    return tuple(
        Output(f"{i.year}/{i.number:02d}/{i.source}", (config.content_dir / str(i.year) / f"{i.number:02d}" / i.source).read_bytes())
        for i in gazette.issues if i.source
    )


def mongolian_font(config: Config, used: frozenset[str], strict: bool) -> tuple[tuple[Output, ...], tuple[Diagnostic, ...]]:
    """The site's Mongolian web font subset to every Mongolian character in the pages (gazette/pages/fonts.py)."""
    result = build_font(config.mongolian_font, config.root, used)
    diagnostics = font_diagnostics(result, config)
    if strict and diagnostics:
        raise BuildFailed(diagnostics)
    files = ((Output(OUTPUT_FONT, result.woff2), Output(OUTPUT_FONT_CSS, face_css(result.woff2)), Output(OUTPUT_LICENCE, result.licence))
             if result.woff2 else ())
    return files, diagnostics


def copied_assets(config: Config) -> tuple[Output, ...]:
    """layouts/static/ as static/ (the stylesheets and scripts the pages use)."""
    root = config.layouts_dir / "static"
    return tuple(Output(f"static/{p.relative_to(root).as_posix()}", p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file())


def all_pages(config: Config, gazette: Gazette, pages: tuple[PlannedPage, ...]) -> tuple[PlannedPage, ...]:
    """What the render workers make: the pages, the 文号 permalinks and every document's data.json."""
    data = tuple(PlannedPage(path, view, key) for path, view, key in document_data_pages(config, gazette))
    return tuple(sorted(pages + permalink_pages(config, gazette) + data, key=lambda p: p.path))


def by_issue_folder(paths) -> dict[str, list[str]]:
    """Output paths grouped by their issue folder (`2023/01/`, `mn/2023/01/`), for the issue manifests."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        parts = path.split("/", 3)
        folder = "/".join(parts[:3]) + "/" if parts[0] == "mn" else "/".join(parts[:2]) + "/"
        groups.setdefault(folder, []).append(path)
    return groups


def build(config: Config, site: Path, strict: bool = False, extra: tuple[Diagnostic, ...] = (), jobs: int | None = None,
          strict_review: bool = False, progress: Progress | None = None, search: bool = True) -> BuildResult:
    """Build the whole site into site/; on any error site/ is left exactly as it was.
    `search=False` (build --no-search) skips the search index: a quicker preview, and the benchmark's HTML-only build."""
    jobs = jobs or os.cpu_count() or 1
    # Never replace what this generator did not build (content/, the project, a user's folder: gazette/build/outdir.py).
    check_out_path(site, config.root, config.content_dir, config.layouts_dir)
    # First gather and validate everything, so that all errors are reported before anything is written.
    gazette, warnings = check(config, strict, extra, jobs, strict_review, progress)
    unfilled = tuple(error(w.path, w.line, w.message) for w in warnings if is_placeholder(w))
    if unfilled:  # a scaffold's （请填写…） text is never published
        raise BuildFailed(unfilled)
    uis = make_uis(config)
    with output_lock(site):  # one build at a time into this folder
        clean_leftovers(site)  # a killed build's staging and old folders
        check_owned(site)
        staging = new_staging(site)
        gc.freeze()  # the model lives as long as the build: the parent's collections skip it (planning 1.5 → 0.9 s at 10,000)
        try:
            written = write_site(config, gazette, uis, site, staging, strict, jobs, progress)
            release_memory()  # the pages' summaries are gone: Pagefind runs beside a smaller parent process
            if search:
                build_index(staging, config, gazette, uis, previous=site)  # unchanged shards are copied from site/
                if progress:
                    progress.step("搜索索引 search index")
            swap_in(staging, site)
            written.cache.save(written.entries, written.paths)
        except BaseException:
            discard(staging)
            raise
        finally:
            gc.unfreeze()
    return BuildResult(gazette, written.pages, warnings + written.warnings)


def templates_needed(made: tuple) -> set[str]:
    """The templates the planned pages render with (a document page's view is not made here: it is a DocumentPage)."""
    names = {DocumentPage.template}
    for page in made:
        template = None if isinstance(page, LazyPage) else getattr(page.view, "template", None)
        if template:
            names.add(template)
    return names


@dataclass(frozen=True)
class Written:
    """What writing the pages leaves for the rest of the build."""

    pages: int
    entries: dict  # output path → render_cache.Entry
    paths: frozenset  # every output path (the render cache keeps them for the next build's link check)
    cache: RenderCache
    warnings: tuple[Diagnostic, ...]


def write_site(config: Config, gazette: Gazette, uis: dict, site: Path, staging: Path, strict: bool, jobs: int,
               progress: Progress | None) -> Written:
    """Every file but the search index, into staging. Every output path is known before anything is rendered,
    so pages are written and link-checked as they are made (gazette/build/emit.py); feeds, JSON, manifests and zips
    follow (docs/machine-readable.md); broken links are warnings, errors under --strict."""
    pages = plan_pages(config, gazette, uis, search_plan(gazette))
    made = all_pages(config, gazette, pages)
    copied = copied_assets(config)
    small = source_files(gazette, config) + feed_outputs(config, gazette) + sitemap_outputs(config, gazette, pages) + copied
    font_paths = (OUTPUT_FONT, OUTPUT_FONT_CSS, OUTPUT_LICENCE) if find_font(config.mongolian_font, config.root) else ()
    env = make_environment(config.layouts_dir)
    problems = template_diagnostics(env, templates_needed(made)) + font_problem(config)
    if problems:
        raise BuildFailed(problems)
    bundle_paths = tuple(p for i in gazette.issues for p in (Urls.issue_manifest(i), Urls.issue_archive(i)))
    paths = frozenset(Urls.output_file(p.path) for p in made) | {o.path for o in small} | set(font_paths + bundle_paths) | {Urls.catalogue()}
    resolver = Resolver(paths, config.base_path, config.site_url)
    cache = RenderCache.open(config, site)
    emitted = emit_pages(env, config, made, uis, staging, resolver, cache, jobs, small)
    if progress:
        progress.step(f"渲染 rendered {len(pages)} 页 pages + {len(made) - len(pages)} 个数据与跳转文件 data and redirect files: "
                      f"{emitted.rendered} 个重新生成 made, {emitted.reused} 个未变 unchanged")
    fonts, warnings = mongolian_font(config, emitted.mongolian, strict)
    links = emitted.links | write_small(staging, fonts, resolver)
    assets = tuple(o.path for o in copied + fonts)
    groups = by_issue_folder(links)
    members = tuple(issue_paths(i, [p for f in issue_prefixes(i) for p in groups.get(f, ())], assets) for i in gazette.issues)
    known = {path: entry.sha for path, entry in emitted.entries.items()} | {o.path: hashlib.sha256(o.data).hexdigest() for o in small + fonts}
    mn_titles = tuple(uis["mn"].plain("issue_title", year=i.year, number=i.number) for i in gazette.issues)
    sums, bundle_links, bundle_entries = emit_bundles(staging, config.title, config.site_url + config.base_path if config.site_url else "",
                                                      gazette.issues, members, known, resolver, cache, jobs, mn_titles)
    links |= bundle_links | write_small(staging, (catalogue_output(config, gazette, sums),), resolver)
    if set(links) != (paths if fonts else paths - set(font_paths)):
        raise RuntimeError(f"outputs differ from the planned paths: {sorted(set(links) ^ set(paths))[:5]}")
    link_warnings = link_diagnostics(links)
    if strict and link_warnings:
        raise BuildFailed(link_warnings)
    if progress:
        progress.step(f"数据文件与链接检查 feeds, JSON, manifests, link check: {len(links)} 个文件 files")
    return Written(len(pages), emitted.entries | bundle_entries, resolver.paths, cache, warnings + link_warnings)


def release_memory() -> None:
    """Collect garbage and hand freed heap back to the system (glibc), so child processes have room; what
    survives is frozen again (gc.freeze in build)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: memory is reused by this process instead
        pass
