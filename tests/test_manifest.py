"""Per-issue SHA-256 manifests and offline zips: they verify, cover the issue's files, and are reproducible."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile

import pytest
from machine_support import fixture_issues

from gazette.outputs.manifest import parse_manifest

ISSUES = [(int(i["year"]), int(i["number"]), i["published_on"]) for i in fixture_issues()]


def issue_dir(year, number) -> str:
    return f"{year}/{number:02d}"


def manifest(site, year, number) -> dict[str, str]:
    return parse_manifest((site / issue_dir(year, number) / "SHA256SUMS").read_text(encoding="utf-8"))


@pytest.mark.parametrize("year,number,_", ISSUES)
def test_manifest_verifies_the_published_files(mini_site, year, number, _):
    entries = manifest(mini_site, year, number)
    for path, digest in entries.items():
        assert hashlib.sha256((mini_site / path).read_bytes()).hexdigest() == digest, path


@pytest.mark.parametrize("year,number,_", ISSUES)
def test_manifest_covers_every_file_of_the_issue_in_both_interfaces(mini_site, year, number, _):
    entries = manifest(mini_site, year, number)
    own = {f"{issue_dir(year, number)}/SHA256SUMS", f"{issue_dir(year, number)}/gazette-{year}-{number:02d}.zip"}
    for prefix in (issue_dir(year, number), f"mn/{issue_dir(year, number)}"):
        files = {p.relative_to(mini_site).as_posix() for p in (mini_site / prefix).rglob("*") if p.is_file()}
        assert files - own <= set(entries), files - own - set(entries)
        assert f"{prefix}/index.html" in entries
    assert any(p.endswith("/data.json") for p in entries)
    assert "static/site.css" in entries and "static/cite.js" in entries
    assert list(entries) == sorted(entries)


def test_sha256sum_checks_the_manifest(mini_site):
    assert shutil.which("sha256sum"), "coreutils' sha256sum is part of every Debian machine"
    for year, number, _ in ISSUES:
        result = subprocess.run(["sha256sum", "--strict", "-c", f"{issue_dir(year, number)}/SHA256SUMS"], cwd=mini_site,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("year,number,published", ISSUES)
def test_zip_is_a_verifiable_offline_copy(mini_site, tmp_path, year, number, published):
    """The zip holds the issue's files and its own manifest of them (its pages differ from the site's in their
    links out of the copy), plus a start page; `sha256sum -c` verifies it unpacked."""
    path = mini_site / issue_dir(year, number) / f"gazette-{year}-{number:02d}.zip"
    folder = f"gazette-{year}-{number:02d}"
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        names = z.namelist()
        assert names == sorted(names) and all(n.startswith(folder + "/") for n in names)
        y, m, d = (int(x) for x in published.split("-"))
        assert {i.date_time for i in z.infolist()} == {(y, m, d, 0, 0, 0)}  # fixed timestamps
        z.extractall(tmp_path)
    root = tmp_path / folder
    entries = manifest(root, year, number)
    site_entries = manifest(mini_site, year, number)
    assert set(entries) == set(site_entries) | {"index.html"}
    for rel, digest in entries.items():
        assert hashlib.sha256((root / rel).read_bytes()).hexdigest() == digest, rel
        if not rel.endswith(".html"):
            assert digest == site_entries[rel], rel  # data, sources and assets are the published bytes
    result = subprocess.run(["sha256sum", "--strict", "-c", f"{issue_dir(year, number)}/SHA256SUMS"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    readme = (root / "README.txt").read_text(encoding="utf-8")
    assert readme.count("sha256sum -c") == 1 and f"open {folder}/index.html" in readme


def test_zip_links_stay_inside_or_go_online(mini_site, mini_site_sub, tmp_path):
    """In an unpacked zip every relative link names a file of the zip; links to pages the zip does not hold
    are the site's absolute address (site_url + base_path), under any base_path; the README names no path
    of the server."""
    import re
    from urllib.parse import unquote, urldefrag

    year, number, _ = ISSUES[-1]
    folder = f"gazette-{year}-{number:02d}"
    for site, online in ((mini_site, "https://gazette.example.gov.cn/"), (mini_site_sub, "https://gazette.example.gov.cn/sub/")):
        out = tmp_path / site.parent.name
        with zipfile.ZipFile(site / issue_dir(year, number) / f"{folder}.zip") as z:
            z.extractall(out)
        root = out / folder
        outside = 0
        for page in root.rglob("*.html"):
            for link in re.findall(r' (?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
                url = urldefrag(link)[0].split("?")[0]
                if not url or url.startswith("data:"):
                    continue
                if url.startswith("https://"):
                    outside += url.startswith(online)
                    continue
                assert not url.startswith("/"), f"{page}: {link}"
                assert (page.parent / unquote(url)).resolve().is_file(), f"{page}: {link} is not in the zip"
        assert outside > 10
        assert "/sub/" not in (root / "README.txt").read_text(encoding="utf-8").replace(online, "")


def test_manifest_detects_a_changed_file(mini_site, tmp_path):
    year, number, _ = ISSUES[0]
    copy = tmp_path / "copy"
    shutil.copytree(mini_site, copy)
    page = copy / issue_dir(year, number) / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</main>", b"<p>tampered</p></main>"))
    entries = manifest(copy, year, number)
    bad = [p for p, h in entries.items() if hashlib.sha256((copy / p).read_bytes()).hexdigest() != h]
    assert bad == [f"{issue_dir(year, number)}/index.html"]


def test_issue_pages_link_the_offline_copy(mini_site):
    for year, number, _ in ISSUES:
        for lang, up in (("", ""), ("mn/", f"../../../{issue_dir(year, number)}/")):
            html = (mini_site / f"{lang}{issue_dir(year, number)}/index.html").read_text(encoding="utf-8")
            assert f'href="{up}gazette-{year}-{number:02d}.zip"' in html
            assert f'href="{up}SHA256SUMS"' in html
