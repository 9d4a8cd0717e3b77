"""Search (issue 6): the real Pagefind index in headless Chromium, through the search page's own query
path (`gazetteSearch.urls`, the same code the UI runs) and through the UI itself.

Fixtures: the mini archive (tests/fixtures/mini) and the real issue 128 (content/2023/01)."""

from __future__ import annotations

import gzip
import json
import os
import posixpath
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from support import MINI_CONTENT, ROOT, build_site, serve

pytestmark = pytest.mark.browser

REAL_CONTENT = ROOT / "content"


# ------------------------------------------------------------------------------------------ helpers


def open_search(page, base: str, lang: str = "zh", query: str | None = None, extra: str = ""):
    url = base + ("mn/" if lang == "mn" else "") + "search/"
    if query is not None or extra:
        url += "?" + ("q=" + quote(query) if query is not None else "") + extra
    page.goto(url)
    page.wait_for_function("() => ['done', 'error'].includes(document.getElementById('search').dataset.state)")
    assert page.evaluate("document.getElementById('search').dataset.state") == "done"
    return page


def urls(page, query: str, prefix: str = "/") -> list[str]:
    """What the search page lists for a query, as site-relative paths."""
    found = page.evaluate("q => gazetteSearch.urls(q)", query)
    return [u[len(prefix) - 1:] if u.startswith(prefix) else u for u in found]


def shown(page) -> list[str]:
    return page.eval_on_selector_all(".search-result-title a", "els => els.map(e => e.getAttribute('href'))")


def real_errors(page) -> list[str]:
    return [e for e in page.console_errors if "favicon" not in e and "404" not in e]


def fragments(site: Path) -> list[dict]:
    out = []
    for f in sorted((site / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(f.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        out.append(json.loads(data[12:]))
    return out


def load_docs(content: Path):
    sys.path.insert(0, str(ROOT))
    from gazette.content.config import load_config
    from gazette.content.load import load_gazette

    config, _ = load_config(ROOT, content=content)
    gazette, _ = load_gazette(config)
    return [(f"/{d.year}/{d.issue_number:02d}/{d.slug}/", d) for d in gazette.documents]


def full_text(doc) -> str:
    return "\n".join(x for x in (doc.title, doc.subtitle, doc.author, doc.doc_number, doc.text.plain_text) if x)


def docno_variants(number: str) -> list[str]:
    """Every way a reader may type a complete 文号."""
    m = re.match(r"^(.+)〔(\d{4})〕(\d+)号$", number)
    agency, year, seq = m.groups()
    wide = lambda s: s.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return [
        number, f"{agency}[{year}]{seq}号", f"{agency}({year}){seq}号", f"{agency}（{year}）{seq}号",
        f"{agency}【{year}】{seq}号", f"{agency}［{year}］{seq}号", f"{agency}{year}{seq}号", f"{agency} {year} {seq}号",
        f"{agency}〔{year}〕{seq}", f"{agency}〔{wide(year)}〕{wide(seq)}号", f"{agency}（{wide(year)}）{wide(seq)}",
        f" {agency}〔{year}〕{seq}号 ",
    ]


@pytest.fixture(scope="module")
def mini(mini_site):
    with serve(mini_site) as url:
        yield url


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The real issue 128 (content/), built like an editor builds it."""
    out = tmp_path_factory.mktemp("real") / "site"
    build_site(out, content=REAL_CONTENT)
    return out


@pytest.fixture(scope="module")
def real(real_site):
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="module")
def real_docs():
    return load_docs(REAL_CONTENT)


@pytest.fixture
def zh_real(page, real):
    return open_search(page, real)


# ----------------------------------------------------------------------------------- the index


def test_pinned_extended_pagefind():
    version = subprocess.run([sys.executable, "-m", "pagefind", "--version"], capture_output=True, text=True).stdout
    assert version.strip() == "pagefind 1.5.2"
    import pagefind_bin_extended  # noqa: F401  (the standard binary cannot index Chinese)


def test_one_index_per_language_with_documents_only(mini_site):
    entry = json.loads((mini_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert {k: v["page_count"] for k, v in entry["languages"].items()} == {"zh-hans": 5, "mn-mong": 1}
    frags = fragments(mini_site)
    assert all(f["url"].startswith("/mn/") == ("ᠪᠤᠭᠤᠲᠤ" in f["meta"]["title"]) for f in frags)
    assert not any("/search/" in f["url"] or f["url"].count("/") < 4 for f in frags), "only document pages"


def test_every_document_has_metadata_filters_and_sort(mini_site):
    for f in fragments(mini_site):
        assert {"title", "issue"} <= set(f["meta"]), f["url"]
        assert {"年份", "期", "栏目", "发文机关"} <= set(f["filters"]), f["url"]
    numbered = {f["url"]: f for f in fragments(mini_site)}["/2023/01/p001/"]
    assert numbered["meta"]["文号"] == "包府办发〔2023〕9号" and numbered["filters"]["文号"] == ["包府办发〔2023〕9号"]
    assert numbered["meta"]["date"] == "2023年1月18日"


def test_no_boilerplate_indexed(real_site):
    """Header, nav, footer, 主送机关 and corrections are not document text."""
    from_page = (real_site / "2023" / "01" / "p031" / "index.html").read_text(encoding="utf-8")
    assert "稀土高新区管委会" in from_page  # the 主送机关 line is on the page …
    sys.path.insert(0, str(ROOT))
    from gazette.search.records import encode_zh

    frag = {f["url"]: f for f in fragments(real_site)}["/2023/01/p031/"]
    for boiler in ("本期目录", "文号索引", "全文搜索", "主办", "编者勘误说明"):
        assert encode_zh(boiler).strip() not in frag["content"], boiler


def test_presence_map_files_hold_about_a_hundred_terms(real_site):
    """Issue 17: the map's file count follows its terms, not its documents (the real issue's 7 long documents
    have ≈15,000 terms: 4 files of ≈3,900 terms each when sized by documents); the page asks for exactly the
    files the build wrote."""
    chunks = int(re.search(r'"zh":\{"decades":\[[^\]]*\],"map":(\d+)', (real_site / "search" / "index.html").read_text(encoding="utf-8")).group(1))
    files = sorted((real_site / "pagefind" / "map").glob("zh-*.pagefind"))
    assert sorted(f.name for f in files) == sorted(f"zh-{k}.pagefind" for k in range(chunks))
    sizes = [len(json.loads(gzip.decompress(f.read_bytes()))) for f in files]
    assert 10_000 < sum(sizes) and 50 <= sum(sizes) / chunks <= 250, (chunks, sum(sizes))
    assert max(sizes) <= 400, max(sizes)


def test_reader_pages_carry_no_index_text(mini_site):
    for html in mini_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "qqqall" not in text and not re.search(r"\bq[0-9a-l][0-9a-z]{2}zzz\b", text), html


def test_rebuild_is_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    build_site(a)
    build_site(b)
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    fa, fb = files(a), files(b)
    assert sorted(fa) == sorted(fb)
    assert [k for k in fa if fa[k] != fb[k]] == []


# ------------------------------------------------------------------------------ Chinese recall


KNOWN_FAILURES = [  # notes/pagefind.md: missed by stock Pagefind 1.5.2; must now rank first
    ("土地一级开发", "/2023/01/p031/"),
    ("包头市人民政府办公室关于规范土地一级开发工作的实施意见", "/2023/01/p031/"),
    ("优化营商环境动员大会", "/2023/01/p038/"),
    ("土地 一级 开发", "/2023/01/p031/"),
    ("互联网租赁自行车", "/2023/01/p017/"),
    ("复工复产复商复市", "/2023/01/p034/"),
    ("工业园区市政基础设施", "/2023/01/p019/"),
    ("科研经费管理", "/2023/01/p024/"),
    ("共享单车 城管执法局", "/2023/01/p017/"),
    ("政协委员", "/2023/01/p017/"),
]


@pytest.mark.parametrize("query,expected", KNOWN_FAILURES)
def test_known_failures_now_rank_first(zh_real, query, expected):
    assert urls(zh_real, query)[:1] == [expected]


def test_every_full_title_ranks_first(zh_real, real_docs):
    for url, doc in real_docs:
        assert urls(zh_real, doc.title)[:1] == [url], doc.title


def test_title_runs_in_top_three(zh_real, real_docs):
    """Every run of ≥2 Han characters of a title (shared by ≤3 titles) finds the document in the top 3."""
    cases = []
    for url, doc in real_docs:
        for run in re.findall(r"[\u4e00-\u9fff]+", doc.title):
            for i in range(len(run)):
                for j in range(i + 2, len(run) + 1):
                    if sum(run[i:j] in d.title for _, d in real_docs) <= 3:
                        cases.append((run[i:j], url))
    results = zh_real.evaluate("async cs => Promise.all(cs.map(([q]) => gazetteSearch.urls(q)))", cases)
    missed = [(q, u, r[:3]) for (q, u), r in zip(cases, results) if u not in r[:3]]
    assert len(cases) > 500 and missed == []


def test_body_phrases_in_top_three(zh_real, real_docs):
    rnd = random.Random(128)
    texts = {u: full_text(d) for u, d in real_docs}
    cases = []
    for url, doc in real_docs:
        sentences = [s for s in re.split(r"[。；！？\n]", doc.text.plain_text) if len(s) >= 8]
        for s in rnd.sample(sentences, min(20, len(sentences))):
            k = rnd.randint(4, min(24, len(s)))
            a = rnd.randint(0, len(s) - k)
            phrase = s[a:a + k]
            if sum(phrase in t for t in texts.values()) <= 3:
                cases.append((phrase, url))
    results = zh_real.evaluate("async cs => Promise.all(cs.map(([q]) => gazetteSearch.urls(q)))", cases)
    missed = [(q, u, r[:3]) for (q, u), r in zip(cases, results) if u not in r[:3]]
    assert len(cases) > 80 and missed == []


@pytest.mark.parametrize("word", ["稀土", "光伏", "共享单车", "营商环境", "内蒙古", "高新区", "张锐"])
def test_words_find_exactly_the_documents_containing_them(zh_real, real_docs, word):
    expected = {u for u, d in real_docs if word in full_text(d)}
    found = urls(zh_real, word)
    assert expected and set(found) == expected  # containing ones only: none that lack it can outrank them


def test_absent_word_is_an_honest_no(zh_real):
    assert urls(zh_real, "稀士") == []
    assert urls(zh_real, "邮政编码") == []  # a footer-only word; and not silently dropped to 编
    assert urls(zh_real, "稀土 邮政编码") == []  # a missing word is not silently ignored


# ------------------------------------------------------------------------------------------ 文号


def test_every_docno_variant_is_first_and_alone(zh_real, real_docs):
    numbered = [(u, d.doc_number) for u, d in real_docs if d.doc_number]
    assert len(numbered) == 5
    for url, number in numbered:
        for variant in docno_variants(number):
            assert urls(zh_real, variant) == [url], variant


def test_partial_docno_puts_the_numbered_document_first(zh_real, real_docs):
    for url, number in [(u, d.doc_number) for u, d in real_docs if d.doc_number]:
        agency, year, seq = re.match(r"^(.+)〔(\d{4})〕(\d+)号$", number).groups()
        for variant in (f"〔{year}〕{seq}号", f"[{year}]{seq}号", f"{year} {seq}号", f"{seq}号", f"（{year}）{seq}号"):
            assert urls(zh_real, variant)[:1] == [url], variant
        assert url in urls(zh_real, f"{agency}〔{year}〕")


def test_docno_2_is_not_2023(zh_real):
    """包府办发〔2023〕2号 ranked 3rd in stock Pagefind because 2 prefix-matched 2023."""
    assert urls(zh_real, "包府办发〔2023〕2号") == ["/2023/01/p017/"]
    assert urls(zh_real, "2号")[:1] == ["/2023/01/p017/"]


def test_docno_not_in_archive_falls_back_to_text(zh_real):
    # 包府办发〔2019〕54号 is cited in the title of 包府办发〔2023〕2号, not the number of any document here.
    assert urls(zh_real, "包府办发〔2019〕54号")[:1] == ["/2023/01/p017/"]


# ------------------------------------------------------------------------------------- Mongolian


MN_DOC = "/mn/2022/02/p001/"


@pytest.mark.parametrize("query", [
    "ᠪᠤᠭᠤᠲᠤ", "ᠳᠡᠯᠡᠬᠡᠢ", "ᠳ\u180bᠡᠯᠡᠬᠡᠢ", "ᠳ\u180cᠡᠯᠡᠬᠡᠢ", "ᠬᠠᠷᠠ", "ᠬᠠᠷ\u180eᠠ", "ᠰᠠᠷ\u180eᠠ",
    "ᠬᠣᠲᠠ\u202fᠶᠢᠨ", "ᠬᠣᠲᠠ ᠶᠢᠨ", "ᠮᠡᠳᠡᠭᠳᠡᠯ\u180f", "ᠠᠷᠠᠳ\u202fᠤᠨ ᠵᠠᠰᠠᠭ", "包府办发（2022）5号",
])
def test_mongolian_variants_match(page, mini, query):
    open_search(page, mini, "mn")
    assert urls(page, query) == [MN_DOC]


def test_mongolian_interface_finds_chinese_documents_on_their_mn_pages(page, mini):
    """Issue 15: Chinese words, numbers and 文号 typed on the Mongolian interface search the Chinese index and
    link to the documents' Mongolian-interface pages (every document has one); Mongolian words search the
    Mongolian texts."""
    open_search(page, mini)
    zh = {q: urls(page, q) for q in ("共享单车", "稀土", "营商环境", "包府办发〔2023〕9号", "2022年")}
    open_search(page, mini, "mn")
    for query, found in zh.items():
        assert found and urls(page, query) == ["/mn" + u for u in found], query
    assert urls(page, "ᠪᠤᠭᠤᠲᠤ") == [MN_DOC]


# ------------------------------------------------------------------------------------------ UI


def test_ui_shows_title_docno_issue_date_and_highlighted_excerpt(page, mini):
    open_search(page, mini, query="城管执法局")  # a word of the text only
    assert shown(page) == ["/2022/02/p001/"]
    item = page.locator(".search-result").first
    assert item.locator("h2 a").inner_text() == "包头市人民政府办公室关于规范共享单车管理的通知"
    meta = item.locator(".search-result-meta").inner_text()
    assert "包府办发〔2022〕5号" in meta and "2022年第2期" in meta and "2022年2月14日" in meta
    assert item.locator(".search-excerpt mark").first.inner_text() == "城管执法局"
    assert "q0" not in item.locator(".search-excerpt").inner_text()  # decoded, no index tokens
    assert page.inner_text("#search-status") == "找到 1 篇文件"
    # A title holding the query: the same facts from the title table, the title highlighted.
    open_search(page, mini, query="共享单车")
    item = page.locator(".search-result").first
    assert item.locator("h2 a mark").inner_text() == "共享单车"
    meta = item.locator(".search-result-meta").inner_text()
    assert "包府办发〔2022〕5号" in meta and "2022年第2期" in meta and "2022年2月14日" in meta
    assert real_errors(page) == []


def test_ui_is_labelled_announced_and_keyboard_usable(page, mini):
    open_search(page, mini)
    assert page.locator("label[for=search-input]").inner_text() == "搜索公报全文或文号"
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    page.keyboard.press("Tab")  # skip link
    for _ in range(12):
        if page.evaluate("document.activeElement.id") == "search-input":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-input"
    page.keyboard.type("营商环境")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('search').dataset.state === 'done' && location.search.includes('q=')")
    assert status.inner_text() == "找到 2 篇文件"
    stops = []
    for _ in range(8):  # button, sort, filter panel, then the first result
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.tagName"))
        if page.evaluate("document.activeElement.closest('.search-result') !== null"):
            break
    assert stops == ["BUTTON", "SELECT", "SUMMARY", "A"]
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"  # visible focus


def test_query_in_url_and_back_button(page, mini):
    open_search(page, mini, query="稀土")
    first = shown(page)
    page.fill("#search-input", "共享单车")
    page.press("#search-input", "Enter")
    page.wait_for_function("() => location.search.includes(encodeURIComponent('共享单车')) && document.getElementById('search').dataset.state === 'done'")
    assert shown(page) == ["/2022/02/p001/"]
    page.go_back()
    page.wait_for_function("() => document.getElementById('search-input').value === '稀土' && document.getElementById('search').dataset.state === 'done'")
    assert shown(page) == first


def test_filters_with_counts_and_sort_by_date(page, mini):
    open_search(page, mini, query="包头市")
    page.click(".search-filters summary")
    page.wait_for_selector(".search-filter input")
    page.wait_for_function("() => document.getElementById('search').dataset.state === 'done'")
    labels = page.eval_on_selector_all(".search-filter legend", "els => els.map(e => e.textContent)")
    assert labels == ["年份", "期", "栏目", "发文机关"]
    year_2022 = page.locator(".search-filter-option label", has_text="2022")
    assert re.search(r"2022 \(\d+\)", year_2022.first.inner_text())
    page.locator(".search-filter input[name=year][value='2023']").check()
    page.wait_for_function("() => location.search.includes('year=2023') && document.getElementById('search').dataset.state === 'done'")
    assert shown(page) == ["/2023/01/p001/"]
    assert page.evaluate("document.activeElement.value") == "2023"  # focus kept on the box
    page.goto(mini + "search/?q=" + quote("包头市") + "&sort=date")
    page.wait_for_function("() => document.getElementById('search').dataset.state === 'done'")
    dates = [page.evaluate("u => fetch(u).then(r => r.text())", u) for u in shown(page)]
    iso = [re.search(r'datetime="(\d{4}-\d\d-\d\d)"', d) for d in dates]
    keys = [m.group(1) for m in iso if m]
    assert keys == sorted(keys, reverse=True) and len(keys) >= 3


def test_filter_only_browse_uses_no_filter_only_query(page, mini):
    open_search(page, mini, extra="category=" + quote("大事记"))
    assert shown(page) == ["/2022/02/p005/"]


def test_no_results_is_honest_with_suggestions(page, mini):
    open_search(page, mini, query="邮政编码")
    assert page.inner_text("#search-status") == "没有找到与“邮政编码”相符的文件。"
    assert page.locator(".search-empty").is_visible()
    assert page.locator(".search-empty a").count() >= 3
    assert shown(page) == []


def test_mongolian_interface_strings(page, mini):
    open_search(page, mini, "mn", "ᠪᠤᠭᠤᠲᠤ")
    assert page.evaluate("document.documentElement.lang") == "mn-Mong"
    assert page.locator("#search-status [lang=mn-Mong]").count() == 1
    assert shown(page) == [MN_DOC]
    title = page.locator(".search-result-title").inner_text()
    assert "\u202f" in title  # the title keeps its NNBSP suffix joins
    assert real_errors(page) == []


def test_works_under_a_path_prefix(page, mini_site_sub):
    with serve(mini_site_sub, "/sub/") as base:
        open_search(page, base, query="共享单车")
        assert shown(page) == ["/sub/2022/02/p001/"]
        open_search(page, base, query="城管执法局")
        assert shown(page) == ["/sub/2022/02/p001/"]
        assert page.inner_text("#search-status") == "找到 1 篇文件"


def test_noscript_message(mini_site):
    html = (mini_site / "search" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<noscript><p class=\"noscript\">全文搜索需要在浏览器中启用 JavaScript", html)


def test_search_reachable_from_every_page_header(mini_site):
    for html in mini_site.rglob("*.html"):
        rel = html.relative_to(mini_site).as_posix()
        if 'class="site-header"' not in html.read_text(encoding="utf-8"):
            continue  # permalink redirect stubs have no header
        target = "mn/search/index.html" if rel.startswith("mn/") else "search/index.html"
        hrefs = re.findall(r'href="([^"#?]*)"', html.read_text(encoding="utf-8"))  # relative, but absolute in the 404 pages
        resolved = {h[1:] + "index.html" if h.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(rel), h)) for h in hrefs}
        assert target in resolved, rel


@pytest.mark.parametrize("lang,query", [("zh", "营商环境"), ("zh", "邮政编码"), ("mn", "ᠪᠤᠭᠤᠲᠤ")])
def test_axe_clean(page, mini, lang, query):
    from axe_playwright_python.sync_playwright import Axe

    open_search(page, mini, lang, query)
    page.click(".search-filters summary")
    page.wait_for_function("() => document.getElementById('search').dataset.state === 'done'")
    results = Axe().run(page)
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []


# ------------------------------------------------------------------------------------------ cost


def test_first_search_bytes_on_issue_128(page, real, real_site):
    """Bytes a fresh browser fetches for the search page and a first Chinese search (uncompressed). File sizes
    on disk, not Playwright's body sizes: those count a web worker's script as 0 B."""
    requested: list[str] = []
    page.on("requestfinished", lambda r: requested.append(r.url))
    open_search(page, real, query="稀土")
    paths = [urlsplit(u).path for u in requested if u.startswith(real)]
    size = lambda path: (real_site / path.lstrip("/")).stat().st_size if not path.endswith("/") else (real_site / path.lstrip("/") / "index.html").stat().st_size
    total = sum(size(p) for p in paths)
    index = sum(size(p) for p in paths if "/pagefind/index/" in p or "/pagefind/fragment/" in p)
    print(f"first search 稀土 on issue 128: {total} B total, {index} B index+fragments")
    assert total < 270_000  # 258,648 B (docs/search.md point 10)
    assert not any("/pagefind/filter/" in p for p in paths), "facets load only when the panel opens"
    # The runtime: packed pagefind.js (inflated in the browser), no web worker (docs/search.md point 10).
    assert "/pagefind/pagefind.js.pagefind" in paths and "/pagefind/pagefind.js" not in paths
    assert not any("pagefind-worker" in p for p in paths)
    assert len([p for p in paths if "/pagefind/fragment/" in p]) <= 5, "fragments of the first page only"
    assert len(shown(page)) == 5


def test_complete_docno_needs_no_pagefind(page, real, real_docs):
    """A complete 文号 is read from its year's table and its fragment: no runtime, no index chunk."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    number, path = next((d.doc_number, u) for u, d in real_docs if d.doc_number)
    open_search(page, real, query=number.replace("〔", "(").replace("〕", ")"))
    assert shown(page) == [path]
    assert page.inner_text("#search-status") == f"文号“{number}”：找到 1 篇文件"
    assert [p for p in requested if "/pagefind/" in p and "/fragment/" not in p] == [f"/pagefind/docno/zh-{number[number.index('〔') + 1:][:4]}.pagefind"]
    # The next (text) search loads Pagefind.
    page.fill("#search-input", "稀土")
    page.press("#search-input", "Enter")
    page.wait_for_function("() => location.search.includes(encodeURIComponent('稀土')) && document.getElementById('search').dataset.state === 'done'")
    assert shown(page) and "/pagefind/wasm.unknown.pagefind" in requested
    assert real_errors(page) == []


def test_without_packed_runtime_or_docno_tables(page, tmp_path, mini_site):
    """A site whose packed pagefind.js and 文号 tables are missing (e.g. an older build's shards, a host that
    drops unknown files) searches exactly as before: pagefind.js itself, 文号 through Pagefind."""
    site = tmp_path / "site"
    shutil.copytree(mini_site, site)
    (site / "pagefind" / "pagefind.js.pagefind").unlink()
    for table in site.glob("pagefind/**/docno"):
        shutil.rmtree(table)
    with serve(site) as url:
        open_search(page, url, query="包府办发〔2022〕5号")
        assert shown(page) == ["/2022/02/p001/"]
        assert page.inner_text("#search-status") == "文号“包府办发〔2022〕5号”：找到 1 篇文件"
        open_search(page, url, query="共享单车")
        assert shown(page) == ["/2022/02/p001/"]
        assert real_errors(page) == []


# ------------------------------------------------------------------------------ shards (issue 9)

SHARD_QUERIES = ["包头市", "共享单车", "稀土", "通知", "〔2023〕", ""]


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory) -> Path:
    """The mini archive with at most 2 documents per shard: a primary index and merged older shards."""
    out = tmp_path_factory.mktemp("sharded") / "site"
    old = os.environ.get("GAZETTE_SEARCH_SHARD_SIZE")
    os.environ["GAZETTE_SEARCH_SHARD_SIZE"] = "2"
    try:
        build_site(out)
    finally:
        if old is None:
            del os.environ["GAZETTE_SEARCH_SHARD_SIZE"]
        else:
            os.environ["GAZETTE_SEARCH_SHARD_SIZE"] = old
    return out


def _answers(page, base: str, lang: str = "zh") -> list:
    open_search(page, base, lang)
    out = []
    for q in SHARD_QUERIES if lang == "zh" else ["ᠪᠤᠭᠤᠲᠤ", ""]:
        for sort in ({}, {"date": "desc"}):
            r = page.evaluate("""async ([q, sort]) => {
                const p = gazetteSearch, f = {};
                for (const [key] of p.cfg.filters) f[key] = {any: []};
                const a = await p.resolve(q, {filters: f, sort, facets: true}), partial = a.partial;
                const urls = [], seen = new Set();
                for (const h of a.hits) { const item = await p.prepare(h, a.query, seen); if (item) urls.push(item.url); }
                const counts = {};
                for (const [key] of p.cfg.filters) {  // values counted 0 are not shown
                  counts[key] = Object.fromEntries(Object.entries(a.filters[key] || {}).filter(([, n]) => n > 0));
                }
                return {urls, counts, partial};
            }""", [q, sort])
            out.append((q, sort, r["urls"] if sort else sorted(r["urls"]), r["counts"], r["partial"]))
    return out


def test_shards_are_merged_with_the_same_results_counts_and_order(page, mini, sharded_site, mini_site):
    manifest = json.loads((sharded_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    assert len(manifest["shards"]) >= 2 and manifest["shards"][0]["dir"] == ""
    assert not (sharded_site / "pagefind" / "shards" / "zh-2022-2022" / "pagefind.js").exists(), "one runtime"
    single = {lang: _answers(page, mini, lang) for lang in ("zh", "mn")}
    with serve(sharded_site) as url:
        merged = {lang: _answers(page, url, lang) for lang in ("zh", "mn")}
        open_search(page, url, query="共享单车")
        assert shown(page) == ["/2022/02/p001/"]
        assert real_errors(page) == []
    diffs = [(a, b) for lang in single for a, b in zip(merged[lang], single[lang]) if a != b]
    # Issue 15: no shard is asked for a word it lacks (presence map, one instance per shard), so 〔2023〕
    # no longer lists a 2022 document from a shard that widened the word (the known difference of issue 9).
    assert diffs == []


def test_unchanged_shards_are_copied_not_reindexed(tmp_path, sharded_site):
    site = tmp_path / "site"
    shutil.copytree(sharded_site, site)
    marker = site / "pagefind" / "shards" / "zh-2022-2022" / "pagefind-entry.json"
    os.utime(marker, (0, 0))  # taken over with its metadata: an untouched shard keeps this mtime
    inode = marker.stat().st_ino
    os.environ["GAZETTE_SEARCH_SHARD_SIZE"] = "2"
    try:
        build_site(site)
    finally:
        del os.environ["GAZETTE_SEARCH_SHARD_SIZE"]
    assert marker.stat().st_mtime == 0 and marker.stat().st_ino == inode  # hard-linked, not copied
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "pagefind").rglob("*") if p.is_file()}
    assert files(site) == files(sharded_site)


def test_a_search_opens_only_the_shards_that_can_hold_it(page, sharded_site):
    """Issue 15: the presence map decides which shards a text search opens (all that may hold every query
    word, whatever their age); a 文号 goes to the shard of its year; a date-ordered search opens shards in
    date order only as far as the page needs, and says which years it has covered."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    shard_files = lambda: [u for u in requested if "/pagefind/shards/" in u]
    primary_index = lambda: [u for u in requested if re.match(r"/pagefind/(pagefind-entry|pagefind\.|index/|fragment/)", u)]
    with serve(sharded_site) as url:
        open_search(page, url, query="包府办发〔2023〕9号")  # 2023: the primary's year
        assert shown(page) == ["/2023/01/p001/"]
        assert shard_files() == []
        requested.clear()
        open_search(page, url, query="包府办发〔2022〕5号")  # the 2022 shard's files only
        assert shown(page) == ["/2022/02/p001/"]
        assert shard_files() and all("/pagefind/shards/zh-2022-2022/" in u for u in shard_files())
        # A title holding the query answers it without Pagefind; the texts are searched on request.
        requested.clear()
        open_search(page, url, query="共享单车")
        assert shown(page) == ["/2022/02/p001/"] and page.inner_text("#search-status") == "找到 1 篇标题相符的文件（正文尚未搜索）"
        assert shard_files() == [] and primary_index() == [] and "/pagefind/titles/zh-2020.pagefind" in requested
        # Then a word only in the old shard: the newest shard is not opened at all (before: newest first).
        page.click(".search-more")
        page.wait_for_function("() => document.getElementById('search').dataset.state === 'done' && document.querySelector('.search-more').hidden")
        assert shown(page) == ["/2022/02/p001/"] and page.inner_text("#search-status") == "找到 1 篇文件"
        assert shard_files() and not [u for u in primary_index() if u.endswith((".pf_meta", ".pf_index"))]
        # A word only in the newest shard's texts: no older shard is opened.
        requested.clear()
        open_search(page, url, query="房屋征收工作")
        assert shown(page) == ["/2023/01/p001/"] and shard_files() == []
        # Date order, a page of one result: the newest shard first, older ones on request.
        page.add_init_script("window.gazetteSearchPageSize = 1")
        requested.clear()
        open_search(page, url, query="包头市", extra="&sort=date")
        assert shown(page) == ["/2023/01/p001/"] and shard_files() == []
        assert page.inner_text("#search-status") == "在2023年以来的文件中找到 1 篇文件（更早的年份尚未搜索）"
        assert page.inner_text(".search-more") == "搜索更早的年份"
        page.click(".search-more")
        page.wait_for_function("() => document.getElementById('search').dataset.state === 'done' && document.querySelectorAll('.search-result').length === 2")
        assert shown(page)[0] == "/2023/01/p001/" and shard_files()
        assert page.evaluate("document.activeElement.closest('.search-result') !== null")  # focus on the new result
        assert re.fullmatch(r"找到 \d+ 篇文件", page.inner_text("#search-status"))
        assert real_errors(page) == []


# ------------------------------------------------------------------------ many years (issue 15)
#
# A small archive spanning 2015–2020 made by bench/make_archive.py (2 issues a year, 90 documents), with one
# office title recurring in every year, indexed in shards of at most 20 documents (one a year). Every failure
# listed in issue 15 is asserted here; each failed with the newest-first lazy merging of issue 9.

RECURRING = "包头市人民政府办公室关于进一步规范行政规范性文件管理的通知"


@pytest.fixture(scope="module")
def years_content(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("years") / "content"
    subprocess.run([sys.executable, str(ROOT / "bench" / "make_archive.py"), "--docs", "90", "--issues-per-year", "2",
                    "--start-year", "2015", "--out", str(out)], check=True, capture_output=True)
    for year in range(2015, 2021):  # the first numbered document of each year's first issue gets one title
        for md in sorted((out / str(year) / "01").glob("p*.md")):
            text = md.read_text(encoding="utf-8")
            if "\ndoc_number:" in text:
                md.write_text(re.sub(r"^title: .*$", f"title: {RECURRING}", text, count=1, flags=re.M), encoding="utf-8")
                break
    return out


@pytest.fixture(scope="module")
def years_site(tmp_path_factory, years_content) -> Path:
    out = tmp_path_factory.mktemp("years") / "site"
    old = os.environ.get("GAZETTE_SEARCH_SHARD_SIZE")
    os.environ["GAZETTE_SEARCH_SHARD_SIZE"] = "20"
    try:
        build_site(out, years_content)
    finally:
        if old is None:
            del os.environ["GAZETTE_SEARCH_SHARD_SIZE"]
        else:
            os.environ["GAZETTE_SEARCH_SHARD_SIZE"] = old
    return out


@pytest.fixture(scope="module")
def years(years_site):
    with serve(years_site) as url:
        yield url


@pytest.fixture(scope="module")
def years_docs(years_content):
    return load_docs(years_content)


def test_years_fixture_spans_shards(years_site, years_docs):
    assert len(list((years_site / "pagefind" / "shards").iterdir())) >= 4
    assert sum(d.title == RECURRING for _, d in years_docs) == 6


def test_dated_titles_find_their_own_year_first(page, years, years_docs):
    """Failure 1: the number opening the query was dropped (1992年… returned the newest years' reports)."""
    open_search(page, years)
    dated = [(u, d) for u, d in years_docs if re.match(r"^\d{4}年", d.title)]
    assert len(dated) >= 15
    for url, doc in dated:
        assert urls(page, doc.title)[:1] == [url], doc.title
    for url, doc in [(u, d) for u, d in years_docs if d.subtitle]:
        assert urls(page, doc.subtitle.lstrip("—"))[:1] == [url], doc.subtitle


def test_numbers_must_match_whole(page, years, years_docs):
    """Failure 1: a result lacking a query number was presented as a full match (2088年3月 for 1992年12月)."""
    open_search(page, years)
    texts = {u: full_text(d) for u, d in years_docs}
    months = {d.title for _, d in years_docs if d.title.endswith("月政府大事记")}
    for year in range(2015, 2021):
        for month in (1, 2, 7, 12):
            query = f"{year}年{month}月政府大事记"
            found = urls(page, query)
            assert (query in months) == (found[:1] != [] and found[0] in {u for u, d in years_docs if d.title == query}), query
            for u in found:
                assert re.search(rf"(?<!\d){year}(?!\d)", texts[u]) and re.search(rf"(?<!\d){month}(?!\d)", texts[u]), (query, u)


def test_recurring_title_lists_every_year_first(page, years, years_docs):
    """Failure 2: ranking covered only the newest shard, so older documents with the same title never came."""
    open_search(page, years)
    expected = [u for u, d in sorted(years_docs, key=lambda x: x[1].year, reverse=True) if d.title == RECURRING]
    assert urls(page, RECURRING)[:6] == expected  # exact title first, newest first among equals
    open_search(page, years, query=RECURRING)
    assert page.inner_text("#search-status").startswith("找到 ")


def test_sort_oldest_reaches_the_oldest_document_at_once(page, years, years_docs):
    """Failure 2: with sort=date, "更多结果" needed 19 clicks to reach 1992; sort=old shows the oldest first,
    opening only the oldest shard that holds the words."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    page.add_init_script("window.gazetteSearchPageSize = 1")
    open_search(page, years, query=RECURRING, extra="&sort=old")
    oldest = min((d.year, u) for u, d in years_docs if d.title == RECURRING)[1]
    assert shown(page)[0] == oldest
    opened = {m.group(1) for p in requested for m in [re.search(r"/pagefind/shards/([^/]+)/", p)] if m}
    assert opened == {"zh-2015-2015"}
    assert "更晚的年份尚未搜索" in page.inner_text("#search-status")


def test_year_filter_loads_only_that_year(page, years, years_docs):
    """Failure 3: &year=… merged every shard (hundreds of requests, refused by the browser, silent 没有找到)."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    open_search(page, years, query=RECURRING, extra="&year=2016")
    assert shown(page) == [u for u, d in years_docs if d.title == RECURRING and d.year == 2016]
    index_files = [p for p in requested if re.search(r"\.pf_(index|meta|filter)$|pagefind-entry", p)]
    assert index_files and all("/pagefind/shards/zh-2016-2016/" in p for p in index_files), index_files
    assert real_errors(page) == []


def test_a_chunk_that_fails_is_reported_with_its_years_and_retried(page, years, years_docs):
    """Failure 3: Pagefind logs "Failed to load the index chunk" and answers with what it has; the page must
    say which years were not searched and offer to retry."""
    page.route(re.compile(r".*/pagefind/shards/zh-2016-2016/index/.*"), lambda route: route.abort())
    page.goto(years + "search/?q=" + quote(RECURRING))
    page.wait_for_function("() => document.getElementById('search').dataset.state === 'done'")
    page.click(".search-more")  # the titles answered first; now the texts of every year
    page.wait_for_function("() => document.getElementById('search').dataset.state === 'done' && !document.querySelector('.search-failed').hidden")
    note = page.locator(".search-failed")
    assert note.is_visible() and "2016" in note.inner_text() and "2015" not in note.inner_text()
    page.unroute(re.compile(r".*/pagefind/shards/zh-2016-2016/index/.*"))
    page.click(".search-retry")
    page.wait_for_function("() => document.getElementById('search').dataset.state === 'done' && document.querySelector('.search-failed').hidden")
    assert urls(page, RECURRING)[:6] == [u for u, d in sorted(years_docs, key=lambda x: x[1].year, reverse=True) if d.title == RECURRING]


def test_requests_stay_bounded(page, years):
    """Failure 3: no more than the pool's requests in flight (Chromium refused hundreds)."""
    page.add_init_script("""(() => { let now = 0; window.__peak = 0; const f = window.fetch;
        window.fetch = async (...a) => { now++; window.__peak = Math.max(window.__peak, now); try { return await f(...a); } finally { now--; } }; })()""")
    open_search(page, years, query="包头市", extra="&year=2015&year=2016&year=2017&year=2018&year=2019")
    assert shown(page)
    assert 0 < page.evaluate("window.__peak") <= 6


def test_mongolian_interface_without_mongolian_texts(page, years, years_docs):
    """Failure 4: the Mongolian interface asked for docno/mn-<year>.pagefind (404) and linked Chinese pages."""
    requested, statuses = [], []
    page.on("request", lambda r: requested.append(urlsplit(r.url).path))
    page.on("response", lambda r: statuses.append((r.status, urlsplit(r.url).path)))
    number, url = next((d.doc_number, u) for u, d in years_docs if d.doc_number and d.year == 2017)
    open_search(page, years, "mn", number)
    assert shown(page) == ["/mn" + url]
    open_search(page, years, "mn", RECURRING)
    assert shown(page)[:5] == ["/mn" + u for u, d in sorted(years_docs, key=lambda x: x[1].year, reverse=True) if d.title == RECURRING][:5]
    open_search(page, years, "mn", "ᠪᠤᠭᠤᠲᠤ")
    assert shown(page) == []
    assert [s for s in statuses if s[0] >= 400] == []
    assert not [p for p in requested if "/mn-" in p or "mn-mong" in p]


def test_the_presence_map_is_taken_over_until_a_shard_gains_a_term(tmp_path, monkeypatch):
    """A rebuild links the previous map files while no shard's term list changed (an edit with words the
    shard has), and makes them again when one did; either way the index is a cold build's."""
    monkeypatch.setenv("GAZETTE_SEARCH_SHARD_SIZE", "2")
    content, site = tmp_path / "content", tmp_path / "site"
    shutil.copytree(MINI_CONTENT, content)
    doc = content / "2022" / "02" / "p005.md"
    build_site(site, content)
    maps = lambda root: {p.name: p for p in (root / "pagefind" / "map").iterdir()}
    inodes = {name: p.stat().st_ino for name, p in maps(site).items()}
    files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in (root / "pagefind").rglob("*") if p.is_file()}
    for words, taken_over in (("常务会议。常务会议。", True), ("常务会议。鲲鹏展翅扶摇直上。", False)):
        doc.write_text(doc.read_text(encoding="utf-8").replace("常务会议。", words, 1), encoding="utf-8")
        build_site(site, content)
        assert ({n: p.stat().st_ino for n, p in maps(site).items()} == inodes) is taken_over
        build_site(tmp_path / f"cold-{taken_over}", content)
        assert files(site) == files(tmp_path / f"cold-{taken_over}")


def test_a_rebuild_makes_no_records_for_shards_whose_inputs_are_unchanged(tmp_path, monkeypatch):
    """The shards' inputs keys come from the render cache: a rebuild after a body edit makes the records of
    the edited issue's shard group only (at 10,000 documents making every shard's records took 14 s)."""
    from gazette.build.pipeline import build
    from gazette.content.config import load_config
    from gazette.search import index

    monkeypatch.setenv("GAZETTE_SEARCH_SHARD_SIZE", "2")
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    made: list[tuple] = []
    real = index.records
    monkeypatch.setattr(index, "records", lambda config, gazette, uis, years, langs: made.append((years, langs)) or real(config, gazette, uis, years, langs))
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1)
    assert ((2022, 2022), ("zh",)) in made
    made.clear()
    doc = content / "2023" / "01" / "p001.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n本期补充说明。\n", encoding="utf-8")
    config, _ = load_config(ROOT, None, content)
    build(config, tmp_path / "site", jobs=1)
    # the primary (the newest shard of each language) is made again; the older zh-2022 shard is not
    assert ((2023, 2023), ("zh",)) in made and ((2022, 2022), ("zh",)) not in made, made
