"""Whole-build properties: reproducible output, links that resolve under a path prefix, the real archive."""

from __future__ import annotations

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
from support import MINI_CONTENT, ROOT, build_site, run_build


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_input_gives_byte_identical_site(tmp_path):
    build_site(tmp_path / "a")
    build_site(tmp_path / "b")
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key) and not (tag == "link" and a.get("rel") in ("canonical", "alternate") and a[key].startswith("http")):
                self.links.append(a[key])


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_internal_link_resolves_under_sub_prefix(mini_site_sub):
    """Pages link document-relatively to files (folders as …/index.html), so they work from any folder and from
    file://; the 404 pages, served at any missing address, keep /sub/ links."""
    pages = {p: parse(p) for p in mini_site_sub.rglob("*.html")}
    checked = 0
    for page, parsed in pages.items():
        not_found = page.name == "404.html"
        for link in parsed.links:
            if re.match(r"^[a-z]+:", link):
                continue
            url, fragment = urldefrag(link)
            if not url:  # same-page fragment
                assert fragment in parsed.ids, f"{page}: #{fragment} not found"
                continue
            url = url.split("?")[0]
            if not_found:
                assert url.startswith("/sub/"), f"{page}: {link} ignores the /sub/ prefix"
                target = mini_site_sub / unquote(url[len("/sub/"):])
                target = target / "index.html" if url.endswith("/") else target
            else:
                assert not url.startswith("/") and not url.endswith("/"), f"{page}: {link} is not a relative link to a file"
                target = (page.parent / unquote(url)).resolve()
                assert target.is_relative_to(mini_site_sub.resolve()), f"{page}: {link} leaves the site"
            assert target.is_file(), f"{page}: {link} does not resolve"
            if fragment and target.suffix == ".html":
                assert fragment in pages[target].ids, f"{page}: {link} fragment missing"
            checked += 1
    assert checked > 200


def test_relative_and_absolute_urls_are_where_they_belong(mini_site_sub):
    """Canonical and hreflang URLs stay absolute (site_url + /sub/); page links are relative."""
    html = (mini_site_sub / "2022/01/p001/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://gazette.example.gov.cn/sub/2022/01/p001/">' in html
    assert 'href="../../../static/site.css"' in html and 'href="../../../mn/2022/01/p001/index.html"' in html


def test_both_interfaces_have_every_page_type(mini_site):
    for prefix in ("", "mn/"):
        for rel in ("index.html", "2022/index.html", "2022/01/index.html", "2022/01/p001/index.html", "category/index.html",
                    "category/work-report/index.html", "issuer/index.html", "issuer/city-government/index.html",
                    "wenhao/index.html", "search/index.html", "404.html"):
            html = (mini_site / prefix / rel).read_text(encoding="utf-8")
            assert f'<html lang="{"mn-Mong" if prefix else "zh-Hans"}">' in html, prefix + rel


def test_document_url_does_not_change_when_a_document_is_added(tmp_path):
    import shutil
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    build_site(tmp_path / "before", content)
    issue = content / "2022" / "01" / "issue.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("  - p001\n", "  - p000\n  - p001\n"), encoding="utf-8")
    (content / "2022" / "01" / "p000.md").write_text("---\ntitle: 新增文件\nissuer: 包头市人民政府\ncategory: 政府工作报告\npage: 1\n---\n正文。\n", encoding="utf-8")
    build_site(tmp_path / "after", content)
    for rel in ("2022/01/p001/index.html", "2022/01/p010/index.html"):
        assert (tmp_path / "after" / rel).exists()
    assert (tmp_path / "after" / "2022/01/p000/index.html").exists()


def test_real_archive_checks_and_builds(tmp_path):
    result = run_build("check", "-q")
    assert result.returncode == 0, result.stderr
    build_site(tmp_path / "site", ROOT / "content")
    html = (tmp_path / "site" / "2023" / "01" / "index.html").read_text(encoding="utf-8")
    for number in (2, 4, 6, 9, 11):
        assert f"包府办发〔2023〕{number}号" in html
    assert html.count('href="p0') >= 7  # document-relative links (gazette/pages/relative.py)


def test_rebuild_after_an_edit_reuses_unchanged_pages_and_equals_a_cold_build(tmp_path):
    """The render cache re-renders only the edited issue's document pages (their key changed) and pages whose
    view changed; the result is byte-identical to a cold build."""
    import shutil
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    site = tmp_path / "site"
    build_site(site, content)
    doc = content / "2022" / "02" / "p005.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("常务会议。", "常务会议，研究部署工作。"), encoding="utf-8")
    result = build_site(site, content)
    rendered = re.search(r"(\d+) 个重新生成 made, (\d+) 个未变 unchanged", result.stderr)
    assert rendered, result.stderr
    fresh, reused = int(rendered[1]), int(rendered[2])
    assert fresh == 6 and reused > 30  # the issue's 2 documents in both interfaces and their data.json (no list shows body text)
    build_site(tmp_path / "cold", content)
    assert tree_digest(site) == tree_digest(tmp_path / "cold")


def test_rebuild_makes_document_views_only_for_changed_issue_folders(tmp_path, monkeypatch):
    """A document page whose issue folder is unchanged is known unchanged by its key (the folder's parse-cache
    key): its view is not made again. In-process, one job, so the planner's calls can be counted."""
    import shutil

    from gazette.build.pipeline import build
    from gazette.content.config import load_config
    from gazette.pages import planner

    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    made: list[tuple[int, int, int]] = []
    original = planner.Planner.document
    monkeypatch.setattr(planner.Planner, "document", lambda self, issue, index: made.append((issue.year, issue.number, index)) or original(self, issue, index))
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1)
    assert {(y, n) for y, n, _ in made} == {(2022, 1), (2022, 2), (2023, 1)}  # cold: every document, both interfaces
    doc = content / "2022" / "02" / "p005.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("常务会议。", "常务会议，研究部署工作。"), encoding="utf-8")
    made.clear()
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1)
    assert made and {(y, n) for y, n, _ in made} == {(2022, 2)}  # only the edited issue's documents


def _edited_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the mini archive and the document tests edit in it."""
    import shutil
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    return content, content / "2022" / "02" / "p005.md"


def _edit(doc: Path, words: str = "常务会议，研究部署工作。") -> None:
    doc.write_text(doc.read_text(encoding="utf-8").replace("常务会议。", words), encoding="utf-8")


def test_rebuild_commits_only_the_files_that_changed(tmp_path):
    """A rebuild's staging folder holds only what changed, renamed into site/: an unchanged page keeps its inode
    and mtime (never written), the edited one is new, nothing is left beside site/, and site/ equals a cold build."""
    import os

    from gazette.build.pipeline import build
    from gazette.content.config import load_config

    content, doc = _edited_copy(tmp_path)
    site = tmp_path / "site"
    config, _ = load_config(ROOT, None, content)
    build(config, site, jobs=1, search=False)
    kept, edited = site / "2022/01/p001/index.html", site / "2022/02/p005/index.html"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (kept, edited)}
    _edit(doc)
    config, _ = load_config(ROOT, None, content)
    build(config, site, jobs=1, search=False)
    assert (kept.stat().st_ino, kept.stat().st_mtime_ns) == before[kept]
    assert edited.stat().st_ino != before[edited][0] and "研究部署工作" in edited.read_text(encoding="utf-8")
    assert sorted(os.listdir(tmp_path)) == ["content", "site"]  # no staging folder, no lock, no old copy
    build(config, tmp_path / "cold", jobs=1, search=False)
    assert tree_digest(site) == tree_digest(tmp_path / "cold")


def test_rebuild_keeps_the_link_check_of_feeds_and_sitemap_whose_bytes_are_unchanged(tmp_path, monkeypatch):
    """The outputs made in the parent (feeds, sitemap, catalogue, assets) go through the render cache by
    their bytes: after a body edit the sitemap is the same file and is not parsed and checked again, the feed
    that shows the edit is, catalogue.json has its new links checked; a file touched by hand in site/ is checked
    again; the rebuild equals a cold build."""
    from gazette.build import emit
    from gazette.build.pipeline import build
    from gazette.content.config import load_config

    content, doc = _edited_copy(tmp_path)
    site = tmp_path / "site"
    config, _ = load_config(ROOT, None, content)
    build(config, site, jobs=1, search=False)
    checked, added, real, real_added = [], [], emit.check_file, emit.check_added
    monkeypatch.setattr(emit, "check_file", lambda resolver, path, data: checked.append(path) or real(resolver, path, data))
    monkeypatch.setattr(emit, "check_added", lambda resolver, path, data, old: added.append(path) or real_added(resolver, path, data, old))
    _edit(doc)
    config, _ = load_config(ROOT, None, content)
    build(config, site, jobs=1, search=False)
    small = [c for c in checked if not c.endswith((".html", "data.json"))]
    assert "2022/02/p005/index.html" in checked and "sitemap.xml" not in small and "static/site.css" not in small, small
    assert "feed.xml" in small  # the edited document is in the newest entries: its summary changed
    # catalogue.json lists the edited issue's zip digest: new bytes, of which only the new links are checked
    assert "catalogue.json" in added and "catalogue.json" not in checked
    sitemap = site / "sitemap.xml"
    sitemap.write_bytes(sitemap.read_bytes())  # same bytes, a new mtime: not the file the last build wrote
    checked.clear()
    build(config, site, jobs=1, search=False)
    assert [c for c in checked if not c.endswith("SHA256SUMS")] == ["sitemap.xml"]  # (manifests: always, they are small)
    build(config, tmp_path / "cold", jobs=1, search=False)
    assert tree_digest(site) == tree_digest(tmp_path / "cold")


def test_a_commit_cut_short_is_finished_by_the_next_build(tmp_path, monkeypatch):
    """A build killed while it renames its files into site/ leaves its staging folder with the journal (never
    discarded); the next build finishes that commit first, so site/ ends up exactly as a cold build."""
    import os

    from gazette.build import write
    from gazette.build.pipeline import build
    from gazette.content.config import load_config

    content, doc = _edited_copy(tmp_path)
    site = tmp_path / "site"
    config, _ = load_config(ROOT, None, content)
    build(config, site, jobs=1, search=False)
    (content / "2022" / "01" / "p001.md").unlink()  # a page to remove as well as pages to move
    issue_yaml = content / "2022" / "01" / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text(encoding="utf-8").replace("  - p001\n", ""), encoding="utf-8")
    _edit(doc)
    real, calls = os.replace, []

    def killed(source, target):
        if str(target).startswith(f"{site}/"):  # a rename into site/ (other files are replaced this way too)
            calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt  # as if killed in the middle of the renames
        return real(source, target)

    monkeypatch.setattr(write.os, "replace", killed)
    config, _ = load_config(ROOT, None, content)
    with pytest.raises(write.CommitUnfinished):
        build(config, site, jobs=1, search=False)
    monkeypatch.setattr(write.os, "replace", real)
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".site.building-")]
    assert len(left) == 1 and (left[0] / write.JOURNAL).is_file()
    waiting = [f for f in left[0].rglob("*") if f.is_file() and f.name not in (write.JOURNAL, ".gazette-site")]
    assert waiting  # the commit was cut short: files still to be moved into site/
    build(config, site, jobs=1, search=False)
    assert not any(p.name.startswith(".site.") for p in tmp_path.iterdir())
    build(config, tmp_path / "cold", jobs=1, search=False)
    assert tree_digest(site) == tree_digest(tmp_path / "cold")


def test_a_rebuild_without_search_drops_the_index_and_one_with_search_brings_it_back(tmp_path):
    """The search index folder is replaced as a whole by a commit: a build with --no-search leaves none (as a
    cold build would), the next build with search makes it again."""
    content, doc = _edited_copy(tmp_path)
    site = tmp_path / "site"
    build_site(site, content)
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    _edit(doc)
    build_site(site, content, None, "--no-search")
    assert not (site / "pagefind").exists()
    build_site(tmp_path / "cold", content, None, "--no-search")
    assert tree_digest(site) == tree_digest(tmp_path / "cold")
    build_site(site, content)
    build_site(tmp_path / "cold2", content)
    assert tree_digest(site) == tree_digest(tmp_path / "cold2")


def test_a_file_changed_by_hand_in_site_is_made_again(tmp_path):
    """The render cache reuses a file only while it is the one the last build wrote (size, mtime, inode): a
    page edited in site/ (here without changing its size, then also with its mtime put back) comes back as
    built, as the editors' guide promises."""
    site = tmp_path / "site"
    build_site(site)
    page = site / "2022" / "01" / "p001" / "index.html"
    original = page.read_bytes()
    page.write_bytes(original.replace(b"<html", b"<HTML", 1))
    build_site(site)
    assert page.read_bytes() == original
    # as `sed -i` then `touch -r`, or `cp -p` of an old copy: same size and mtime, but a new file (inode)
    import os
    st = page.stat()
    edited = page.with_name("edited.tmp")
    edited.write_bytes(original.replace(b"<html", b"<HTML", 1))
    os.utime(edited, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(edited, page)
    assert (page.stat().st_size, page.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)
    build_site(site)
    assert page.read_bytes() == original


def test_rebuild_links_unchanged_files_and_checks_links_again_when_a_target_is_gone(tmp_path):
    """Unchanged pages are hard-linked from the previous site (same inode), their kept link summaries reused;
    when an output path of the previous build is gone, every page is checked again: a kept summary would
    miss the link that broke in a page that did not change."""
    import shutil
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    # 2022/01/p001 (the work report) is linked by hand and neither cited nor the target of a relation
    doc = content / "2022" / "02" / "p005.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n见[一月的文件](/2022/01/p001/)。\n", encoding="utf-8")
    site = tmp_path / "site"
    first = build_site(site, content)
    assert "链接失效" not in first.stderr, first.stderr
    page = site / "2022" / "02" / "p005" / "index.html"
    inode = page.stat().st_ino
    zips = {name: (site / name).stat().st_ino for name in ("2022/01/gazette-2022-01.zip", "2022/02/gazette-2022-02.zip")}
    issue_yaml = content / "2022" / "01" / "issue.yaml"
    issue_yaml.write_text(issue_yaml.read_text(encoding="utf-8").replace("  - p001\n", ""), encoding="utf-8")
    (content / "2022" / "01" / "p001.md").unlink()
    second = build_site(site, content)
    assert page.stat().st_ino == inode  # the unchanged page: linked, not written again
    assert (site / "2022/02/gazette-2022-02.zip").stat().st_ino == zips["2022/02/gazette-2022-02.zip"]  # its issue unchanged
    assert (site / "2022/01/gazette-2022-01.zip").stat().st_ino != zips["2022/01/gazette-2022-01.zip"]  # a document gone
    assert re.search(r"2022/02/p005/index.html:\d+: .*链接失效 broken link \(a href\) '\.\./\.\./01/p001/index\.html' \(= /2022/01/p001/\)", second.stderr), second.stderr
    cold = build_site(tmp_path / "cold", content)
    assert tree_digest(site) == tree_digest(tmp_path / "cold")
    assert sorted(re.findall(r"^.*链接失效.*$", second.stderr, re.M)) == sorted(re.findall(r"^.*链接失效.*$", cold.stderr, re.M))


ARCHIVE_PAGES = ("home", "year", "doc_numbers", "term_pages")


@pytest.mark.parametrize("edit, archive_made", [
    (("常务会议。", "常务会议，研究部署工作。"), False),  # body only: no listing changed
    (("常务会议。", "常务会议，依据包府发〔2031〕7号。"), True),  # cites a 文号 not in the archive: the 文号 index lists it
    (("title: 2022年2月政府大事记", "title: 2022年2月政府大事记（修订）"), True),  # a title every list shows
    (("page: 5", "page: 6"), True),  # the printed page the lists show
])
def test_rebuild_makes_archive_wide_views_only_when_a_listing_changed(tmp_path, monkeypatch, edit, archive_made):
    """Home, year, 文号 index, category and issuer pages are keyed by every issue's listing (pages/listing.py):
    a body edit does not make their views; an edit of what they show does, and the result is a cold build's."""
    from gazette.build.pipeline import build
    from gazette.content.config import load_config
    from gazette.pages import planner

    content, doc = _edited_copy(tmp_path)
    made: list[str] = []
    for name in ARCHIVE_PAGES:
        original = getattr(planner.Planner, name)
        monkeypatch.setattr(planner.Planner, name, lambda self, *a, _o=original, _n=name: made.append(_n) or _o(self, *a))
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1, search=False)
    assert set(made) == set(ARCHIVE_PAGES)
    made.clear()
    doc.write_text(doc.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1, search=False)
    assert bool(made) == archive_made, made
    build(config, tmp_path / "cold", jobs=1, search=False)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_a_mongolian_font_installed_after_a_build_reaches_every_page(tmp_path, monkeypatch, request):
    """Every page links the web font only when the build finds a Mongolian font; a system font installed
    (or removed) between two builds changes every page, keyed or not: the rebuild equals a cold build."""
    import shutil

    from gazette.build.pipeline import build
    from gazette.content.config import load_config
    from gazette.pages import fonts

    found = fonts.find_font("", ROOT)
    assert found is not None, "fonts-noto-core (the CI installs it)"
    system = tmp_path / "fonts"
    system.mkdir()
    monkeypatch.setattr(fonts, "SEARCH_DIRS", (system,))
    fonts.find_font.cache_clear()  # a build is one process: the font is looked for once per process
    request.addfinalizer(fonts.find_font.cache_clear)  # the next test finds the system font again
    content, _ = _edited_copy(tmp_path)
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1, search=False)
    page = tmp_path / "site" / "2022" / "02" / "p005" / "index.html"
    assert "mongolian-face.css" not in page.read_text(encoding="utf-8")
    shutil.copy(found, system / fonts.FONT_FILE)
    fonts.find_font.cache_clear()
    build(config, tmp_path / "site", jobs=1, search=False)
    assert "mongolian-face.css" in page.read_text(encoding="utf-8")
    build(config, tmp_path / "cold", jobs=1, search=False)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


@pytest.mark.parametrize("path, old, new", [
    ("2022/01/p010.md", "issuer: 包头市人民政府\n", "issuer: 包头市人民政府办公室\n"),  # data.json of a citing document names it
    ("2023/01/p001.md", "  - 包府办发〔2022〕5号\n", ""),  # 5号 is no longer repealed: its badge where it is listed as citing
])
def test_rebuild_after_an_edit_shown_on_other_issues_pages_equals_a_cold_build(tmp_path, path, old, new):
    """What a document page and its data.json show of documents in other issues (the issuer of a cited
    document, the status of a citing one) is part of their key (CitationGraph.page_inputs)."""
    from gazette.build.pipeline import build
    from gazette.content.config import load_config

    content, _ = _edited_copy(tmp_path)
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1, search=False)
    doc = content / path
    assert old in doc.read_text(encoding="utf-8")
    doc.write_text(doc.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1, search=False)
    build(config, tmp_path / "cold", jobs=1, search=False)
    assert tree_digest(tmp_path / "site") == tree_digest(tmp_path / "cold")


def test_the_site_does_not_depend_on_where_the_project_is(tmp_path):
    """Two copies of the project in different folders build byte-identical sites, search index included
    (the index's inputs keys hold paths: the render cache keeps them, not site/pagefind/shards.json)."""
    import shutil
    sites = []
    for where in ("a/project", "b/elsewhere/deeper/project"):
        root = tmp_path / where
        shutil.copytree(ROOT / "layouts", root / "layouts")
        shutil.copy(ROOT / "config.yaml", root / "config.yaml")
        shutil.copytree(MINI_CONTENT, root / "content")
        result = run_build("build", "--root", str(root), "-q", "-j", "1")
        assert result.returncode == 0, result.stderr
        sites.append(root / "site")
    assert (sites[0] / "pagefind" / "shards.json").is_file()
    assert tree_digest(sites[0]) == tree_digest(sites[1])
