"""Render cache: a page whose view is unchanged (and templates, strings, config and code too) is not
rendered again; its bytes are taken from the previous build's site/, which is exactly what rendering
that view produced. Output stays byte-identical to a cold build (tests/test_build.py checks it).

The cache file maps each output path to a digest of its view; it lives under .cache/render/, one per
output folder, and is written only after a successful swap.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from .config import Config


def _salt(config: Config) -> bytes:
    """Everything besides the view that decides a page's bytes: code, layouts (templates, strings), config."""
    digest = hashlib.sha256(pickle.dumps(config, protocol=4))
    for folder in (Path(__file__).parent, config.layouts_dir):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.digest()


@dataclass(frozen=True)
class RenderCache:
    """The previous build's page digests and the site folder that holds their bytes."""

    file: Path
    site: Path
    salt: bytes
    previous: dict  # output path -> hex digest (read-only)

    @classmethod
    def open(cls, config: Config, site: Path) -> RenderCache:
        name = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]
        file = config.root / ".cache" / "render" / f"{name}.pickle"
        try:
            previous = pickle.loads(file.read_bytes()) if site.is_dir() else {}
        except Exception:  # missing or damaged: a cold build
            previous = {}
        return cls(file, site, _salt(config), previous)

    def digest(self, view: object) -> str:
        """Of a page view (with the salt: code, layouts, config)."""
        return hashlib.sha256(self.salt + pickle.dumps(view, protocol=4)).hexdigest()

    def reusable(self, path: str, digest: str) -> bytes | None:
        """The previous site's bytes of an output whose view digest is unchanged, else None."""
        if self.previous.get(path) != digest:
            return None
        try:
            return (self.site / path).read_bytes()
        except OSError:
            return None

    def save(self, digests: dict) -> None:
        """Record the digests of the site just swapped in; forget caches of output folders that are gone."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(digests, protocol=4))
        os.replace(tmp, self.file)
        self.file.with_suffix(".site").write_text(str(self.site.resolve()), encoding="utf-8")
        for other in self.file.parent.glob("*.site"):
            if not Path(other.read_text(encoding="utf-8")).is_dir():
                other.with_suffix(".pickle").unlink(missing_ok=True)
                other.unlink(missing_ok=True)
