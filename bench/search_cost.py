#!/usr/bin/env python3
"""What search costs (issue 6): index bytes and first-search bytes, bigram records vs. plain Chinese.

    .venv/bin/python bench/search_cost.py --content content                       # issue 128
    python bench/make_archive.py --docs 10000 --out /tmp/arch10k
    .venv/bin/python bench/search_cost.py --content /tmp/arch10k --variants bigram  # 10,000 documents

For each variant the archive is built in-process into a temp folder (`plain` swaps the bigram encoder for
the identity, i.e. stock Pagefind word segmentation of the same records), then:
- index bytes: the files under site/pagefind/ by part (index chunks, fragments, filters, meta, runtime);
- first search: bench/run.py's first_search_bytes (fresh headless Chromium, /search/?q=QUERY, bytes of
  every response body, uncompressed: the test server sends no compression), for each --query.
Peak RSS of the Pagefind subprocess is reported (ru_maxrss of children).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from gazette.build.pipeline import build  # noqa: E402
from gazette.content.config import load_config  # noqa: E402
from gazette.search import index as search  # noqa: E402
from gazette.search import records as search_records  # noqa: E402


def measure(content: Path, variant: str, queries: list[str], keep: Path | None) -> dict:
    config, _ = load_config(ROOT, content=content)
    original = search_records.encode_zh
    if variant == "plain":
        search_records.encode_zh = lambda text: text
    work = Path(tempfile.mkdtemp(prefix=f"search-cost-{variant}-")) if keep is None else keep / variant
    site = work / "site"
    try:
        t = time.perf_counter()
        build(config, site)
        seconds = time.perf_counter() - t
    finally:
        search_records.encode_zh = original
    parts = search.stats(site / "pagefind").bytes
    out = {"variant": variant, "build_seconds": round(seconds, 2), "pagefind_bytes": parts,
           "search_data_bytes": sum(v for k, v in parts.items() if k != "runtime"),
           "pagefind_peak_rss_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "site": str(site)}
    from run import first_search_bytes  # bench/run.py (Playwright + system Chromium)

    out["first_search"] = {}
    for q in queries:
        fs = first_search_bytes(site, q)
        out["first_search"][q] = {
            "browser_bytes": fs["browser_bytes"], "pagefind_bytes": fs["browser_pagefind_bytes"],
            "requests": fs["requests"],
            "index_and_fragments": sum(f["body"] for f in fs["files"] if "/index/" in f["url"] or "/fragment/" in f["url"]),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", type=Path, default=ROOT / "content")
    ap.add_argument("--variants", default="bigram,plain")
    ap.add_argument("--query", action="append", help="default: 稀土, 共享单车, 包府办发〔2023〕9号")
    ap.add_argument("--keep", type=Path, help="keep the built sites under this folder")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    queries = args.query or ["稀土", "共享单车", "包府办发〔2023〕9号"]
    results = [measure(args.content.resolve(), v, queries, args.keep) for v in args.variants.split(",")]
    text = json.dumps(results, ensure_ascii=False, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
