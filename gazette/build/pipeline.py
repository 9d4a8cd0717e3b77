"""The build, as one-way data flow; `build()` reads as the pipeline: config → load and check → plan (every
output, gazette/build/plan.py) → render and write the pages → outputs made from them (font, bundles,
catalogue) → link check → search index → swap into site/."""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..content.checks import editorial_warnings, is_placeholder, split_warnings
from ..content.config import Config
from ..content.load import load_gazette
from ..content.model import Gazette
from ..core import memory
from ..core.errors import BuildFailed, Diagnostic, Severity, error, errors_in
from ..core.output import Output
from ..outputs.catalogue import catalogue_output
from ..outputs.manifest import issue_paths, issue_prefixes
from ..pages.fonts import OUTPUT_FONT, OUTPUT_FONT_CSS, OUTPUT_LICENCE, build_font, face_css, font_diagnostics
from ..pages.i18n import make_uis
from ..pages.render import make_environment
from ..search.index import build_index
from ..search.plan import search_plan
from .emit import Emitted, emit_bundles
from .linkcheck import Resolver, link_diagnostics
from .outdir import check_out_path, check_owned, clean_leftovers, output_lock
from .plan import SitePlan, plan_problems, plan_site
from .render_cache import RenderCache
from .write import JOURNAL, SEARCH_FOLDER, CommitUnfinished, begin_commit, discard, finish_commit, finish_interrupted, new_staging, swap_in
from .writers import StagingWriter


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


def mongolian_font(config: Config, used: frozenset[str], strict: bool) -> tuple[tuple[Output, ...], tuple[Diagnostic, ...]]:
    """The site's Mongolian web font subset to every Mongolian character in the pages (gazette/pages/fonts.py)."""
    result = build_font(config.mongolian_font, config.root, used)
    diagnostics = font_diagnostics(result, config)
    if strict and diagnostics:
        raise BuildFailed(diagnostics)
    files = ((Output(OUTPUT_FONT, result.woff2), Output(OUTPUT_FONT_CSS, face_css(result.woff2)), Output(OUTPUT_LICENCE, result.licence))
             if result.woff2 else ())
    return files, diagnostics


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
    refuse_placeholders(warnings)
    uis = make_uis(config)
    with output_lock(site), memory.long_lived():  # one build at a time into this folder; the model outlives the build
        left = finish_interrupted(site)  # a killed build's commit is finished first (gazette/build/write.py)
        clean_leftovers(site)  # a killed build's staging and old folders
        check_owned(site)
        plan = plan_site(config, gazette, uis, search_plan(gazette))
        env = environment(plan)
        resolver = Resolver(plan.paths(), config.base_path, config.site_url)
        cache = RenderCache.open(config, site, left)
        staging = new_staging(site)
        base = site if cache.previous and site.is_dir() else None  # a rebuild commits what changed, else a swap
        try:
            writer = StagingWriter(env, config, uis, staging, resolver, cache, jobs, base)
            pages = write_pages(plan, writer, progress)
            outputs = write_outputs(plan, writer, pages, uis, strict, jobs)
            warnings += outputs.warnings + check_links(plan, pages.links | outputs.links, outputs.font, strict, progress)
            count, entries = len(plan.views), pages.entries | outputs.entries | writer.entries
            del plan, writer, pages, outputs  # the views and link summaries: Pagefind runs beside a smaller process
            index = None
            if search:
                memory.release()
                # unchanged shards taken from site/: linked for a swap, moved by a commit
                index = build_index(staging, config, gazette, uis, previous=site, in_place=base is not None, keys=cache.search_keys)
                if progress:
                    progress.step("搜索索引 search index")
            if base is None:  # the render cache saved only once the new site is in place
                cache.forget()
                swap_in(staging, site)
                cache.save(entries, resolver.paths, index and index.keys)
            else:  # saved once the commit is sure to be finished (its journal), before the files move
                begin_commit(staging, sorted(cache.previous_paths - resolver.paths), sorted(resolver.paths - cache.previous_paths),
                             (staging / SEARCH_FOLDER).is_dir(), index.kept if index else ())
                cache.save(entries, resolver.paths, index and index.keys)
                finish_commit(staging, site)
        except BaseException as exc:
            discard(staging)
            if (staging / JOURNAL).is_file():  # the commit had begun: site/ is not as it was
                raise CommitUnfinished(str(exc)) from exc
            raise
    return BuildResult(gazette, count, warnings)


def refuse_placeholders(warnings: tuple[Diagnostic, ...]) -> None:
    """A scaffold's （请填写…） text is never published."""
    unfilled = tuple(error(w.path, w.line, w.message) for w in warnings if is_placeholder(w))
    if unfilled:
        raise BuildFailed(unfilled)


def environment(plan: SitePlan):
    """The template environment, once every template the plan needs is known to be there and to compile."""
    env = make_environment(plan.config.layouts_dir)
    problems = plan_problems(plan, env)
    if problems:
        raise BuildFailed(problems)
    return env


def write_pages(plan: SitePlan, writer: StagingWriter, progress: Progress | None) -> Emitted:
    """Render (or reuse), write and link-check every page and data.json; meanwhile the files made in the
    parent (source texts, assets, feeds, sitemap). Every output path is known before anything is rendered
    (the plan), so each file is link-checked as it is written."""
    pages = writer.write(plan.rendered, plan.files + plan.summaries(writer.cache.made))
    if progress:
        made = len(plan.rendered) - len(plan.views)
        progress.step(f"渲染 rendered {len(plan.views)} 页 pages + {made} 个数据与跳转文件 data and redirect files: "
                      f"{pages.rendered} 个重新生成 made, {pages.reused} 个未变 unchanged")
    return pages


@dataclass(frozen=True)
class Outputs:
    """What the outputs made from the written pages leave for the rest of the build."""

    links: dict  # output path → link-check summary
    entries: dict  # the zips' render-cache entries
    warnings: tuple[Diagnostic, ...]  # the font's
    font: bool  # the font was made (its paths are then planned outputs)


def write_outputs(plan: SitePlan, writer: StagingWriter, pages: Emitted, uis: dict, strict: bool, jobs: int) -> Outputs:
    """What is made from the written pages: the Mongolian font subset (their characters), every issue's
    SHA256SUMS and zip (their bytes) and catalogue.json (the zips' digests); docs/machine-readable.md."""
    config, gazette = plan.config, plan.gazette
    fonts, warnings = mongolian_font(config, pages.mongolian, strict)
    links = writer.write_files(fonts)
    assets = tuple(f.path for f in plan.assets) + tuple(o.path for o in fonts)
    groups = by_issue_folder(list(pages.links) + list(links))
    members = tuple(issue_paths(i, [p for f in issue_prefixes(i) for p in groups.get(f, ())], assets) for i in gazette.issues)
    known = {path: entry.sha for path, entry in pages.entries.items()} | writer.known
    mn_titles = tuple(uis["mn"].plain("issue_title", year=i.year, number=i.number) for i in gazette.issues)
    sums, bundle_links, entries = emit_bundles(writer.staging, config.title, config.site_url + config.base_path if config.site_url else "",
                                               gazette.issues, members, known, writer.resolver, writer.cache, jobs, mn_titles,
                                               writer.base)
    links |= bundle_links | writer.write_files((catalogue_output(config, gazette, sums, writer.cache.made),))
    return Outputs(links, entries, warnings, bool(fonts))


def check_links(plan: SitePlan, links: dict, font: bool, strict: bool, progress: Progress | None) -> tuple[Diagnostic, ...]:
    """Every planned output was written, and every link in it resolves: broken links are warnings, errors under --strict."""
    expected = plan.paths() if font else plan.paths() - set(plan.fonts)
    if set(links) != expected:
        raise RuntimeError(f"outputs differ from the planned paths: {sorted(set(links) ^ expected)[:5]}")
    warnings = link_diagnostics(links)
    if strict and warnings:
        raise BuildFailed(warnings)
    if progress:
        progress.step(f"数据文件与链接检查 feeds, JSON, manifests, link check: {len(links)} 个文件 files")
    return warnings
