"""sitemap.xml, robots.txt and canonical links."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from machine_support import SITE_URL, SITEMAP, XHTML, file_for, head_of


def sitemap(site) -> list[ET.Element]:
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    return root.findall(f"{SITEMAP}url")


def canonical_pages(site) -> set[str]:
    """Every page a reader can land on: all HTML except 404 pages, permalink redirects and search internals."""
    pages = set()
    for p in site.rglob("index.html"):
        rel = p.relative_to(site).as_posix()
        if rel.startswith("pagefind/") or head_of(p).meta_values("robots") == ["noindex"]:
            continue
        pages.add(rel[: -len("index.html")])
    return pages


def test_every_sitemap_url_exists_and_every_page_is_listed(mini_site):
    urls = sitemap(mini_site)
    locs = [u.findtext(f"{SITEMAP}loc") for u in urls]
    assert len(locs) == len(set(locs))
    for loc in locs:
        assert loc.startswith(f"{SITE_URL}/")
        assert file_for(mini_site, loc).is_file(), loc
    listed = {loc[len(SITE_URL) + 1:] for loc in locs}
    assert listed == canonical_pages(mini_site)
    assert {"", "mn/", "2022/02/p001/", "mn/2022/02/p001/"} <= listed


def test_sitemap_pairs_each_page_with_its_other_interface(mini_site):
    for url in sitemap(mini_site):
        loc = url.findtext(f"{SITEMAP}loc")
        alternates = {l.get("hreflang"): l.get("href") for l in url.findall(f"{XHTML}link")}
        assert set(alternates) == {"zh-Hans", "mn-Mong"}
        assert loc in alternates.values()
        for href in alternates.values():
            assert file_for(mini_site, href).is_file()
        lastmod = url.findtext(f"{SITEMAP}lastmod")
        assert lastmod is None or len(lastmod) == 10


def test_document_lastmod_is_its_issue_date(mini_site):
    dates = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in sitemap(mini_site)}
    assert dates[f"{SITE_URL}/2022/01/p010/"] == "2022-02-10"
    assert dates[f"{SITE_URL}/mn/2023/01/p001/"] == "2023-02-06"


def test_robots_txt_points_at_the_sitemap(mini_site, mini_site_sub):
    lines = (mini_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines and f"Sitemap: {SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {SITE_URL}/sub/sitemap.xml" in (mini_site_sub / "robots.txt").read_text(encoding="utf-8")
    for url in sitemap(mini_site_sub):
        assert file_for(mini_site_sub, url.findtext(f"{SITEMAP}loc"), "/sub/").is_file()


def test_every_page_has_a_canonical_link_to_itself(mini_site):
    for page in canonical_pages(mini_site):
        canon = [l["href"] for l in head_of(mini_site / page / "index.html").links if l.get("rel") == "canonical"]
        assert canon == [f"{SITE_URL}/{page}"], page


def test_sitemap_is_laid_out_as_elementtree_writes_it(mini_site):
    """The sitemap is written as text (for speed): parsed and written again by ElementTree it is the same bytes."""
    ET.register_namespace("", SITEMAP.strip("{}"))
    ET.register_namespace("xhtml", XHTML.strip("{}"))
    root = ET.parse(mini_site / "sitemap.xml").getroot()
    ET.indent(root, space=" ")
    again = b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"
    assert (mini_site / "sitemap.xml").read_bytes() == again
