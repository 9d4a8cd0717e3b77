"""Write the built site into a temporary folder beside site/, then swap it in, so a failed build never
leaves a half-written site/ and the previous site survives any error."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .render import Output


class UnsafePath(Exception):
    """An output path that would escape the site folder."""


def safe_target(root: Path, rel: str) -> Path:
    """The file for an output path under root, refusing absolute paths, `..`, `.`, empty segments, backslashes
    and NUL. A lexical check suffices: root is a staging folder this build created, holding no symbolic links."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or "\\" in rel or "\0" in rel or any(part in ("", ".", "..") for part in parts):
        raise UnsafePath(f"unsafe output path {rel!r}")
    return root.joinpath(*parts)


class Writer:
    """Writes outputs under one root (the staging folder), through safe_target, creating each folder once."""

    def __init__(self, root: Path):
        self.root = root
        self.folders: set[Path] = set()

    def write(self, out: Output) -> None:
        target = safe_target(self.root, out.path)
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        with open(target, "wb") as f:
            f.write(out.data)


def new_staging(site: Path) -> Path:
    """A fresh temporary folder on the same file system as site/ (so the swap is a rename)."""
    site.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site.name}.building-", dir=site.parent))


def swap_in(staging: Path, site: Path) -> None:
    """Replace site/ with the staging folder: two renames, then remove the old copy."""
    staging.chmod(0o755)
    old = site.parent / f".{site.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        os.rename(site, old)
    os.rename(staging, site)
    if old.exists():
        shutil.rmtree(old)


def discard(staging: Path) -> None:
    """Remove a staging folder after a failed build."""
    shutil.rmtree(staging, ignore_errors=True)
