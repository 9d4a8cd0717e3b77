"""Full-text search index: one Pagefind index per language, built from index records, not from the pages.

Why records (docs/search.md): Pagefind 1.5.2 segments Chinese with jieba when indexing and with the
browser's Intl.Segmenter when searching; where the two disagree a document is silently missed. So the
Chinese index does not contain Chinese words at all. Every run of Han characters is written as overlapping
*bigram tokens* in ASCII (包头市 → `q0eb70kv` `q0kv0ei` `q0eizzz`: one token per character, the character and
its successor, the last one paired with `zzz`). ASCII is never segmented on either side, so the index and
the browser agree by construction; `layouts/static/search-encoding.js` turns a query into the same tokens, decodes
the stored text back to Chinese for excerpts, and looks up 文号 through structured filters.

The records are small HTML files (title, 文号, body; metadata, filters and the sort key as attributes)
written to a temporary folder that mirrors the page paths, so result URLs are the pages' URLs. The
reader's pages therefore carry no hidden companion text. Pagefind writes into `staging/pagefind/`
before the staging folder is swapped in; the temporary folder is removed.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..content.config import Config
from ..content.graph import citation_graph
from ..content.model import Gazette
from ..core.digest import salt
from ..core.errors import BuildFailed, error
from ..pages.i18n import Ui
from .pagefind_files import normalise_output
from .plan import Shard, map_chunks, plan_shards, zh_characters
from .records import Record, records
from .tables import DOCNO_DIR, MAP_DIR, TERMS_DIR, TITLES_DIR, write_docno_tables, write_term_map, write_terms, write_titles

# ----------------------------------------------------------------------------------------- indexing

PAGEFIND_VERSION = "1.5.2"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
            "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


# Postings per index chunk (Pagefind's default is 20,000: ≈25 KB a chunk here). Each query token loads its
# chunk in every shard searched; 2,000 cut a 12-token title query from 772 to 364 KB at 10,000 documents at
# +7 % index size (notes/search-at-scale.md §1.2). Read by Pagefind 1.5.x from the environment (undocumented,
# "unstable": re-check on any Pagefind upgrade; the version is pinned).
INDEX_CHUNK_SIZE = "2000"


def _pagefind(source: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output)],
        capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": INDEX_CHUNK_SIZE},
    )


@dataclass(frozen=True)
class IndexStats:
    """What the indexer wrote, for the build summary and the benchmark."""

    records: dict  # lang -> count
    bytes: dict  # part -> bytes (index, fragment, filter, meta, js+wasm): stats(), not build_index (a walk of 40,000 files)
    reused: tuple = ()  # shard folders copied from the previous site (digest unchanged)
    kept: tuple = ()  # … of which those left where they are, for the commit to move (build_index in_place)
    keys: dict = field(default_factory=dict)  # {"shards": {folder: inputs key}, "maps": {lang: inputs key}}: kept by the build's render cache


# Shards: search/plan.py. What a shard folder holds and how an unchanged one is taken over:
SHARD_FORMAT = "gazette-search-shard 3"  # bump when the records' or the normalisation's output changes
SHARDS_JSON = "shards.json"
RUNTIME_FILES = ("pagefind.js", "pagefind-worker.js")  # and wasm.*.pagefind: only the primary keeps them
# pagefind.js (45 KB) gzip-compressed, in Pagefind's own container style (its wasm, index chunks and fragments
# are gzip files the runtime inflates itself): search.js fetches this, inflates it with the browser's
# DecompressionStream and imports it (12.8 KB on the wire from any plain static server; docs/search.md point 10).
# Not `.gz`: a server configured to send `.gz` with Content-Encoding would make fetch() inflate it already
# (search.js accepts both).
PACKED_RUNTIME = "pagefind.js.pagefind"


def _digest(recs) -> str:
    h = hashlib.sha256(f"{SHARD_FORMAT}\0pagefind {PAGEFIND_VERSION}\0".encode())
    for r in sorted(recs, key=lambda r: (r.lang, r.path)):
        h.update(f"{r.lang}\0{r.path}\0{len(r.html)}\0".encode())
        h.update(r.html.encode("utf-8"))
    return h.hexdigest()


def _inputs_key(salt: bytes, config: Config, gazette: Gazette, shards: tuple[Shard, ...]) -> str | None:
    """What a shard folder's records are made from: code, layouts and config (the render cache's salt), its
    issues' parse-cache keys, its languages and years. While it is unchanged, so are the records, which are then
    not made at all (at 10,000 documents making every shard's records to compare digests took 14 s).
    None when an issue's key is not known."""
    prints = [i.fingerprint for s in shards for i in gazette.issues if s.first <= i.year <= s.last]
    if not all(prints):
        return None
    h = hashlib.sha256(salt + f"\0{SHARD_FORMAT}\0pagefind {PAGEFIND_VERSION}\0".encode())
    for shard in shards:
        h.update(f"{shard.lang}\0{shard.first}\0{shard.last}\0".encode())
    for fingerprint in prints:
        h.update(fingerprint.encode() + b"\0")
    # A record shows its document's status, which a later issue can change (gazette/content/graph.py).
    graph = citation_graph(config, gazette)
    h.update(repr([graph.status(d.doc_number) for s in shards for i in gazette.issues if s.first <= i.year <= s.last for d in i.documents]).encode())
    return h.hexdigest()


def _previous_shards(previous: Path | None) -> dict[str, dict]:
    """The previous site's shards.json entries by folder (the digest of their records; the inputs keys are the render cache's)."""
    if previous is None:
        return {}
    try:
        data = json.loads((previous / "pagefind" / SHARDS_JSON).read_text(encoding="utf-8"))
        return {s["dir"]: s for s in data["shards"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _run_shard(recs: tuple[Record, ...], out: Path, work: Path) -> None:
    """Write one shard's records to a temporary folder in `work` (the staging folder, which the next build
    removes if this one is killed) and index them into `out` (reproducibly)."""
    with tempfile.TemporaryDirectory(prefix=".search-records-", dir=work) as tmp:
        source = Path(tmp)
        for rec in recs:
            target = source / rec.path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(rec.html, encoding="utf-8")
        result = _pagefind(source, out)
    if result.returncode != 0 or not (out / "pagefind-entry.json").exists():
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-5:])
        raise BuildFailed((error("pagefind", 0, f"搜索索引生成失败 search index failed: {tail}"),))
    for name in UI_FILES:
        (out / name).unlink(missing_ok=True)
    normalise_output(out)
    write_docno_tables(out, recs)
    write_terms(out, recs)


def _copy_shard(old: Path, new: Path) -> bool:
    """Take over a previously built shard folder (the primary without its shards/ and shards.json): its files
    are hard-linked (nothing writes into them afterwards; pack_runtime replaces its file), else copied."""
    if not (old / "pagefind-entry.json").is_file():
        return False
    shutil.copytree(old, new, ignore=lambda d, names: [n for n in names if Path(d) == old and n in ("shards", SHARDS_JSON, MAP_DIR, TITLES_DIR)],
                    dirs_exist_ok=True, copy_function=_link_or_copy)
    return True


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def build_index(staging: Path, config: Config, gazette: Gazette, uis: dict[str, Ui], previous: Path | None = None,
                in_place: bool = False, keys: dict | None = None) -> IndexStats:
    """Index every shard (two at a time) into staging/pagefind/, re-using the shards of `previous` (the site
    being replaced) whose digest is unchanged; drop the UI bundles this site does not use. `in_place` (a
    commit updates `previous`): an unchanged older shard's folder is not linked into the staging folder but
    left in previous/pagefind/ (IndexStats.kept), and the commit moves it into the new index (one rename
    instead of linking and later removing its files: 40,000 files at 10,000 documents). `keys`: the previous
    index's inputs keys (IndexStats.keys, kept by the render cache, not published: they hold the project's
    paths, and the site's bytes must not); without them every shard's records are made and compared."""
    plan = plan_shards(gazette)
    if not plan:  # Pagefind refuses an empty site; an empty archive still gets a search page
        return IndexStats({}, {})
    out = staging / "pagefind"
    in_place = in_place and previous is not None and (previous / "pagefind").is_dir() and not (previous / "pagefind").is_symlink()
    # The primary run: the newest shard of every language; then every older shard on its own.
    groups = [("", tuple(shards[-1] for shards in plan.values()))]
    groups += [(f"shards/{s.name}", (s,)) for shards in plan.values() for s in shards[:-1]]
    old = _previous_shards(previous)
    known = (keys or {}).get("shards") or {}
    inputs_salt = salt(config)

    def index_group(rel: str, shards: tuple) -> tuple[dict, bool, dict[str, int], bool, str | None]:
        """Index (or take over, when unchanged) one shard folder; independent of every other group. Returns its
        shards.json entry, whether it was taken over, its documents per language, whether it stays in previous/
        for the commit to move, and its inputs key."""
        key, before = _inputs_key(inputs_salt, config, gazette, shards), old.get(rel, {})
        make = lambda: tuple(r for s in shards for r in records(config, gazette, uis, (s.first, s.last), (s.lang,)))
        recs = None if key is not None and "digest" in before and known.get(rel) == key else make()
        digest = before["digest"] if recs is None else _digest(recs)
        target = out / rel if rel else out
        same = before.get("digest") == digest and previous is not None
        kept = same and in_place and bool(rel) and (previous / "pagefind" / rel / "pagefind-entry.json").is_file()
        reuse = kept or same and _copy_shard(previous / "pagefind" / rel if rel else previous / "pagefind", target)
        if not reuse:
            if target.exists():
                shutil.rmtree(target)
            _run_shard(recs or make(), target, staging)  # its records inside the staging folder: gone with it if the build is killed
        if rel and not kept:  # the runtime is loaded from the primary only
            for f in [*(target / n for n in RUNTIME_FILES), *target.glob("wasm.*.pagefind")]:
                f.unlink(missing_ok=True)
        entry = {"dir": rel, "digest": digest, "shards": [s.name for s in shards], "documents": sum(s.documents for s in shards)}
        langs: dict[str, int] = {}
        for s in shards:
            langs[s.lang] = langs.get(s.lang, 0) + s.documents
        return entry, reuse, langs, kept, key

    # The primary first (older shards are written inside its folder), then the others two at a time: each
    # Pagefind run is bounded by the shard size, so two in parallel stay within the memory budget.
    results = [index_group(*groups[0])]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results += list(pool.map(lambda g: index_group(*g), groups[1:]))
    counts: dict[str, int] = {}
    manifest, reused, kept, shard_keys = [], [], [], {}
    for (rel, _), (entry, reuse, langs, left, key) in zip(groups, results):
        manifest.append(entry)
        if key is not None:
            shard_keys[rel] = key
        if reuse:
            reused.append(rel or ".")
        if left:
            kept.append(rel)
        for lang, n in langs.items():
            counts[lang] = counts.get(lang, 0) + n
    pack_runtime(out)
    maps = {}
    for lang, shards in plan.items():
        if lang != "zh":  # Mongolian is searched by Pagefind's own words (prefixes): no presence map
            continue
        folders = [(previous / "pagefind" if f"shards/{s.name}" in kept else out) / "shards" / s.name for s in shards[:-1]] + [out]
        maps[lang] = write_term_map(out, lang, folders, map_chunks(zh_characters(gazette)), previous_map(previous, keys, lang), inputs_salt)
    write_titles(out, config, gazette, uis)
    data = {"pagefind": PAGEFIND_VERSION, "format": SHARD_FORMAT, "shards": manifest}
    (out / SHARDS_JSON).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return IndexStats(counts, {}, tuple(reused), tuple(kept), {"shards": shard_keys, "maps": maps})


def previous_map(previous: Path | None, keys: dict | None, lang: str) -> tuple[str, Path] | None:
    """(inputs key, folder) of the previous site's presence map of `lang`, when it is known."""
    maps = (keys or {}).get("maps") or {}
    return (maps[lang], previous / "pagefind") if previous is not None and lang in maps else None


def pack_runtime(out: Path) -> None:
    """Write PACKED_RUNTIME beside the primary's pagefind.js (reproducibly: no name, no time in the header)."""
    source, target = out / "pagefind.js", out / PACKED_RUNTIME
    if source.is_file():
        target.unlink(missing_ok=True)  # a new file: a reused primary's is shared with the previous site (_copy_shard)
        target.write_bytes(gzip.compress(source.read_bytes(), compresslevel=9, mtime=0))


def stats(out: Path, recs: tuple[Record, ...] = ()) -> IndexStats:
    """Bytes per part over the primary and every shard folder (index, fragment, filter, meta, runtime)."""
    sizes: dict[str, int] = {}
    for f in sorted(out.rglob("*")):
        if f.is_file():
            if f.parent.name in ("index", "fragment", "filter", DOCNO_DIR, TERMS_DIR, MAP_DIR, TITLES_DIR):
                part = f.parent.name
            else:
                part = "meta" if f.suffix == ".pf_meta" else "runtime" if f.parent == out else "entry"
            sizes[part] = sizes.get(part, 0) + f.stat().st_size
    counts: dict[str, int] = {}
    for r in recs:
        counts[r.lang] = counts.get(r.lang, 0) + 1
    return IndexStats(counts, sizes)
