"""The parse cache (gazette/content/parse_cache.py): an issue folder is parsed again only when something its parse
depends on changed (its files, the configured terms, the generator's code), a damaged entry is parsed again, and
entries nothing uses any more are dropped. The result is the same model either way."""

from __future__ import annotations

import shutil

import pytest
from support import MINI_CONTENT, ROOT

from gazette.content import parse_cache
from gazette.content.config import load_config
from gazette.content.load import load_gazette
from gazette.core import digest


@pytest.fixture
def content(tmp_path):
    dest = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, dest)
    yield dest
    shutil.rmtree(parse_cache.cache_dir(load_config(ROOT, content=dest)[0]), ignore_errors=True)


def _folders_passed_to(monkeypatch, name: str) -> list[str]:
    """The issue folders (`2022/02`) parse_cache.<name>(config, folder, …) is called with, in order."""
    seen: list[str] = []
    original = getattr(parse_cache, name)

    def counting(config, folder, *rest):
        seen.append(f"{folder.parent.name}/{folder.name}")
        return original(config, folder, *rest)

    monkeypatch.setattr(parse_cache, name, counting)
    return seen


@pytest.fixture
def parsed(monkeypatch):
    """The folders actually parsed (not taken from the cache), in order."""
    return _folders_passed_to(monkeypatch, "read_issue_folder")


def _load(content):
    config, _ = load_config(ROOT, content=content)
    gazette, diagnostics = load_gazette(config, jobs=1)
    assert gazette is not None, diagnostics
    return config, gazette, diagnostics


def test_an_unchanged_folder_is_read_from_the_cache(content, parsed):
    _, cold, cold_diagnostics = _load(content)
    assert parsed == ["2022/01", "2022/02", "2023/01"]
    parsed.clear()
    _, warm, warm_diagnostics = _load(content)
    assert parsed == []
    assert warm == cold and warm_diagnostics == cold_diagnostics


def test_an_edit_parses_its_own_folder_again_and_drops_the_old_entry(content, parsed):
    config, _, _ = _load(content)
    before = {p.name for p in parse_cache.cache_dir(config).glob("*.pickle")}
    doc = content / "2022" / "02" / "p005.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("常务会议。", "常务会议，研究部署工作。"), encoding="utf-8")
    parsed.clear()
    _, gazette, _ = _load(content)
    assert parsed == ["2022/02"]
    assert "研究部署工作" in next(d for d in gazette.documents if (d.year, d.issue_number, d.slug) == (2022, 2, "p005")).text.plain_text
    after = {p.name for p in parse_cache.cache_dir(config).glob("*.pickle")}
    assert len(after) == 3 and len(before - after) == 1  # the edited folder's old entry is gone, nothing else


def test_a_change_of_code_parses_every_folder_again(content, parsed, monkeypatch):
    """The key holds the code digest: after an upgrade of the generator nothing parsed by the old code is used."""
    _load(content)
    parsed.clear()
    monkeypatch.setattr("gazette.content.load.code_digest", lambda: b"other code")
    _load(content)
    assert parsed == ["2022/01", "2022/02", "2023/01"]


def test_the_code_digest_covers_every_module_of_the_package(tmp_path):
    """An edit to any module, in any layer folder, changes the digest the parse cache is keyed with."""
    package = tmp_path / "gazette"
    shutil.copytree(digest.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))

    def of(folder):
        h = digest.hashlib.sha256()
        digest._tree_digest(h, folder)
        return h.digest()

    first = of(package)
    for module in ("content/issue_folder.py", "content/document_file.py", "pages/planner.py", "cli.py"):
        path = package / module
        path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        assert of(package) != first, module
        first = of(package)


def test_a_damaged_entry_is_parsed_again(content, parsed):
    config, cold, _ = _load(content)
    for entry in parse_cache.cache_dir(config).glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    parsed.clear()
    _, gazette, _ = _load(content)
    assert parsed == ["2022/01", "2022/02", "2023/01"] and gazette == cold


@pytest.fixture
def hashed(monkeypatch):
    """The folders whose files were read and hashed to find their key."""
    return _folders_passed_to(monkeypatch, "_folder_digest")


def test_the_stat_index_knows_an_unchanged_folder_without_reading_it(content, hashed, parsed, monkeypatch):
    """A folder whose files' stats are as remembered is taken from the cache unread; an edit that keeps the
    size and puts the mtime back is still seen (its ctime moved), and only that folder is read and parsed."""
    import os

    monkeypatch.setattr(parse_cache, "_RACY_NS", 0)  # the files were written just now: trust their stats at once
    _, cold, _ = _load(content)
    assert hashed == ["2022/01", "2022/02", "2023/01"]
    hashed.clear()
    _, warm, _ = _load(content)
    assert hashed == [] and warm == cold
    doc = content / "2022" / "02" / "p005.md"
    st = doc.stat()
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("常务会议。", "常务会仪。"), encoding="utf-8")  # same size in UTF-8
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert doc.stat().st_size == st.st_size and doc.stat().st_mtime_ns == st.st_mtime_ns
    parsed.clear()
    _, edited, _ = _load(content)
    assert hashed == ["2022/02"] and parsed == ["2022/02"]
    assert "常务会仪" in next(d for d in edited.documents if (d.year, d.issue_number, d.slug) == (2022, 2, "p005")).text.plain_text


def test_a_folder_changed_moments_ago_is_read_again_next_time(content, hashed):
    """Racily clean: stats taken within two seconds of a file's change are not trusted (a second change in
    the same clock tick could leave them as they were), so the next load hashes those files again."""
    _load(content)
    hashed.clear()
    _load(content)
    assert hashed == ["2022/01", "2022/02", "2023/01"]
