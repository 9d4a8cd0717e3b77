"""Deflate level of the issue zips, measured (issue 20): every zip of a built site re-made from its own
members at each level, in one process, same order; total time and bytes per level, as ratios to level 1
(what gazette/outputs/manifest.py uses).

    .venv/bin/python bench/zip_level.py site/ [--levels 0,1,3,6,9] [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
import zipfile
from pathlib import Path


def members(site: Path) -> list[list[tuple[zipfile.ZipInfo, bytes]]]:
    """Each issue zip's entries with their bytes (read once, before timing)."""
    zips = []
    for path in sorted(site.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/gazette-*.zip")):
        with zipfile.ZipFile(path) as z:
            zips.append([(info, z.read(info)) for info in z.infolist()])
    return zips


def remake(entries: list[tuple[zipfile.ZipInfo, bytes]], level: int) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for info, data in entries:
            copy = zipfile.ZipInfo(info.filename, info.date_time)
            copy.compress_type = zipfile.ZIP_STORED if level == 0 else zipfile.ZIP_DEFLATED
            copy.external_attr = info.external_attr
            z.writestr(copy, data, compresslevel=None if level == 0 else level)
    return len(buffer.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--levels", default="0,1,3,6,9")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    zips = members(args.site)
    if not zips:
        print(f"no issue zips under {args.site}", file=sys.stderr)
        return 1
    levels = [int(x) for x in args.levels.split(",")]
    results = {}
    for level in levels:
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            size = sum(remake(entries, level) for entries in zips)
            times.append(time.perf_counter() - start)
        results[level] = (statistics.median(times), size)
    base_time, base_size = results.get(1, results[levels[0]])
    raw = sum(len(data) for entries in zips for _, data in entries)
    print(f"{len(zips)} issue zips, {raw / 1e6:.1f} MB of members; median of {args.runs} runs, one process")
    print(f"{'level':>5} {'time s':>8} {'× lvl 1':>8} {'MB':>8} {'× lvl 1':>8}")
    for level, (seconds, size) in results.items():
        print(f"{level:>5} {seconds:8.2f} {seconds / base_time:8.2f} {size / 1e6:8.1f} {size / base_size:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
