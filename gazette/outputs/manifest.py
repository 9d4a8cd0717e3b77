"""Per-issue SHA-256 manifest and offline archive (zip), so a reader can keep and verify a copy of an issue.

An issue's files are every output under `<year>/<NN>/` and `mn/<year>/<NN>/` (issue and document pages in
both interfaces, each document's data.json, the source text) plus the site's static assets the pages use.
The manifest `<year>/<NN>/SHA256SUMS` is in `sha256sum` format with paths relative to the site root, so
`cd site && sha256sum -c 2023/01/SHA256SUMS` verifies the published files, and the same command verifies
an unpacked zip. The zip is reproducible: sorted entries, fixed timestamps (the issue date), fixed modes.
"""

from __future__ import annotations

import io
import zipfile
from html import escape

from ..content.model import Issue
from ..core.output import Output
from ..pages.urls import LANG_PREFIX, Urls

README = """{title} {year}年第{number}期（总第{serial}期） 离线副本 offline copy

文件 Files: 本期在两种界面中的每一页（中文 {issue}，蒙古文 mn/{issue}）、每篇文件的 data.json、
static/ 下的样式、脚本和蒙古文字体。Every page of this issue in both interfaces (Chinese at {issue},
Mongolian at mn/{issue}), each document's data.json, and the stylesheets, scripts and Mongolian font
under static/.

浏览 View:   打开 open {folder}/index.html （双击即可，无需服务器 double-click it: no server needed）
             或 or:  cd {folder} && python3 -m http.server 8000   then open http://localhost:8000/
校验 Verify: cd {folder} && sha256sum -c {manifest}

本副本之外的页面（其他各期、栏目、发文机关、文号索引、搜索）链接到在线网站 Pages outside this copy
(other issues, categories, issuers, the 文号 index, search) link to the online site:
{online}
"""

def issue_prefixes(issue: Issue) -> tuple[str, ...]:
    return tuple(f"{LANG_PREFIX[lang]}{issue.year}/{issue.number:02d}/" for lang in ("zh", "mn"))


def issue_paths(issue: Issue, paths, asset_paths) -> tuple[str, ...]:
    """The site paths a manifest covers, sorted (the manifest and the zip themselves excluded)."""
    own = {Urls.issue_manifest(issue), Urls.issue_archive(issue)}
    prefixes = issue_prefixes(issue)
    return tuple(sorted({p for p in paths if p.startswith(prefixes) and p not in own} | set(asset_paths)))


def manifest_text(sums: tuple[tuple[str, str], ...]) -> bytes:
    """`sha256sum` lines from (site-relative path, SHA-256 hex): 64 hex digits, two spaces, the path."""
    return "".join(f"{sha}  {path}\n" for path, sha in sums).encode("utf-8")


def parse_manifest(text: str) -> dict[str, str]:
    """path → hex digest (for tests and verifiers)."""
    pairs = (line.split("  ", 1) for line in text.splitlines() if line.strip())
    return {path: digest for digest, path in pairs}


def _zip_entry(name: str, issue: Issue) -> zipfile.ZipInfo:
    d = issue.published_on
    info = zipfile.ZipInfo(name, date_time=(max(d.year, 1980), d.month, d.day, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the modes below are read
    info.external_attr = 0o100644 << 16
    return info


def archive_bytes(issue: Issue, files: tuple[Output, ...], manifest: Output, readme: bytes) -> bytes:
    """The zip: one top folder gazette-<year>-<NN>/ holding README.txt, the manifest and the files."""
    folder = archive_folder(issue)
    entries = sorted([*files, manifest, Output("README.txt", readme)], key=lambda o: o.path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for out in entries:
            z.writestr(_zip_entry(f"{folder}/{out.path}", issue), out.data, compresslevel=1)  # fastest: at 1,000 issues level 6 cost seconds for ~10 % smaller zips
    return buffer.getvalue()


def archive_folder(issue: Issue) -> str:
    return f"gazette-{issue.year}-{issue.number:02d}"


def bundle_readme(title: str, online: str, issue: Issue) -> bytes:
    """The zip's README.txt. The pages link relatively, so it is the same for every base_path; `online` is
    the site's address (site_url + base_path)."""
    return README.format(title=title, year=issue.year, number=issue.number, serial=issue.serial,
                         issue=f"{issue.year}/{issue.number:02d}/", folder=archive_folder(issue),
                         manifest=Urls.issue_manifest(issue), online=online or "—").encode("utf-8")


BUNDLE_INDEX = "index.html"  # the zip's own start page, at its top folder (the site's home page is online)

_INDEX = """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} {label} · 离线副本</title>
<meta name="description" content="{title} {label}的离线副本：本期每篇文件的中文与蒙古文界面。">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="static/site.css">
<link rel="stylesheet" href="static/mongolian.css">
</head>
<body>
<main id="main">
<h1 class="page-title">{title} {label}</h1>
<p>离线副本 Offline copy</p>
<ul>
<li><a href="{issue}index.html">{label}（中文）</a></li>
<li><a href="mn/{issue}index.html"><span lang="mn-Mong" class="mn">{mn}</span>（蒙古文界面）</a></li>
</ul>
{online_line}</main>
</body>
</html>
"""


def bundle_index(title: str, issue: Issue, online: str, mn_label: str) -> bytes:
    """The zip's start page: what it is, links to the issue in both interfaces and to the online site."""
    online_line = (f'<p>在线网站 Online: <a href="{escape(online)}">{escape(online)}</a></p>\n' if online else "")
    return _INDEX.format(title=escape(title), label=f"{issue.year}年第{issue.number}期（总第{issue.serial}期）",
                         issue=f"{issue.year}/{issue.number:02d}/", mn=escape(mn_label), online_line=online_line).encode("utf-8")
