"""Document pages for machines and citers: JSON-LD (schema.org), Highwire/Dublin Core <meta>, citation line."""

from __future__ import annotations

import pytest
from machine_support import SITE_URL, file_for, fixture_documents, head_of

DOCS = fixture_documents()


def page_head(site, doc, lang="zh"):
    return head_of(site / ("mn/" if lang == "mn" else "") / doc.path / "index.html")


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.path)
def test_json_ld_describes_the_document(mini_site, doc):
    head = page_head(mini_site, doc)
    assert len(head.json_ld) == 1
    data = head.json_ld[0]
    assert data["@context"] == "https://schema.org"
    url = f"{SITE_URL}/{doc.path}"
    assert data["url"] == data["@id"] == url
    assert data["name"] == doc.meta["title"]
    assert data["datePublished"] == doc.published_on
    assert data["author"]["name"] == doc.meta["issuer"]
    issue = data["isPartOf"]
    assert issue["@type"] == "PublicationIssue" and issue["issueNumber"] == str(doc.number)
    assert issue["isPartOf"]["@type"] == "Periodical" and issue["isPartOf"]["name"] == "包头市人民政府公报"
    assert file_for(mini_site, issue["url"]).is_file()
    assert file_for(mini_site, data["encoding"]["contentUrl"]).is_file()
    if "doc_number" in doc.meta:
        assert data["@type"] == "Legislation"
        assert data["legislationIdentifier"] == doc.meta["doc_number"]
        assert data["legislationPassedBy"]["name"] == doc.meta["issuer"]
        assert data.get("legislationDate") == doc.meta.get("written_on")
    else:
        assert data["@type"] == "Article" and data["pageStart"] == int(doc.meta["page"])


def test_json_ld_of_a_parallel_text_links_the_translation(mini_site):
    doc = next(d for d in DOCS if d.mn_title)
    mn = page_head(mini_site, doc, "mn").json_ld[0]
    assert mn["inLanguage"] == "mn-Mong" and mn["name"] == doc.mn_title
    assert mn["translationOfWork"]["@id"] == f"{SITE_URL}/{doc.path}"
    assert page_head(mini_site, doc).json_ld[0]["workTranslation"]["@id"] == f"{SITE_URL}/mn/{doc.path}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.path)
def test_citation_meta_tags(mini_site, doc):
    head = page_head(mini_site, doc)
    one = lambda name: head.meta_values(name)  # noqa: E731
    assert one("citation_title") == [doc.meta["title"]]
    assert one("citation_journal_title") == ["包头市人民政府公报"]
    assert one("citation_publication_date") == [doc.published_on.replace("-", "/")]
    assert one("citation_issue") == [str(doc.number)]
    assert one("citation_firstpage") == [doc.meta["page"]]
    assert one("citation_public_url") == [f"{SITE_URL}/{doc.path}"]
    assert one("DC.title") == [doc.meta["title"]]
    assert ("doc_number" in doc.meta) == (doc.meta.get("doc_number") in one("DC.identifier"))


@pytest.mark.parametrize("doc", DOCS, ids=lambda d: d.path)
def test_citation_line_in_chinese(mini_site, doc):
    head = page_head(mini_site, doc)
    text = head.text_by_id["cite-text"]
    assert f"《包头市人民政府公报》{doc.year}年第{doc.number}期（总第{doc.serial}期）第{doc.meta['page']}页" in text
    assert text.startswith(doc.meta["title"]) and text.endswith(f"{SITE_URL}/{doc.path}")
    if "doc_number" in doc.meta:
        assert doc.meta["doc_number"] in text
    buttons = [b for b in head.buttons if "cite-copy" in (b.get("class") or "")]
    assert len(buttons) == 1 and buttons[0].get("type") == "button"
    assert any(l.get("type") == "application/json" and l.get("rel") == "alternate" for l in head.links)


def test_citation_line_in_the_mongolian_interface(mini_site):
    doc = next(d for d in DOCS if d.mn_title)
    text = page_head(mini_site, doc, "mn").text_by_id["cite-text"]
    assert text.startswith(doc.mn_title)
    assert doc.meta["doc_number"] in text and text.endswith(f"{SITE_URL}/mn/{doc.path}")
    assert f" {doc.serial} " in text and "\u202f" in text  # the serial, and Mongolian suffixes kept intact
    html = (mini_site / "mn" / doc.path / "index.html").read_text(encoding="utf-8")
    assert '<span lang="zh-Hans">' + doc.meta["doc_number"] + "</span>" in html


@pytest.mark.browser
def test_copy_button_works_by_keyboard(browser, mini_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(mini_url + "2022/02/p001/")
        button = page.locator("button.cite-copy")
        assert button.is_visible()
        button.focus()
        page.keyboard.press("Enter")
        page.locator(".cite-done").wait_for(state="visible")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.locator("#cite-text").text_content().strip()
        assert "包府办发〔2022〕5号" in copied
    finally:
        context.close()
