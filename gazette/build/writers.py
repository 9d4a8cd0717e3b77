"""Page writers: where a site plan's pages and files go (gazette/build/plan.py). Both take the same two lists,
`write(pages, files)`, and make a page's bytes the same way (plan.render):

- StagingWriter (the build): outputs into a fresh staging folder that is put in place at the end (gazette/build/
  write.py): the whole site for a first build (a swap); for a rebuild (a commit into `base`, the site it
  updates) only the files whose bytes changed. The pages over forked workers, unchanged ones
  known by the render cache, every file link-checked as it is written (gazette/build/emit.py).
- InPlaceWriter (the preview): updates site/ in place: only outputs whose plan entry changed since its last
  write are made, a file is replaced atomically when its bytes differ, and outputs no longer planned are removed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from ..content.config import Config
from ..core.files import write_atomic
from ..core.output import Output
from ..pages.i18n import Ui
from ..pages.urls import Urls
from ..pages.views import LazyPage, PlannedPage
from .emit import Emitted, emit_pages, write_small
from .linkcheck import FileLinks, Resolver
from .plan import FileCopy, render
from .render_cache import Entry, RenderCache


class StagingWriter:
    """The build's writer (see the module docstring)."""

    def __init__(self, env: jinja2.Environment, config: Config, uis: dict[str, Ui], staging: Path, resolver: Resolver,
                 cache: RenderCache, jobs: int, base: Path | None = None):
        self.env, self.config, self.uis, self.staging = env, config, uis, staging
        self.resolver, self.cache, self.jobs, self.base = resolver, cache, jobs, base
        self.known: dict[str, str] = {}  # output path → SHA-256 (hex) of every file written here (the manifests')
        self.entries: dict[str, Entry] = {}  # render-cache entries of the files written by write_files

    def write(self, pages: tuple[PlannedPage, ...], files: tuple[FileCopy | Output, ...]) -> Emitted:
        """Every page (rendered or reused) and file, each link-checked; the parent writes the files while the
        workers render."""
        outputs = tuple(f.output() if isinstance(f, FileCopy) else f for f in files)
        self._record(outputs)
        return emit_pages(self.env, self.config, pages, self.uis, self.staging, self.resolver, self.cache, self.jobs, outputs, self.base)

    def write_files(self, outputs: tuple[Output, ...]) -> dict[str, FileLinks]:
        """Files made after the pages (the font, the catalogue), link-checked."""
        self._record(outputs)
        entries = write_small(self.staging, outputs, self.resolver, self.cache, self.base)
        self.entries.update(entries)
        return {path: entry.links for path, entry in entries.items()}

    def _record(self, outputs: tuple[Output, ...]) -> None:
        self.known.update((o.path, hashlib.sha256(o.data).hexdigest()) for o in outputs)


class InPlaceWriter:
    """The preview's writer (see the module docstring). `last` is what site/ holds: plan path (a page's path,
    a file's output path) → plan entry."""

    def __init__(self, site: Path, config: Config, strings: dict, env: jinja2.Environment):
        self.site, self.config, self.strings, self.env = site, config, strings, env
        self.last: dict[str, PlannedPage | FileCopy] = {}

    def assume(self, pages: tuple[PlannedPage, ...], files: tuple[FileCopy, ...]) -> None:
        """site/ holds exactly these (a full build of the same plan has just written them)."""
        self.last = {p.path: p for p in pages} | {f.path: f for f in files}

    def write(self, pages: tuple[PlannedPage, ...], files: tuple[FileCopy, ...], env: jinja2.Environment | None = None,
              fresh_pages: bool = False, fresh_files: bool = False) -> list[str]:
        """Bring site/ to the plan; returns the output paths written or removed. Everything is made before
        anything is written, so an error (a broken template) leaves site/ as it was. An entry is unchanged when
        it holds the same view (identity first: the memoised planner hands back the very same object) or the
        same file of the same owner (an issue read again is a new Issue object). `env`: a new template
        environment, kept when every page rendered; `fresh_pages`/`fresh_files`: make every page (templates
        changed) or file (layouts/static/ changed) even if its entry is unchanged."""
        env = env or self.env
        last, new, made = self.last, {}, []
        for page in pages:
            new[page.path] = page
            old = last.get(page.path)
            if fresh_pages or old is None or not _same_page(old, page):
                path = Urls.output_file(page.path)
                made.append((path, render(env, self.config, self.strings, page.view, path)))
        for file in files:
            new[file.path] = file
            old = last.get(file.path)
            if fresh_files or old is None or not (old.owner is file.owner and old.source == file.source):
                made.append((file.path, file.source.read_bytes()))
        self.env = env
        written = [path for path, data in made if self._put(path, data)]
        written += [out for key in last if key not in new and self._remove(out := Urls.output_file(key))]
        self.last = new
        return written

    def replay(self, paths) -> None:
        """Write `paths` (output paths) again as last planned, or remove them when no longer planned (after the
        preview's catch-up build swapped in a site/ made before those writes)."""
        by_output = {Urls.output_file(key): entry for key, entry in self.last.items()}
        for path in paths:
            entry = by_output.get(path)
            if entry is None:
                self._remove(path)
            elif isinstance(entry, FileCopy):
                self._put(path, entry.source.read_bytes())
            else:
                self._put(path, render(self.env, self.config, self.strings, entry.view, path))

    def _put(self, rel: str, data: bytes) -> bool:
        """Replace one output atomically (a reader never sees half a page); False when its bytes are unchanged."""
        target = self.site / rel
        try:
            if target.read_bytes() == data:
                return False
        except OSError:
            pass
        write_atomic(target, data)
        return True

    def _remove(self, rel: str) -> bool:
        """Remove one output and the folders it leaves empty."""
        target = self.site / rel
        if not target.is_file():
            return False
        target.unlink()
        parent = target.parent
        while parent != self.site and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
        return True


def _same_page(old: PlannedPage | LazyPage, page: PlannedPage | LazyPage) -> bool:
    """The same plan entry: the very object (the memoised planner), equal keys (the page's inputs), or an
    equal view for pages without a key."""
    if old is page:
        return True
    if old.key is not None or page.key is not None:
        return old.key == page.key
    return old.view is page.view or old.view == page.view
