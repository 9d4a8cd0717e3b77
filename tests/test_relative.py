"""Document-relative links (gazette/pages/relative.py): what a page's links become, and what is left alone."""

from __future__ import annotations

import pytest

from gazette.pages.relative import bundle_links, relative_links


@pytest.mark.parametrize("base", ["/", "/gazette/"])
def test_base_path_links_become_relative_file_links(base):
    page = (f'<link rel="stylesheet" href="{base}static/site.css">\n'
            f'<a href="{base}">首页</a> <a href="{base}2023/01/p032/">下一篇</a> <a href="{base}2023/01/p031/#s2">本页</a>\n'
            f'<form action="{base}search/" method="get"></form> <a href="{base}search/?q=%E5%9C%9F">搜</a>\n'
            f'<a href="{base}2023/01/p031/data.json">JSON</a> <a href="{base}wenhao/包府办发-2023-9/">文号</a>\n'
            f'<meta http-equiv="refresh" content="0; url={base}2023/01/p031/">').encode()
    out = relative_links(page, "2023/01/p031/index.html", base).decode()
    assert 'href="../../../static/site.css"' in out
    assert 'href="../../../index.html"' in out
    assert 'href="../p032/index.html"' in out and 'href="index.html#s2"' in out
    assert 'action="../../../search/index.html"' in out and 'href="../../../search/index.html?q=%E5%9C%9F"' in out
    assert 'href="data.json"' in out and 'href="../../../wenhao/包府办发-2023-9/index.html"' in out
    assert 'url=index.html"' in out
    assert f'="{base}' not in out


def test_what_stays_as_it_is():
    page = ('<link rel="canonical" href="https://gazette.example.gov.cn/2023/01/p031/">'
            '<a href="#main">跳到</a><a href="//cdn.example/x.js">x</a><link rel="icon" href="data:,">'
            '<p>在正文中写 href=&#34;/2023/&#34; 不是链接</p>').encode()
    assert relative_links(page, "2023/01/p031/index.html", "/") == page
    assert relative_links(b'<a href="/2023/">', "404.html", "/") == b'<a href="/2023/">'  # served at any address
    assert relative_links(b'<a href="/sub/2023/">', "mn/404.html", "/sub/") == b'<a href="/sub/2023/">'


def test_root_and_mongolian_pages():
    assert relative_links(b'<a href="/2023/01/">', "index.html", "/") == b'<a href="2023/01/index.html">'
    assert relative_links(b'<a href="/2023/01/p031/">', "mn/2023/01/p031/index.html", "/") == b'<a href="../../../../2023/01/p031/index.html">'
    assert relative_links(b'<a href="/mn/2023/01/p032/">', "mn/2023/01/p031/index.html", "/") == b'<a href="../p032/index.html">'


def test_bundle_links_leave_the_copy_for_the_online_site():
    inside = {"2023/01/index.html", "2023/01/p031/index.html", "static/site.css", "index.html"}.__contains__
    page = (b'<a href="../index.html">\xe6\x9c\x9f</a><a href="../../../category/x/index.html">c</a>'
            b'<a href="../../../static/site.css">s</a><a href="../../02/p001/index.html#a">o</a>'
            b'<a href="https://elsewhere.example/">e</a><a href="#top">t</a><a href="../../../index.html">h</a>')
    out = bundle_links(page, "2023/01/p031/index.html", inside, "https://g.example.gov.cn/gazette/").decode()
    assert 'href="../index.html"' in out and 'href="../../../static/site.css"' in out
    assert 'href="https://g.example.gov.cn/gazette/category/x/"' in out
    assert 'href="https://g.example.gov.cn/gazette/2023/02/p001/#a"' in out
    assert 'href="https://elsewhere.example/"' in out and 'href="#top"' in out
    assert 'href="../../../index.html"' in out  # the copy's own start page
