"""Print (A4): a document page prints as a clean document — no navigation, buttons or link lists — black on
white even for a reader in the dark scheme, and the printout carries the document's 文号, its issue and its
address. Both interfaces; every document page of the mini site.
"""

from __future__ import annotations

import re

import pytest
from a11y_support import site_pages

pytestmark = pytest.mark.browser

CHROME = [".skip-link", ".site-nav", ".breadcrumbs", ".lang-switch", ".prev-next", ".site-footer", ".doc-toc", "button"]

JS_EXPECTED = """
() => {
  const number = document.querySelector('[data-pagefind-meta^="文号:"]');
  const crumbs = document.querySelectorAll('.breadcrumbs li');
  return {
    number: number ? number.getAttribute('data-pagefind-meta').slice(3) : null,
    issue: crumbs.length > 1 ? crumbs[crumbs.length - 2].innerText : null,
    url: document.querySelector('link[rel=canonical]').href,
    title: document.querySelector('h1').innerText,
  };
}
"""


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def documents(mini_site):
    docs = [p for p in site_pages(mini_site) if p.kind == "document"]
    assert {p.lang for p in docs} == {"zh", "mn"}
    return docs


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_document_prints_clean_with_number_issue_and_url(browser, mini_url, documents, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    problems = []
    try:
        for p in documents:
            page.goto(mini_url + p.rel)
            want = page.evaluate(JS_EXPECTED)
            page.emulate_media(media="print")
            printed = squash(page.locator("body").inner_text())
            for key in ("title", "number", "issue", "url"):
                if want[key] and squash(want[key]) not in printed:
                    problems.append(f"{p}: the printout lacks the {key} {want[key]!r}")
            for selector in CHROME:
                shown = page.locator(selector).evaluate_all("els => els.filter(e => e.getClientRects().length > 0).length")
                if shown:
                    problems.append(f"{p}: {selector} is printed")
            colours = page.evaluate("[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor,"
                                    " getComputedStyle(document.documentElement).backgroundColor]")
            if colours[0] != "rgb(0, 0, 0)" or colours[1] not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"):
                problems.append(f"{p}: not black on white in print: {colours}")
            page.emulate_media(media="screen")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_pdf_is_a4(browser, mini_url, documents):
    """Chromium's print to PDF with the stylesheet's own @page size gives A4 pages (595 × 842 pt)."""
    context = browser.new_context()
    page = context.new_page()
    try:
        for p in documents[:1] + [d for d in documents if d.lang == "mn"][:1]:
            page.goto(mini_url + p.rel)
            pdf = page.pdf(prefer_css_page_size=True, print_background=False)
            assert pdf.startswith(b"%PDF"), p
            boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
            assert boxes, f"{p}: no page size in the PDF"
            for w, h in boxes:
                assert abs(float(w) - 595.3) < 2 and abs(float(h) - 841.9) < 2, f"{p}: page is {w}×{h} pt, not A4"
    finally:
        context.close()


def test_print_stylesheet_declares_a4():
    from support import ROOT

    css = (ROOT / "layouts" / "static" / "site.css").read_text(encoding="utf-8")
    assert re.search(r"@media print\s*{[^@]*@page\s*{\s*size:\s*A4", css), "site.css has no @page { size: A4 } for print"
