"""Write the built site into a temporary folder beside site/, then swap it in, so a failed build never
leaves a half-written site/ and the previous site survives any error."""

from __future__ import annotations

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
    Paths are joined as strings: pathlib's objects cost more than the write itself for 50,000 files."""

    def __init__(self, root: Path):
        self.root = str(root)
        self.folders: set[str] = set()

    def _target(self, rel: str) -> str:
        _check_rel(rel)
        folder, _, _ = rel.rpartition("/")
        if folder not in self.folders:
            os.makedirs(os.path.join(self.root, folder), exist_ok=True)
            self.folders.add(folder)
        return os.path.join(self.root, rel)

    def write(self, out: Output) -> tuple[int, int]:
        """Write one output; returns its (size, mtime in ns), by which the next build knows the file untouched."""
        with open(self._target(out.path), "wb") as f:
            f.write(out.data)
            f.flush()  # the last bytes reach the file now, not at close (which would set a later mtime)
            st = os.fstat(f.fileno())
        return st.st_size, st.st_mtime_ns

    def read(self, rel: str) -> bytes:
        _check_rel(rel)
        with open(os.path.join(self.root, rel), "rb") as f:
            return f.read()

    def link(self, source: str, rel: str) -> bool:
        """Hard-link an unchanged file of the previous site instead of writing its bytes again (the staging
        folder is beside site/, on the same file system). False when that is not possible: write it then."""
        try:
            os.link(source, self._target(rel))
            return True
        except OSError:
            return False


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


def discard(staging: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(staging, ignore_errors=True)
