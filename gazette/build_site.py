"""The build, as one-way data flow: config → load and validate → model → page views → render → write → index."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import catalogue_outputs, document_outputs
from .checks import editorial_warnings, split_warnings
from .config import Config
from .errors import BuildFailed, Diagnostic, Severity, errors_in
from .feeds import feed_outputs
from .fonts import OUTPUT_FONT, OUTPUT_LICENCE, build_font, font_diagnostics, mongolian_characters
from .i18n import make_uis
from .linkcheck import check_links
from .load import load_gazette
from .manifest import manifest_outputs
from .model import Gazette
from .permalinks import permalink_outputs
from .render import Output, make_environment, render_all
from .render_cache import RenderCache
from .search import build_index
from .sitemap import sitemap_outputs
from .views import plan_pages
from .write import copy_tree, discard, new_staging, swap_in, write_outputs


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


def mongolian_font(config: Config, outputs: tuple[Output, ...], strict: bool) -> tuple[tuple[Output, ...], tuple[Diagnostic, ...]]:
    """The site's Mongolian web font subset to every Mongolian character in the pages (gazette/fonts.py)."""
    result = build_font(config.mongolian_font, config.root, mongolian_characters(o.data for o in outputs if o.path.endswith(".html")))
    diagnostics = font_diagnostics(result, config)
    if strict and diagnostics:
        raise BuildFailed(diagnostics)
    files = (Output(OUTPUT_FONT, result.woff2), Output(OUTPUT_LICENCE, result.licence)) if result.woff2 else ()
    return files, diagnostics


def static_assets(config: Config, outputs: tuple[Output, ...]) -> tuple[Output, ...]:
    """The files under static/ the pages use: layouts/static (copied as is) and generated ones (the font)."""
    root = config.layouts_dir / "static"
    copied = tuple(Output(f"static/{p.relative_to(root).as_posix()}", p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file())
    return copied + tuple(o for o in outputs if o.path.startswith("static/"))


def machine_readable(config: Config, gazette: Gazette, pages: tuple, outputs: tuple[Output, ...], env, uis: dict,
                     strict: bool) -> tuple[tuple[Output, ...], tuple[Diagnostic, ...]]:
    """Feeds, sitemap, 文号 permalinks, JSON, issue manifests and zips, catalogue (docs/machine-readable.md);
    then the internal link check over everything (broken links are warnings, errors when strict)."""
    outputs += permalink_outputs(config, gazette, env, uis) + document_outputs(config, gazette)
    outputs += feed_outputs(config, gazette) + sitemap_outputs(config, gazette, pages)
    assets = static_assets(config, outputs)
    outputs += manifest_outputs(config.title, config.base_path, gazette, outputs, assets)
    outputs += catalogue_outputs(config, gazette, outputs)
    links = check_links(outputs, config.base_path, config.site_url, tuple(a.path for a in assets))
    if strict and links:
        raise BuildFailed(links)
    return outputs, links


def build(config: Config, site: Path, strict: bool = False, extra: tuple[Diagnostic, ...] = (), jobs: int | None = None,
          strict_review: bool = False, progress: Progress | None = None) -> BuildResult:
    """Build the whole site into site/; on any error site/ is left exactly as it was."""
    jobs = jobs or os.cpu_count() or 1
    # First gather and validate everything, so that all errors are reported before anything is written.
    gazette, warnings = check(config, strict, extra, jobs, strict_review, progress)
    uis = make_uis(config)
    pages = plan_pages(config, gazette, uis)
    env = make_environment(config.layouts_dir)
    cache = RenderCache.open(config, site)
    fresh, reused, digests = cache.split(pages)
    rendered = tuple(sorted(render_all(env, fresh, uis, jobs) + reused, key=lambda o: o.path))
    outputs = rendered + source_files(gazette, config)
    if progress:
        progress.step(f"渲染 rendered {len(fresh)} 页 pages, {len(reused)} 页未变 unchanged")
    fonts, font_warnings = mongolian_font(config, outputs, strict)
    outputs, warnings = outputs + fonts, warnings + font_warnings
    outputs, link_warnings = machine_readable(config, gazette, pages, outputs, env, uis, strict)
    warnings += link_warnings
    if progress:
        progress.step(f"数据文件与链接检查 feeds, JSON, manifests, link check: {len(outputs)} 个文件 files")
    staging = new_staging(site)
    try:
        write_outputs(staging, outputs)
        copy_tree(config.layouts_dir / "static", staging / "static")
        if progress:
            progress.step(f"写入 wrote {len(outputs)} 个文件 files")
        build_index(staging, config, gazette, uis, previous=site)  # unchanged shards are copied from site/
        if progress:
            progress.step("搜索索引 search index")
        swap_in(staging, site)
        cache.save(digests)
    except BaseException:
        discard(staging)
        raise
    return BuildResult(gazette, len(pages), warnings)
