"""Render → write → check, page by page, in forked worker processes.

Each worker renders its share of the planned pages, writes them into the staging folder and checks their links
at once; a page unchanged since the last build is left where it is in site/, with what was found then
(gazette/build/render_cache.py), and the staging folder gets only what changed (gazette/build/write.py commit). The parent keeps only a small summary per file (its link-check result, cache digest,
SHA-256 and Mongolian characters). So no step holds the whole site in memory, and the per-file work (rendering,
JSON, writing, link scanning, hashing for the manifests) runs on every core. The issue zips follow the same way.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..content.config import Config
from ..content.model import Issue
from ..core import memory
from ..core.output import Output
from ..outputs.manifest import BUNDLE_INDEX, archive_bytes, bundle_index, bundle_readme, manifest_text
from ..pages.fonts import mongolian_characters
from ..pages.i18n import Ui
from ..pages.relative import bundle_links
from ..pages.render import prepare_strings
from ..pages.urls import Urls
from ..pages.views import PlannedPage
from .linkcheck import FileLinks, Resolver, check_added, check_file
from .plan import render
from .render_cache import Entry, RenderCache
from .write import Writer


@dataclass(frozen=True)
class Emitted:
    """What the parent keeps of the pages a build wrote."""

    links: dict[str, FileLinks]  # output path → its link-check summary
    entries: dict[str, Entry]  # output path → what the render cache keeps of it
    mongolian: frozenset[str]  # every Mongolian character in the HTML pages
    rendered: int
    reused: int


@dataclass(frozen=True)
class _Job:
    """Everything a worker needs, inherited through fork (never pickled)."""

    env: jinja2.Environment
    config: Config
    pages: tuple[PlannedPage, ...]
    strings: dict
    staging: Path
    resolver: Resolver
    cache: RenderCache
    reuse_links: bool  # kept link summaries are still valid (RenderCache.links_still_resolve)
    base: Path | None  # the site a commit updates (where unchanged files stay), None for a swap


_JOB: _Job | None = None


def _emit_page(job: _Job, writer: Writer, path: str, page: PlannedPage, chars_seen: dict) -> tuple[Entry | None, bool]:
    """Write one output, unless it is unchanged since the last build (render cache: same digest, file
    untouched in site/), which a commit leaves where it is, its kept link summary and characters reused (its
    links checked again when an output path has gone since). Else a fresh rendering, written and checked.
    Returns (entry, reused); entry None: the cache's entry stands (the parent has it: not sent through the pipe)."""
    cache = job.cache
    old = cache.entry(path)
    view = None
    if page.key is not None:
        digest = cache.digest(page.key)  # the page's inputs: its view is made only if it is rendered
    else:
        view = page.view
        digest = cache.digest(view)
    if old is not None and old.digest == digest and cache.untouched(path, old):
        if job.reuse_links and not old.broken:
            return None, True
        data = writer.read(path)
        return Entry.of(digest, check_file(job.resolver, path, data), old.mongolian, old.stamp, data), True
    data = render(job.env, job.config, job.strings, page.view if view is None else view, path)
    stamp = writer.keep_or_write(Output(path, data))
    chars = "".join(sorted(mongolian_characters((data,)))) if path.endswith(".html") else ""
    return Entry.of(digest, check_file(job.resolver, path, data), chars_seen.setdefault(chars, chars), stamp, data), False


def _emit_range(bounds: range) -> list[tuple[str, tuple | None, bool]]:
    """A worker's share of the pages: (output path, its Entry as a plain tuple (cheaper through the pipe) or None
    when the cache's stands, reused)."""
    job, chars_seen = _JOB, {}
    writer = Writer(job.staging, job.base)
    done = []
    for page in job.pages[bounds.start:bounds.stop]:
        path = Urls.output_file(page.path)
        entry, reused = _emit_page(job, writer, path, page, chars_seen)
        done.append((path, None if entry is None else tuple(entry), reused))
    return done


TASKS_PER_WORKER = 32  # small tasks, handed out one at a time by _pool_map


def _chunks(count: int, jobs: int, least: int = 1) -> list[range]:
    """count items as consecutive ranges: about TASKS_PER_WORKER per worker of at least `least` items
    (one range when there is one worker)."""
    step = max(least, count // (jobs * TASKS_PER_WORKER)) if jobs > 1 else max(1, count)
    return [range(i, min(i + step, count)) for i in range(0, count, step)]


def _pool_map(fn, items: list, jobs: int, meanwhile=None) -> tuple[list, object]:
    """fn over items in `jobs` forked workers, one item per task: items are sized so that handing them out
    one at a time keeps both cores busy to the end (Pool.map's default batches of len/4·jobs items left one
    core idle for seconds while the other finished a batch). `meanwhile()` runs in the parent while the
    workers work (else the parent would only wait); its result is returned after the workers'."""
    if jobs <= 1 or len(items) <= 1:
        return [fn(i) for i in items], (meanwhile() if meanwhile else None)
    memory.freeze()  # the workers' collections skip the inherited heap (gazette/core/memory.py)
    with multiprocessing.get_context("fork").Pool(jobs, initializer=memory.worker_start) as pool:
        pending = pool.map_async(fn, items, chunksize=1)
        side = meanwhile() if meanwhile else None
        return pending.get(), side


def emit_pages(env: jinja2.Environment, config: Config, pages: tuple[PlannedPage, ...], uis: dict[str, Ui],
               staging: Path, resolver: Resolver, cache: RenderCache, jobs: int = 1, small: tuple[Output, ...] = (),
               base: Path | None = None) -> Emitted:
    """Render (or reuse), write and link-check every planned page over `jobs` forked processes; meanwhile the
    parent writes and checks the outputs it made itself (`small`: feeds, sitemap, sources, assets). `base`:
    the site a commit updates (gazette/build/write.py)."""
    global _JOB
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)  # compile once, before the fork
    jobs = jobs if len(pages) >= 400 else 1  # a small site: forking costs more than it saves
    _JOB = _Job(env, config, pages, prepare_strings(uis), staging, resolver, cache, cache.links_still_resolve(resolver.paths), base)
    try:
        parts, entries = _pool_map(_emit_range, _chunks(len(pages), jobs, least=50), jobs,
                                   meanwhile=lambda: write_small(staging, small, resolver, cache, base))
    finally:
        _JOB = None
    links = {path: entry.links for path, entry in entries.items()}
    mongolian, reused, chars_seen = set(), 0, {}
    for done in parts:
        for path, row, was_reused in done:
            row = row or cache.previous[path]
            entry = Entry._make(row)
            if entry.mongolian not in chars_seen:  # one string per distinct set, in memory and in the cache file
                chars_seen[entry.mongolian] = entry.mongolian
                mongolian.update(entry.mongolian)
            links[path], entries[path] = entry.links, Entry(*row[:4], chars_seen[entry.mongolian], *row[5:])
            reused += was_reused
    return Emitted(links, entries, frozenset(mongolian), len(pages) - reused, reused)


@dataclass(frozen=True)
class _Bundles:
    """What the bundle workers need, inherited through fork."""

    staging: Path
    title: str
    online: str  # the site's absolute address (site_url + base_path): where links out of a bundle go
    issues: tuple[Issue, ...]
    mn_titles: tuple[str, ...]  # per issue: its Mongolian title (the bundle's start page)
    members: tuple[tuple[str, ...], ...]  # per issue: the paths its manifest covers (manifest.issue_paths)
    known: dict[str, str]  # output path → SHA-256 hex of what was written (the rest is read and hashed)
    resolver: Resolver
    cache: RenderCache
    base: Path | None  # as _Job.base


_BUNDLE: _Bundles | None = None


def bundle_files(job: _Bundles, writer: Writer, index: int) -> tuple[Output, ...]:
    """An issue's offline copy: its pages with links out of the copy made absolute (gazette/pages/relative.py),
    its other files as published, and a start page (index.html at the top)."""
    members = job.members[index]
    inside = set(members) | {BUNDLE_INDEX}
    files = [Output(p, bundle_links(writer.read(p), p, inside.__contains__, job.online) if p.endswith(".html") else writer.read(p))
             for p in members]
    return tuple(files) + (Output(BUNDLE_INDEX, bundle_index(job.title, job.issues[index], job.online, job.mn_titles[index])),)


def _bundle_issues(indexes: range) -> tuple[list[tuple[str, str, int]], dict[str, FileLinks], list[tuple[str, tuple]]]:
    job = _BUNDLE
    writer, cache, sums, links, entries = Writer(job.staging, job.base), job.cache, [], {}, []
    for index in indexes:
        issue: Issue = job.issues[index]
        members = job.members[index]
        # The site's manifest verifies the published files; the zip holds its own, of its own copies.
        manifest = Output(Urls.issue_manifest(issue), manifest_text(tuple(
            (p, job.known.get(p) or hashlib.sha256(writer.read(p)).hexdigest()) for p in members)))
        readme = bundle_readme(job.title, job.online, issue)
        path = Urls.issue_archive(issue)
        # The zip's bytes follow from its members' bytes (the manifest), the README, the online address,
        # the start page's title and the entries' date.
        key = cache.digest(("zip", manifest.data, readme, job.online, job.mn_titles[index], issue.published_on))
        old = cache.entry(path)
        if old is not None and old.digest == key and cache.untouched(path, old):  # stays in site/ (a commit)
            entry = old
        else:
            files = bundle_files(job, writer, index)
            own = Output(manifest.path, manifest_text(tuple((o.path, hashlib.sha256(o.data).hexdigest()) for o in sorted(files, key=lambda o: o.path))))
            data = archive_bytes(issue, files, own, readme)
            entry = Entry.of(key, check_file(job.resolver, path, data), "", writer.keep_or_write(Output(path, data)), data)
        writer.keep_or_write(manifest)
        entries.append((path, tuple(entry)))
        links[path], links[manifest.path] = entry.links, check_file(job.resolver, manifest.path, manifest.data)
        sums += [(path, entry.sha, entry.stamp[0]), (manifest.path, hashlib.sha256(manifest.data).hexdigest(), len(manifest.data))]
    return sums, links, entries


def emit_bundles(staging: Path, title: str, online: str, issues: tuple[Issue, ...], members: tuple[tuple[str, ...], ...],
                 known: dict[str, str], resolver: Resolver, cache: RenderCache, jobs: int = 1, mn_titles: tuple[str, ...] = (),
                 base: Path | None = None) -> tuple[dict[str, tuple[str, int]], dict[str, FileLinks], dict[str, Entry]]:
    """Every issue's SHA256SUMS and zip, from the files already written to staging (their SHA-256 from `known`
    where the writer recorded it); an unchanged issue's zip stays in site/ (render cache).
    Returns (path → (SHA-256, size) of every zip and manifest, link summaries, the zips' cache entries)."""
    global _BUNDLE
    _BUNDLE = _Bundles(staging, title, online, issues, mn_titles or ("",) * len(issues), members, known, resolver, cache, base)
    try:
        jobs = jobs if len(issues) > 8 else 1
        parts, _ = _pool_map(_bundle_issues, _chunks(len(issues), jobs), jobs)
    finally:
        _BUNDLE = None
    sums, links, entries = {}, {}, {}
    for part_sums, part_links, part_entries in parts:
        sums.update({path: (sha, size) for path, sha, size in part_sums})
        links.update(part_links)
        entries.update((path, Entry._make(row)) for path, row in part_entries)
    return sums, links, entries


def write_small(staging: Path, outputs: tuple[Output, ...], resolver: Resolver, cache: RenderCache,
                base: Path | None = None) -> dict[str, Entry]:
    """Write the few outputs made in the parent (feeds, sitemap, sources, assets, catalogue) and check them.
    One whose bytes are those of the last build, untouched in site/, keeps that build's link summary on the
    render cache's terms (no output path gone, nothing broken): the sitemap and feeds of a large archive cost
    seconds to parse and check, and one edited document rarely changes them. One that changed (catalogue.json
    lists every zip's digest) has only the links it did not have then checked (linkcheck.check_added)."""
    writer, entries = Writer(staging, base), {}
    reuse_links = cache.links_still_resolve(resolver.paths)
    for out in sorted(outputs, key=lambda o: o.path):
        digest, old = cache.digest(("file", out.data)), cache.entry(out.path)
        kept = reuse_links and old is not None and not old.broken and not old.fragments and cache.untouched(out.path, old)
        stamp = writer.keep_or_write(out)
        if kept and old.digest == digest and old.stamp == stamp:
            entries[out.path] = old
            continue
        links = check_added(resolver, out.path, out.data, _read(cache.site / out.path)) if kept else None
        entries[out.path] = Entry.of(digest, links or check_file(resolver, out.path, out.data), "", stamp, out.data)
    return entries


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
