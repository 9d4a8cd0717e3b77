"""文号 permalinks: /wenhao/<机关代字>-<年份>-<序号>/ leads to the document on any static server."""

from __future__ import annotations

import urllib.request
from urllib.parse import quote, urljoin

import pytest
from machine_support import SITE_URL, fixture_documents, head_of
from support import serve

from gazette.content.docnumber import normalise_brackets, parse_doc_number

NUMBERED = [d for d in fixture_documents() if "doc_number" in d.meta]


def slug(doc) -> str:
    return parse_doc_number(doc.meta["doc_number"]).slug


def test_normalised_form():
    assert parse_doc_number("包府办发〔2023〕9号").slug == "包府办发-2023-9"
    # Every bracket variant and leading zeros lead to the same permalink.
    for raw in ("包府办发[2023]9号", "包府办发（2023）09号", "包府办发【２０２３】9号"):
        assert parse_doc_number(normalise_brackets(raw)).slug == "包府办发-2023-9"


@pytest.mark.parametrize("lang", ["zh", "mn"])
def test_every_numbered_document_has_a_permalink_page(mini_site, lang):
    prefix = "mn/" if lang == "mn" else ""
    assert NUMBERED
    for doc in NUMBERED:
        page = mini_site / f"{prefix}wenhao/{slug(doc)}/index.html"
        head = head_of(page)
        target = f"../../{doc.path}index.html"  # relative: works from file:// too (gazette/pages/relative.py)
        assert head.refresh == f"0; url={target}"
        assert [l["href"] for l in head.links if l.get("rel") == "canonical"] == [f"{SITE_URL}/{prefix}{doc.path}"]
        assert head.meta_values("robots") == ["noindex"]
        assert f'<a href="{target}">' in page.read_text(encoding="utf-8")  # a visible link too
        assert (page.parent / target).resolve() == (mini_site / f"{prefix}{doc.path}index.html").resolve()
        assert (page.parent / target).is_file()


def test_documents_show_their_permalink(mini_site):
    for doc in NUMBERED:
        html = (mini_site / doc.path / "index.html").read_text(encoding="utf-8")
        assert f'href="../../../wenhao/{slug(doc)}/index.html"' in html


def test_no_permalink_without_a_doc_number(mini_site):
    pages = {p.parent.name for p in (mini_site / "wenhao").glob("*/index.html")}
    assert pages == {slug(d) for d in NUMBERED}


@pytest.mark.parametrize("prefix", ["/", "/sub/"])
def test_permalinks_resolve_on_a_plain_static_server(mini_site, mini_site_sub, prefix):
    """Python's http.server: no rewrites; the browser sends the path percent-encoded (UTF-8)."""
    site = mini_site if prefix == "/" else mini_site_sub
    with serve(site, prefix) as base:
        for doc in NUMBERED:
            with urllib.request.urlopen(base + quote(f"wenhao/{slug(doc)}/")) as response:
                head = head_of_bytes(response.read())
            target = urljoin(base + quote(f"wenhao/{slug(doc)}/"), head.refresh.split("url=", 1)[1])
            assert target == f"{base}{doc.path}index.html"
            with urllib.request.urlopen(target) as response:
                assert response.status == 200
                assert doc.meta["title"] in response.read().decode("utf-8")


def head_of_bytes(data: bytes):
    from machine_support import Head
    return Head(data.decode("utf-8"))


@pytest.mark.browser
def test_browser_follows_a_permalink(page, mini_url):
    doc = NUMBERED[0]
    page.goto(mini_url + f"wenhao/{slug(doc)}/")
    page.wait_for_url(f"**/{doc.path}index.html")
    assert page.locator("h1").first.text_content().strip() == doc.meta["title"]
