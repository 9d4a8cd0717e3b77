"""WCAG 2.2 AA in a real browser, on every page of the built site, in both interfaces (docs/accessibility.md).

Every HTML file of the mini fixture site and of the real archive (content/) is opened in headless Chromium:
axe-core (wcag2a/aa, wcag21a/aa, wcag22aa, best-practice) must report nothing, in the light and dark colour
schemes and at 320 CSS px; the structure is checked directly (landmarks, one h1, heading levels, tables, lang
of every Chinese or Mongolian text run, link text); at 320 px there is no horizontal scroll; at 200 % text size
nothing is clipped or overlaps; reduced motion is respected; without JavaScript every page but search is
whole and search says why it needs JavaScript.

Each site is walked once per browser setting (`survey`), and the tests below read the findings, so a failure
names the check and every page it failed on.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from a11y_support import JS_OVERFLOW, JS_TEXT_PROBLEMS, PAGE_TYPES, describe_violations, hold_redirects, run_axe, serve_axe, site_pages
from support import serve

pytestmark = pytest.mark.browser

# axe rules whose result depends on the viewport (rerun at 320 px) and on colours (rerun in the dark scheme)
LAYOUT_RULES = ["scrollable-region-focusable", "target-size", "color-contrast", "link-in-text-block"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


JS_STRUCTURE = r"""
(full) => {
  const out = [];
  if (!document.querySelector('main')) out.push('no main landmark');
  const roles = {banner: 'body > header', navigation: 'nav', main: 'main', contentinfo: 'body > footer'};
  if (full) for (const [role, sel] of Object.entries(roles)) if (!document.querySelector(sel)) out.push(`no ${role} landmark (${sel})`);
  if (document.querySelectorAll('main').length !== 1) out.push('not exactly one <main>');
  for (const nav of document.querySelectorAll('nav')) if (!nav.getAttribute('aria-label') && !nav.getAttribute('aria-labelledby')) out.push('a <nav> without a name');
  // content outside landmarks
  for (const el of document.body.children) {
    if (['HEADER', 'NAV', 'MAIN', 'FOOTER', 'SCRIPT', 'NOSCRIPT'].includes(el.tagName) || el.classList.contains('skip-link')) continue;
    if (el.textContent.trim()) out.push(`content outside landmarks: <${el.tagName.toLowerCase()}>`);
  }
  // headings: one h1, no skipped levels
  const hs = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'));
  if (document.querySelectorAll('h1').length !== 1) out.push(`${document.querySelectorAll('h1').length} <h1> elements`);
  let prev = 0;
  for (const h of hs) {
    const level = Number(h.tagName[1]);
    if (level > prev + 1) out.push(`heading level skipped: h${level} "${h.textContent.trim().slice(0, 30)}" after h${prev}`);
    if (!h.textContent.trim()) out.push(`empty h${level}`);
    prev = level;
  }
  if (hs.length && hs[0].tagName !== 'H1') out.push('the first heading is not the <h1>');
  // tables: a caption and header cells
  for (const t of document.querySelectorAll('table')) {
    if (!t.caption || !t.caption.textContent.trim()) out.push('a table without a caption');
    if (!t.querySelector('th')) out.push('a table without header cells');
    for (const th of t.querySelectorAll('thead th')) if (!th.textContent.trim()) out.push('an empty header cell');
  }
  // lang: every run of Han or Mongolian text sits in an element of that language
  const want = [[/[\u1800-\u18AF]/, 'mn'], [/[\u4E00-\u9FFF\u3400-\u4DBF]/, 'zh']];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const p = n.parentElement;
    if (!p || ['SCRIPT', 'STYLE'].includes(p.tagName) || !n.data.trim() || /^\s*https?:\/\/\S+\s*$/.test(n.data)) continue;  // a URL is no language
    const lang = (p.closest('[lang]') || document.documentElement).getAttribute('lang') || '';
    for (const [rx, code] of want) {
      if (rx.test(n.data) && !lang.toLowerCase().startsWith(code)) {
        out.push(`"${n.data.trim().slice(0, 24)}" is ${code} text inside lang="${lang}"`);
      }
    }
  }
  for (const el of document.querySelectorAll('[lang]')) if (!/^(zh-Hans|mn-Mong|en)$/.test(el.getAttribute('lang'))) out.push(`unexpected lang="${el.getAttribute('lang')}"`);
  // link text that makes sense alone: not empty, not a bare "more/here", same text → same target
  const vague = /^(更多|详情|点击这里|点击此处|这里|此处|链接|more|here|click here|read more|link)$/i;
  const seen = new Map();
  for (const a of document.querySelectorAll('a[href]')) {
    const name = (a.getAttribute('aria-label') || a.innerText || '').replace(/\s+/g, ' ').trim();
    if (!name) out.push(`a link without text: ${a.getAttribute('href')}`);
    if (vague.test(name)) out.push(`vague link text "${name}"`);
    const target = new URL(a.href, location.href).href.replace(/#.*$/, '') + (a.hash || '');
    if (seen.has(name) && seen.get(name) !== target) out.push(`link text "${name.slice(0, 30)}" leads to two places`);
    seen.set(name, target);
  }
  if (!document.title.trim()) out.push('empty <title>');
  const skip = document.querySelector('body > a.skip-link:first-child');
  if (full && (!skip || !document.querySelector(skip.getAttribute('href')))) out.push('no working skip link as the first element');
  return out;
}
"""


JS_MOTION = """
() => {
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    const cs = getComputedStyle(el);
    const secs = s => Math.max(...s.split(',').map(v => parseFloat(v) * (v.trim().endsWith('ms') ? 0.001 : 1)));
    if ((cs.animationName !== 'none' && secs(cs.animationDuration) > 0.01) || secs(cs.transitionDuration) > 0.01)
      moving.push(el.tagName.toLowerCase() + '.' + el.className);
  }
  if (getComputedStyle(document.documentElement).scrollBehavior === 'smooth') moving.push('html scroll-behavior: smooth');
  return moving.slice(0, 5);
}
"""



# The page's text, leaving out buttons (scripts may add buttons, e.g. "copy citation", that need JavaScript).
JS_TEXT_BUT_CONTROLS = """
() => {
  const controls = Array.from(document.querySelectorAll('button'));
  const saved = controls.map(b => b.style.display);
  controls.forEach(b => { b.style.display = 'none'; });
  const text = document.body.innerText;
  controls.forEach((b, i) => { b.style.display = saved[i]; });
  return text;
}
"""


@pytest.fixture(scope="module")
def axe_url():
    with serve_axe() as url:
        yield url


@pytest.fixture(scope="module", params=["mini", "archive"])
def survey(request, browser, axe_url):
    """Walk every page of a built site (the mini fixture; the real archive) and record what each check found:
    {check: [problem lines]}, plus the list of pages."""
    folder = request.getfixturevalue("mini_site" if request.param == "mini" else "archive_site")
    pages = site_pages(folder)
    found: dict[str, list[str]] = defaultdict(list)
    texts: dict[str, str] = {}

    def tab(**options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        normal, held = context.new_page(), context.new_page()
        hold_redirects(held)  # permalink pages forward at once; keep them open to check them
        return context, lambda p: held if p.kind == "permalink" else normal

    with serve(folder) as url:
        # 1. desktop, light, reduced motion: axe, structure, motion, text at 100 % and 200 %
        context, page_for = tab(reduced_motion="reduce")
        for p in pages:
            page = page_for(p)
            page.goto(url + p.rel)
            found["axe"] += describe_violations(str(p), run_axe(page, axe_url))
            found["structure"] += [f"{p}: {m}" for m in page.evaluate(JS_STRUCTURE, p.kind != "permalink")]
            if page.evaluate("document.documentElement.lang") != ("mn-Mong" if p.lang == "mn" else "zh-Hans"):
                found["structure"].append(f"{p}: wrong <html lang>")
            found["motion"] += [f"{p}: moves under prefers-reduced-motion: {m}" for m in page.evaluate(JS_MOTION)]
            texts[p.rel] = page.evaluate(JS_TEXT_BUT_CONTROLS)
            m = page.evaluate(JS_TEXT_PROBLEMS)
            if m["clipped"] or m["overlaps"]:
                found["text-100"].append(f"{p}: clipped {m['clipped']} overlapping {m['overlaps']}")
            page.evaluate("document.documentElement.style.fontSize = '200%'")
            m, o = page.evaluate(JS_TEXT_PROBLEMS), page.evaluate(JS_OVERFLOW)
            if m["clipped"] or m["overlaps"]:
                found["text-200"].append(f"{p}: clipped {m['clipped']} overlapping {m['overlaps']}")
            if o["scrollWidth"] > o["clientWidth"]:
                found["text-200"].append(f"{p}: horizontal scroll with text at 200 %: {o['wide']}")
        context.close()
        # 2. 320 CSS px (1280 px at 400 %): no horizontal scroll; layout-dependent axe rules
        context, page_for = tab(viewport={"width": 320, "height": 640})
        for p in pages:
            page = page_for(p)
            page.goto(url + p.rel)
            o = page.evaluate(JS_OVERFLOW)
            if o["scrollWidth"] > o["clientWidth"] or o["wide"]:
                found["reflow"].append(f"{p}: {o['scrollWidth']} px wide at 320 px; too wide: {o['wide']}")
            found["reflow"] += describe_violations(f"{p} @320px", run_axe(page, axe_url, LAYOUT_RULES))
        context.close()
        # 3. dark colour scheme: contrast
        context, page_for = tab(color_scheme="dark")
        for p in pages:
            page = page_for(p)
            page.goto(url + p.rel)
            found["dark"] += describe_violations(f"{p} (dark)", run_axe(page, axe_url, COLOUR_RULES))
        context.close()
        # 4. without JavaScript
        context, page_for = tab(java_script_enabled=False)
        for p in pages:
            if p.kind == "permalink":
                continue  # forwards at once, also without JavaScript
            page = page_for(p)
            page.goto(url + p.rel)
            if p.kind == "search":
                if "JavaScript" not in page.locator("main").inner_text():
                    found["no-js"].append(f"{p}: without JavaScript the search page does not say it needs JavaScript")
            elif page.evaluate(JS_TEXT_BUT_CONTROLS) != texts[p.rel]:
                found["no-js"].append(f"{p}: the page shows other text without JavaScript")
        context.close()
    return pages, found


def _report(survey, check: str) -> None:
    pages, found = survey
    assert not found[check], f"{check}: problems on {len(pages)} pages checked:\n" + "\n".join(found[check])


def test_every_page_type_exists_in_both_interfaces(mini_site):
    pages = site_pages(mini_site)
    for lang in ("zh", "mn"):
        kinds = {p.kind for p in pages if p.lang == lang}
        assert kinds >= set(PAGE_TYPES), f"{lang}: missing page types {set(PAGE_TYPES) - kinds}"
    assert not [p for p in pages if p.kind == "other"], "unrecognised page paths: add them to PAGE_TYPES"


def test_axe_every_page(survey):
    """axe-core, WCAG 2.2 AA + best practice: zero violations on every page, both interfaces."""
    _report(survey, "axe")


def test_structure(survey):
    """Landmarks, one h1 and no skipped heading levels, tables with caption and header cells, lang on every
    Chinese or Mongolian text run, link text that makes sense alone, a skip link."""
    _report(survey, "structure")


def test_reflow_at_320px(survey):
    """WCAG 1.4.10: at 320 CSS px no horizontal scrolling; scrolling regions are keyboard-reachable."""
    _report(survey, "reflow")


def test_no_clipped_or_overlapping_text(survey):
    _report(survey, "text-100")


def test_text_at_200_percent(survey):
    """WCAG 1.4.4: with text at 200 % nothing is clipped, nothing overlaps, no horizontal scroll."""
    _report(survey, "text-200")


def test_contrast_in_dark_scheme(survey):
    """The site offers a dark scheme (prefers-color-scheme): it meets AA contrast too."""
    _report(survey, "dark")


def test_reduced_motion_respected(survey):
    _report(survey, "motion")


def test_works_without_javascript(survey):
    """Every page but search shows the same text without JavaScript; search says why it needs it."""
    _report(survey, "no-js")




# A query with results in each interface (the Mongolian index holds the Mongolian texts).
SEARCHES = (("search/?q=绿化", "zh"), ("mn/search/?q=ᠪᠤᠭᠤᠲᠤ", "mn"))


def test_axe_search_with_results(browser, mini_site, mini_url, axe_url):
    """The search page showing results (and its filter panel open): axe in light, dark and at 320 px."""
    assert (mini_site / "pagefind").is_dir(), "the build made no search index (site/pagefind)"
    problems = []
    for options in ({}, {"color_scheme": "dark"}, {"viewport": {"width": 320, "height": 640}}):
        context = browser.new_context(**options)
        page = context.new_page()
        for path, _lang in SEARCHES:
            page.goto(mini_url + path)
            page.wait_for_selector(".search-results li a", timeout=15000)
            where = f"/{path} {options or ''}"
            problems += describe_violations(where, run_axe(page, axe_url))
            o = page.evaluate(JS_OVERFLOW)
            if o["scrollWidth"] > o["clientWidth"]:
                problems.append(f"{where}: horizontal scroll: {o['wide']}")
            summary = page.locator(".search-filters summary")
            if summary.count():
                summary.click()
                page.wait_for_timeout(300)
                problems += describe_violations(where + " filters open", run_axe(page, axe_url))
        context.close()
    assert not problems, "\n".join(problems)
