"""The small tables beside Pagefind's shards (docs/search.md points 10 and 11): each shard's terms, the presence
map over all shards (term → which shards hold it), the title tables per decade and the 文号 tables per year.
All gzip JSON or text without name or time (reproducible), the container search-engine.js inflates."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
from pathlib import Path

from ..content.config import Config
from ..content.docnumber import parse_doc_number
from ..content.graph import IN_FORCE, citation_graph
from ..content.model import Gazette
from ..pages.i18n import Ui
from .pagefind_files import SIGNATURE
from .plan import decade, term_chunk
from .records import Record

DOCNO_DIR = "docno"  # per shard folder: <lang>-<year>.pagefind, the 文号 of that year → fragment names
TERMS_DIR = "terms"  # per shard folder: <lang>.pagefind, every index term of the shard (input of the map)
MAP_DIR = "map"  # primary: <lang>-<k>.pagefind, term → which shards hold it (write_term_map)
TITLES_DIR = "titles"  # primary: <lang>-<decade>.pagefind, every document's title line (write_titles)


def packed(path: Path, text: str) -> None:
    """gzip -9 without name or time (reproducible), the container search.js inflates."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def unpacked(path: Path) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def write_terms(out: Path, recs: tuple[Record, ...]) -> None:
    """The shard's index terms per language (sorted, one a line): kept with the shard folder, so a shard
    taken over from the previous site needs no records to rebuild the global map."""
    per_lang: dict[str, set[str]] = {}
    for r in recs:
        if r.terms:
            per_lang.setdefault(r.lang, set()).update(r.terms)
    for lang, terms in sorted(per_lang.items()):
        packed(out / TERMS_DIR / f"{lang}.pagefind", "\n".join(sorted(terms)))


# ------------------------------------------------------------------------------ global, small indexes
#
# Relevance over the whole archive at a bounded cost (issue 15, docs/search.md point 11): two small
# indexes over ALL years beside the shards. The title table answers "which documents have this title";
# the presence map answers "which shards can hold every query word", so a search opens only those shards.


def write_term_map(out: Path, lang: str, shard_dirs_oldest_first: list[Path], chunks: int,
                   previous: tuple[str, Path] | None = None, salt: bytes = b"") -> str:
    """map/<lang>-<k>.pagefind = gzip(JSON {term: hex bitmask of the shards holding it}), bit i = the
    language's i-th shard from the oldest (the order page_config lists them). A query's shards are the AND
    of its terms' masks: a superset of the shards holding a document with every term, so pruning never
    loses a result, and a term absent from the map is absent from the archive.
    Returns the digest of its inputs (`salt`: code, layouts, config; every shard's term list, the chunk
    count); when that is `previous`'s
    (digest, the previous pagefind/ folder), its map files are taken over (linked) instead of made: an edit
    that adds no term to its shard changes no map (4,096 files at 10,000 documents)."""
    digest = hashlib.sha256(salt + f"{chunks}".encode())
    lists = [folder / TERMS_DIR / f"{lang}.pagefind" for folder in shard_dirs_oldest_first]
    for f in lists:
        digest.update(b"\0" + (f.read_bytes() if f.is_file() else b""))
    key = digest.hexdigest()
    if previous is not None and previous[0] == key and _take_over(previous[1] / MAP_DIR, out / MAP_DIR, lang, chunks):
        return key
    masks: dict[str, int] = {}
    for bit, f in enumerate(lists):
        if f.is_file():
            for term in unpacked(f).split("\n"):
                if term:
                    masks[term] = masks.get(term, 0) | (1 << bit)
    files: list[dict[str, str]] = [{} for _ in range(chunks)]
    for term, mask in masks.items():
        files[term_chunk(term, chunks)][term] = format(mask, "x")
    for k, table in enumerate(files):
        packed(out / MAP_DIR / f"{lang}-{k}.pagefind", json.dumps(table, sort_keys=True, separators=(",", ":")))
    return key


def _take_over(old: Path, new: Path, lang: str, chunks: int) -> bool:
    """Link (or copy) the previous map's files of `lang` into `new`; False (nothing left half-done that
    write_term_map does not overwrite) when one is missing."""
    names = [f"{lang}-{k}.pagefind" for k in range(chunks)]
    if not all((old / n).is_file() for n in names):
        return False
    new.mkdir(parents=True, exist_ok=True)
    for n in names:
        try:
            os.link(old / n, new / n)
        except FileExistsError:
            (new / n).unlink()
            os.link(old / n, new / n)
        except OSError:  # a file system without hard links
            shutil.copy2(old / n, new / n)
    return True


TITLE_FIELDS = ("path", "title", "subtitle", "docno", "date", "status")  # add a field here and in title_rows (search-engine.js reads by name)


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
            packed(out / TITLES_DIR / f"{lang}-{dec}.pagefind", json.dumps(table, ensure_ascii=False, separators=(",", ":")))


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
