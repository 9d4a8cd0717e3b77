"""Write the built site into a temporary folder beside site/, then put it in place, so a failed build never
leaves a half-written site/ and the previous site survives any error.

Two ways to put it in place:
- swap (a first build, or no render cache): the staging folder holds the whole site and replaces site/ by two
  renames;
- commit (a rebuild): the staging folder holds only the files whose bytes changed (render cache:
  an unchanged page stays in site/ as it is); a journal written into it (`begin_commit`), the render cache
  saved (by the pipeline: from here the cache describes the site as the commit leaves it), then each file is
  renamed into site/, the outputs no longer planned are removed, the search index folder is replaced (its
  unchanged shard folders moved from the old index into the new one first), and the journal removed before
  the staging folder. A build killed during the commit leaves the journal, and the next
  build finishes that commit first (`finish_interrupted`); killed after it, a staging folder without journal
  is a plain leftover. Cost is bounded by what changed, not by the size of the site: replacing site/ as a whole
  meant hard-linking 50,000 files and removing 40,000 folders (≈10 s at 10,000 documents).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from ..core.output import Output
from .outdir import MARKER, MARKER_TEXT, old_copy, staging_prefix


class UnsafePath(Exception):
    """An output path that would escape the site folder."""


def _check_rel(rel: str) -> None:
    """Refuse absolute paths, `..`, `.`, empty segments, backslashes and NUL (a lexical check suffices: the
    root is a staging folder this build created, holding no symbolic links)."""
    if not rel or rel.startswith("/") or "\\" in rel or "\0" in rel or any(part in ("", ".", "..") for part in rel.split("/")):
        raise UnsafePath(f"unsafe output path {rel!r}")


def safe_target(root: Path, rel: str) -> Path:
    """The file for an output path under root (see _check_rel for what is refused)."""
    _check_rel(rel)
    return root.joinpath(*rel.split("/"))


class Writer:
    """Writes outputs under one root (the staging folder), through _check_rel, creating each folder once.
    Paths are joined as strings: pathlib's objects cost more than the write itself for 50,000 files.
    `base`: the site a commit updates (None for a swap): what is not in the staging folder is read from there."""

    def __init__(self, root: Path, base: Path | None = None):
        self.root = str(root)
        self.base = None if base is None else str(base)
        self.folders: set[str] = set()

    def _target(self, rel: str) -> str:
        _check_rel(rel)
        folder, _, _ = rel.rpartition("/")
        if folder not in self.folders:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
            self.folders.add(folder)
        return os.path.join(self.root, rel)

    def write(self, out: Output) -> tuple[int, int, int]:
        """Write one output; returns its stamp (size, mtime in ns, inode), by which the next build knows the file
        untouched (a rename into site/ keeps all three)."""
        with open(self._target(out.path), "wb") as f:
            f.write(out.data)
            f.flush()  # the last bytes reach the file now, not at close (which would set a later mtime)
            st = os.fstat(f.fileno())
        return st.st_size, st.st_mtime_ns, st.st_ino

    def read(self, rel: str) -> bytes:
        """An output's bytes as this build leaves them: written here, or (a commit) kept in the site."""
        _check_rel(rel)
        try:
            with open(os.path.join(self.root, rel), "rb") as f:
                return f.read()
        except FileNotFoundError:
            if self.base is None:
                raise
        with open(os.path.join(self.base, rel), "rb") as f:
            return f.read()

    def keep_or_write(self, out: Output) -> tuple[int, int, int]:
        """Write one output, unless the site a commit updates already holds these very bytes: that file stays
        as it is (a commit moves only what changed). Returns the stamp of the file left."""
        if self.base is not None:
            try:
                with open(os.path.join(self.base, out.path), "rb") as f:
                    if f.read() == out.data:
                        st = os.fstat(f.fileno())
                        return st.st_size, st.st_mtime_ns, st.st_ino
            except OSError:
                pass
        return self.write(out)


def new_staging(site: Path) -> Path:
    """A fresh temporary folder on the same file system as site/ (so the swap is a rename)."""
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(site), dir=site.parent))
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")  # first: so a killed build's folder is known as ours
    return staging


def swap_in(staging: Path, site: Path) -> None:
    """Replace site/ with the staging folder: two renames, then remove the old copy."""
    staging.chmod(0o755)
    old = old_copy(site)
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        os.rename(site, old)
    try:
        os.rename(staging, site)
    except OSError:
        if old.exists() and not site.exists():
            os.rename(old, site)  # the previous site back in place
        raise
    if old.exists():
        shutil.rmtree(old)


JOURNAL = ".gazette-commit"  # in a staging folder being committed: what the commit removes and adds (JSON)
SEARCH_FOLDER = "pagefind"  # replaced as a whole by a commit (the index rebuilt, unchanged shard folders moved in)
_SET_ASIDE = ".replaced"  # where a commit puts site/pagefind/ before removing it with the staging folder


class CommitUnfinished(Exception):
    """A build stopped (Ctrl-C, an error) after its commit began: site/ is partly updated, and the next build
    finishes that commit before anything else."""


def begin_commit(staging: Path, removed: list[str], added: list[str], search: bool, kept: tuple[str, ...] = ()) -> None:
    """Write the journal of a rebuild's commit (see the module docstring): from here on the commit is
    finished, by this build (finish_commit) or, if it is killed, by the next. `removed` are output paths no
    longer planned, `added` the planned paths the last build did not have; `search`: the staging folder holds
    a new index (else site/'s index is removed: a build without search, or of an empty archive, leaves none);
    `kept`: unchanged shard folders of site/'s index (`shards/zh-1990-1991`) that move into the new one."""
    write_journal(staging, {"removed": sorted(removed), "added": sorted(added), "search": search, "kept": sorted(kept)})


def finish_interrupted(site: Path) -> frozenset[str]:
    """Under the lock, before anything else: finish every commit a killed build left (a staging folder of
    ours holding a journal), oldest first. Returns the output paths those commits added to site/: the render
    cache may not list them (a build killed between its journal and its cache save), and the build removes
    those it no longer plans."""
    prefix, added = staging_prefix(site), set()
    if not site.is_dir():
        return frozenset()
    folders = [Path(e.path) for e in os.scandir(site.parent) if e.name.startswith(prefix) and e.is_dir(follow_symlinks=False)]
    for folder in sorted(folders, key=lambda f: f.stat().st_mtime_ns):
        if (folder / JOURNAL).is_file() and (folder / MARKER).is_file():
            added.update(finish_commit(folder, site))
    return frozenset(added)


def write_journal(staging: Path, plan: dict) -> None:
    tmp = staging / f"{JOURNAL}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(plan, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, staging / JOURNAL)


def finish_commit(staging: Path, site: Path) -> list[str]:
    """Carry out a staging folder's journal; each step can be repeated, so a commit cut short by a kill is
    finished by running this again. The staging folder is removed at the end. Returns the journal's `added`."""
    plan = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    for rel in plan["removed"]:  # first: a removed file may be where a new folder goes
        _remove_output(site, rel)
    root, target = str(staging), str(site)
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        if rel == ".":
            dirs[:] = [d for d in dirs if d not in (SEARCH_FOLDER, _SET_ASIDE)]
            files = [f for f in files if f not in (JOURNAL, MARKER)]
        into = target if rel == "." else os.path.join(target, rel)
        if files:
            os.makedirs(into, exist_ok=True)
        for name in files:
            os.replace(os.path.join(folder, name), os.path.join(into, name))
    new, old, aside = staging / SEARCH_FOLDER, site / SEARCH_FOLDER, staging / _SET_ASIDE
    moved = plan["search"] and not new.is_dir()  # a commit cut short after the new index went in
    if not moved:
        for rel in plan.get("kept", ()):  # unchanged shard folders: from the index being replaced into the new one
            source, into = safe_target(old, rel), safe_target(new, rel)
            if source.is_dir() and not into.exists():  # (a commit cut short may have moved it already)
                into.parent.mkdir(parents=True, exist_ok=True)
                os.rename(source, into)
        if old.is_dir() and not old.is_symlink():
            if aside.exists():
                shutil.rmtree(aside)
            os.rename(old, aside)
        if plan["search"]:
            os.rename(new, old)
    if not (site / MARKER).is_file():  # a site built before the marker existed gets it now
        shutil.copyfile(staging / MARKER, site / MARKER)
    (staging / JOURNAL).unlink()  # done: what is left is a plain leftover (its marker is removed after this)
    shutil.rmtree(staging)
    return plan["added"]


def _remove_output(site: Path, rel: str) -> None:
    """Remove an output no longer planned, and the folders it leaves empty (never site/ itself)."""
    target = safe_target(site, rel)
    try:
        target.unlink()
    except FileNotFoundError:
        return
    parent = target.parent
    while parent != site:
        try:
            parent.rmdir()  # only when empty
        except OSError:
            return
        parent = parent.parent


def discard(staging: Path) -> None:
    """Remove a staging folder after a failed build; never one whose commit has begun (its journal is
    written): the next build finishes that commit (finish_interrupted)."""
    if (staging / JOURNAL).exists():
        return
    shutil.rmtree(staging, ignore_errors=True)
