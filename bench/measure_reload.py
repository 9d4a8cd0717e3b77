#!/usr/bin/env python3
"""Save → reloaded page for `build.py serve`, measured in headless Chromium (docs/编辑指南.md §7).

    .venv/bin/python bench/measure_reload.py http://127.0.0.1:PORT/ CONTENT/2023/01/p031.md 2023/01/p031/ 7

Writes a marker at the start of the body, times until the open page shows it, restores the file."""
import json
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from support import CHROMIUM, CHROMIUM_ARGS

base, doc_file, page_path, runs = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 5
def status():
    return json.loads(urllib.request.urlopen(base + "__serve__/status").read())
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    pg = b.new_page()
    pg.goto(base + page_path)
    pg.wait_for_timeout(1500)
    results = []
    for i in range(runs):
        marker = f"测量标记{i}x{int(time.time())}"
        text = doc_file.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n---\n")
        t0 = time.perf_counter()
        doc_file.write_text(head + sep + marker + "\n\n" + body, encoding="utf-8")
        pg.wait_for_function(f"document.body && document.body.innerText.includes({json.dumps(marker)})", timeout=120000, polling=20)
        dt = time.perf_counter() - t0
        st = status()["last"]
        results.append(dt)
        print(f"run {i}: save→reloaded page {dt*1000:.0f} ms; rebuild {st['seconds']*1000:.0f} ms {json.dumps({k: round(v*1000) for k, v in st['timings'].items()})} files {len(st['written'])}")
        doc_file.write_text(text, encoding="utf-8")
        pg.wait_for_function(f"!document.body.innerText.includes({json.dumps(marker)})", timeout=120000, polling=20)
        pg.wait_for_timeout(500)
    results.sort()
    print(f"median {results[len(results)//2]*1000:.0f} ms, min {results[0]*1000:.0f}, max {results[-1]*1000:.0f}")
    b.close()
