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

from .model import Issue
from .render import Output
from .urls import LANG_PREFIX, Urls

README = """{title} {year}年第{number}期（总第{serial}期） offline copy

Files: every page of this issue in both interfaces (Chinese at {issue}, Mongolian at mn/{issue}),
each document's data.json, and the stylesheet and scripts under static/.

Verify (校验):   cd {folder} && sha256sum -c {manifest}
View (浏览):     cd {folder} && python3 -m http.server 8000   then open http://localhost:8000{base}{issue}
(Pages link with the site's base path {base}; links to other issues need the full site.)
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


def bundle_readme(title: str, base_path: str, issue: Issue) -> bytes:
    """The zip's README.txt."""
    return README.format(title=title, year=issue.year, number=issue.number, serial=issue.serial,
                         issue=f"{issue.year}/{issue.number:02d}/", folder=archive_folder(issue),
                         manifest=Urls.issue_manifest(issue), base=base_path).encode("utf-8")
