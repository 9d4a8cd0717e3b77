"""File rules every part shares: which files are editors' leftovers, how a file is replaced atomically, and
how a cache folder keeps only what is still used (docs/ARCHITECTURE.md, "Caches")."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

# Editors' temporaries (vim swap files, Emacs backups and locks, downloads in progress) and hidden files: the
# preview does not watch them and no build publishes them from layouts/static/.
_TEMPORARY_SUFFIXES = (".swp", ".swo", ".swx", ".tmp", "~", ".part", ".crdownload")


def ignored(name: str) -> bool:
    """True for a file name that is an editor's temporary or hidden, never an input."""
    return name.startswith((".", "#")) or name.endswith(_TEMPORARY_SUFFIXES)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` through a temporary file beside it and os.replace: a reader (the preview's browser, a
    parallel build reading a cache) sees the old bytes or the new ones, never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_SOURCE = "SOURCE"  # in each cache folder: the folder whose cache it is


@dataclass(frozen=True)
class CacheFolder:
    """One cache for one source folder: .cache/<kind>/<digest of the source's path>/, one file per entry.

    The pruning scheme of every cache kept on disk: after a successful run the cache keeps exactly the entries
    that run used (`prune(keep)`), and the caches of source folders that no longer exist are removed (tests and
    benchmarks build temporary folders), so no cache outgrows what exists."""

    path: Path
    source: Path

    @classmethod
    def of(cls, root: Path, kind: str, source: Path) -> CacheFolder:
        source = source.resolve()
        return cls(root / ".cache" / kind / hashlib.sha256(str(source).encode()).hexdigest()[:16], source)

    def entry(self, key: str) -> Path:
        return self.path / f"{key}.pickle"

    def read(self, key: str) -> bytes | None:
        try:
            return self.entry(key).read_bytes()
        except OSError:
            return None

    def write(self, key: str, data: bytes) -> None:
        write_atomic(self.entry(key), data)

    def drop(self, key: str) -> None:
        self.entry(key).unlink(missing_ok=True)

    def prune(self, keep: set[str]) -> None:
        """Keep only the entries in `keep`; forget the caches (of this kind) of source folders that are gone."""
        for path in self.path.glob("*.pickle"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
        self.path.mkdir(parents=True, exist_ok=True)
        (self.path / _SOURCE).write_text(str(self.source), encoding="utf-8")
        for other in self.path.parent.iterdir():
            if other == self.path:
                continue
            source = other / _SOURCE
            if other.is_dir() and source.is_file() and not Path(source.read_text(encoding="utf-8")).is_dir():
                shutil.rmtree(other, ignore_errors=True)
            elif not other.is_dir():  # a cache file of an older layout
                other.unlink(missing_ok=True)
