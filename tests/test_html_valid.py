"""Valid HTML: the Nu HTML Checker (npm vnu-jar, run with the machine's Java) reports no error on any page.

It runs once over whole built sites (it is slow to start): the mini fixture at the root and under /sub/, and
the real archive (content/). Warnings and info messages are not failures; every error is listed.
"""

from __future__ import annotations

import pytest
from a11y_support import vnu


@pytest.fixture(scope="module")
def sites(mini_site, mini_site_sub, request):
    folders = [mini_site, mini_site_sub]
    try:
        folders.append(request.getfixturevalue("archive_site"))
    except pytest.skip.Exception:
        pass
    return folders


def test_every_page_is_valid_html(sites):
    pages = sum(len(list(f.rglob("*.html"))) for f in sites)
    assert pages > 50
    messages = vnu(sites)
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"
              or (m.get("type") == "non-document-error")]
    report = [f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', '?')}: {m.get('message')} «{m.get('extract', '').strip()[:80]}»"
              for m in errors]
    assert not report, f"Nu HTML Checker: {len(report)} errors in {pages} pages:\n" + "\n".join(report)
