"""Accessibility test helpers (docs/accessibility.md): the list of pages of a built site with their page
type, axe-core runs, and in-browser measurements (horizontal overflow, clipped or overlapping text, focus).

Everything runs in Debian's Chromium through Playwright; axe-core and the Nu HTML Checker come from the npm
packages `.ci/setup` installs into .cache/npm (never downloaded by the tests).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from support import ROOT, serve

NPM = ROOT / ".cache" / "npm" / "node_modules"
AXE_JS = NPM / "axe-core" / "axe.min.js"
VNU_JAR = NPM / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Every page type of the site, recognised from its site-relative path (interface prefix mn/ removed).
PAGE_TYPES = {
    "home": re.compile(r"^$"),
    "year": re.compile(r"^\d{4}/$"),
    "issue": re.compile(r"^\d{4}/\d\d/$"),
    "document": re.compile(r"^\d{4}/\d\d/[a-z0-9][a-z0-9-]*/$"),
    "categories": re.compile(r"^category/$"),
    "category": re.compile(r"^category/[^/]+/$"),
    "issuers": re.compile(r"^issuer/$"),
    "issuer": re.compile(r"^issuer/[^/]+/$"),
    "wenhao": re.compile(r"^wenhao/$"),
    "permalink": re.compile(r"^wenhao/[^/]+/$"),  # a 文号's permanent address: forwards to its document
    "search": re.compile(r"^search/$"),
    "404": re.compile(r"^404\.html$"),
}


@dataclass(frozen=True)
class SitePage:
    """A generated page: its URL path relative to the site root, interface language and page type."""

    rel: str  # "" for the home page, "mn/2022/01/p010/", "404.html", …
    lang: str  # zh | mn
    kind: str  # a key of PAGE_TYPES, or "other"

    def __str__(self) -> str:
        return "/" + self.rel


def site_pages(site: Path) -> list[SitePage]:
    """Every HTML page of a built site (walks the folder, so new pages are tested without listing them)."""
    pages = []
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site).as_posix()
        if "pagefind" in rel.split("/")[0]:
            continue
        rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        lang = "mn" if rel.startswith("mn/") else "zh"
        bare = rel[3:] if lang == "mn" else rel
        kind = next((k for k, rx in PAGE_TYPES.items() if rx.match(bare)), "other")
        pages.append(SitePage(rel, lang, kind))
    return pages


META_REFRESH = re.compile(rb'<meta http-equiv="refresh"[^>]*>\n?', re.I)


def hold_redirects(page) -> None:
    """Let a page with <meta http-equiv="refresh"> stay open so it can be checked itself (the permalink pages
    forward at once). Only that element is removed from the response; the file is validated as it is by vnu."""
    def handle(route):
        response = route.fetch()
        body = response.body()
        if b'http-equiv="refresh"' in body:
            route.fulfill(response=response, body=META_REFRESH.sub(b"", body))
        else:
            route.fulfill(response=response)
    page.route(re.compile(r".*(/|\.html)(\?.*)?$"), handle)


def run_axe(page, axe_url: str, rules: list[str] | None = None) -> list[dict]:
    """axe-core over the current document with the WCAG 2.2 AA + best-practice tags (or only `rules`);
    the violations. axe is loaded from `axe_url` (see `serve_axe`) so Chromium compiles it once, not per page."""
    if not page.evaluate("typeof window.axe === 'object'"):
        try:
            page.add_script_tag(url=axe_url)
        except Exception:  # a response fulfilled by hold_redirects may not load from another local port
            page.add_script_tag(path=AXE_JS)
    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    return page.evaluate(
        """async (only) => {
          const r = await axe.run(document, {runOnly: only, resultTypes: ['violations']});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 240))}));
        }""",
        only,
    )


@contextmanager
def serve_axe():
    """axe.min.js from the npm cache on its own local port; yields its URL."""
    assert AXE_JS.exists(), f"{AXE_JS} is missing: run .ci/setup"
    with serve(AXE_JS.parent) as url:
        yield url + AXE_JS.name


def describe_violations(where: str, violations: list[dict]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"{where}: {v['id']} ({v['impact']}) {v['help']}")
        lines += [f"    {n}" for n in v["nodes"][:5]]
    return lines


# Layout measurements done in the page. Elements inside .visually-hidden / the off-screen skip link are
# ignored: they are hidden on purpose and take no room.
JS_HIDDEN = """
  const hiddenOnPurpose = (el) => !!el.closest('.visually-hidden, .skip-link, [hidden]');
"""

JS_OVERFLOW = JS_HIDDEN + """
() => {
  const de = document.documentElement, width = de.clientWidth;
  const wide = [];
  // inside a box that scrolls or clips sideways, only that box itself counts
  const inScroller = (el) => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true; return false; };
  for (const el of document.body.querySelectorAll('*')) {
    if (hiddenOnPurpose(el) || inScroller(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && (r.right > width + 1 || r.left < -1)) {
      // report the outermost offender only
      if (!wide.some(w => w.el.contains(el))) wide.push({el, d: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : ''} [${Math.round(r.left)}, ${Math.round(r.right)}]`});
    }
  }
  // text that runs out of its box (a long vertical Mongolian run) widens the page without a wide element
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const p = n.parentElement;
    if (!p || !n.data.trim() || hiddenOnPurpose(p) || inScroller(p) || getComputedStyle(p).overflowX !== 'visible') continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.right > width + 1 || r.left < -1) { wide.push({el: p, d: `text "${n.data.trim().slice(0, 16)}" in <${p.tagName.toLowerCase()}> [${Math.round(r.left)}, ${Math.round(r.right)}]`}); break; }
    }
  }
  return {scrollWidth: de.scrollWidth, clientWidth: width, wide: wide.slice(0, 5).map(w => w.d)};
}
"""

JS_TEXT_PROBLEMS = JS_HIDDEN + """
() => {
  // 1. clipped text: an element that hides overflow while its content is larger than its box
  const clipped = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (hiddenOnPurpose(el)) continue;
    const cs = getComputedStyle(el);
    const clips = v => v === 'hidden' || v === 'clip';
    if ((clips(cs.overflowX) && el.scrollWidth > el.clientWidth + 1) || (clips(cs.overflowY) && el.scrollHeight > el.clientHeight + 1))
      clipped.push(el.tagName.toLowerCase() + '.' + el.className);
  }
  // 2. overlapping text: boxes of different text runs that intersect
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n, i = 0;
  while ((n = walker.nextNode())) {
    if (!n.data.trim() || !n.parentElement || hiddenOnPurpose(n.parentElement)) continue;
    const cs = getComputedStyle(n.parentElement);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      boxes.push({r, node: i, text: n.data.trim().slice(0, 20)});
    }
    i++;
  }
  const overlaps = [];
  // A text box is the font's content area, which may be a little taller than the line (or wider than a
  // vertical Mongolian column), so neighbouring lines touch; text drawn over text overlaps by far more.
  const deep = (a, b, i) => i > Math.max(3, 0.3 * Math.min(a, b));
  boxes.sort((p, q) => p.r.left - q.r.left);  // sweep from left to right: only boxes that start before A ends
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length && boxes[b].r.left < boxes[a].r.right; b++) {
    const A = boxes[a].r, B = boxes[b].r;
    if (boxes[a].node === boxes[b].node) continue;
    const x = Math.min(A.right, B.right) - Math.max(A.left, B.left);
    const y = Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top);
    if (deep(A.width, B.width, x) && deep(A.height, B.height, y)) overlaps.push(`"${boxes[a].text}" × "${boxes[b].text}"`);
  }
  return {clipped: clipped.slice(0, 5), overlaps: overlaps.slice(0, 5)};
}
"""

FOCUSABLE = """
  const focusables = () => Array.from(document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]'))
    .filter(el => el.tabIndex >= 0 && !el.disabled && !el.closest('[hidden], [inert]') && getComputedStyle(el).visibility !== 'hidden'
                  && el.getClientRects().length > 0);
  const describe = el => ({tag: el.tagName.toLowerCase(), href: el.getAttribute('href'), id: el.id,
                           text: (el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\\s+/g, ' ').trim().slice(0, 40)});
"""

# Every element a keyboard user must be able to reach, in document order.
JS_FOCUSABLES = "() => {" + FOCUSABLE + "return focusables().map(describe); }"

# The focused element: its place among the focusables, whether its focus indicator is visible (an outline of
# at least 2 px or a box-shadow) and not hidden behind anything (WCAG 2.4.7, 2.4.11).
JS_FOCUS = "() => {" + FOCUSABLE + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const r = el.getClientRects()[0] || el.getBoundingClientRect();  // first line of a wrapped link
  const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
  const shadow = !!cs.boxShadow && cs.boxShadow !== 'none';
  const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
  let unobscured = false;
  if (inView) {
    const x = Math.min(Math.max(r.left + Math.min(r.width / 2, 8), 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + Math.min(r.height / 2, 8), 0), innerHeight - 1);
    const hit = document.elementFromPoint(x, y);
    unobscured = !!hit && (hit === el || el.contains(hit) || hit.contains(el));
  }
  return {...describe(el), index: focusables().indexOf(el), ring: outline || shadow, inView, unobscured};
}
"""


def vnu(paths: list[Path]) -> list[dict]:
    """The Nu HTML Checker once over files/folders (it is slow to start); its messages."""
    java = shutil.which("java")
    assert java, "java is missing: run .ci/setup"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run .ci/setup"
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--skip-non-html", *map(str, paths)],
                            capture_output=True, text=True, encoding="utf-8", timeout=600)
    return json.loads(result.stderr or '{"messages": []}')["messages"]
