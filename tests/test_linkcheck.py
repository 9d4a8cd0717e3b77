"""The internal link checker: unit cases on in-memory outputs, and the build with a deliberately broken link
(a warning normally, a failed build under --strict with `path:line: message`, site/ left unchanged)."""

from __future__ import annotations

import re

import pytest
from support import mini_for_strict, run_build

from gazette.build.linkcheck import check_links
from gazette.core.output import Output

SITE = "https://example.org"


def page(path: str, body: str) -> Output:
    return Output(path, f"<!DOCTYPE html><html><body>\n{body}\n</body></html>".encode("utf-8"))


def messages(outputs, base="/"):
    return [d.format() for d in check_links(tuple(outputs), base, SITE, ("static/site.css",))]


def test_good_links_pass():
    outputs = [
        page("index.html", '<a href="/a/">a</a> <a href="a/#x">x</a> <a href="#top">top</a> <link href="/static/site.css">'
                           f' <a href="{SITE}/a/">abs</a> <a href="https://other.example/">ext</a> <a href="mailto:x@y">m</a>'
                           ' <a href="/a">no slash</a> <a href="/wenhao/%E5%8C%85-2023-9/">pct</a>'),
        page("a/index.html", '<h2 id="x">x</h2> <a href="../">up</a> <a name="top"></a>'),
        page("wenhao/包-2023-9/index.html", '<meta http-equiv="refresh" content="0; url=/a/">'),
    ]
    outputs[0] = Output("index.html", outputs[0].data.replace(b"<body>", b'<body id="top">'))
    assert messages(outputs) == []


def test_broken_links_and_anchors_are_reported_with_their_line():
    outputs = [
        page("index.html", '<a href="/missing/">m</a>\n<a href="/a/#nope">n</a>\n<a href="#here">h</a>\n<script src="/static/x.js"></script>'),
        page("a/index.html", '<meta http-equiv="refresh" content="0; url=/gone/">'),
    ]
    got = messages(outputs)
    assert any(m.startswith("index.html:2:") and "'/missing/'" in m for m in got)
    assert any(m.startswith("index.html:3:") and "'nope'" in m for m in got)
    assert any(m.startswith("index.html:4:") and "'here'" in m for m in got)
    assert any(m.startswith("index.html:5:") and "/static/x.js" in m for m in got)
    assert any(m.startswith("a/index.html:2:") and "/gone/" in m for m in got)
    assert len(got) == 5


def test_links_must_keep_the_base_path():
    outputs = [page("index.html", '<a href="/2023/">outside</a> <a href="/sub/">in</a>')]
    got = messages(outputs, "/sub/")
    assert len(got) == 1 and "'/2023/'" in got[0] and "/sub/" in got[0]


def test_feeds_sitemap_and_json_are_checked():
    outputs = [
        page("index.html", ""),
        Output("feed.xml", f'<feed xmlns="http://www.w3.org/2005/Atom"><link href="{SITE}/nope/"/><id>{SITE}/</id></feed>'.encode()),
        Output("catalogue.json", f'{{"a": ["{SITE}/", "{SITE}/gone.json", "plain text"]}}'.encode()),
    ]
    got = messages(outputs)
    assert len(got) == 2 and any("feed.xml" in m and "/nope/" in m for m in got) and any("gone.json" in m for m in got)


def test_json_strings_in_nested_lists_and_top_level_arrays_are_checked():
    outputs = [
        page("index.html", ""),
        Output("a.json", f'{{"x": {{"y": [[{{"z": "{SITE}/gone-1/"}}], ["{SITE}/gone-2/"]]}}, "{SITE}/key/": 1}}'.encode()),
        Output("b.json", f'["{SITE}/gone-3/", {{"k": "{SITE}/"}}]'.encode()),
        Output("c.json", f'"{SITE}/gone-4/"'.encode()),
    ]
    got = messages(outputs)
    assert sorted(re.search(r"gone-\d", m).group(0) for m in got) == ["gone-1", "gone-2", "gone-3", "gone-4"]  # keys are not links


@pytest.mark.parametrize("index_html, page_404, missing", [
    # `#x` on 404.html is 404.html's own id, though index.html in the same folder was checked first.
    ('<h2 id="x">x</h2> <a href="#x">x</a>', '<a href="#x">x</a> <a href="#%E6%96%87">文</a> <h2 id="文">文</h2>', "x"),
    # `?q#y` is this page with a query: checked against 404.html's ids, not those of index.html before it.
    ('<h2 id="y">y</h2> <a href="?q#y">y</a>', '<a href="?q#y">y</a>', "y"),
], ids=["fragment", "query"])
def test_a_same_page_link_is_checked_against_its_own_page_not_a_sibling(index_html, page_404, missing):
    got = messages([page("index.html", index_html), page("404.html", page_404)])
    assert len(got) == 1 and got[0].startswith("404.html:") and f"'{missing}'" in got[0]


def broken_fixture(tmp_path):
    content = mini_for_strict(tmp_path / "content")
    doc = content / "2022" / "01" / "p010.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n见[附件](/2022/01/p999/)和[第二节](#no-such-heading)。\n", encoding="utf-8")
    return content


def test_broken_link_is_a_warning_without_strict(tmp_path):
    result = run_build("build", "--content", str(broken_fixture(tmp_path)), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert re.search(r"^2022/01/p010/index\.html:\d+: 警告 warning: 链接失效 broken link \(a href\) '\.\./p999/index\.html' \(= /2022/01/p999/\)", result.stderr, re.M)
    assert re.search(r"^2022/01/p010/index\.html:\d+: .*锚点不存在 broken anchor .*'no-such-heading'", result.stderr, re.M)


def test_broken_link_fails_a_strict_build_clearly(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.txt").write_text("previous build", encoding="utf-8")
    (site / ".gazette-site").write_text("built by build.py", encoding="utf-8")  # a site this generator built (gazette/build/outdir.py)
    clean = run_build("build", "--content", str(mini_for_strict(tmp_path / "mini")), "--out", str(tmp_path / "clean"), "--strict")
    assert clean.returncode == 0, clean.stderr  # the fixture itself has no broken link
    result = run_build("build", "--content", str(broken_fixture(tmp_path)), "--out", str(site), "--strict")
    assert result.returncode == 1
    lines = [l for l in result.stderr.splitlines() if l.startswith("2022/01/p010/index.html:")]
    assert len(lines) == 2, result.stderr
    assert "broken link (a href) '../p999/index.html' (= /2022/01/p999/)" in lines[0] + lines[1]
    assert "no id 'no-such-heading'" in lines[0] + lines[1]
    assert "site/ 未改动" in result.stderr and "site/ was not changed" in result.stderr
    assert sorted(p.name for p in site.iterdir()) == [".gazette-site", "old.txt"]


def test_fast_scan_finds_what_the_tag_parser_finds_on_every_built_page(mini_site, mini_site_sub):
    """The build checks its own pages with two regular expressions (linkcheck.fast_scan); on every page of the
    built mini site, with and without a prefix, they must give exactly the tag parser's ids and URLs."""
    from gazette.build.linkcheck import _PageParser, fast_scan
    pages = [p for root in (mini_site, mini_site_sub) for p in sorted(root.rglob("*.html")) if "pagefind" not in p.parts]
    assert len(pages) > 80
    for p in pages:
        data = p.read_bytes()
        fast, full = fast_scan(data), _PageParser(data.decode("utf-8"))
        assert fast is not None, p
        assert fast == (frozenset(full.ids), frozenset(r.url for r in full.refs)), p


def test_pages_the_fast_scan_cannot_read_go_to_the_tag_parser():
    from gazette.build.linkcheck import fast_scan
    assert fast_scan(b"<a href='/x/'>single quotes</a>") is None
    assert fast_scan(b'<a name="top"></a>') is None
    assert fast_scan(b'<a\nhref="/a/">attribute on its own line</a>') is None
    assert fast_scan(b'<meta http-equiv="refresh" content="0;url=/x/">') is None  # not the template's form
    assert fast_scan('<p id="a">x</p> <a class="c" href="/a/#a&amp;b">包</a>'.encode()) == (frozenset({"a"}), frozenset({"/a/#a&b"}))


@pytest.mark.parametrize("text", [
    f'{{"a": ["{SITE}/x/", "{SITE}/y/"], "{SITE}/key/": "{SITE}/z/"}}',
    f'{{"a": "{SITE}/caf\\u00e9/", "b": "{SITE}/ok/"}}',  # an escape inside a URL: through json
    f'{{"a": "said \\"{SITE}/quoted/\\" here", "b": "{SITE}/ok/"}}',  # an escaped quote before the address
    f'{{"a": "{SITE}/ends\\\\", "b" : "{SITE}/x/" , "{SITE}/k2/"  :  2}}',
    f'["{SITE}/", "no", "{SITE}/文号/"]',
])
def test_site_strings_in_json_are_those_json_finds(text):
    """The cut-out fast path and json agree, including the cases that must fall back to json."""
    from gazette.build.linkcheck import _json_strings, _site_strings
    data = text.encode("utf-8")
    prefix = f"{SITE}/"
    assert sorted(_site_strings(data, prefix)) == sorted(s for s in _json_strings(data) if s.startswith(prefix))


def test_site_strings_in_json_agree_with_json_on_any_document():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from gazette.build.linkcheck import _json_strings, _site_strings
    prefix = f"{SITE}/"
    text = st.text(alphabet='ab"\\/:文 \n' , max_size=6).map(lambda t: prefix + t) | st.text(max_size=8)
    tree = st.recursive(st.none() | text, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3), max_leaves=10)

    @settings(max_examples=300, deadline=None)
    @given(tree)
    def agree(value):
        import json
        for data in (json.dumps(value, ensure_ascii=False).encode(), json.dumps(value, ensure_ascii=False, indent=1).encode()):
            assert sorted(_site_strings(data, prefix)) == sorted(s for s in _json_strings(data) if s.startswith(prefix))
    agree()


def test_a_changed_json_file_has_only_its_new_links_checked():
    """check_added: the links a JSON output did not have last time are checked; a broken or fragment link
    among them, or no previous version, leaves it to the whole-file check (None)."""
    from gazette.build.linkcheck import FileLinks, Resolver, check_added
    resolver = Resolver({"index.html", "a/index.html", "b/index.html", "catalogue.json"}, "/", SITE)
    old = f'{{"x": ["{SITE}/", "{SITE}/a/"]}}'.encode()
    assert check_added(resolver, "catalogue.json", f'{{"x": ["{SITE}/", "{SITE}/a/", "{SITE}/b/"]}}'.encode(), old) == FileLinks(frozenset(), (), ())
    assert check_added(resolver, "catalogue.json", f'{{"x": ["{SITE}/", "{SITE}/gone/"]}}'.encode(), old) is None
    assert check_added(resolver, "catalogue.json", f'{{"x": ["{SITE}/a/#top"]}}'.encode(), old) is None
    assert check_added(resolver, "catalogue.json", old, None) is None
    assert check_added(resolver, "feed.xml", old, old) is None
