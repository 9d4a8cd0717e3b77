"""Vertical traditional Mongolian in real headless Chromium, on every page type of both interfaces.

- every `[lang|=mn]` element is `writing-mode: vertical-lr` (never upright);
- Chromium draws its glyphs with the site's own subset font and nothing else (CDP
  `CSS.getPlatformFontsForNode`: one custom "Noto Sans Mongolian" entry; a fallback font there would
  mean a missing glyph, a .notdef box or a space/U+202F shaped in another font);
- a suffix after U+202F stays joined (the NNBSP word is shorter than the same word with a space);
- no sideways page scrolling at 320 px; nothing clipped at 200 % zoom; the Mongolian body region scrolls
  with the keyboard and does not trap the wheel.

Set GAZETTE_SCREENSHOTS=1 to refresh docs/screenshots/ (then look at them).
"""

from __future__ import annotations

import os

import pytest
from support import ROOT

pytestmark = pytest.mark.browser

PAGES = ("", "2022/", "2022/02/", "2022/02/p001/", "2022/02/p005/", "2023/01/p001/", "category/",
         "category/office-documents/", "issuer/", "issuer/city-government-office/", "wenhao/", "search/", "404.html")
BOTH = [p for path in PAGES for p in (path, "mn/" + path)]

MN_ELEMENTS = "[...document.querySelectorAll('[lang|=mn]')].filter(e => e !== document.documentElement)"


def open_page(page, url: str) -> None:
    page.goto(url)
    page.evaluate("document.fonts.ready")
    page.wait_for_function("[...document.fonts].every(f => f.status !== 'loading')")


@pytest.fixture
def wide(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


def test_every_mongolian_search_control_stands_up(wide, mini_url):
    """The Mongolian search page's controls with Mongolian words (query box, search button, sort menu,
    "more results", "clear filters") are laid out vertically: no Mongolian lies on its side in a control."""
    open_page(wide, mini_url + "mn/search/?q=%E5%B7%A5%E4%BD%9C")
    wide.wait_for_selector(".search-results li")
    modes = wide.evaluate("""['#search-input', '.search-form button', '#search-sort', '.search-more', '.search-clear']
        .map(s => [s, getComputedStyle(document.querySelector(s)).writingMode])""")
    assert [m for m in modes if m[1] != "vertical-lr"] == []
    box = wide.evaluate("(() => { const r = document.querySelector('#search-sort').getBoundingClientRect(); return [r.width, r.height]; })()")
    assert box[1] > box[0]  # the sort menu is taller than wide: its words run top to bottom


@pytest.mark.parametrize("path", BOTH)
def test_mongolian_is_vertical_and_drawn_in_the_site_font(wide, mini_url, path):
    page = wide
    open_page(page, mini_url + path)
    modes = page.evaluate(f"{MN_ELEMENTS}.map(e => [getComputedStyle(e).writingMode, getComputedStyle(e).textOrientation, e.textContent.slice(0, 20)])")
    assert modes, "every page shows Mongolian (masthead, language switch)"
    assert [m for m in modes if m[0] != "vertical-lr" or m[1] == "upright"] == []

    loaded = page.evaluate("[...document.fonts].filter(f => f.family.includes('Gazette Mongolian')).map(f => f.status)")
    assert "loaded" in loaded

    # Not rendered (hidden status messages) or empty: no glyphs, no fonts to report.
    page.evaluate(f"{MN_ELEMENTS}.forEach(e => {{ if (!e.getClientRects().length || !e.textContent.trim()) e.dataset.unrendered = '' }})")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "body [lang|=mn]:not([data-unrendered])"})["nodeIds"]
    assert ids
    wrong = []
    for node in ids:
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        if [(f["familyName"], f["isCustomFont"]) for f in fonts] != [("Noto Sans Mongolian", True)]:
            html = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:80]
            wrong.append((html, fonts))
    assert wrong == []


def test_suffix_after_nnbsp_stays_joined(wide, mini_url):
    """ᠠᠷᠠᠳ+U+202F+ᠤᠨ draws ᠤᠨ as a suffix (shorter) rather than a new word (as after a space)."""
    page = wide
    open_page(page, mini_url + "mn/")
    heights = page.evaluate("""() => {
      const make = t => { const s = document.createElement('span'); s.lang = 'mn-Mong'; s.className = 'mn';
        s.style.fontSize = '40px'; s.textContent = t; document.querySelector('main').append(s); return s; };
      const a = make('ᠠᠷᠠᠳ\\u202Fᠤᠨ'), b = make('ᠠᠷᠠᠳ ᠤᠨ');
      return [a.getBoundingClientRect().height, b.getBoundingClientRect().height]; }""")
    assert heights[0] < heights[1] - 5, heights


@pytest.mark.parametrize("width, height", [(320, 640), (320, 256)])
def test_no_sideways_scrolling_at_320px(browser, mini_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    overflowing = []
    for path in BOTH:
        open_page(page, mini_url + path)
        sw = page.evaluate("document.documentElement.scrollWidth")
        if sw > width:
            culprit = page.evaluate(f"""[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > {width} + .5)
                                        .map(e => e.tagName + '.' + e.className).slice(-3)""")
            overflowing.append((path, sw, culprit))
    context.close()
    assert overflowing == []


def test_nothing_clipped_at_200_percent_zoom(browser, mini_url):
    """1280×800 at 200 % = a 640×400 CSS-pixel viewport at device scale 2."""
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    problems = []
    for path in BOTH:
        open_page(page, mini_url + path)
        found = page.evaluate("""() => {
          const out = [];
          if (document.documentElement.scrollWidth > innerWidth) out.push('page scrolls sideways');
          for (const e of document.querySelectorAll('.mn, [lang|=mn]:not(html), .heading-mn')) {
            if (e.closest('.visually-hidden, .skip-link')) continue;
            const r = e.getBoundingClientRect();
            if (r.left < -0.5 || r.right > document.documentElement.scrollWidth + 0.5) out.push('outside: ' + e.textContent.slice(0, 20));
            const cs = getComputedStyle(e);
            if ((cs.overflowX !== 'visible' || cs.overflowY !== 'visible') && !e.classList.contains('mn-body')
                && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) out.push('clipped: ' + e.textContent.slice(0, 20));
            for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
              const s = getComputedStyle(a);
              if (s.overflowX === 'hidden' || s.overflowY === 'hidden' || s.overflowX === 'clip' || s.overflowY === 'clip') {
                const ar = a.getBoundingClientRect();
                if (r.right > ar.right + 1 || r.bottom > ar.bottom + 1) out.push('clipped by ' + a.className + ': ' + e.textContent.slice(0, 20));
              }
            }
          }
          return out; }""")
        problems += [(path, p) for p in found]
    context.close()
    assert problems == []


def test_mongolian_body_is_a_keyboard_region_without_a_wheel_trap(browser, mini_url):
    context = browser.new_context(viewport={"width": 320, "height": 480})
    page = context.new_page()
    open_page(page, mini_url + "mn/2022/02/p001/")
    body = page.locator(".mn-body")
    assert body.get_attribute("tabindex") == "0" and body.get_attribute("role") == "region" and body.get_attribute("aria-label")
    assert page.evaluate("getComputedStyle(document.querySelector('.mn-body')).writingMode") == "vertical-lr"
    # Fits the viewport height; wider content scrolls inside the region, never the page.
    box = body.bounding_box()
    assert box["height"] <= 480 and box["x"] + box["width"] <= 320
    body.focus()
    before = page.evaluate("document.querySelector('.mn-body').scrollLeft")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    after = page.evaluate("document.querySelector('.mn-body').scrollLeft")
    overflow = page.evaluate("(e => e.scrollWidth > e.clientWidth)(document.querySelector('.mn-body'))")
    assert after > before if overflow else after == before
    # The wheel over the region still scrolls the page down.
    page.evaluate("window.scrollTo(0, 0)")
    body.scroll_into_view_if_needed()
    y0 = page.evaluate("scrollY")
    box = body.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(400)
    assert page.evaluate("scrollY") > y0
    context.close()


def test_language_switch_and_hreflang_keep_the_page(wide, mini_url):
    page = wide
    for path in ("2022/02/p001/", "wenhao/", "category/office-documents/"):
        open_page(page, mini_url + path)
        assert page.get_attribute("link[rel=alternate][hreflang=mn-Mong]", "href").endswith("/mn/" + path)
        assert page.evaluate("document.querySelector('.lang-switch').href") == mini_url + "mn/" + path + "index.html"
        open_page(page, mini_url + "mn/" + path)
        assert page.evaluate("document.documentElement.lang") == "mn-Mong"
        assert page.get_attribute("link[rel=alternate][hreflang=zh-Hans]", "href").endswith("/" + path)
        assert page.evaluate("document.querySelector('.lang-switch').href") == mini_url + path + "index.html"


def test_parallel_text_is_offered_and_vertical(wide, mini_url):
    page = wide
    open_page(page, mini_url + "2022/02/p001/")
    assert page.evaluate("document.querySelector('.counterpart a').href") == mini_url + "mn/2022/02/p001/index.html"
    assert page.locator(".heading-mn [lang=mn-Mong]").count() >= 1  # vertical Mongolian header beside the title
    open_page(page, mini_url + "mn/2022/02/p001/")
    assert page.locator(".mn-body [lang=mn-Mong]").count() >= 1
    open_page(page, mini_url + "mn/2022/02/p005/")  # no Mongolian text: the body stays Chinese
    assert page.get_attribute(".doc-body", "lang") == "zh-Hans"


def test_screenshots(browser, mini_url, tmp_path):
    """Chinese and Mongolian document pages at 1280 and 320 px (docs/screenshots/ with GAZETTE_SCREENSHOTS=1)."""
    out = ROOT / "docs" / "screenshots" if os.environ.get("GAZETTE_SCREENSHOTS") else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    for width in (1280, 320):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for name, path in (("zh-document", "2022/02/p001/"), ("mn-document", "mn/2022/02/p001/"), ("zh-issue", "2022/02/")):
            open_page(page, mini_url + path)
            page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
        context.close()
    assert (out / "mn-document-320.png").stat().st_size > 1000
