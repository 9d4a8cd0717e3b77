"""Documents that know each other (issue 21): cited 文号 linked or marked external, "cited by" and "cites"
lists, relations recorded in front matter and the status they give, in both interfaces, data.json,
catalogue.json, the 文号 index and search results.

The mini archive records: 2022/02/p001 (包府办发〔2022〕5号) amends 2022/01/p010 (包府发〔2022〕1号) and is
repealed by 2023/01/p001 (包府办发〔2023〕9号), which also repeals the external 包府办发〔2021〕30号 and cites the
external 国办发〔2021〕32号; the chronicle 2022/02/p005 (no 文号) cites 包府办发〔2022〕5号.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import MINI_CONTENT, ROOT, build_site, run_build, serve

from gazette.content.docnumber import find_cited

# ------------------------------------------------------------------------------------------ helpers


@dataclass
class El:
    tag: str
    attrs: dict
    text: str = ""
    children: list = field(default_factory=list)

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def find(self, cls: str) -> list["El"]:
        found = [self] if cls in self.classes() else []
        for c in self.children:
            found += c.find(cls)
        return found

    def links(self) -> list[tuple[str, str]]:
        found = [(self.attrs["href"], self.text)] if self.tag == "a" else []
        for c in self.children:
            found += c.links()
        return found


class _Tree(HTMLParser):
    VOID = {"meta", "link", "br", "img", "input", "hr"}

    def __init__(self, folder: str = ""):
        super().__init__()
        self.root = El("root", {})
        self.stack = [self.root]
        self.folder = folder  # the page's folder (site-relative): its relative links are read as base-path URLs

    def handle_starttag(self, tag, attrs):
        el = El(tag, dict(attrs))
        href = el.attrs.get("href")
        if tag == "a" and href and not href.startswith(("/", "#")) and ":" not in href:
            target = posixpath.normpath(posixpath.join("/" + self.folder, href))  # pages link relatively (gazette/pages/relative.py)
            el.attrs["href"] = target[: -len("index.html")] if target.endswith("/index.html") else target
        self.stack[-1].children.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        while len(self.stack) > 1:
            if self.stack.pop().tag == tag:
                break

    def handle_data(self, data):
        for el in self.stack:
            el.text += data


def html_of(site: Path, path: str) -> El:
    tree = _Tree(path)
    tree.feed((site / path / "index.html").read_text(encoding="utf-8"))
    return tree.root


def one(el: El, cls: str) -> El:
    found = el.find(cls)
    assert len(found) == 1, (cls, len(found))
    return found[0]


def group(el: El, key: str) -> list[tuple[str, str]]:
    """(href, text) of the archive documents listed in a relations group (amends_by, cites, cited_by …)."""
    return one(el, key).links()


# ------------------------------------------------------------------------------------------ recognition


@pytest.mark.parametrize("printed", ["包府办发〔2022〕5号", "包府办发[2022]5号", "包府办发（2022）5号", "包府办发(2022)5号",
                                     "包府办发【2022】5号", "包府办发［2022］5号", "包府办发﹝2022﹞5号", "包府办发〔２０２２〕５号"])
def test_every_bracket_style_is_one_citation(printed):
    found = find_cited(f"按照{printed}文件", frozenset({"包府办发"}))
    assert [(n.canonical, s, e) for s, e, n in found] == [("包府办发〔2022〕5号", 2, 2 + len(printed))]


def test_the_code_starts_after_words_that_cannot_belong_to_it():
    text = "关于对包府办发〔2019〕54号文件部分内容进行调整的通知，根据内政发〔2020〕3号和国办发〔2021〕32号"
    found = [text[s:e] for s, e, _ in find_cited(text, frozenset({"包府办发", "国办发"}))]
    assert found == ["包府办发〔2019〕54号", "内政发〔2020〕3号", "国办发〔2021〕32号"]
    assert find_cited("见第〔2023〕5号", frozenset()) == []  # one character is no 机关代字


# ------------------------------------------------------------------------------------------ mini archive


def test_citations_in_the_body_link_the_archive_or_mark_external(mini_site):
    body = one(html_of(mini_site, "2023/01/p001/"), "doc-body")
    assert ("/2022/02/p001/", "包府办发〔2022〕5号") in body.links()
    external = {e.text: e.attrs["title"] for e in body.find("cite-external")}
    assert external["国办发〔2021〕32号"] == "国务院办公厅文件，未收入本库"
    assert external["包府办发（2021）30号"] == "包头市人民政府办公室文件，未收入本库（已被本文件废止）"  # printed as written
    # the square-bracket citation in the amending document links its target
    assert ("/2022/01/p010/", "包府发[2022]1号") in one(html_of(mini_site, "2022/02/p001/"), "doc-body").links()
    # an unnumbered document cites too
    assert ("/2022/02/p001/", "包府办发〔2022〕5号") in one(html_of(mini_site, "2022/02/p005/"), "doc-body").links()


@pytest.mark.parametrize("lang", ["zh", "mn"])
def test_status_links_and_cited_by_on_every_side(mini_site, lang):
    p = "mn/" if lang == "mn" else ""
    amended, amending, repealing = (html_of(mini_site, f"{p}{d}") for d in ("2022/01/p010/", "2022/02/p001/", "2023/01/p001/"))
    status = {"zh": ("已修改", "已废止", "现行有效"), "mn": ("ᠵᠠᠰᠠᠭᠳᠠᠭᠰᠠᠨ", "ᠬᠦᠴᠦᠨ ᠦᠭᠡᠢ ᠪᠣᠯᠭᠠᠭᠳᠠᠭᠰᠠᠨ", "ᠬᠦᠴᠦᠨ ᠲᠡᠢ")}[lang]
    # the amended document: prominently amended, with a link to the later document
    notice = one(amended, "doc-status-notice")
    assert "status-amended" in notice.classes() and status[0] in notice.text
    assert group(notice, "amends_by") == [(f"/{p}2022/02/p001/", group(notice, "amends_by")[0][1])]
    assert group(amended, "cited_by") == group(notice, "amends_by")
    # the amending document: repealed itself by the newest, it lists what it amends and who cites it
    notice = one(amending, "doc-status-notice")
    assert "status-repealed" in notice.classes() and status[1] in notice.text
    assert [h for h, _ in group(notice, "repeals_by")] == [f"/{p}2023/01/p001/"]
    assert [h for h, _ in group(amending, "amends")] == [f"/{p}2022/01/p010/"]
    assert [h for h, _ in group(amending, "cites")] == [f"/{p}2022/01/p010/"]
    assert [h for h, _ in group(amending, "cited_by")] == [f"/{p}2022/02/p005/", f"/{p}2023/01/p001/"]
    # the repealing document: in force, its repeals listed (one in the archive, one external)
    assert not repealing.find("doc-status-notice")
    assert status[2] in one(repealing, "doc-status-line").text
    repeals = one(repealing, "repeals")
    assert [h for h, _ in repeals.links()] == [f"/{p}2022/02/p001/"]
    assert [e.text for e in repeals.find("cite-external")] == ["包府办发〔2021〕30号"]
    assert [e.text for e in one(repealing, "cites").find("cite-external")] == ["国办发〔2021〕32号", "包府办发〔2021〕30号"]  # first mention


def test_a_document_without_citations_or_relations_has_no_relations_section(mini_site):
    assert not html_of(mini_site, "2022/01/p001/").find("doc-relations")


def test_own_doc_number_is_not_a_citation(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    doc = content / "2022" / "01" / "p010.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n本通知（包府发〔2022〕1号）自印发之日起施行。\n", encoding="utf-8")
    build_site(tmp_path / "site", content, None, "--no-search")
    body = one(html_of(tmp_path / "site", "2022/01/p010/"), "doc-body")
    assert "包府发〔2022〕1号" in body.text and body.links() == [] and body.find("cite-external") == []
    data = json.loads((tmp_path / "site" / "2022/01/p010/data.json").read_text(encoding="utf-8"))
    assert data["cites"] == []


def test_data_json_and_catalogue_carry_both_lists(mini_site):
    data = {d: json.loads((mini_site / d / "data.json").read_text(encoding="utf-8")) for d in ("2022/01/p010", "2022/02/p001", "2023/01/p001", "2022/02/p005")}
    assert data["2022/01/p010"]["status"] == "amended"
    assert [(c["type"], c["id"]) for c in data["2022/01/p010"]["changed_by"]] == [("amends", "2022/02/p001")]
    assert [c["id"] for c in data["2022/01/p010"]["cited_by"]] == ["2022/02/p001"]
    assert data["2022/02/p001"]["status"] == "repealed"
    assert data["2022/02/p001"]["relations"] == [{"type": "amends", "doc_number": "包府发〔2022〕1号", "id": "2022/01/p010",
                                                  "url": "https://gazette.example.gov.cn/2022/01/p010/", "external": False}]
    assert [(c["doc_number"], c["id"]) for c in data["2022/02/p001"]["cited_by"]] == [(None, "2022/02/p005"), ("包府办发〔2023〕9号", "2023/01/p001")]
    cites = {c["doc_number"]: c for c in data["2023/01/p001"]["cites"]}
    assert cites["国办发〔2021〕32号"] == {"doc_number": "国办发〔2021〕32号", "id": None, "url": None, "status": "in_force", "issuer": "国务院办公厅"}
    assert cites["包府办发〔2021〕30号"]["status"] == "repealed" and cites["包府办发〔2022〕5号"]["id"] == "2022/02/p001"
    assert data["2022/02/p005"]["status"] is None  # no 文号
    catalogue = json.loads((mini_site / "catalogue.json").read_text(encoding="utf-8"))
    in_catalogue = {f"{d['id']}": d for i in catalogue["issues"] for d in i["documents"]}
    for key, doc in data.items():
        for field_name in ("status", "relations", "changed_by", "cites", "cited_by"):
            assert in_catalogue[key][field_name] == doc[field_name]


def test_wenhao_index_lists_cited_numbers_not_in_the_archive(mini_site):
    for p in ("", "mn/"):
        table = one(html_of(mini_site, f"{p}wenhao/"), "wenhao-external")
        rows = _rows(table)
        assert [r[0] for r in rows] == ["包府办发〔2021〕30号", "国办发〔2021〕32号"]
        assert rows[0][1] == "包头市人民政府办公室" and rows[1][1] == "国务院办公厅"
        assert all(r[3] == [f"/{p}2023/01/p001/"] for r in rows)


def _rows(table: El) -> list:
    out = []

    def walk(el):
        if el.tag == "tr" and el.children and el.children[0].tag == "td":
            cells = [c for c in el.children if c.tag == "td"]
            out.append((cells[0].text.strip(), cells[1].text.strip(), cells[2].text.strip(), [h for h, _ in cells[3].links()]))
        for c in el.children:
            walk(c)

    walk(table)
    return out


def test_a_later_issue_changing_a_status_rebuilds_the_earlier_pages(tmp_path):
    """The render cache and the search shards know a page by its issue folder; a relation recorded in another
    issue changes the page (status, cited by), so the rebuilt site must equal a cold build."""
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    site = tmp_path / "site"
    build_site(site, content)
    doc = content / "2023" / "01" / "p001.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("repeals:\n", "repeals:\n  - 包府发〔2022〕1号\n"), encoding="utf-8")
    build_site(site, content)
    assert "status-repealed" in one(html_of(site, "2022/01/p010/"), "doc-status-notice").classes()
    assert json.loads((site / "2022/01/p010/data.json").read_text(encoding="utf-8"))["status"] == "repealed"
    build_site(tmp_path / "cold", content)
    assert _digest(site) == _digest(tmp_path / "cold")


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_check_refuses_an_unknown_relation_target_with_its_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    doc = content / "2022" / "02" / "p001.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("amends: [包府发〔2022〕1号]", "replaces: [内政办发〔2020〕8号]"), encoding="utf-8")
    result = run_build("check", "--content", str(content))
    assert result.returncode == 1
    assert "content/2022/02/p001.md:10: 代替（replaces）的文号 内政办发〔2020〕8号 不在本库中" in result.stderr
    assert "Traceback" not in result.stderr
    doc.write_text(doc.read_text(encoding="utf-8").replace("[内政办发〔2020〕8号]", "[{doc_number: 内政办发〔2020〕8号, external: true}]"), encoding="utf-8")
    assert run_build("check", "--content", str(content)).returncode == 0


# ------------------------------------------------------------------------------------------ issue 128


def test_issue_128_links_its_citations_and_the_adjusted_number(tmp_path):
    site = tmp_path / "site"
    result = run_build("build", "--content", str(ROOT / "content"), "--out", str(site), "--strict", "--no-search", "-q")
    assert result.returncode == 0, result.stderr  # --strict: a broken link would fail the build
    title = one(html_of(site, "2023/01/p017/"), "doc-title")
    [cited] = title.find("cite-external")
    assert cited.text == "包府办发〔2019〕54号" and "cite-amended" in cited.classes()
    assert cited.attrs["title"] == "包头市人民政府办公室文件，未收入本库（已被本文件修改）"
    assert [e.text for e in one(html_of(site, "2023/01/p017/"), "amends").find("cite-external")] == ["包府办发〔2019〕54号"]
    assert [e.text for e in one(html_of(site, "2023/01/p031/"), "repeals").find("cite-external")] == ["包府办发〔2019〕6号"]
    numbers = [r[0] for r in _rows(one(html_of(site, "wenhao/"), "wenhao-external"))]
    assert sorted(numbers) == sorted(["包府办发〔2019〕54号", "内政办发〔2022〕95号", "包府办发〔2019〕6号", "国办发〔2021〕32号",
                                      "内政办发〔2022〕37号", "包党办发〔2018〕37号", "包财科〔2018〕977号"])
    data = json.loads((site / "2023/01/p017/data.json").read_text(encoding="utf-8"))
    assert data["cites"][0]["doc_number"] == "包府办发〔2019〕54号" and data["cites"][0]["status"] == "amended"


# ------------------------------------------------------------------------------------------ browser


@pytest.fixture(scope="module")
def mini(mini_site):
    with serve(mini_site) as url:
        yield url


def test_search_results_show_a_document_no_longer_in_force(page, mini):
    for lang, query, want in (("zh", "共享单车", "已废止"), ("zh", "指标", "已修改"), ("mn", "ᠪᠤᠭᠤᠲᠤ", "ᠬᠦᠴᠦᠨ ᠦᠭᠡᠢ ᠪᠣᠯᠭᠠᠭᠳᠠᠭᠰᠠᠨ")):
        page.goto(mini + ("mn/" if lang == "mn" else "") + "search/?q=" + query)
        page.wait_for_function("() => document.getElementById('search').dataset.state === 'done'")
        results = page.eval_on_selector_all(".search-result", """els => els.map(e => [e.querySelector('h2 a').getAttribute('href'),
            (e.querySelector('.search-status') || {}).textContent || ''])""")
        status = dict(results)
        changed = "/mn/2022/02/p001/" if lang == "mn" else "/2022/02/p001/" if want == "已废止" else "/2022/01/p010/"
        assert status[changed] == want, results
        assert all(s == "" for url, s in results if url not in ("/2022/02/p001/", "/2022/01/p010/", "/mn/2022/02/p001/")), results


def test_following_a_citation_reaches_the_cited_document(page, mini):
    page.goto(mini + "2022/02/p005/")
    page.click(".doc-body a.cite-link")
    page.wait_for_url(mini + "2022/02/p001/index.html")
    assert page.locator(".doc-status-notice").is_visible()
    page.click(".doc-status-notice .repeals_by a")
    page.wait_for_url(mini + "2023/01/p001/index.html")


# ------------------------------------------------------------------------------------------ importer


def test_importer_proposes_the_relations_issue_128_states():
    from gazette.importer import import_issue
    from gazette.importer.render import report_text

    imported = import_issue((ROOT / "content" / "2023" / "01" / "source.txt").read_text(encoding="utf-8"), "source.txt")
    proposed = [d.text for d in imported.doubts if d.kind == "relation"]
    assert proposed == ["p017: amends 包府办发〔2019〕54号", "p031: repeals 包府办发〔2019〕6号"]
    report = report_text(imported)
    assert "| 266 | 文件关系 relation | p017: amends 包府办发〔2019〕54号 |" in report
    assert "{doc_number: 包府办发〔2019〕6号, external: true}" in report


def test_importer_asks_for_the_number_a_repealing_title_does_not_give():
    from gazette.importer.model import Document
    from gazette.importer.relations import propose_relations

    doc = Document("p005", "包头市人民政府关于废止《包头市城市绿化管理办法》的决定", "包头市人民政府", "市政府文件", 5, "正文。", first_line=40)
    [doubt] = propose_relations([doc])
    assert doubt.line == 40 and "repeals: [文号]" in doubt.message


# ------------------------------------------------------------------------------------------ details


def test_json_ld_names_what_a_document_changes_and_a_repeal(mini_site):
    from machine_support import head_of

    amending = head_of(mini_site / "2022/02/p001/index.html").json_ld[0]
    assert amending["legislationChanges"] == [{"@id": "https://gazette.example.gov.cn/2022/01/p010/"}]
    assert amending["legislationLegalForce"] == "https://schema.org/NotInForce"  # repealed by 2023/01/p001
    repealing = head_of(mini_site / "mn/2023/01/p001/index.html").json_ld[0]
    assert repealing["legislationChanges"] == [{"@id": "https://gazette.example.gov.cn/mn/2022/02/p001/"},
                                              {"@type": "Legislation", "legislationIdentifier": "包府办发〔2021〕30号"}]
    assert "legislationLegalForce" not in repealing
    assert "legislationChanges" not in head_of(mini_site / "2022/01/p010/index.html").json_ld[0]


def test_citations_keep_heading_ids_and_never_nest_links():
    from gazette.content.markdown import make_markdown, render_markdown
    from gazette.content.model import CITED_MARK

    md = make_markdown(frozenset({"包府办发"}))
    r = render_markdown(md, "## 关于包府办发〔2022〕5号的说明\n\n见[包府办发〔2022〕5号](/2022/02/p001/)，按照包府办发[2022]5号执行。\n")
    assert r.headings[0].text == "关于包府办发〔2022〕5号的说明" and r.headings[0].id == "关于包府办发20225号的说明"  # as before: from the heading text
    assert [c.printed for c in r.citations] == ["包府办发〔2022〕5号", "包府办发[2022]5号"]  # not the linked one
    assert r.html.count(CITED_MARK) == 2 and '<a href="/2022/02/p001/">包府办发〔2022〕5号</a>' in r.html
    assert "包府办发[2022]5号执行" in r.plain_text
