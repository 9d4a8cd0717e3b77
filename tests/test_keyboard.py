"""Keyboard use (WCAG 2.1.1, 2.1.2, 2.4.1, 2.4.3, 2.4.7, 2.4.11): a skip link first; Tab reaches every control
once, in document order, each with a visible, unobscured focus ring; no trap (vertical Mongolian text blocks
included, they scroll with the arrow keys); search works without a mouse. Both interfaces, desktop and 320 px.
"""

from __future__ import annotations

import pytest
from a11y_support import JS_FOCUS, JS_FOCUSABLES, site_pages

pytestmark = pytest.mark.browser

# one page of each kind is walked (the held-out audit walks home, issue, document and search)
KINDS = ("home", "year", "issue", "document", "category", "issuer", "wenhao", "search", "404")


@pytest.fixture(scope="module")
def walk_pages(mini_site):
    pages = site_pages(mini_site)
    chosen = []
    for lang in ("zh", "mn"):
        for kind in KINDS:
            of_kind = [p for p in pages if p.lang == lang and p.kind == kind]
            if kind == "document":  # the documents with a table, with corrections, with a Mongolian text
                chosen += of_kind
            elif of_kind:
                chosen.append(of_kind[0])
    return chosen


@pytest.fixture(scope="module", params=[(1280, 900), (320, 640)], ids=["desktop", "320px"])
def kb(request, browser):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    yield page
    context.close()


def open_page(page, url: str, p) -> None:
    page.goto(url + p.rel)
    if p.kind == "search":  # search.js shows its controls once the index is loaded: walk the finished page
        page.wait_for_function("() => ['done', 'error'].includes(document.querySelector('#search')?.dataset.state)", timeout=15000)


def tab_walk(page, limit: int) -> tuple[list[dict], bool]:
    """Press Tab from the top of the page until focus leaves the page; the stops, and whether it left."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(JS_FOCUS)
        if info is None:
            return stops, True
        if stops and info["index"] == stops[0]["index"]:
            return stops, True  # wrapped round to the first control
        stops.append(info)
    return stops, False


def test_skip_link_first_and_works(kb, mini_url, walk_pages):
    problems = []
    for p in walk_pages:
        kb.goto(mini_url + p.rel)
        kb.keyboard.press("Tab")
        first = kb.evaluate(JS_FOCUS)
        if not first or first["href"] != "#main":
            problems.append(f"{p}: the first Tab stop is {first}, not the skip link")
            continue
        if not (first["ring"] and first["inView"] and first["unobscured"]):
            problems.append(f"{p}: the focused skip link is not visible: {first}")
        kb.keyboard.press("Enter")
        if kb.evaluate("document.activeElement.id") != "main":
            problems.append(f"{p}: the skip link does not move focus to <main>")
        kb.keyboard.press("Tab")
        inside = kb.evaluate("document.querySelector('main').contains(document.activeElement) || "
                             "!!(document.querySelector('main').compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)")
        if not inside:
            problems.append(f"{p}: after the skip link, Tab goes back into the header")
    assert not problems, "\n".join(problems)


def test_tab_order_focus_visible_no_trap(kb, mini_url, walk_pages):
    problems = []
    for p in walk_pages:
        open_page(kb, mini_url, p)
        controls = kb.evaluate(JS_FOCUSABLES)
        stops, left = tab_walk(kb, len(controls) + 10)
        if not left:
            problems.append(f"{p}: keyboard trap — focus did not leave the page after {len(stops)} Tabs (last: {stops[-1]})")
        indexes = [s["index"] for s in stops]
        if indexes != sorted(indexes) or len(set(indexes)) != len(indexes):
            problems.append(f"{p}: Tab order is not the reading order: {indexes}")
        missed = [c for i, c in enumerate(controls) if i not in set(indexes)]
        if missed:
            problems.append(f"{p}: not reachable with Tab: {missed[:5]}")
        for s in stops:
            if not s["ring"]:
                problems.append(f"{p}: no visible focus ring on {s}")
            elif not (s["inView"] and s["unobscured"]):
                problems.append(f"{p}: focused control is off screen or covered: {s}")
    assert not problems, "\n".join(problems)


def test_vertical_mongolian_blocks_scroll_by_keyboard(kb, mini_url, walk_pages):
    """A focusable vertical Mongolian block (a scrolling region) scrolls with the arrow keys, and Tab leaves it."""
    checked = 0
    for p in walk_pages:
        kb.goto(mini_url + p.rel)
        regions = kb.locator("[role=region][tabindex='0']")
        for i in range(regions.count()):
            region = regions.nth(i)
            region.focus()
            wide = region.evaluate("el => el.scrollWidth > el.clientWidth + 1")
            if wide:
                before = region.evaluate("el => el.scrollLeft")
                kb.keyboard.press("ArrowRight")
                kb.keyboard.press("End")
                kb.wait_for_timeout(50)
                assert region.evaluate("el => el.scrollLeft") != before, f"{p}: region {i} does not scroll with the keyboard"
                checked += 1
            kb.keyboard.press("Tab")
            assert not region.evaluate("el => el === document.activeElement || el.contains(document.activeElement) && "
                                       "el.querySelectorAll('a[href]').length === 0"), f"{p}: Tab does not leave region {i}"
    # at 320 px the Mongolian document body is wider than the screen, so at least one region is scrolled
    if kb.viewport_size["width"] <= 320:
        assert checked, "no scrolling region was exercised at 320 px"


def test_search_without_a_mouse(browser, mini_site, mini_url):
    """Tab to the search box, type, press Enter: results appear and Tab reaches them (both interfaces)."""
    assert (mini_site / "pagefind").is_dir(), "the build made no search index (site/pagefind)"
    context = browser.new_context()
    page = context.new_page()
    try:
        for prefix, query in (("", "绿化"), ("mn/", "ᠪᠤᠭᠤᠲᠤ")):
            page.goto(mini_url + prefix + "search/")
            for _ in range(40):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.id") == "search-input":
                    break
            else:
                pytest.fail(f"/{prefix}search/: the search box is not reachable with Tab")
            page.keyboard.type(query)
            page.keyboard.press("Enter")
            page.wait_for_selector(".search-results li a", timeout=15000)
            assert "q=" in page.url, "the query is not kept in the address (back button, sharing)"
            status = page.locator("#search-status").inner_text()
            assert status.strip(), "the number of results is not announced in the status region"
            for _ in range(60):
                page.keyboard.press("Tab")
                if page.evaluate("!!document.activeElement.closest('.search-results')"):
                    break
            else:
                pytest.fail(f"/{prefix}search/: Tab does not reach the results")
            focus = page.evaluate(JS_FOCUS)
            assert focus["ring"] and focus["inView"], f"result link focus not visible: {focus}"
    finally:
        context.close()
