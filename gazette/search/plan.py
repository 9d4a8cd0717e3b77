"""What the search index consists of, as a pure function of the archive: the shards (contiguous years per
language), the number of presence-map files, the decades with a title table. The pipeline hands `search_plan`
to the search page (pages/search_page.py), and build_index indexes the same shards (search/index.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..content.model import Gazette

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


# Distinct index terms ≈ HEAPS_K · √(Chinese characters) (Heaps' law, β = ½; K from the real issue 2023/01: 42,051
# characters, 15,430 terms). Over-estimates the synthetic bench archives, which recombine one issue's paragraphs
# and so stop finding new bigrams (1,000 documents: 27,057 terms) — the cheap side: smaller map files, the same
# requests. Figures: docs/search.md point 11.
HEAPS_K = 75
MAP_TERMS_PER_FILE = 200
MAP_FILES_MAX = 4096


def map_chunks(characters: int) -> int:
    """Number of map files for a language: the power of two (≤ 4096) that puts ≈100–200 terms (≈1 KB gzip) in a
    file, from the estimated number of distinct terms (the map's size is set by terms, not documents: one long
    document has thousands). search.js gets it from page_config; both derive it from the archive."""
    terms = HEAPS_K * characters ** 0.5
    n = 1
    while n * MAP_TERMS_PER_FILE < terms and n < MAP_FILES_MAX:
        n *= 2
    return n


def zh_characters(gazette: Gazette) -> int:
    """Characters of the Chinese titles and bodies: what map_chunks estimates the term count from (a sum over the
    model, 15 ms at 10,000 documents)."""
    return sum(len(d.text.title) + len(d.text.plain_text) for i in gazette.issues for d in i.documents)


def term_chunk(term: str, chunks: int) -> int:
    """FNV-1a (32 bit) of the ASCII term, modulo the chunk count (search-encoding.js mapChunk is the same)."""
    h = 0x811C9DC5
    for ch in term.encode("ascii"):
        h = ((h ^ ch) * 0x01000193) & 0xFFFFFFFF
    return h % chunks


def decade(year: int) -> int:
    return year - year % 10


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
            "map": map_chunks(zh_characters(gazette)) if lang == "zh" else 0,
            "decades": sorted({decade(y) for y in years}),
        }
    return out
