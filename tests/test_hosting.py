"""README's nginx recipe, as written, serving a build under /gazette/ with Debian's nginx (started by this test on
a random loopback port): real status codes (the 404 page with status 404 in both interfaces), content types,
cache headers, compression, and a search through it in Chromium."""

from __future__ import annotations

import gzip
import os
import random
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from support import ROOT, build_site

NGINX = "/usr/sbin/nginx"


def readme_recipe(language: str) -> str:
    """The first fenced block of that language in README.md's hosting section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(rf"```{language}\n(.*?)```", text[text.index("## Hosting"):], re.S)
    assert m, f"README.md has no {language} recipe"
    return m.group(1)


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    """A /gazette/ build copied to <www>/gazette/, served by nginx with the README's server block (only the
    listen address and the root changed). Yields the base URL http://127.0.0.1:PORT/gazette/."""
    assert Path(NGINX).exists(), "install nginx with .ci/setup"
    work = tmp_path_factory.mktemp("nginx")
    www = work / "www"
    build_site(www / "gazette", base_path="/gazette/")
    port = random.randint(20000, 60000)
    server = readme_recipe("nginx")
    assert "listen 80;" in server and "root /srv/www;" in server
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /srv/www;", f"root {www};")
    temp = work / "temp"
    temp.mkdir()
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the test's private temp folder
    conf = work / "nginx.conf"
    conf.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n default_type application/octet-stream;\n access_log off;\n"
        + "".join(f" {kind}_temp_path {temp}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + server + "}\n", encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-p", str(work), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-p", str(work), "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/gazette/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base, timeout=1).close()
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, (work / "error.log").read_text(encoding="utf-8")
                time.sleep(0.05)
        yield base, www / "gazette"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(temp, ignore_errors=True)


def fetch(url: str, gzip_ok: bool = False):
    """(status, headers, body) without raising on 4xx."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip_ok else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def test_pages_and_types(nginx):
    base, site = nginx
    for path in ("", "2023/01/", "2023/01/p001/", "mn/2023/01/p001/", "wenhao/" + quote("包府办发-2023-9") + "/", "search/"):
        status, headers, body = fetch(base + path)
        assert status == 200, path
        assert headers["Content-Type"] == "text/html; charset=utf-8", path
        assert headers["Cache-Control"] == "no-cache", path
    status, headers, _ = fetch(base + "static/site.css")
    assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8"
    assert headers["Cache-Control"] == "public, max-age=86400"
    assert fetch(base + "static/fonts/mongolian.woff2")[1]["Content-Type"] == "font/woff2"
    assert fetch(base + "feed.xml")[1]["Content-Type"] == "text/xml; charset=utf-8"  # Debian mime.types: .xml


def test_wasm_type_and_compression(nginx):
    """Pagefind keeps its WebAssembly gzip-packed (`wasm.*.pagefind`); a plain `.wasm` must still get its type."""
    base, site = nginx
    (site / "static" / "probe.wasm").write_bytes(b"\0asm\1\0\0\0" + bytes(4096))
    status, headers, _ = fetch(base + "static/probe.wasm")
    assert status == 200 and headers["Content-Type"] == "application/wasm"
    status, headers, body = fetch(base + "2023/01/p001/", gzip_ok=True)
    assert headers["Content-Encoding"] == "gzip" and b"<html" in gzip.decompress(body)
    status, headers, body = fetch(base + "static/site.css", gzip_ok=True)
    assert headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("path,lang", [("no/such/page/", "zh-Hans"), ("2023/01/p999/", "zh-Hans"), ("mn/no/such/", "mn-Mong"),
                                       ("mn/2023/01/p999/", "mn-Mong")])
def test_missing_pages_answer_404_with_the_interfaces_page(nginx, path, lang):
    base, _ = nginx
    status, headers, body = fetch(base + path)
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    html = body.decode("utf-8")
    assert f'<html lang="{lang}">' in html and 'href="/gazette/static/site.css"' in html


def test_404_page_is_styled_at_a_deep_missing_address(nginx, page):
    base, _ = nginx
    response = page.goto(base + "mn/a/b/c/d/")
    assert response.status == 404
    assert page.evaluate("getComputedStyle(document.body).marginTop") == "0px"  # site.css found from any depth


def test_search_through_nginx(nginx, page):
    base, _ = nginx
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto(base + "search/")
    page.fill("#search-input", "营商环境")
    page.press("#search-input", "Enter")
    first = page.locator(".search-results a").first
    first.wait_for(timeout=20000)
    with page.expect_navigation():
        first.click()
    assert page.url.startswith(base + "20") and page.title()
    assert not failed, failed
