"""Page writers: where a site plan's pages and files go (gazette/build/plan.py). Both take the same two lists,
`write(pages, files)`, and make a page's bytes the same way (plan.render):

- StagingWriter (the build): every output into a fresh staging folder that replaces site/ at the end; the pages
  over forked workers, an unchanged one hard-linked from the previous site (render cache), every file
  link-checked as it is written (gazette/build/emit.py).
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
from ..pages.views import PlannedPage
from .emit import Emitted, emit_pages, write_small
from .linkcheck import FileLinks, Resolver
from .plan import FileCopy, render
from .render_cache import RenderCache


class StagingWriter:
    """The build's writer (see the module docstring)."""

    def __init__(self, env: jinja2.Environment, config: Config, uis: dict[str, Ui], staging: Path, resolver: Resolver,
                 cache: RenderCache, jobs: int):
        self.env, self.config, self.uis, self.staging = env, config, uis, staging
        self.resolver, self.cache, self.jobs = resolver, cache, jobs
        self.known: dict[str, str] = {}  # output path → SHA-256 (hex) of every file written here (the manifests')

    def write(self, pages: tuple[PlannedPage, ...], files: tuple[FileCopy | Output, ...]) -> Emitted:
        """Every page (rendered or reused) and file, each link-checked; the parent writes the files while the
        workers render."""
        outputs = tuple(f.output() if isinstance(f, FileCopy) else f for f in files)
        self._record(outputs)
        return emit_pages(self.env, self.config, pages, self.uis, self.staging, self.resolver, self.cache, self.jobs, outputs)

    def write_files(self, outputs: tuple[Output, ...]) -> dict[str, FileLinks]:
        """Files made after the pages (the font, the catalogue), link-checked."""
        self._record(outputs)
        return write_small(self.staging, outputs, self.resolver)

    def _record(self, outputs: tuple[Output, ...]) -> None:
        self.known.update((o.path, hashlib.sha256(o.data).hexdigest()) for o in outputs)


def _unchanged(old: PlannedPage | FileCopy | None, new: PlannedPage | FileCopy) -> bool:
    """The same view (identity first: the memoised planner hands back the very same object), or the same
    file of the same owner (an issue re-read is a new Issue object)."""
    if isinstance(new, FileCopy):
        return isinstance(old, FileCopy) and old.source == new.source and old.owner is new.owner
    return isinstance(old, PlannedPage) and (old.view is new.view or old.view == new.view)


class InPlaceWriter:
    """The preview's writer (see the module docstring). `last` is what site/ holds: output path → plan entry."""

    def __init__(self, site: Path, config: Config, strings: dict, env: jinja2.Environment):
        self.site, self.config, self.strings, self.env = site, config, strings, env
        self.last: dict[str, PlannedPage | FileCopy] = {}

    @staticmethod
    def _entries(pages: tuple[PlannedPage, ...], files: tuple[FileCopy, ...]) -> dict[str, PlannedPage | FileCopy]:
        return {Urls.output_file(p.path): p for p in pages} | {f.path: f for f in files}

    def assume(self, pages: tuple[PlannedPage, ...], files: tuple[FileCopy, ...]) -> None:
        """site/ holds exactly these (a full build of the same plan has just written them)."""
        self.last = self._entries(pages, files)

    def _bytes(self, path: str, entry: PlannedPage | FileCopy, env: jinja2.Environment) -> bytes:
        if isinstance(entry, FileCopy):
            return entry.source.read_bytes()
        return render(env, self.config, self.strings, entry.view, path)

    def write(self, pages: tuple[PlannedPage, ...], files: tuple[FileCopy, ...], env: jinja2.Environment | None = None,
              fresh_pages: bool = False, fresh_files: bool = False) -> list[str]:
        """Bring site/ to the plan; returns the output paths written or removed. Everything is made before
        anything is written, so an error (a broken template) leaves site/ as it was. `env`: a new template
        environment, kept when every page rendered; `fresh_pages`/`fresh_files`: make every page (templates
        changed) or file (layouts/static/ changed) even if its plan entry is unchanged."""
        env = env or self.env
        new = self._entries(pages, files)
        made = []
        for path, entry in new.items():
            fresh = fresh_files if isinstance(entry, FileCopy) else fresh_pages
            if fresh or not _unchanged(self.last.get(path), entry):
                made.append((path, self._bytes(path, entry, env)))
        self.env = env
        written = [path for path, data in made if self._put(path, data)]
        written += [path for path in self.last if path not in new and self._remove(path)]
        self.last = new
        return written

    def replay(self, paths) -> None:
        """Write `paths` again as last planned, or remove them when no longer planned (after the preview's
        catch-up build swapped in a site/ made before those writes)."""
        for path in paths:
            entry = self.last.get(path)
            if entry is None:
                self._remove(path)
            else:
                self._put(path, self._bytes(path, entry, self.env))

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
