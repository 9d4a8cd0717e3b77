"""Polling file watcher for the preview (serve): which files under content/, layouts/ and config.yaml changed.

Polling (mtime, size) rather than inotify: it works the same on every file system a clerk's folder may be on,
and an os.scandir walk of 10,000 documents costs ~40 ms.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from ..core.files import ignored


def _listing(folder: str) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """(file → (mtime, size), subfolders) of one folder; editor temporaries and hidden files left out."""
    files: dict[str, tuple[int, int]] = {}
    folders: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return files, folders
    for e in entries:
        if ignored(e.name):  # the rule the build publishes layouts/static/ by (gazette/core/files.py)
            continue
        try:
            if e.is_dir(follow_symlinks=False):
                folders.append(e.path)
            else:
                st = e.stat(follow_symlinks=False)
                files[e.path] = (st.st_mtime_ns, st.st_size)
        except OSError:
            continue
    return files, folders


class Watcher:
    """Polls files for changes (mtime, size); cheap enough for 10,000 documents at a few scans a second."""

    def __init__(self, roots: Iterable[Path]):
        self.roots = [Path(r) for r in roots]
        self.state = self.scan()
        self._folders: dict[str, set[str]] | None = None

    def scan(self) -> dict[str, tuple[int, int]]:
        state: dict[str, tuple[int, int]] = {}
        for root in self.roots:
            if root.is_file():
                st = root.stat()
                state[str(root)] = (st.st_mtime_ns, st.st_size)
            elif root.is_dir():
                self._scan_dir(str(root), state)
        return state

    def _scan_dir(self, folder: str, state: dict) -> None:
        files, folders = _listing(folder)
        state.update(files)
        for sub in folders:
            self._scan_dir(sub, state)

    def changes(self) -> set[Path]:
        new = self.scan()
        old, self.state = self.state, new
        self._folders = None
        return {Path(p) for p in set(old) ^ set(new)} | {Path(p) for p in new if p in old and old[p] != new[p]}

    def changes_beside(self, paths: set[Path]) -> set[Path]:
        """Changes among the files of the folders holding `paths` only (an editor's save in steps, a
        temporary file then a rename, completes there; serve looks at the last change's folders between
        scans): a folder listing instead of a scan of the whole tree."""
        if self._folders is None:  # folder → its files in `state`, made once per scan
            self._folders = {}
            for k in self.state:
                self._folders.setdefault(os.path.dirname(k), set()).add(k)
        changed: set[Path] = set()
        for folder in {str(p.parent) for p in paths}:
            names = self._folders.setdefault(folder, set())
            old = {k: self.state[k] for k in names}
            new = _listing(folder)[0]
            changed |= {Path(p) for p in set(old) ^ set(new)} | {Path(p) for p in new if p in old and old[p] != new[p]}
            for gone in set(old) - set(new):
                del self.state[gone]
            self.state.update(new)
            names.clear()
            names.update(new)
        return changed
