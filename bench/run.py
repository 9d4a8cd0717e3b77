#!/usr/bin/env python3
"""Build the same synthetic archive with this project, Hugo and Pelican; report ratios measured in this run.

    /work/main/.venv/bin/python bench/run.py                       # sizes 100,1000; 3 runs each
    /work/main/.venv/bin/python bench/run.py --sizes 100,1000,10000 --runs 3 --search-bytes

For each size: make the archive once (bench/make_archive.py), convert it for Hugo and Pelican
(bench/convert.py, untimed), then build it --runs times with each tool into a fresh output folder,
round-robin (ours, ours+search, hugo, pelican, ours, …). Every tool builds the same page kinds in both
interfaces (Chinese at /, Mongolian under /mn/); Hugo also writes ours' 文号 permalink pages and one data.json
per document, Pelican neither (bench/README.md). "ours" is our HTML build (`--no-search`), the one the
ratios compare; "ours+search" is the full build including the Pagefind index (its peak memory is the
whole build's). Our parse cache is removed before each of our builds, so every build is cold.
Each build runs in a fresh wrapper process that reports the wall time and ru_maxrss of RUSAGE_CHILDREN,
which covers the build and every descendant it waited for (e.g. pagefind). Medians are printed as a table
with ratios, and everything goes to bench/results/latest.json.
No timed assertions: the numbers are information, compared only within one invocation.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PROJECT_PY = ROOT / ".venv" / "bin" / "python"
PELICAN = HERE / ".venv-pelican" / "bin" / "pelican"
DEFAULT_OURS = f"{PROJECT_PY} {ROOT / 'build.py'} build --content {{content}} --out {{out}}"
TOOLS = ("ours", "ours+search", "hugo", "pelican")  # round-robin order
OURS = ("ours", "ours+search")  # our HTML build (ratios) and our full build with the search index
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

# Runs the command given as JSON in argv[1] and prints wall time, peak RSS of the largest process in its tree,
# and the peak of the whole tree's memory at any moment: the sum of PSS over every live descendant (forked
# workers' shared copy-on-write pages counted once, split between them), read from /proc/<pid>/smaps_rollup
# once a second (reading it costs ~12 ms per 500 MB process: sampled faster, the sampler itself would take a
# core from the build it measures), and the sum of RSS (an upper bound, /proc/<pid>/statm) every 0.1 s.
_WRAPPER = r"""
import json, os, resource, subprocess, sys, time
spec = json.loads(sys.argv[1])
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024

def tree(root):
    kids = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            kids.setdefault(ppid, []).append(int(name))
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo += kids.get(pid, [])
    return pids

def rss_kib(pid):
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE_KIB

def pss_kib(pid):
    with open(f"/proc/{pid}/smaps_rollup") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("Pss:"))

def tree_sum(pids, read):
    total = 0
    for pid in pids:
        try:
            total += read(pid)
        except (OSError, StopIteration, ValueError, IndexError):  # the process ended meanwhile
            pass
    return total

with open(spec["log"], "wb") as log:
    t = time.perf_counter()
    proc = subprocess.Popen(spec["cmd"], cwd=spec["cwd"], stdout=log, stderr=subprocess.STDOUT)
    pss = rss = 0
    tick = 0
    while proc.poll() is None:
        pids = tree(proc.pid)
        rss = max(rss, tree_sum(pids, rss_kib))
        if tick % 10 == 0:
            pss = max(pss, tree_sum(pids, pss_kib))
        tick += 1
        time.sleep(0.1)
    rc = proc.wait()
    wall = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall_s": wall, "maxrss_kib": ru.ru_maxrss, "tree_pss_kib": pss, "tree_rss_kib": rss,
                  "user_s": ru.ru_utime, "sys_s": ru.ru_stime}))
"""


def measure(cmd: list[str], cwd: Path, log: Path) -> dict:
    """Run cmd in a fresh wrapper process; return rc, wall_s, maxrss_kib (largest process in the tree)."""
    spec = json.dumps({"cmd": cmd, "cwd": str(cwd), "log": str(log)})
    out = subprocess.run([sys.executable, "-c", _WRAPPER, spec], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def tree_stats(site: Path) -> dict:
    """HTML pages written (outside pagefind/) and total bytes of the output."""
    pages = files = size = 0
    for dirpath, _dirnames, filenames in os.walk(site):
        for name in filenames:
            p = Path(dirpath, name)
            size += p.stat().st_size
            files += 1
            if name.endswith(".html") and "pagefind" not in Path(dirpath).relative_to(site).parts:
                pages += 1
    return {"pages": pages, "files": files, "bytes": size}


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else 0


def tail(path: Path, n: int = 12) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------- first search bytes


class _CountingHandler(SimpleHTTPRequestHandler):
    counts: dict  # path -> bytes sent (body only)

    def log_message(self, *args):  # quiet
        pass

    def copyfile(self, source, outputfile):
        n = 0
        while chunk := source.read(64 * 1024):
            outputfile.write(chunk)
            n += len(chunk)
        self.counts[self.path] = self.counts.get(self.path, 0) + n


def first_search_bytes(site: Path, query: str, url_path: str = "/search/?q={q}", settle_ms: int = 1500) -> dict:
    """Serve site on a free 127.0.0.1 port, load the search page with the query in headless Chromium (fresh
    context, no cache) and add up the response bodies. Returns totals counted by the browser (encoded
    bodies, Playwright's request.sizes()) and by the server (bytes written), and the per-file list."""
    from playwright.sync_api import sync_playwright  # project venv; the browser is the system Chromium

    counts: dict = {}
    handler = type("H", (_CountingHandler,), {"counts": counts})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    seen: list[dict] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context()
                page = context.new_page()

                def done(request):
                    try:
                        sizes = request.sizes()
                        seen.append({"url": request.url.split(str(port), 1)[-1],
                                     "body": sizes["responseBodySize"]})
                    except Exception as exc:  # a request torn down with the page
                        seen.append({"url": request.url, "body": 0, "error": str(exc)})

                page.on("requestfinished", done)
                url = f"http://127.0.0.1:{port}" + url_path.format(q=quote(query))
                t = time.perf_counter()
                resp = page.goto(url, wait_until="networkidle")
                page.wait_for_timeout(settle_ms)  # debounced search UIs query after a pause
                page.wait_for_load_state("networkidle")
                elapsed = time.perf_counter() - t
                status = resp.status if resp else None
                context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    pf = [s for s in seen if "/pagefind/" in s["url"]]
    return {
        "query": query, "status": status, "seconds": round(elapsed, 3),
        "browser_bytes": sum(s["body"] for s in seen), "browser_pagefind_bytes": sum(s["body"] for s in pf),
        "server_bytes": sum(counts.values()), "requests": len(seen),
        "files": sorted(seen, key=lambda s: -s["body"]),
    }


# --------------------------------------------------------------------------- builds


def out_dir(out: Path, tool: str) -> Path:
    return out / tool.replace("+", "-")


def tool_cmds(args, content: Path, sites: dict, out: Path) -> dict:
    def ours(tool: str) -> list[str]:
        cmd = [part.format(content=content, out=out_dir(out, tool), root=ROOT, python=PROJECT_PY)
               for part in shlex.split(args.ours_cmd)]
        return cmd + shlex.split(args.html_only_flag) if tool == "ours" else cmd

    # Pelican builds one language per run (no i18n_subsites plugin): the Chinese run, then the Mongolian
    # one into the same folder (pelicanconf_mn.py saves under mn/), timed as one command.
    pelican = [shlex.join([str(args.pelican), "content", "-s", conf, "-o", str(out_dir(out, "pelican")), "-q"])
               for conf in ("pelicanconf.py", "pelicanconf_mn.py")]
    return {
        "ours": (ours("ours"), ROOT),
        "ours+search": (ours("ours+search"), ROOT),
        "hugo": ([args.hugo, "--quiet", "--source", str(sites["hugo"]), "--destination", str(out_dir(out, "hugo")),
                  "--cacheDir", str(out / "hugo-cache")], sites["hugo"]),
        "pelican": (["/bin/sh", "-c", " && ".join(pelican)], sites["pelican"]),
    }


def ours_parse_cache(content: Path) -> Path:
    """Our parse cache for this content folder (gazette/content/parse_cache.py, a core/files.py CacheFolder: ROOT/.cache/parse/<sha256>)."""
    return ROOT / ".cache" / "parse" / hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:16]


def pagefind_cmd(site: Path, output: Path) -> list[str]:
    return [str(PROJECT_PY), "-m", "pagefind", "--site", str(site), "--output-path", str(output), "--silent"]


def _output_stats(args, dest: Path, tool: str, out: Path, work: Path, n: int, r: int) -> dict:
    """Pages and bytes of a tool's output, its own Pagefind folder, and (--pagefind) Pagefind over its HTML."""
    m = tree_stats(dest)
    own_pf = dest / "pagefind"
    m["own_pagefind_bytes"] = du(own_pf) if own_pf.is_dir() else None
    if args.pagefind and tool != "ours+search":  # Pagefind over this tool's HTML, separately timed
        pf = measure(pagefind_cmd(dest, out / "pf"), ROOT, work / f"pagefind-{tool}-{n}-run{r}.log")
        m["pagefind"] = {"rc": pf["rc"], "wall_s": pf["wall_s"], "maxrss_kib": pf["maxrss_kib"],
                         "bytes": du(out / "pf")}
    return m


def _tool_summary(ms: list[dict], failed: dict | None) -> dict:
    """A tool's runs at one size, with medians (and why it failed, if it did)."""
    entry: dict = {"runs": ms}
    if failed is not None:
        entry["failed"] = failed
    if ms:
        entry.update({
            "median_s": median([m["wall_s"] for m in ms]),
            "median_maxrss_mib": median([m["maxrss_kib"] / 1024 for m in ms]),
            "median_tree_mib": median([m.get("tree_pss_kib", 0) / 1024 for m in ms]),
            "median_tree_rss_mib": median([m.get("tree_rss_kib", 0) / 1024 for m in ms]),
            "pages": ms[-1]["pages"], "output_bytes": ms[-1]["bytes"],
            "own_pagefind_bytes": ms[-1]["own_pagefind_bytes"],
        })
        if all("pagefind" in m and m["pagefind"]["rc"] == 0 for m in ms):
            entry["pagefind_median_s"] = median([m["pagefind"]["wall_s"] for m in ms])
            entry["pagefind_median_maxrss_mib"] = median([m["pagefind"]["maxrss_kib"] / 1024 for m in ms])
            entry["pagefind_bytes"] = ms[-1]["pagefind"]["bytes"]
    return entry


def run_size(args, n: int, work: Path) -> dict:
    res: dict = {"docs": n, "tools": {}}
    content = work / f"content-{n}"
    t = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "make_archive.py"), "--docs", str(n), "--out", str(content),
                    "--source", str(args.source), "--force"], check=True)
    res["make_archive_s"] = round(time.perf_counter() - t, 3)
    res["content_bytes"] = du(content)
    sites = {}
    sys.path.insert(0, str(HERE))
    import convert  # noqa: E402  (bench/convert.py, needs PyYAML)
    for tool, fn in (("hugo", convert.to_hugo), ("pelican", convert.to_pelican)):
        t = time.perf_counter()
        sites[tool] = work / f"{tool}-site-{n}"
        fn(content, sites[tool])
        res[f"convert_{tool}_s"] = round(time.perf_counter() - t, 3)
    out = work / f"out-{n}"
    tools = [t for t in TOOLS if t in args.tools]
    runs: dict = {t: [] for t in tools}
    failed: dict = {}
    parse_cache = ours_parse_cache(content)
    for r in range(args.runs):
        for tool in tools:
            if tool in failed:
                continue
            cmd, cwd = tool_cmds(args, content, sites, out)[tool]
            dest = out_dir(out, tool)
            for d in (dest, out / "hugo-cache", out / "pf") + ((parse_cache,) if tool in OURS else ()):
                shutil.rmtree(d, ignore_errors=True)  # every build cold, into an empty folder
            out.mkdir(parents=True, exist_ok=True)
            log = work / f"{tool.replace('+', '-')}-{n}-run{r}.log"
            try:
                os.sync()  # the previous build's output is on disk before this one starts (writeback is not charged to it)
                m = measure(cmd, cwd, log)
            except (subprocess.CalledProcessError, json.JSONDecodeError) as exc:
                m = {"rc": -1, "error": str(exc)}
            if tool in OURS and m["rc"] == 0 and not parse_cache.is_dir() and "parse_cache_warning" not in res:
                res["parse_cache_warning"] = f"our parse cache was not at {parse_cache}: runs after the first may be warm"
                print(f"  warning: {res['parse_cache_warning']}", file=sys.stderr)
            if m["rc"] != 0:
                failed[tool] = {"rc": m["rc"], "cmd": cmd, "log_tail": tail(log) or m.get("error", "")}
                print(f"  {tool} @ {n}: FAILED (rc={m['rc']}); further runs skipped.\n    cmd: {shlex.join(cmd)}\n"
                      + "".join(f"    | {line}\n" for line in failed[tool]["log_tail"].splitlines()),
                      file=sys.stderr)
                continue
            m.update(_output_stats(args, dest, tool, out, work, n, r))
            runs[tool].append(m)
            pfs = f" + pagefind {m['pagefind']['wall_s']:.2f}s" if "pagefind" in m else ""
            print(f"  {tool:11} @ {n:>6}: run {r + 1}/{args.runs} {m['wall_s']:7.2f}s{pfs}  "
                  f"{m['maxrss_kib'] / 1024:7.1f} MiB (tree {m.get('tree_pss_kib', 0) / 1024:.1f})  {m['pages']} pages", file=sys.stderr)
    for tool in tools:
        res["tools"][tool] = _tool_summary(runs[tool], failed.get(tool))
    if "ours" in runs and runs["ours"] and args.edit:
        res["edit"] = edit_rebuilds(args, content, sites, out, work, n)
    shutil.rmtree(parse_cache, ignore_errors=True)  # leave nothing of ours in the project's .cache/parse
    if args.search_bytes:
        site = out_dir(out, "ours+search")
        if runs.get("ours+search") and (site / "pagefind").is_dir():
            try:
                res["first_search"] = first_search_bytes(site, args.query)
            except Exception as exc:  # the search page is someone else's work in progress
                res["first_search"] = {"error": f"{type(exc).__name__}: {exc}"}
        else:
            res["first_search"] = {"error": f"no {site}/pagefind (ours+search failed, not run, or built no index)"}
    return res


def newest_document(content: Path) -> Path:
    """The first Chinese document of the newest issue folder (content/<year>/<nn>/pNNN.md)."""
    folder = max(p for p in content.glob("*/*") if p.is_dir() and p.parent.name.isdigit())
    return min(p for p in folder.glob("p*.md") if not p.name.endswith(".mn.md"))


def edit_rebuilds(args, content: Path, sites: dict, out: Path, work: Path, n: int) -> dict:
    """What an editor's rebuild costs: one document of the newest issue gets a new sentence, then 'ours' builds
    again into the folder of its last cold build (its render cache in place, the parse cache warm), --runs
    times, each time a different sentence. The document is restored afterwards."""
    cmd, cwd = tool_cmds(args, content, sites, out)["ours"]
    doc = newest_document(content)
    original = doc.read_bytes()
    ms = []
    try:
        for r in range(args.runs):
            doc.write_bytes(original + f"\n\n编辑测试第{r + 1}次。\n".encode())
            log = work / f"ours-edit-{n}-run{r}.log"
            os.sync()
            m = measure(cmd + ["-v"], cwd, log)
            found = re.search(r"(\d+) 个重新生成 made, (\d+) 个未变 unchanged", log.read_text(encoding="utf-8", errors="replace"))
            m["rendered"], m["unchanged"] = (int(found[1]), int(found[2])) if found else (None, None)
            ms.append(m)
            print(f"  ours edit   @ {n:>6}: run {r + 1}/{args.runs} {m['wall_s']:7.2f}s  rendered {m['rendered']}, "
                  f"unchanged {m['unchanged']}", file=sys.stderr)
    finally:
        doc.write_bytes(original)
    ok = [m for m in ms if m["rc"] == 0]
    return {"document": doc.relative_to(content).as_posix(), "runs": ms,
            "median_s": median([m["wall_s"] for m in ok]) if ok else None,
            "rendered": ok[-1]["rendered"] if ok else None, "unchanged": ok[-1]["unchanged"] if ok else None}


# --------------------------------------------------------------------------- report


def _fmt(v, spec=".2f", none="—"):
    return none if v is None else format(v, spec)


def _ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def _get(tools: dict, tool: str, key: str):
    return tools.get(tool, {}).get(key)


def _per_page(tools: dict, tool: str):
    s = _get(tools, tool, "median_s")
    return None if s is None else s / max(1, _get(tools, tool, "pages"))


def report(results: list[dict]) -> str:
    lines = ["", ("Build, both interfaces (zh at /, mn at /mn/): median wall time, peak RSS of the largest process "
                  "in the build's tree (MiB), peak memory of the whole tree at any moment (tree MiB: PSS summed over "
                  "all live processes, sampled every second; RSS sum: the same with RSS, an upper bound, every 0.1 s), "
                  "HTML pages written"),
             f"{'docs':>6} {'tool':11} {'time s':>8} {'MiB':>7} {'tree MiB':>8} {'RSS sum':>8} {'pages':>6} {'ms/page':>8} {'pagefind s':>10}"]
    for res in results:
        for tool, e in res["tools"].items():
            if "median_s" not in e:
                lines.append(f"{res['docs']:>6} {tool:11} {'failed (rc=' + str(e['failed']['rc']) + ')':>8}")
                continue
            lines.append(f"{res['docs']:>6} {tool:11} {e['median_s']:8.2f} {e['median_maxrss_mib']:7.1f} "
                         f"{e.get('median_tree_mib', 0):8.1f} {e.get('median_tree_rss_mib', 0):8.1f} {e['pages']:6d} {1000 * e['median_s'] / max(1, e['pages']):8.2f} "
                         f"{_fmt(e.get('pagefind_median_s')):>10}")
    lines += ["",
              ("Ratios measured in this run (time; memory in brackets). ours/Hugo: >1 means ours is slower; "
               "Pelican/ours: >1 means ours is faster."),
              "Issue 9's target is about the HTML build, row 'ours' (--no-search); 'ours+search' includes the index.",
              (f"{'docs':>6} {'ours row':11} {'ours/Hugo':>16} {'Pelican/ours':>16} {'per page ours/Hugo':>19} "
               f"{'per page Pel/ours':>18}")]
    for res in results:
        t = res["tools"]
        for ours in (o for o in OURS if o in t):
            oh = _ratio(_get(t, ours, "median_s"), _get(t, "hugo", "median_s"))
            po = _ratio(_get(t, "pelican", "median_s"), _get(t, ours, "median_s"))
            ohm = _ratio(_get(t, ours, "median_maxrss_mib"), _get(t, "hugo", "median_maxrss_mib"))
            pom = _ratio(_get(t, "pelican", "median_maxrss_mib"), _get(t, ours, "median_maxrss_mib"))
            lines.append(f"{res['docs']:>6} {ours:11} {_fmt(oh) + ' (' + _fmt(ohm) + ')':>16} "
                         f"{_fmt(po) + ' (' + _fmt(pom) + ')':>16} "
                         f"{_fmt(_ratio(_per_page(t, ours), _per_page(t, 'hugo'))):>19} "
                         f"{_fmt(_ratio(_per_page(t, 'pelican'), _per_page(t, ours))):>18}")
    edits = [r for r in results if (r.get("edit") or {}).get("median_s") is not None]
    if edits:
        lines += ["", ("Rebuild after editing one document (ours, --no-search, into the last cold build's folder: "
                       "render cache in place, parse cache warm): median wall time, files rendered / taken unchanged, "
                       "and the time against the cold build measured in this run")]
        for r in edits:
            e, cold = r["edit"], _get(r["tools"], "ours", "median_s")
            lines.append(f"{r['docs']:>6} {e['document']:18} {e['median_s']:8.2f} s  rendered {e['rendered']}, "
                         f"unchanged {e['unchanged']}  edit/cold {_fmt(_ratio(e['median_s'], cold))}")
    lines += ["", "Pelican/Hugo (baselines against each other): " + ", ".join(
        f"{r['docs']}: {_fmt(_ratio(r['tools'].get('pelican', {}).get('median_s'), r['tools'].get('hugo', {}).get('median_s')))}"
        for r in results)]
    pf_lines = []
    for res in results:
        o = res["tools"].get("ours", {})
        osr = res["tools"].get("ours+search", {})
        if osr.get("own_pagefind_bytes") or o.get("pagefind_median_s") is not None or "first_search" in res:
            fs = res.get("first_search") or {}
            fs_text = (f"first search '{fs['query']}': {fs['browser_bytes']:,} B by the browser "
                       f"({fs['browser_pagefind_bytes']:,} B under /pagefind/), {fs['server_bytes']:,} B sent by the "
                       f"server, {fs['requests']} requests, HTTP {fs['status']}" if "browser_bytes" in fs
                       else f"first search: {fs.get('error', 'not measured (--search-bytes)')}")
            pf_lines.append(f"{res['docs']:>6}: ours+search's own pagefind/ "
                            f"{_fmt(osr.get('own_pagefind_bytes'), ',d', 'absent')} B, its index costs "
                            f"{_fmt(_ratio(osr.get('median_s'), o.get('median_s')), '.2f')}× the HTML build's time; "
                            f"standalone pagefind over ours' HTML {_fmt(o.get('pagefind_median_s'))} s, "
                            f"{_fmt(o.get('pagefind_bytes'), ',d')} B; {fs_text}")
    if pf_lines:
        lines += ["", "Search (Pagefind)"] + pf_lines
    return "\n".join(lines)


def versions(args) -> dict:
    def first_line(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip().splitlines()[0]
        except Exception as exc:
            return f"unavailable: {exc}"
    return {
        "python": sys.version.split()[0], "machine": platform.platform(), "cpus": os.cpu_count(),
        "hugo": first_line([args.hugo, "version"]),
        "pelican": first_line([str(args.pelican), "--version"]),
        "pagefind": first_line(pagefind_cmd(Path("."), Path("."))[:3] + ["--version"]),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000", help="archive sizes in documents, comma-separated")
    ap.add_argument("--runs", type=int, default=3, help="builds per tool and size (median reported)")
    ap.add_argument("--tools", default=",".join(TOOLS), help="any of %(default)s")
    ap.add_argument("--html-only-flag", default="--no-search",
                    help="appended to --ours-cmd for the 'ours' row, our HTML-only build (default: %(default)s)")
    ap.add_argument("--ours-cmd", default=DEFAULT_OURS,
                    help="our build command; {content} {out} {root} {python} are filled in (default: %(default)s)")
    ap.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    ap.add_argument("--pelican", type=Path, default=PELICAN)
    ap.add_argument("--no-pagefind", dest="pagefind", action="store_false",
                    help="skip the standalone Pagefind run over each tool's output")
    ap.add_argument("--no-edit", dest="edit", action="store_false",
                    help="skip the rebuilds after editing one document (ours, after its cold builds)")
    ap.add_argument("--search-bytes", action="store_true",
                    help="load ours' /search/?q=QUERY in headless Chromium and add up the bytes fetched")
    ap.add_argument("--search-site", type=Path, help="only measure first-search bytes of this built site")
    ap.add_argument("--query", default="稀土")
    ap.add_argument("--source", type=Path, help="issue 128 for make_archive.py (default: content/2023/01 if it "
                    "exists, else shared/source/000_*.txt), fixed once for all sizes")
    ap.add_argument("--work", type=Path, help="keep archives, sites and logs here (default: a temp folder)")
    ap.add_argument("--json", type=Path, default=HERE / "results" / "latest.json")
    args = ap.parse_args(argv)
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    if unknown := [t for t in args.tools if t not in TOOLS]:
        ap.error(f"unknown tool(s) {', '.join(unknown)}; choose from {', '.join(TOOLS)}")

    if args.search_site:
        print(json.dumps(first_search_bytes(args.search_site, args.query), ensure_ascii=False, indent=1))
        return 0
    if "hugo" in args.tools and not shutil.which(args.hugo):
        ap.error("hugo not found: apt-get install hugo (or --tools ours,ours+search,pelican)")
    if "pelican" in args.tools and not args.pelican.exists():
        ap.error(f"{args.pelican} not found: python3 -m venv bench/.venv-pelican && "
                 "bench/.venv-pelican/bin/pip install pelican==4.12.0 markdown")
    sys.path.insert(0, str(HERE))
    import make_archive  # noqa: E402
    args.source = (args.source or make_archive.default_source()).resolve()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="gazette-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work}", file=sys.stderr)
    results = [run_size(args, n, work) for n in sizes]
    text = report(results)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    doc = {"when": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "argv": sys.argv[1:], "ours_cmd": args.ours_cmd,
           "source": str(args.source),
           "runs": args.runs, "versions": versions(args), "results": results, "report": text}
    args.json.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"\nwrote {args.json}", file=sys.stderr)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
