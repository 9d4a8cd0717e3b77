"""Full-text search index: one Pagefind index per language, built from index records, not from the pages.

Why records (docs/search.md): Pagefind 1.5.2 segments Chinese with jieba when indexing and with the
browser's Intl.Segmenter when searching; where the two disagree a document is silently missed. So the
Chinese index does not contain Chinese words at all. Every run of Han characters is written as overlapping
*bigram tokens* in ASCII (包头市 → `q0eb70kv` `q0kv0ei` `q0eizzz`: one token per character, the character and
its successor, the last one paired with `zzz`). ASCII is never segmented on either side, so the index and
the browser agree by construction; `layouts/static/search.js` turns a query into the same tokens, decodes
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
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .config import Config
from .docnumber import parse_doc_number
from .errors import BuildFailed, error
from .graph import citation_graph
from .i18n import Ui
from .model import Gazette
from .pagefind_files import SIGNATURE, normalise_output
from .salt import salt
from .search_records import Record, records

# ----------------------------------------------------------------------------------------- indexing

PAGEFIND_VERSION = "1.5.2"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
            "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


def _pagefind(source: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output)],
        capture_output=True, text=True, encoding="utf-8",
    )


def check_pagefind() -> str:
    """The indexer's version line; the Chinese index needs the extended binary at the pinned version."""
    r = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True, encoding="utf-8")
    return (r.stdout or r.stderr).strip()


@dataclass(frozen=True)
class IndexStats:
    """What the indexer wrote, for the build summary and the benchmark."""

    records: dict  # lang -> count
    bytes: dict  # part -> bytes (index, fragment, filter, meta, js+wasm)
    reused: tuple = ()  # shard folders copied from the previous site (digest unchanged)


# ------------------------------------------------------------------------------------------- shards
#
# One Pagefind run over 10,000 documents peaked at 10.4 GB (issue 9). The records are split by contiguous
# years into shards of at most SHARD_SIZE documents per language, one Pagefind run each (sequential: memory
# is bounded by one shard). The newest shard of every language is indexed together into pagefind/ (the
# primary index: pagefind.js, its wasm and the newest documents); every other shard goes to
# pagefind/shards/<lang>-<first year>-<last year>/ without a runtime, and search.js merges those with
# Pagefind's mergeIndex (docs/search.md). Shards are cut from the oldest year on, so a new issue only
# changes the newest shard; pagefind/shards.json records each shard's digest (records + Pagefind version),
# and a shard whose digest matches the previous site's is copied from there instead of being re-indexed.

SHARD_SIZE = 250  # documents per language per shard: Pagefind peaks at ~0.3 GB for 250, 0.53 GB for 500 (docs/search.md point 9)
SHARD_FORMAT = "gazette-search-shard 2"  # bump when the records' or the normalisation's output changes
SHARDS_JSON = "shards.json"
RUNTIME_FILES = ("pagefind.js", "pagefind-worker.js")  # and wasm.*.pagefind: only the primary keeps them
# pagefind.js (45 KB) gzip-compressed, in Pagefind's own container style (its wasm, index chunks and fragments
# are gzip files the runtime inflates itself): search.js fetches this, inflates it with the browser's
# DecompressionStream and imports it (12.8 KB on the wire from any plain static server; docs/search.md point 10).
# Not `.gz`: a server configured to send `.gz` with Content-Encoding would make fetch() inflate it already
# (search.js accepts both).
PACKED_RUNTIME = "pagefind.js.pagefind"
DOCNO_DIR = "docno"  # per shard folder: <lang>-<year>.pagefind, the 文号 of that year → fragment names


def shard_size() -> int:
    """SHARD_SIZE, or GAZETTE_SEARCH_SHARD_SIZE from the environment (tests, benchmarks)."""
    value = os.environ.get("GAZETTE_SEARCH_SHARD_SIZE", "")
    return int(value) if value.isdigit() and int(value) > 0 else SHARD_SIZE


@dataclass(frozen=True)
class Shard:
    lang: str
    first: int  # years, inclusive
    last: int
    documents: int

    @property
    def name(self) -> str:
        return f"{self.lang}-{self.first}-{self.last}"


def plan_shards(gazette: Gazette, size: int | None = None) -> dict[str, list[Shard]]:
    """Per language, contiguous year ranges of at most `size` documents (a year larger than that is a
    shard of its own), oldest first. A pure function of the archive: the search page lists the shards
    from it at render time and build_index indexes them."""
    size = size or shard_size()
    counts: dict[str, dict[int, int]] = {"zh": {}, "mn": {}}
    for issue in gazette.issues:
        for doc in issue.documents:
            counts["zh"][issue.year] = counts["zh"].get(issue.year, 0) + 1
            if doc.mn_text is not None:
                counts["mn"][issue.year] = counts["mn"].get(issue.year, 0) + 1
    plan: dict[str, list[Shard]] = {}
    for lang, per_year in counts.items():
        shards: list[Shard] = []
        first = prev = total = 0
        for year in sorted(per_year):
            if total and total + per_year[year] > size:
                shards.append(Shard(lang, first, prev, total))
                total = 0
            if not total:
                first = year
            total += per_year[year]
            prev = year
        if total:
            shards.append(Shard(lang, first, prev, total))
        if shards:
            plan[lang] = shards
    return plan


def shard_dirs(gazette: Gazette, lang: str) -> list[str]:
    """The merged (non-primary) shard folders of one language, newest first, relative to the site root."""
    return [f"pagefind/shards/{s.name}/" for s in reversed(plan_shards(gazette).get(lang, [])[:-1])]


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
    # A record shows its document's status, which a later issue can change (gazette/graph.py).
    graph = citation_graph(config, gazette)
    h.update(repr([graph.status(d.doc_number) for s in shards for i in gazette.issues if s.first <= i.year <= s.last for d in i.documents]).encode())
    return h.hexdigest()


def _previous_shards(previous: Path | None) -> dict[str, dict]:
    """The previous site's shards.json entries by folder (digest of the records, key of their inputs)."""
    if previous is None:
        return {}
    try:
        data = json.loads((previous / "pagefind" / SHARDS_JSON).read_text(encoding="utf-8"))
        return {s["dir"]: s for s in data["shards"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _run_shard(recs: tuple[Record, ...], out: Path, work: Path) -> None:
    """Write one shard's records to a temporary folder and index them into `out` (reproducibly)."""
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


def write_docno_tables(out: Path, recs: tuple[Record, ...]) -> None:
    """A complete 文号 is looked up without Pagefind (docs/search.md point 10): for each language and year of
    the folder's records (and each 文号 year), `docno/<lang>-<year>.pagefind` = gzip(JSON {文号: [fragment
    names]}), read from the fragments themselves (their `meta.文号`, the value search.js compares). A year
    without numbered documents gets an empty table, so a missing table only means an older site (search.js
    then asks Pagefind)."""
    tables: dict[tuple[str, int], dict[str, list[str]]] = {(r.lang, r.year): {} for r in recs}
    for f in sorted((out / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(f.read_bytes())
        if not data.startswith(SIGNATURE):
            raise ValueError(f"{f.name}: not a Pagefind data file")
        number = (json.loads(data[len(SIGNATURE):]).get("meta") or {}).get("文号")
        parsed = parse_doc_number(number) if number else None
        if parsed:
            lang = f.stem.split("-")[0]  # zh-hans_… → zh, mn-mong_… → mn
            tables.setdefault((lang, parsed.year), {}).setdefault(number, []).append(f.stem)
    (out / DOCNO_DIR).mkdir(exist_ok=True)
    for (lang, year), table in sorted(tables.items()):
        text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        (out / DOCNO_DIR / f"{lang}-{year}.pagefind").write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def _copy_shard(old: Path, new: Path) -> bool:
    """Take over a previously built shard folder (the primary without its shards/ and shards.json): its files
    are hard-linked (nothing writes into them afterwards; pack_runtime replaces its file), else copied."""
    if not (old / "pagefind-entry.json").is_file():
        return False
    shutil.copytree(old, new, ignore=lambda d, names: [n for n in names if Path(d) == old and n in ("shards", SHARDS_JSON)],
                    dirs_exist_ok=True, copy_function=_link_or_copy)
    return True


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links
        shutil.copy2(source, target)


def build_index(staging: Path, config: Config, gazette: Gazette, uis: dict[str, Ui], previous: Path | None = None) -> IndexStats:
    """Index every shard (two at a time) into staging/pagefind/, re-using the shards of `previous` (the site
    being replaced) whose digest is unchanged; drop the UI bundles this site does not use."""
    plan = plan_shards(gazette)
    if not plan:  # Pagefind refuses an empty site; an empty archive still gets a search page
        return IndexStats({}, {})
    out = staging / "pagefind"
    # The primary run: the newest shard of every language; then every older shard on its own.
    groups = [("", tuple(shards[-1] for shards in plan.values()))]
    groups += [(f"shards/{s.name}", (s,)) for shards in plan.values() for s in shards[:-1]]
    old = _previous_shards(previous)
    inputs_salt = salt(config)

    def index_group(rel: str, shards: tuple) -> tuple[dict, bool, dict[str, int]]:
        """Index (or copy, when unchanged) one shard folder; independent of every other group."""
        key, before = _inputs_key(inputs_salt, config, gazette, shards), old.get(rel, {})
        make = lambda: tuple(r for s in shards for r in records(config, gazette, uis, (s.first, s.last), (s.lang,)))
        recs = None if key is not None and before.get("key") == key else make()
        digest = before["digest"] if recs is None else _digest(recs)
        target = out / rel if rel else out
        reuse = before.get("digest") == digest and previous is not None and _copy_shard(previous / "pagefind" / rel if rel else previous / "pagefind", target)
        if not reuse:
            if target.exists():
                shutil.rmtree(target)
            _run_shard(recs or make(), target, staging.parent)
        if rel:  # the runtime is loaded from the primary only
            for f in [*(target / n for n in RUNTIME_FILES), *target.glob("wasm.*.pagefind")]:
                f.unlink(missing_ok=True)
        entry = {"dir": rel, "digest": digest, "key": key, "shards": [s.name for s in shards], "documents": sum(s.documents for s in shards)}
        langs: dict[str, int] = {}
        for s in shards:
            langs[s.lang] = langs.get(s.lang, 0) + s.documents
        return entry, reuse, langs

    # The primary first (older shards are written inside its folder), then the others two at a time: each
    # Pagefind run is bounded by the shard size, so two in parallel stay within the memory budget.
    results = [index_group(*groups[0])]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results += list(pool.map(lambda g: index_group(*g), groups[1:]))
    counts: dict[str, int] = {}
    manifest, reused = [], []
    for (rel, _), (entry, reuse, langs) in zip(groups, results):
        manifest.append(entry)
        if reuse:
            reused.append(rel or ".")
        for lang, n in langs.items():
            counts[lang] = counts.get(lang, 0) + n
    pack_runtime(out)
    data = {"pagefind": PAGEFIND_VERSION, "format": SHARD_FORMAT, "shards": manifest}
    (out / SHARDS_JSON).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    return IndexStats(counts, stats(out).bytes, tuple(reused))


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
            if f.parent.name in ("index", "fragment", "filter", DOCNO_DIR):
                part = f.parent.name
            else:
                part = "meta" if f.suffix == ".pf_meta" else "runtime" if f.parent == out else "entry"
            sizes[part] = sizes.get(part, 0) + f.stat().st_size
    counts: dict[str, int] = {}
    for r in recs:
        counts[r.lang] = counts.get(r.lang, 0) + 1
    return IndexStats(counts, sizes)


# ------------------------------------------------------------------------------------- search page

SEARCH_STRINGS = (
    "search_results", "search_results_docno", "search_no_results", "search_partial", "search_suggestions", "search_loading",
    "search_error", "search_filters", "search_filter_year", "search_filter_issue", "category", "issuer",
    "search_sort", "search_sort_relevance", "search_sort_date", "search_more", "search_clear_filters",
    "search_docno_exact", "doc_number", "written_on", "issue", "search_results_since", "search_older",
    "search_filters_all_years",
)
# filter key in the index → (URL parameter, UI string); the structured 文号 filters are not shown.
SHOWN_FILTERS = (("年份", "year", "search_filter_year"), ("期", "issue", "search_filter_issue"),
                 ("栏目", "category", "category"), ("发文机关", "issuer", "issuer"))


def page_config(ui: Ui, base_path: str, shards: list[str] | tuple[str, ...] = ()) -> Markup:
    """The search page's settings and strings for search.js, as JSON safe inside <script>; `shards` are the
    index folders search.js merges into the primary one (shard_dirs), newest first."""
    data = {
        "lang": ui.lang,
        "base": base_path,
        "shards": list(shards),
        "strings": {k: ui.plain(k) for k in SEARCH_STRINGS},
        "filters": [[key, param, ui.plain(label)] for key, param, label in SHOWN_FILTERS],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
