#!/usr/bin/env python3
"""Search quality at scale (issue 15): does the search page put the document a reader means first?

    python3 bench/make_archive.py --docs 10000 --out /dev/shm/a10k
    .venv/bin/python build.py build --content /dev/shm/a10k --out /dev/shm/s10k -q
    .venv/bin/python bench/search_quality.py --content /dev/shm/a10k --site /dev/shm/s10k --per-band 10

Queries are drawn (seeded) from the archive itself, the same number from the oldest, middle and newest third
of its documents (by date), in five kinds: a complete 文号 in one of five spellings; a dated full title
(`1992年包头市人民政府工作报告`, `1992年12月政府大事记`, dated office notices); an undated full title that no other
document has; a body phrase of 8–12 characters that occurs in exactly one document; a common word. Each query is
a first search in a fresh browser context (headless Chromium, /usr/bin/chromium) against a plain static
server (python http.server in a thread): the page's own UI, `search/?q=…`, as a reader opens it.

Reported per kind and age band: recall@1 and recall@3 (the target among the first 1 / 3 results shown; for
文号 @1 means first AND alone), median and p90 time to the first result shown and to the search being done
(performance.now() from navigation start), median bytes the server sent (raw) and the same with the text
files (HTML, CSS, JS, JSON) gzip-compressed as most servers send them (Pagefind's own files and ours are
already gzip inside). Common words have no target: recall there is "every result shown contains the word".
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import random
import re
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
COMMON = ["包头市", "营商环境", "稀土", "高质量发展", "工作报告", "实施意见", "生态环境", "基础设施", "人民政府", "通知"]
TEXT_TYPES = (".html", ".css", ".js", ".json", "/")


class Counter(http.server.SimpleHTTPRequestHandler):
    """Static files; counts bytes sent, raw and as gzip would send the text files."""

    stats = {"raw": 0, "gzip": 0, "requests": 0}
    lock = threading.Lock()

    def log_message(self, *args) -> None:
        pass

    def copyfile(self, source, outputfile) -> None:
        data = source.read()
        outputfile.write(data)
        path = self.path.split("?")[0]
        zipped = len(gzip.compress(data, 6)) if path.endswith(TEXT_TYPES) else len(data)
        with self.lock:
            self.stats["raw"] += len(data)
            self.stats["gzip"] += zipped
            self.stats["requests"] += 1


def load_docs(content: Path):
    from gazette.content.config import load_config
    from gazette.content.load import load_gazette

    config, _ = load_config(ROOT, content=content)
    gazette, _ = load_gazette(config)
    return [(f"/{d.year}/{d.issue_number:02d}/{d.slug}/", d) for d in gazette.documents]


def full_text(doc) -> str:
    return "\n".join(x for x in (doc.title, doc.subtitle, doc.author, doc.doc_number, doc.text.plain_text) if x)


def spellings(number: str, k: int) -> str:
    agency, year, seq = re.match(r"^(.+)〔(\d{4})〕(\d+)号$", number).groups()
    wide = lambda s: s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [number, f"{agency}[{year}]{seq}号", f"{agency}({year}){seq}号", f"{agency}（{wide(year)}）{wide(seq)}号",
            f"{agency}{year}{seq}号"][k % 5]


def make_queries(docs, per_band: int, seed: int) -> list[dict]:
    rnd = random.Random(seed)
    ordered = sorted(docs, key=lambda x: (x[1].year, x[1].issue_number, x[0]))
    n = len(ordered)
    bands = {"oldest": ordered[: n // 3], "middle": ordered[n // 3: 2 * n // 3], "newest": ordered[2 * n // 3:]}
    title_count: dict[str, int] = {}
    for _, d in docs:
        title_count[d.title] = title_count.get(d.title, 0) + 1
    texts = [full_text(d) for _, d in docs]
    out = []
    for band, members in bands.items():
        pick = lambda pred, members=members: [x for x in rnd.sample(members, len(members)) if pred(x[1])]
        for i, (url, d) in enumerate(pick(lambda d: bool(d.doc_number))[:per_band]):
            out.append({"kind": "文号", "band": band, "q": spellings(d.doc_number, i), "target": url})
        for url, d in pick(lambda d: re.match(r"^\d{4}年", d.title) is not None)[:per_band]:
            out.append({"kind": "dated title", "band": band, "q": d.title, "target": url})
        for url, d in pick(lambda d: not re.search(r"\d{4}年", d.title) and title_count[d.title] == 1)[:per_band]:
            out.append({"kind": "undated title", "band": band, "q": d.title, "target": url})
        phrases = 0
        for url, d in pick(lambda d: True):
            if phrases >= per_band:
                break
            sentences = [s.strip() for s in re.split(r"[。；！？\n]", d.text.plain_text) if len(re.sub(r"\s", "", s)) >= 12]
            for _ in range(12 if sentences else 0):  # a few random windows of random sentences of this document
                s = rnd.choice(sentences)
                k = rnd.randint(8, 12)
                a = rnd.randint(0, len(s) - k)
                phrase = s[a:a + k]
                # A reader types a number whole; a window that cuts one (…等7 of 等78, 12〕 of 2012〕) asks for
                # another number, which by design must not match (numbers match exactly).
                cuts_number = (a > 0 and s[a - 1].isdigit() and phrase[:1].isdigit()) or \
                              (a + k < len(s) and s[a + k].isdigit() and phrase[-1:].isdigit())
                if len(phrase) == k and not cuts_number and not re.search(r"\s", phrase) and sum(phrase in t for t in texts) == 1:
                    out.append({"kind": "body phrase", "band": band, "q": phrase, "target": url})
                    phrases += 1
                    break
    for word in COMMON:
        out.append({"kind": "common word", "band": "all", "q": word, "target": None})
    return out


TIMING = """(() => {
  window.__t = {};
  new MutationObserver(() => {
    const list = document.querySelector('.search-results'), root = document.getElementById('search');
    if (list && list.children.length && !window.__t.first) window.__t.first = performance.now();
    if (root && root.dataset.state === 'done' && !window.__t.done && (list && list.children.length || document.getElementById('search-status').textContent)) window.__t.done = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state']});
})()"""


def run(site: Path, queries: list[dict], texts: dict) -> list[dict]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Counter, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", random.Random().randint(20000, 60000)), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for q in queries:
                context = browser.new_context()
                page = context.new_page()
                refused = []
                page.on("requestfailed", lambda r, refused=refused: refused.append(r.failure or ""))
                page.add_init_script(TIMING)
                with Counter.lock:
                    Counter.stats.update(raw=0, gzip=0, requests=0)
                page.goto(base + "search/?q=" + quote(q["q"]))
                page.wait_for_function("() => ['done', 'error'].includes(document.getElementById('search').dataset.state) && window.__t.done", timeout=120_000)
                shown = page.eval_on_selector_all(".search-result-title a", "els => els.map(e => e.getAttribute('href'))")
                status = page.inner_text("#search-status")
                t = page.evaluate("window.__t")
                time.sleep(0.05)
                with Counter.lock:
                    stats = dict(Counter.stats)
                if q["target"]:
                    ok1 = shown[:1] == [q["target"]] and (q["kind"] != "文号" or (len(shown) == 1 and "找到 1 篇" in status))
                    ok3 = q["target"] in shown[:3]
                else:
                    ok1 = ok3 = bool(shown) and all(q["q"] in texts.get(u, "") for u in shown)
                results.append({**q, "shown": shown, "status": status, "at1": ok1, "at3": ok3,
                                "t_first": t.get("first"), "t_done": t.get("done"), "failed": page.locator(".search-failed").is_visible(),
                                "refused": refused, **stats})
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def summary(results: list[dict]) -> list[dict]:
    rows = []
    groups: dict[tuple, list] = {}
    for r in results:
        groups.setdefault((r["kind"], r["band"]), []).append(r)
        groups.setdefault((r["kind"], "all"), []).append(r) if r["band"] != "all" else None
    p90 = lambda xs: sorted(xs)[max(0, int(round(0.9 * len(xs))) - 1)] if xs else None
    for (kind, band), rs in groups.items():
        first = [r["t_first"] or r["t_done"] for r in rs if r["t_done"]]
        done = [r["t_done"] for r in rs if r["t_done"]]
        rows.append({
            "kind": kind, "band": band, "n": len(rs),
            "recall@1": sum(r["at1"] for r in rs) / len(rs), "recall@3": sum(r["at3"] for r in rs) / len(rs),
            "first_ms_median": round(statistics.median(first)) if first else None, "first_ms_p90": round(p90(first)) if first else None,
            "done_ms_median": round(statistics.median(done)) if done else None, "done_ms_p90": round(p90(done)) if done else None,
            "bytes_median": round(statistics.median(r["raw"] for r in rs)), "gzip_bytes_median": round(statistics.median(r["gzip"] for r in rs)),
            "requests_median": round(statistics.median(r["requests"] for r in rs)),
            "failed_or_refused": sum(bool(r["failed"] or r["refused"]) for r in rs),
        })
    order = ["文号", "dated title", "undated title", "body phrase", "common word"]
    return sorted(rows, key=lambda r: (order.index(r["kind"]), ["oldest", "middle", "newest", "all"].index(r["band"])))


def table(rows: list[dict], docs: int) -> str:
    out = [f"| {docs:,} docs: kind | band | n | recall@1 | recall@3 | first result median / p90 ms | done median / p90 ms | bytes median (raw / gzip) | requests |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['kind']} | {r['band']} | {r['n']} | {r['recall@1']:.0%} | {r['recall@3']:.0%} | {r['first_ms_median']} / {r['first_ms_p90']} | "
                   f"{r['done_ms_median']} / {r['done_ms_p90']} | {r['bytes_median']:,} / {r['gzip_bytes_median']:,} | {r['requests_median']} |")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--content", type=Path, required=True, help="the archive (bench/make_archive.py output)")
    ap.add_argument("--site", type=Path, required=True, help="the site built from it")
    ap.add_argument("--per-band", type=int, default=10, help="queries per kind and age band")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--json", type=Path, help="write every query's result here")
    args = ap.parse_args()
    docs = load_docs(args.content.resolve())
    queries = make_queries(docs, args.per_band, args.seed)
    texts = {u: full_text(d) for u, d in docs}
    results = run(args.site.resolve(), queries, texts)
    rows = summary(results)
    print(table(rows, len(docs)))
    misses = [(r["kind"], r["band"], r["q"], r["target"], r["shown"][:3], r["status"]) for r in results if not r["at3"]]
    for m in misses[:20]:
        print("miss:", *m, file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"summary": rows, "results": results}, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
