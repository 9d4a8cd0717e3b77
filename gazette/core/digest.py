"""The one code digest, and the salt of the build's caches.

`code_digest()` is a digest of the generator's own files (every module of the package): the parse cache
(content/parse_cache.py) keys a folder's parse with it. `salt(config)` adds everything else besides the content that
decides the output (layouts with templates and strings, config): the render cache (build/render_cache.py) and
the search shards (search/index.py) key what they keep with it. A change to any of these makes them start afresh.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # gazette/


def _tree_digest(digest, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())


@functools.lru_cache(maxsize=1)
def code_digest() -> bytes:
    """The package's own files, read once per process."""
    digest = hashlib.sha256()
    _tree_digest(digest, PACKAGE)
    return digest.digest()


def salt(config) -> bytes:
    """`config` is content.config.Config (not imported: core sits below content)."""
    digest = hashlib.sha256(code_digest() + pickle.dumps(config, protocol=4))
    _tree_digest(digest, config.layouts_dir)
    return digest.digest()
