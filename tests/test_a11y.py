"""WCAG 2.2 AA in a real browser, on every page of the built site, in both interfaces (docs/accessibility.md).

Every HTML file of the mini fixture site and of the real archive (content/) is opened in headless Chromium:
axe-core (wcag2a/aa, wcag21a/aa, wcag22aa, best-practice) must report nothing, in the light and dark colour
schemes and at 320 CSS px; the structure is checked directly (landmarks, one h1, heading levels, tables, lang
of every Chinese or Mongolian text run, link text); at 320 px there is no horizontal scroll; at 200 % text size
nothing is clipped or overlaps; reduced motion is respected; without JavaScript every page but search is
whole and search says why it needs JavaScript.
"""

from __future__ import annotations

import pytest

from a11y_support import (JS_OVERFLOW, JS_TEXT_PROBLEMS, PAGE_TYPES, axe_source, describe_violations, hold_redirects,
                          run_axe, site_pages)
from support import serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=["mini", "archive"])
def site(request):
    """(base URL, pages) of a built site served locally; the mini fixture and the real archive."""
    folder = request.getfixturevalue("mini_site" if request.param == "mini" else "archive_site")
    with serve(folder) as url:
        yield url, site_pages(folder)


@pytest.fixture(scope="module")
def axe_js() -> str:
    return axe_source()


@pytest.fixture(scope="module")
def tab(browser):
    """One reusable page per viewport / colour scheme (opening contexts is the slow part)."""
    contexts = {}

    def get(width=1280, height=900, scheme="light", js=True, reduced_motion="no-preference"):
        key = (width, height, scheme, js, reduced_motion)
        if key not in contexts:
            ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                      java_script_enabled=js, reduced_motion=reduced_motion)
            contexts[key] = ctx.new_page()
            hold_redirects(contexts[key])
        return contexts[key]

    yield get
    for pg in contexts.values():
        pg.context.close()


def test_every_page_type_exists_in_both_interfaces(mini_site):
    pages = site_pages(mini_site)
    for lang in ("zh", "mn"):
        kinds = {p.kind for p in pages if p.lang == lang}
        assert kinds >= set(PAGE_TYPES), f"{lang}: missing page types {set(PAGE_TYPES) - kinds}"
    assert not [p for p in pages if p.kind == "other"], "unrecognised page paths: add them to PAGE_TYPES"


def _axe_all(page, url, pages, axe_js) -> list[str]:
    problems = []
    for p in pages:
        page.goto(url + p.rel)
        problems += describe_violations(str(p), run_axe(page, axe_js))
    return problems


def test_axe_every_page(site, tab, axe_js):
    url, pages = site
    problems = _axe_all(tab(), url, pages, axe_js)
    assert not problems, f"axe violations on {len(pages)} pages:\n" + "\n".join(problems)


def test_axe_every_page_dark_scheme(site, tab, axe_js):
    url, pages = site
    problems = _axe_all(tab(scheme="dark"), url, pages, axe_js)
    assert not problems, "axe violations (prefers-color-scheme: dark):\n" + "\n".join(problems)


def test_reflow_at_320px(site, tab, axe_js):
    """WCAG 1.4.10: at 320 CSS px (400 % zoom of 1280) no horizontal scrolling; axe still clean."""
    url, pages = site
    page = tab(width=320, height=640)
    problems = []
    for p in pages:
        page.goto(url + p.rel)
        m = page.evaluate(JS_OVERFLOW)
        if m["scrollWidth"] > m["clientWidth"] or m["wide"]:
            problems.append(f"{p}: page is {m['scrollWidth']} px wide at 320 px; too wide: {m['wide']}")
        problems += describe_violations(f"{p} @320px", run_axe(page, axe_js))
    assert not problems, "\n".join(problems)


def test_text_at_200_percent(site, tab):
    """WCAG 1.4.4: with text at 200 % nothing is clipped, nothing overlaps, no horizontal scroll."""
    url, pages = site
    page = tab(width=1280, height=900)
    problems = []
    for p in pages:
        page.goto(url + p.rel)
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        m = page.evaluate(JS_TEXT_PROBLEMS)
        o = page.evaluate(JS_OVERFLOW)
        if m["clipped"] or m["overlaps"]:
            problems.append(f"{p}: clipped {m['clipped']} overlapping {m['overlaps']}")
        if o["scrollWidth"] > o["clientWidth"]:
            problems.append(f"{p}: horizontal scroll at 200 % text: {o['wide']}")
    assert not problems, "\n".join(problems)


def test_no_overlapping_text_at_normal_size(site, tab):
    url, pages = site
    page = tab(width=1280, height=900)
    problems = []
    for p in pages:
        page.goto(url + p.rel)
        m = page.evaluate(JS_TEXT_PROBLEMS)
        if m["clipped"] or m["overlaps"]:
            problems.append(f"{p}: clipped {m['clipped']} overlapping {m['overlaps']}")
    assert not problems, "\n".join(problems)


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
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const p = n.parentElement;
    if (!p || ['SCRIPT', 'STYLE'].includes(p.tagName) || !n.data.trim()) continue;
    const lang = (p.closest('[lang]') || document.documentElement).getAttribute('lang') || '';
    for (const [rx, code] of want) {
      if (rx.test(n.data) && !lang.toLowerCase().startsWith(code)) {
        // Han characters are also Mongolian-page punctuation like （） only in the fullwidth block; these are Han proper
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
  if (full && !skip || !document.querySelector(skip.getAttribute('href'))) out.push('no working skip link as the first element');
  return out;
}
"""


def test_structure(site, tab):
    """Landmarks, one h1 and no skipped heading levels, tables with caption and header cells, lang on every
    Chinese or Mongolian text run, link text that makes sense alone, a skip link."""
    url, pages = site
    page = tab()
    problems = []
    for p in pages:
        page.goto(url + p.rel)
        # a permalink page only forwards to its document: it needs no site header, footer or skip link
        problems += [f"{p}: {m}" for m in page.evaluate(JS_STRUCTURE, p.kind != "permalink")]
        assert page.evaluate("document.documentElement.lang") == ("mn-Mong" if p.lang == "mn" else "zh-Hans"), str(p)
    assert not problems, "\n".join(problems)


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


def test_reduced_motion_respected(site, tab):
    url, pages = site
    page = tab(reduced_motion="reduce")
    problems = []
    for p in pages:
        page.goto(url + p.rel)
        moving = page.evaluate(JS_MOTION)
        if moving:
            problems.append(f"{p}: moves under prefers-reduced-motion: {moving}")
    assert not problems, "\n".join(problems)


def test_works_without_javascript(site, tab):
    """Every page but search shows the same content without JavaScript; search says why it needs it."""
    url, pages = site
    with_js, without_js = tab(), tab(js=False)
    problems = []
    for p in pages:
        without_js.goto(url + p.rel)
        text = without_js.locator("body").inner_text()
        if p.kind == "search":
            notice = without_js.locator("main").inner_text()
            if "JavaScript" not in notice:
                problems.append(f"{p}: without JavaScript the search page does not say it needs JavaScript")
            continue
        with_js.goto(url + p.rel)
        if text != with_js.locator("body").inner_text():
            problems.append(f"{p}: the page differs without JavaScript")
        if without_js.locator("main h1").count() != 1:
            problems.append(f"{p}: no heading without JavaScript")
    assert not problems, "\n".join(problems)
