#!/usr/bin/env python3
"""What the citation graph (issue 21, gazette/content/graph.py) costs in a build, timed step by step.

    python bench/make_archive.py --docs 10000 --out /dev/shm/arch10k          # documents cite earlier ones
    .venv/bin/python bench/graph_cost.py --content /dev/shm/arch10k --build-out /dev/shm/site10k

The archive is loaded once (as `build` does, parse cache included), then each piece of work the graph adds is
timed on its own, in one process: making the graph (every document's citations and relations); its page
inputs (part of the render-cache keys of both interfaces' document pages and of data.json); the JSON lists of
data.json and catalogue.json; the views' part (citations put back into bodies and titles as links or external
marks, the relations lists) for every document page of both interfaces; the 文号 index's external numbers; the
search records' statuses. With --build-out, a cold `build.py build` of the same archive (a fresh output folder
and parse cache) gives the total the sum is compared with. In a build the view and JSON parts run in the render
workers, spread over the cores; here they are serial, so the share is an upper bound.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazette.content.config import load_config  # noqa: E402
from gazette.content.graph import CitationGraph  # noqa: E402
from gazette.content.load import _cache, load_gazette  # noqa: E402
from gazette.outputs.catalogue import links_record  # noqa: E402
from gazette.pages.i18n import make_uis  # noqa: E402
from gazette.pages.views import _Planner  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--content", type=Path, required=True)
    ap.add_argument("--build-out", type=Path, help="also time a cold build into this folder (replaced)")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    config, _ = load_config(ROOT, None, args.content.resolve())
    total = None
    if args.build_out:
        shutil.rmtree(args.build_out, ignore_errors=True)
        shutil.rmtree(_cache(config).path, ignore_errors=True)  # cold: no parse cache (no site: no render cache)
        total, run = timed(lambda: subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(args.content),
                                                   "--out", str(args.build_out), "-j", str(args.jobs), "-q"], capture_output=True, text=True))
        if run.returncode:
            print(run.stderr[-2000:], file=sys.stderr)
            return 1
    load_s, (gazette, _) = timed(lambda: load_gazette(config, args.jobs))
    docs = gazette.documents
    uis = make_uis(config)
    steps = {}
    steps["graph"], graph = timed(lambda: CitationGraph(config, gazette))
    steps["page inputs (3 keys per document)"], _ = timed(lambda: [graph.page_inputs(d) for d in docs for _ in range(3)])
    steps["data.json/catalogue lists (×2)"], _ = timed(lambda: [links_record(config, graph, d) for d in docs for _ in range(2)])
    planners = [_Planner(config, gazette, uis["zh"], uis["mn"], {}), _Planner(config, gazette, uis["mn"], uis["zh"], {})]
    for p in planners:
        p.graph = graph

    def views():
        for p in planners:
            for d in docs:
                p.relations(d)
                p.body(d.text, d)
                p.with_citations(d.title, d)

    steps["page views: bodies, titles, relations (both interfaces)"], _ = timed(views)
    steps["文号 index: external numbers (both)"], _ = timed(lambda: [p.external_numbers() for p in planners])
    steps["search statuses"], _ = timed(lambda: [graph.status(d.doc_number) for d in docs])
    cites = sum(len(v) for v in graph.cites.values())
    print(f"{len(docs)} documents, {cites} citations, {len(graph.external())} cited numbers not in the archive, "
          f"{sum(len(v) for v in graph.changes.values())} relations; loading {load_s:.2f} s (parse cache warm)")
    added = sum(steps.values())
    for name, s in steps.items():
        print(f"  {name:58s} {s:7.3f} s")
    print(f"  {'sum (serial)':58s} {added:7.3f} s")
    if total is not None:
        print(f"cold build (-j {args.jobs}): {total:.1f} s; graph work {added:.2f} s = {100 * added / total:.1f} % of it "
              f"(serial sum; the view and JSON parts run in the {args.jobs} render workers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
