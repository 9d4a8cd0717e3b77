"""Render cache: a page whose view is unchanged (and templates, strings, config and code too) is not
rendered again; its file stays in site/ as the previous build wrote it (a rebuild commits only what changed:
gazette/build/write.py), which is exactly what rendering that view produced. Output stays byte-identical to a cold build (tests/test_build.py checks it).

A page is known unchanged without making its view when its key is unchanged (LazyPage.key: a document
page's or data.json's issue folder's parse-cache key, language, position and what it shows of other documents;
an issue page's or permalink's issue listing; an archive-wide page's listings of every issue,
gazette/pages/listing.py), so editing a document's body re-renders its issue's documents (both interfaces) and
their data.json only, and an edit of what lists show re-renders the pages listing it too; a page without a
key is compared by a digest of its view, zips by their manifest, the files made in the parent (feeds, sitemap, catalogue, assets) by their bytes. What checking the file found (its link summary, its Mongolian characters, its SHA-256) is kept
too, so an unchanged file is neither read nor scanned again: its links still resolve while no output path of
the previous build has gone.

The cache holds one Entry per output path and the previous build's output paths, and the bytes made in the
parent from a key (`made`: the sitemap, catalogue.json's part per issue), as two entries of a CacheFolder
(gazette/core/files.py: .cache/render/<output folder's digest>/entries.pickle, made.pickle); it is written
only after a successful swap, or once a commit's journal is written (before its files move), and pruned like
every cache (the caches of output folders that are gone are removed).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..content.config import Config
from ..core import memory
from ..core.digest import salt
from ..core.files import CacheFolder
from ..pages.fonts import find_font
from .linkcheck import FileLinks

FORMAT = 7  # the cache file's layout; a file of another layout is a cold build
_ENTRIES = "entries"  # the outputs' entries
_MADE = "made"  # bytes made in the parent from a key (RenderCache.made)
_SEARCH = "search"  # the search index's inputs keys (search/index.py IndexStats.keys)


class Entry(NamedTuple):
    """What the cache keeps of one output. Stored as a plain tuple: 50,000 of them load in 0.1 s, where
    dataclasses took 0.7 s."""

    digest: str  # of the page's key (PlannedPage.key, LazyPage.key) when it has one, else of its view
    ids: tuple[str, ...]  # its link-check summary (linkcheck.FileLinks) …
    broken: tuple
    fragments: tuple
    mongolian: str  # … and its Mongolian characters (HTML pages), for the font subset
    stamp: tuple[int, int, int]  # the file's (size, mtime in ns, inode) as written: a file changed in site/ since is not reused
    sha: str  # SHA-256 of its bytes (hex), for the issue manifests and catalogue.json

    @classmethod
    def of(cls, digest: str, links: FileLinks, mongolian: str, stamp: tuple[int, int, int], data: bytes) -> Entry:
        return cls(digest, tuple(sorted(links.ids)), links.broken, links.fragments, mongolian, stamp,
                   hashlib.sha256(data).hexdigest())

    @property
    def links(self) -> FileLinks:
        return FileLinks(frozenset(self.ids), self.broken, self.fragments)


def _salt(config: Config) -> bytes:
    """The salt (code, layouts, config) and which Mongolian font the build finds: every page links the web font
    only when there is one (a system font installed after a build changes every page)."""
    font = find_font(config.mongolian_font, config.root)
    return salt(config) + b"\0font\0" + (str(font).encode() if font else b"")


@dataclass(frozen=True)
class RenderCache:
    """The previous build's entries and output paths, and the site folder that holds their files."""

    folder: CacheFolder
    site: Path
    salt: bytes
    previous: dict  # output path -> an Entry as a plain tuple (read-only)
    previous_paths: frozenset  # every output path of the previous build (the link check's targets)
    previous_made: dict = field(default_factory=dict)  # key digest -> bytes (RenderCache.made), the last build's
    made_now: dict = field(default_factory=dict)  # … and this build's
    search_keys: dict = field(default_factory=dict)  # the search index's inputs keys of the site as it is

    @classmethod
    def open(cls, config: Config, site: Path, present: frozenset[str] = frozenset()) -> RenderCache:
        """`present`: output paths in site/ that the cache does not list (a killed build's finished commit
        added them, gazette/build/write.py finish_interrupted): counted among the previous paths, so the
        build removes those it does not plan and checks links again."""
        folder = CacheFolder.of(config.root, "render", site)
        previous, paths, made, search = {}, frozenset(), {}, {}
        try:
            if site.is_dir():
                with memory.no_collection():
                    stored = pickle.loads(folder.read(_ENTRIES))
                if stored["format"] == FORMAT:
                    previous, paths = stored["entries"], stored["paths"]
                    made = pickle.loads(folder.read(_MADE))
                    search = pickle.loads(folder.read(_SEARCH) or pickle.dumps({}))
        except Exception:  # missing, damaged or of another layout: a cold build
            pass
        return cls(folder, site, _salt(config), previous, frozenset(paths) | present if present else paths, made, search_keys=search)

    def digest(self, thing: object) -> str:
        """Of a page view or key (with the salt: code, layouts, config)."""
        return hashlib.sha256(self.salt + pickle.dumps(thing, protocol=4)).hexdigest()

    def made(self, key: tuple, make) -> bytes:
        """Bytes made in the parent from `key` alone (with the salt): the last build's when the key is
        unchanged, else `make()`; for what costs a second at 10,000 documents and rarely changes (the
        sitemap, catalogue.json's part for each issue)."""
        digest = self.digest(key)
        data = self.previous_made.get(digest)
        self.made_now[digest] = data = make() if data is None else data
        return data

    def entry(self, path: str) -> Entry | None:
        row = self.previous.get(path)
        return None if row is None else Entry._make(row)

    def untouched(self, path: str, entry: Entry) -> bool:
        """True when the previous site's file is still the one that build wrote (same size, mtime and inode): a
        file edited by hand in site/ is made again, as the editors' guide promises, also one copied back over it
        with its old size and mtime (`cp -p`, `rsync -a`: a new inode)."""
        try:
            st = os.stat(f"{self.site}/{path}")
        except OSError:
            return False
        return (st.st_size, st.st_mtime_ns, st.st_ino) == entry.stamp

    def links_still_resolve(self, paths: frozenset) -> bool:
        """True when no output path of the previous build is gone, so a kept link summary without broken
        links is still the one checking the file would give (a link's target can only vanish with its path)."""
        return self.previous_paths <= paths

    def forget(self) -> None:
        """Drop the saved entries: a build that replaces site/ whole does this first, so a kill before its
        save leaves no cache, and the next build replaces the folder whole again."""
        self.folder.drop(_ENTRIES)
        self.folder.drop(_MADE)
        self.folder.drop(_SEARCH)

    def save(self, entries: dict, paths: frozenset, search_keys: dict | None = None) -> None:
        """Record the entries (output path → Entry) of the site as this build leaves it (swapped in, or
        committed), as plain tuples, and its search index's inputs keys; forget caches of output folders that
        are gone."""
        entries = {path: tuple(entry) for path, entry in entries.items()}
        self.folder.write(_MADE, pickle.dumps(self.made_now, protocol=4))
        self.folder.write(_SEARCH, pickle.dumps(search_keys or {}, protocol=4))
        self.folder.write(_ENTRIES, pickle.dumps({"format": FORMAT, "entries": entries, "paths": paths}, protocol=4))
        self.folder.prune({_ENTRIES, _MADE, _SEARCH})
