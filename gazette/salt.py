"""The salt of the build's caches: a digest of everything besides the content that decides the output
(code, layouts with templates and strings, config). The render cache (render_cache.py) and the search shards
(search.py) key what they keep with it, so a change to any of these makes them start afresh."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from .config import Config


def salt(config: Config) -> bytes:
    digest = hashlib.sha256(pickle.dumps(config, protocol=4))
    for folder in (Path(__file__).parent, config.layouts_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.digest()
