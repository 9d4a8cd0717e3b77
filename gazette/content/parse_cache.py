"""The parse cache: each issue folder's (Issue, diagnostics), pickled under .cache/parse/<content folder>/<key>,
keyed by everything the parse depends on (code, configured terms, the folder's path and files' bytes). Folders
are parsed over worker processes; only the parent unpickles the model."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..core.errors import Diagnostic
from ..core.files import CacheFolder
from .config import Config
from .issue_folder import read_issue_folder
from .model import Issue

Parsed = tuple[Issue | None, list[Diagnostic], str]  # a folder's issue, its diagnostics, its cache key


def parse_many(config: Config, folders: list[Path], code: bytes, jobs: int) -> list[Parsed]:
    """Parse folders over `jobs` processes (fork: workers inherit the config, nothing is re-imported)."""
    if jobs <= 1 or len(folders) < 8:
        parsed = [_parse_folder(config, f, code) for f in folders]
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            parsed = list(pool.map(_parse_folder, [config] * len(folders), folders, [code] * len(folders), chunksize=max(1, len(folders) // (jobs * 32))))
    return [_unpickle(config, f, code, data, key) for f, (data, key) in zip(folders, parsed)]


def cache(config: Config) -> CacheFolder:
    """One parse cache per content folder (tests and benchmarks build other folders than content/)."""
    return CacheFolder.of(config.root, "parse", config.content_dir)


def cache_dir(config: Config) -> Path:
    return cache(config).path


def prune_cache(config: Config, keep: set[str]) -> None:
    """Keep the entries this load used; the scheme of every cache (gazette/core/files.py CacheFolder.prune)."""
    cache(config).prune(keep)


def _folder_digest(config: Config, folder: Path, code: bytes) -> str:
    """Everything a folder's parse depends on: code, configured terms, its path and its files' bytes."""
    digest = hashlib.sha256(code)
    digest.update(repr((str(folder), [(t.name, t.slug) for t in config.categories], [(t.name, t.slug) for t in config.issuers],
                        config.agencies)).encode())
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
