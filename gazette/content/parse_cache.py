"""The parse cache: each issue folder's (Issue, diagnostics), pickled under .cache/parse/<content folder>/<key>,
keyed by everything the parse depends on (code, configured terms, the folder's path and files' bytes). Folders
are parsed over worker processes; only the parent unpickles the model.

Finding a folder's key means reading and hashing its files (93 MB at 10,000 documents). A stat index (git's
index, in short) remembers each folder's key with the stat of its files (name, size, mtime, ctime, inode): a
folder whose stats are the same is not read. ctime cannot be set back by hand, so an edit that keeps the size
and restores the mtime is still seen; and a folder with a file changed less than two seconds before its stats
were taken is not remembered ("racily clean": a second change within the clock's granularity could leave the
stats as they were), so its files are hashed next time."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..core import memory
from ..core.errors import Diagnostic
from ..core.files import CacheFolder
from .config import Config
from .issue_folder import read_issue_folder
from .model import Issue

Parsed = tuple[Issue | None, list[Diagnostic], str]  # a folder's issue, its diagnostics, its cache key


def parse_many(config: Config, folders: list[Path], code: bytes, jobs: int) -> list[Parsed]:
    """Every folder's parse: from the cache by the stat index when its files' stats are unchanged, else keyed
    by their bytes (and parsed when that key is not cached) over `jobs` processes."""
    now, context = time.time_ns(), _context(config, code)
    index = _read_index(config, context)
    signatures = {folder: _signature(folder) for folder in folders}
    found: dict[Path, tuple[bytes, str]] = {}
    for folder in folders:
        remembered = index.get(str(folder))
        if remembered is not None and signatures[folder] is not None and remembered[0] == signatures[folder]:
            data = cache(config).read(remembered[1])
            if data is not None:
                found[folder] = (data, remembered[1])
    rest = [folder for folder in folders if folder not in found]
    found.update(zip(rest, _parse_folders(config, rest, code, jobs)))
    with memory.no_collection():
        parsed = [_unpickle(config, folder, code, *found[folder]) for folder in folders]
    _write_index(config, context, index, {str(folder): (signatures[folder], key) for folder, (_, _, key) in zip(folders, parsed)
                                          if _settled(signatures[folder], now)})
    return parsed


def _parse_folders(config: Config, folders: list[Path], code: bytes, jobs: int) -> list[tuple[bytes, str]]:
    """Key (and parse when not cached) folders over `jobs` processes (fork: workers inherit the config)."""
    if jobs <= 1 or len(folders) < 8:
        return [_parse_folder(config, f, code) for f in folders]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(_parse_folder, [config] * len(folders), folders, [code] * len(folders), chunksize=max(1, len(folders) // (jobs * 32))))


STAT_INDEX = "stat-index"  # the cache folder's entry holding the stat index
_RACY_NS = 2_000_000_000  # a file changed this close before its stats were taken: the folder is not remembered


def _signature(folder: Path) -> tuple | None:
    """(name, size, mtime, ctime, inode) of every file the folder's key reads (links are never followed);
    None when the folder cannot be listed (its parse reports why)."""
    files = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    files.append((entry.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    except OSError:
        return None
    return tuple(sorted(files))


def _settled(signature: tuple | None, now: int) -> bool:
    return signature is not None and all(max(mtime, ctime) < now - _RACY_NS for _, _, mtime, ctime, _ in signature)


def _context(config: Config, code: bytes) -> str:
    """What every folder's key holds besides its own path and files: the code and the configured terms."""
    return hashlib.sha256(code + _terms(config)).hexdigest()


def _terms(config: Config) -> bytes:
    return repr(([(t.name, t.slug) for t in config.categories], [(t.name, t.slug) for t in config.issuers], config.agencies)).encode()


def _read_index(config: Config, context: str) -> dict:
    try:
        stored = pickle.loads(cache(config).read(STAT_INDEX) or b"")
        return stored["folders"] if stored["context"] == context else {}
    except Exception:  # missing, damaged, of another layout: every folder is hashed
        return {}


def _write_index(config: Config, context: str, old: dict, folders: dict) -> None:
    if folders != old:
        cache(config).write(STAT_INDEX, pickle.dumps({"context": context, "folders": folders}, protocol=pickle.HIGHEST_PROTOCOL))


def cache(config: Config) -> CacheFolder:
    """One parse cache per content folder (tests and benchmarks build other folders than content/)."""
    return CacheFolder.of(config.root, "parse", config.content_dir)


def cache_dir(config: Config) -> Path:
    return cache(config).path


def prune_cache(config: Config, keep: set[str]) -> None:
    """Keep the entries this load used (and the stat index); the scheme of every cache (gazette/core/files.py
    CacheFolder.prune)."""
    cache(config).prune(keep | {STAT_INDEX})


def _folder_digest(config: Config, folder: Path, code: bytes) -> str:
    """Everything a folder's parse depends on: code, configured terms, its path and its files' bytes."""
    digest = hashlib.sha256(code + _terms(config) + os.fsencode(folder) + b"\0")
    for path in sorted(folder.iterdir()):
        if path.is_file() and not path.is_symlink():  # a link is reported by the walk, never followed
            digest.update(os.fsencode(path.name) + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _parse_folder(config: Config, folder: Path, code: bytes) -> tuple[bytes, str]:
    """Parse one issue folder, reusing the cached result when none of its inputs changed. Returns the
    pickled (issue, diagnostics) as stored in the cache: a worker passes those bytes on unopened, so only
    the parent unpickles the model."""
    key = _folder_digest(config, folder, code)
    data = cache(config).read(key)
    if data is not None:
        return data, key
    out: list[Diagnostic] = []
    issue = read_issue_folder(config, folder, out)
    data = pickle.dumps((issue, out), protocol=pickle.HIGHEST_PROTOCOL)
    cache(config).write(key, data)
    return data, key


def _unpickle(config: Config, folder: Path, code: bytes, data: bytes, key: str) -> Parsed:
    """The parent's one unpickling of a folder's parse; a damaged cache entry is removed and parsed again."""
    try:
        issue, diagnostics = pickle.loads(data)
    except Exception:
        cache(config).drop(key)
        data, key = _parse_folder(config, folder, code)
        issue, diagnostics = pickle.loads(data)
    return issue, diagnostics, key
