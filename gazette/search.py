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

import functools
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .config import HTML_LANG, Config
from .docnumber import parse_doc_number
from .errors import BuildFailed, error
from .i18n import Ui
from .model import Document, Gazette, Issue
from .urls import Urls

PAGEFIND_VERSION = "1.5.2"

# Han code points → 0..28096, written as three base-36 digits. Order matters: it is the token alphabet
# search.js decodes with (HAN_RANGES there must be identical).
HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x3007, 0x3007), (0xF900, 0xFAFF))
TOKEN_PREFIX = "q"
END = "zzz"  # pairs the last character of a run (never a code: codes stop at 28096 = "lo0")
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_HAN_CLASS = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in HAN_RANGES)
_HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")
# Folded like NFKC folds a query: full-width letters and digits, CJK compatibility ideographs.
_FOLD = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uf900-\ufaff]")
# Pagefind turns U+202F into a space in stored metadata and filter values; U+2060 survives and
# search.js turns it back, so Mongolian titles and labels in results keep their suffix forms.
NNBSP_CARRIER = "\u2060"
# Mongolian free variation selectors FVS1–4 and the vowel separator: dropped in search keys.
MN_IGNORABLE = re.compile("[\u180b-\u180f]")

UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
            "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


@functools.lru_cache(maxsize=None)
def _code(ch: str) -> str:
    """A Han character as three base-36 letters (a few thousand distinct characters: memoised)."""
    cp, offset = ord(ch), 0
    for lo, hi in HAN_RANGES:
        if lo <= cp <= hi:
            n = offset + cp - lo
            return _B36[n // 1296] + _B36[n // 36 % 36] + _B36[n % 36]
        offset += hi - lo + 1
    raise ValueError(ch)


def bigram_tokens(run: str) -> list[str]:
    """One token per character of a Han run: the character with its successor (or END for the last)."""
    codes = [_code(c) for c in run]
    return [TOKEN_PREFIX + c + (codes[i + 1] if i + 1 < len(codes) else END) for i, c in enumerate(codes)]


def agency_code(agency: str) -> str:
    return "".join(_code(c) for c in agency)


def docno_tokens(agency: str, year: int, seq: int) -> list[str]:
    """文号 lookup words (ASCII, so never segmented): the whole number, year + 序号, and 序号 alone.
    search.js looks a typed 文号 up by one of these (机关代字 + year alone is a prefix of the first);
    each ends in z so 9 is not a prefix of 91. A text search for a 文号 would load the whole index
    for a filter-only Pagefind query, and rank 2 with 2023 (notes/pagefind.md §1.4)."""
    return [f"qw{agency_code(agency)}y{year}n{seq}z", f"qwy{year}n{seq}z", f"qwn{seq}z"]


ALL_DOCS = "qqqall"  # in every record: lets search.js list documents by filter without a filter-only query


def encode_zh(text: str) -> str:
    """Text for the Chinese index: Han runs → bigram tokens (space-separated); everything else kept,
    with full-width letters and digits folded to ASCII (a query is NFKC-folded the same way)."""
    text = _FOLD.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return _HAN_RUN.sub(lambda m: " " + " ".join(bigram_tokens(m.group())) + " ", text)


def mn_key(text: str) -> str:
    """Mongolian search key: NFC, variation selectors and MVS dropped, NNBSP as a space (search.js mirrors)."""
    return MN_IGNORABLE.sub("", unicodedata.normalize("NFC", text)).replace("\u202f", " ")


# --------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Record:
    """One document in one language's index: its page path and the HTML Pagefind reads."""

    lang: str  # zh | mn
    path: str  # site-relative page path, e.g. 2023/01/p031/
    html: str
    year: int = 0  # the issue's year: records are sharded by contiguous years


def _attr(kind: str, key: str, value: str) -> Markup:
    """A Pagefind meta/filter/sort carrier; the value sits in its own attribute (commas, colons are safe)."""
    return Markup('<span data-pagefind-{}="{}[data-v]" data-v="{}"></span>').format(kind, key, value)


def _record(lang: str, ui: Ui, config: Config, doc: Document, issue: Issue) -> Record:
    text = doc.mn_text if lang == "mn" else doc.text
    assert text is not None
    # Mongolian text is indexed as written: Pagefind drops U+180B–U+180F inside words and splits at U+202F,
    # and search.js folds a query the same way (mn_key), so the stored excerpt keeps its variant forms.
    key = encode_zh if lang == "zh" else (lambda t: t)
    number = parse_doc_number(doc.doc_number) if doc.doc_number else None
    category, issuer = config.category(doc.category), config.issuer(doc.issuer)

    def term(name: str, mn) -> str:
        return mn.text if lang == "mn" and mn is not None and mn.text else name

    issue_label = ui.plain("issue_title", year=issue.year, number=issue.number)
    date = doc.written_on or issue.published_on
    # Chinese blocks end in ¶ (punctuation: not indexed) so search.js can tell the title from the body.
    end = " ¶" if lang == "zh" else ""
    parts = [Markup("<h1>{}{}</h1>").format(key(text.title), end)]
    for extra in (doc.subtitle, doc.author) if lang == "zh" else ():
        if extra:
            parts.append(Markup("<p>{}{}</p>").format(key(extra), end))
    if doc.doc_number:
        parts.append(Markup("<p>{}{}</p>").format(key(doc.doc_number), end))
    parts += [Markup("<p>{}{}</p>").format(key(line), end) for line in text.plain_text.split("\n") if line.strip()]
    lookup = docno_tokens(number.agency, number.year, number.seq) if number else []
    parts.append(Markup("<p>{}</p>").format(" ".join(lookup + [ALL_DOCS])))
    meta = {
        "title": text.title,
        "文号": doc.doc_number or "",
        "date": ui.date_plain(doc.written_on) if doc.written_on else "",
        "issue": f"{issue_label} · {ui.plain('serial', serial=issue.serial)}",
    }
    filters = {
        "年份": str(issue.year),
        "期": issue_label,
        "栏目": term(doc.category, category.mn),
        "发文机关": term(doc.issuer, issuer.mn),
    }
    if number:
        filters["文号"] = number.canonical
    shown = (lambda v: v.replace("\u202f", NNBSP_CARRIER)) if lang == "mn" else (lambda v: v)
    carriers = [_attr("meta", k, shown(v)) for k, v in meta.items() if v]
    carriers += [_attr("filter", k, shown(v)) for k, v in filters.items()]
    carriers.append(_attr("sort", "date", date.isoformat()))
    html = Markup(
        '<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>\n'
        "<body><main data-pagefind-body>\n{}\n{}\n</main></body></html>\n"
    ).format(HTML_LANG[lang], text.title, Markup("\n").join(parts), Markup("").join(carriers))
    return Record(lang, Urls.document(lang, doc), str(html), issue.year)


def records(config: Config, gazette: Gazette, uis: dict[str, Ui], years: tuple[int, int] | None = None,
            langs: tuple[str, ...] = ("zh", "mn")) -> tuple[Record, ...]:
    """Every document's Chinese record, and a Mongolian record for documents with a Mongolian text
    (so the Mongolian index never returns Chinese-only pages); only issues of `years` (first, last) and
    the languages `langs` if given (one shard's records)."""
    out = []
    for issue in gazette.issues:
        if years and not years[0] <= issue.year <= years[1]:
            continue
        for doc in issue.documents:
            if "zh" in langs:
                out.append(_record("zh", uis["zh"], config, doc, issue))
            if "mn" in langs and doc.mn_text is not None:
                out.append(_record("mn", uis["mn"], config, doc, issue))
    return tuple(sorted(out, key=lambda r: r.path))


# ----------------------------------------------------------------------------------------- indexing


def _pagefind(source: Path, output: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(output)],
        capture_output=True, text=True, encoding="utf-8",
    )


def check_pagefind() -> str:
    """The indexer's version line; the Chinese index needs the extended binary at the pinned version."""
    r = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True, encoding="utf-8")
    return (r.stdout or r.stderr).strip()


# Pagefind's data files are gzip("pagefind_dcd" + CBOR). Only definite-length unsigned integers, text
# strings and arrays occur in the files rewritten here; anything else is refused rather than mis-encoded.
_SIGNATURE = b"pagefind_dcd"


def _cbor_decode(b: bytes, i: int = 0):
    head, i = b[i], i + 1
    major, info = head >> 5, head & 31
    if info < 24:
        n = info
    elif 24 <= info <= 27:
        size = 1 << (info - 24)
        n, i = int.from_bytes(b[i:i + size], "big"), i + size
    else:
        raise ValueError(f"unsupported CBOR item {head:#x}")
    if major == 0:
        return n, i
    if major == 3:
        return b[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _cbor_decode(b, i)
            items.append(item)
        return items, i
    raise ValueError(f"unsupported CBOR major type {major}")


def _cbor_head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def _cbor_encode(v) -> bytes:
    if isinstance(v, bool) or not isinstance(v, (int, str, list)):
        raise ValueError(f"unsupported value {v!r}")
    if isinstance(v, int):
        return _cbor_head(0, v)
    if isinstance(v, str):
        data = v.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    return _cbor_head(4, len(v)) + b"".join(_cbor_encode(x) for x in v)


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind data file")
    value, end = _cbor_decode(data, len(_SIGNATURE))
    if end != len(data) or _cbor_encode(value) != data[len(_SIGNATURE):]:
        raise ValueError(f"{path.name}: CBOR does not round-trip")
    return value


def _write(path: Path, value) -> bytes:
    data = gzip.compress(_SIGNATURE + _cbor_encode(value), compresslevel=9, mtime=0)
    path.write_bytes(data)
    return data


def _content_name(lang: str, data: bytes, length: int) -> str:
    return f"{lang}_{hashlib.sha256(data).hexdigest()[:length]}"


def normalise_output(out: Path) -> None:
    """Make Pagefind's output reproducible (notes/pagefind.md §4.2): it writes each filter's values and the
    list of filters in hash-map order, which differs between identical runs, and names the files after
    that. Sort both, re-encode, and name the rewritten files after their own bytes. Index chunks and
    fragments are already stable and are left untouched."""
    entry_path = out / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for lang, info in sorted(entry["languages"].items()):
        meta_path = out / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = []
        for name, old_hash in meta[3]:
            old = out / "filter" / f"{old_hash}.pf_filter"
            key, values = _read(old)
            old.unlink()
            tmp = out / "filter" / f"{old_hash}.tmp"
            data = _write(tmp, [key, sorted(values)])
            new_hash = _content_name(lang, data, 7)
            tmp.rename(out / "filter" / f"{new_hash}.pf_filter")
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta_path.unlink()
        tmp = out / f"pagefind.{lang}.tmp"
        data = _write(tmp, meta)
        info["hash"] = _content_name(lang, data, 16)
        tmp.rename(out / f"pagefind.{info['hash']}.pf_meta")
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")


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


def _previous_digests(previous: Path | None) -> dict[str, str]:
    if previous is None:
        return {}
    try:
        data = json.loads((previous / "pagefind" / SHARDS_JSON).read_text(encoding="utf-8"))
        return {s["dir"]: s["digest"] for s in data["shards"]}
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
        if not data.startswith(_SIGNATURE):
            raise ValueError(f"{f.name}: not a Pagefind data file")
        number = (json.loads(data[len(_SIGNATURE):]).get("meta") or {}).get("文号")
        parsed = parse_doc_number(number) if number else None
        if parsed:
            lang = f.stem.split("-")[0]  # zh-hans_… → zh, mn-mong_… → mn
            tables.setdefault((lang, parsed.year), {}).setdefault(number, []).append(f.stem)
    (out / DOCNO_DIR).mkdir(exist_ok=True)
    for (lang, year), table in sorted(tables.items()):
        text = json.dumps(table, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        (out / DOCNO_DIR / f"{lang}-{year}.pagefind").write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def _copy_shard(old: Path, new: Path) -> bool:
    """Copy a previously built shard folder (the primary without its shards/ and shards.json)."""
    if not (old / "pagefind-entry.json").is_file():
        return False
    shutil.copytree(old, new, ignore=lambda d, names: [n for n in names if Path(d) == old and n in ("shards", SHARDS_JSON)],
                    dirs_exist_ok=True)
    return True


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
    old = _previous_digests(previous)

    def index_group(rel: str, shards: tuple) -> tuple[dict, bool, dict[str, int]]:
        """Index (or copy, when unchanged) one shard folder; independent of every other group."""
        recs = tuple(r for s in shards for r in records(config, gazette, uis, (s.first, s.last), (s.lang,)))
        digest = _digest(recs)
        target = out / rel if rel else out
        reuse = old.get(rel) == digest and previous is not None and _copy_shard(previous / "pagefind" / rel if rel else previous / "pagefind", target)
        if not reuse:
            if target.exists():
                shutil.rmtree(target)
            _run_shard(recs, target, staging.parent)
        if rel:  # the runtime is loaded from the primary only
            for f in [*(target / n for n in RUNTIME_FILES), *target.glob("wasm.*.pagefind")]:
                f.unlink(missing_ok=True)
        entry = {"dir": rel, "digest": digest, "shards": [s.name for s in shards], "documents": sum(s.documents for s in shards)}
        langs: dict[str, int] = {}
        for r in recs:
            langs[r.lang] = langs.get(r.lang, 0) + 1
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
    source = out / "pagefind.js"
    if source.is_file():
        (out / PACKED_RUNTIME).write_bytes(gzip.compress(source.read_bytes(), compresslevel=9, mtime=0))


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
