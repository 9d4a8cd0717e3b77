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
from dataclasses import dataclass
from pathlib import Path

from ..content.config import Config
from ..content.docnumber import parse_doc_number
from ..content.graph import IN_FORCE, citation_graph
from ..content.model import Gazette
from ..core.digest import salt
from ..core.errors import BuildFailed, error
from ..pages.i18n import Ui
from .pagefind_files import SIGNATURE, normalise_output
from .records import Record, records

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
SHARD_FORMAT = "gazette-search-shard 3"  # bump when the records' or the normalisation's output changes
SHARDS_JSON = "shards.json"
RUNTIME_FILES = ("pagefind.js", "pagefind-worker.js")  # and wasm.*.pagefind: only the primary keeps them
# pagefind.js (45 KB) gzip-compressed, in Pagefind's own container style (its wasm, index chunks and fragments
# are gzip files the runtime inflates itself): search.js fetches this, inflates it with the browser's
# DecompressionStream and imports it (12.8 KB on the wire from any plain static server; docs/search.md point 10).
# Not `.gz`: a server configured to send `.gz` with Content-Encoding would make fetch() inflate it already
# (search.js accepts both).
PACKED_RUNTIME = "pagefind.js.pagefind"
DOCNO_DIR = "docno"  # per shard folder: <lang>-<year>.pagefind, the 文号 of that year → fragment names
TERMS_DIR = "terms"  # per shard folder: <lang>.pagefind, every index term of the shard (input of the map)
MAP_DIR = "map"  # primary: <lang>-<k>.pagefind, term → which shards hold it (write_term_map)
TITLES_DIR = "titles"  # primary: <lang>-<decade>.pagefind, every document's title line (write_titles)


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
    write_terms(out, recs)


def _packed(path: Path, text: str) -> None:
    """gzip -9 without name or time (reproducible), the container search.js inflates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def _unpacked(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def write_terms(out: Path, recs: tuple[Record, ...]) -> None:
    """The shard's index terms per language (sorted, one a line): kept with the shard folder, so a shard
    taken over from the previous site needs no records to rebuild the global map."""
    per_lang: dict[str, set[str]] = {}
    for r in recs:
        if r.terms:
            per_lang.setdefault(r.lang, set()).update(r.terms)
    for lang, terms in sorted(per_lang.items()):
        _packed(out / TERMS_DIR / f"{lang}.pagefind", "\n".join(sorted(terms)))


# ------------------------------------------------------------------------------ global, small indexes
#
# Relevance over the whole archive at a bounded cost (issue 15, docs/search.md point 11): two small
# indexes over ALL years beside the shards. The title table answers "which documents have this title";
# the presence map answers "which shards can hold every query word", so a search opens only those shards.


def map_chunks(documents: int) -> int:
    """Number of map files for a language: a power of two near documents/2 (≤ 4096), so one file holds
    ≈100–200 terms (≈1 KB gzip). search.js gets it from page_config; both derive it from the archive."""
    n = 1
    while n < documents / 2 and n < 4096:
        n *= 2
    return n


def term_chunk(term: str, chunks: int) -> int:
    """FNV-1a (32 bit) of the ASCII term, modulo the chunk count (search-encoding.js mapChunk is the same)."""
    h = 0x811C9DC5
    for ch in term.encode("ascii"):
        h = ((h ^ ch) * 0x01000193) & 0xFFFFFFFF
    return h % chunks


def write_term_map(out: Path, lang: str, shard_dirs_oldest_first: list[Path], documents: int) -> None:
    """map/<lang>-<k>.pagefind = gzip(JSON {term: hex bitmask of the shards holding it}), bit i = the
    language's i-th shard from the oldest (the order page_config lists them). A query's shards are the AND
    of its terms' masks: a superset of the shards holding a document with every term, so pruning never
    loses a result, and a term absent from the map is absent from the archive."""
    masks: dict[str, int] = {}
    for bit, folder in enumerate(shard_dirs_oldest_first):
        f = folder / TERMS_DIR / f"{lang}.pagefind"
        if f.is_file():
            for term in _unpacked(f).split("\n"):
                if term:
                    masks[term] = masks.get(term, 0) | (1 << bit)
    chunks = map_chunks(documents)
    files: list[dict[str, str]] = [{} for _ in range(chunks)]
    for term, mask in masks.items():
        files[term_chunk(term, chunks)][term] = format(mask, "x")
    for k, table in enumerate(files):
        _packed(out / MAP_DIR / f"{lang}-{k}.pagefind", json.dumps(table, sort_keys=True, separators=(",", ":")))


TITLE_FIELDS = ("path", "title", "subtitle", "docno", "date", "status")  # add a field here and in title_rows (search-engine.js reads by name)


def decade(year: int) -> int:
    return year - year % 10


def title_rows(gazette: Gazette, lang: str, ui: Ui, graph=None) -> dict[int, dict]:
    """Per decade of issue years: {"fields", "issues": {"1992/01": label}, "rows": [[path, title, subtitle,
    文号, display date, status]]} for every document of the language (Mongolian: those with a Mongolian text);
    status as the index records show it (已修改 / 已废止, "" in force: gazette/content/graph.py)."""
    out: dict[int, dict] = {}
    for issue in gazette.issues:
        table = out.setdefault(decade(issue.year), {"fields": list(TITLE_FIELDS), "issues": {}, "rows": []})
        key = f"{issue.year}/{issue.number:02d}"
        label = ui.plain("issue_title", year=issue.year, number=issue.number)
        table["issues"][key] = f"{label} · {ui.plain('serial', serial=issue.serial)}"
        for doc in issue.documents:
            text = doc.mn_text if lang == "mn" else doc.text
            if text is None:
                continue
            subtitle = doc.subtitle if lang == "zh" else ""
            date = ui.date_plain(doc.written_on) if doc.written_on else ""
            status = graph.status(doc.doc_number) if graph is not None else None
            shown = ui.plain(f"status_{status}") if status and status != IN_FORCE else ""
            table["rows"].append([f"{key}/{doc.slug}", text.title, subtitle or "", doc.doc_number or "", date, shown])
    return {d: t for d, t in out.items() if t["rows"]}


def write_titles(out: Path, config: Config, gazette: Gazette, uis: dict[str, Ui]) -> None:
    """titles/<lang>-<decade>.pagefind: the title table of every decade (read by every text search)."""
    graph = citation_graph(config, gazette)
    for lang in ("zh", "mn"):
        for dec, table in sorted(title_rows(gazette, lang, uis[lang], graph).items()):
            _packed(out / TITLES_DIR / f"{lang}-{dec}.pagefind", json.dumps(table, ensure_ascii=False, separators=(",", ":")))


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
    shutil.copytree(old, new, ignore=lambda d, names: [n for n in names if Path(d) == old and n in ("shards", SHARDS_JSON, MAP_DIR, TITLES_DIR)],
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
    for lang, shards in plan.items():
        if lang != "zh":  # Mongolian is searched by Pagefind's own words (prefixes): no presence map
            continue
        folders = [out / "shards" / s.name for s in shards[:-1]] + [out]
        write_term_map(out, lang, folders, sum(s.documents for s in shards))
    write_titles(out, config, gazette, uis)
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
            if f.parent.name in ("index", "fragment", "filter", DOCNO_DIR, TERMS_DIR, MAP_DIR, TITLES_DIR):
                part = f.parent.name
            else:
                part = "meta" if f.suffix == ".pf_meta" else "runtime" if f.parent == out else "entry"
            sizes[part] = sizes.get(part, 0) + f.stat().st_size
    counts: dict[str, int] = {}
    for r in recs:
        counts[r.lang] = counts.get(r.lang, 0) + 1
    return IndexStats(counts, sizes)


def search_plan(gazette: Gazette) -> dict:
    """What search-engine.js may request, per language (nothing else exists): the shard folders oldest first with
    their years (bit i of a map mask = shards[i]; the last is the primary pagefind/), the number of map
    files and the decades that have a title table. A pure function of the archive, like plan_shards."""
    plan = plan_shards(gazette)
    out = {}
    for lang, shards in plan.items():
        dirs = [f"pagefind/shards/{s.name}/" for s in shards[:-1]] + ["pagefind/"]
        years = {i.year for i in gazette.issues if lang == "zh" or any(d.mn_text is not None for d in i.documents)}
        out[lang] = {
            "shards": [[d, s.first, s.last] for d, s in zip(dirs, shards)],
            "map": map_chunks(sum(s.documents for s in shards)) if lang == "zh" else 0,
            "decades": sorted({decade(y) for y in years}),
        }
    return out
