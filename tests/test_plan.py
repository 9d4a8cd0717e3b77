"""One plan of every output and one set of file rules for `build` and `serve` (gazette/build/plan.py,
gazette/build/writers.py, gazette/core/files.py): the preview plans with the build's function, both publish
layouts/static/ by the same rule, and every cache is pruned the same way."""

from __future__ import annotations

import shutil
from functools import partial

from support import MINI_CONTENT, ROOT

from gazette.build.pipeline import check
from gazette.build.plan import plan_site
from gazette.build.render_cache import RenderCache
from gazette.content.config import load_config
from gazette.core.files import CacheFolder, write_atomic
from gazette.pages.i18n import make_uis
from gazette.preview.cache import permalinks_memoised, plan_memoised
from gazette.preview.rebuild import Builder
from gazette.search.plan import search_plan

TEMPORARIES = ("site.css.swp", "site.css~", "#site.css#", ".#site.css", ".hidden.css", "upload.part")


def _project(tmp_path):
    """A private project (layouts, config.yaml) and a copy of the mini archive."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "layouts", root / "layouts")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")
    content = tmp_path / "content"
    shutil.copytree(MINI_CONTENT, content)
    return root, content


def test_the_preview_plans_the_same_site_as_the_build(tmp_path):
    """plan_site with the preview's memoised planners gives the same pages, views and files as the build's
    planners; planned again for the same archive it hands back the very same document views, and issue and
    permalink pages of the same keys (what keeps an edit fast)."""
    root, content = _project(tmp_path)
    config, _ = load_config(root, None, content)
    gazette, _ = check(config, jobs=1)
    uis = make_uis(config)
    built = plan_site(config, gazette, uis, search_plan(gazette))
    memo: dict = {}
    previewed = plan_site(config, gazette, uis, search_plan(gazette), partial(plan_memoised, memo=memo), partial(permalinks_memoised, memo=memo))
    by_path = {p.path: p for p in built.pages}
    assert sorted(p.path for p in previewed.pages) == sorted(by_path) and len(by_path) == len(built.pages)
    permalinks = [p for p, page in by_path.items() if page.view.template == "permalink.html"]
    assert any(p.startswith("wenhao/") for p in permalinks) and any(p.startswith("mn/wenhao/") for p in permalinks)
    assert all(p.view == by_path[p.path].view for p in previewed.pages)
    assert previewed.files == built.files and {f.path for f in built.files} >= {"static/site.css", "2023/01/source.txt"}
    again = plan_site(config, gazette, uis, search_plan(gazette), partial(plan_memoised, memo=memo), partial(permalinks_memoised, memo=memo))
    same = {a.path for a, b in zip(again.pages, previewed.pages, strict=True)
            if a.path == b.path and (a is b or (a.key is not None and a.key == b.key) or a.view is b.view)}
    kept = {p.path for p in built.pages if p.view.template in ("document.html", "issue.html", "permalink.html")}
    assert len(kept) > 20 and kept <= same


def test_editor_temporaries_in_static_are_published_by_neither_build_nor_preview(tmp_path):
    """The drift issue 18 names: only the preview skipped editors' swap files in layouts/static/."""
    root, content = _project(tmp_path)
    static = root / "layouts" / "static"
    for name in TEMPORARIES:
        (static / name).write_text("/* an editor's temporary */\n", encoding="utf-8")
    site = tmp_path / "site"
    builder = Builder(lambda: load_config(root, None, content), site, root)
    assert builder.full().ok
    published = {p.name for p in (site / "static").iterdir()}
    assert "site.css" in published and not published & set(TEMPORARIES)

    css = static / "site.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* edited */\n", encoding="utf-8")
    (static / "search.js.swp").write_text("swap", encoding="utf-8")
    outcome = builder.rebuild({css, static / "search.js.swp"})
    assert outcome.ok and outcome.kind == "static" and outcome.written == ["static/site.css"], outcome
    assert (site / "static" / "site.css").read_bytes() == css.read_bytes()
    assert not (site / "static" / "search.js.swp").exists()
    (static / "cite.js").unlink()  # a deleted asset goes, as in a build
    assert builder.rebuild({static / "cite.js"}).written == ["static/cite.js"] and not (site / "static" / "cite.js").exists()


def test_a_cache_keeps_what_the_last_run_used_and_forgets_gone_sources(tmp_path):
    sources = tmp_path / "a", tmp_path / "b"
    for s in sources:
        s.mkdir()
    a, b = (CacheFolder.of(tmp_path, "kind", s) for s in sources)
    a.write("old", b"1")
    a.write("kept", b"2")
    b.write("x", b"3")
    b.prune({"x"})
    a.prune({"kept"})
    assert a.read("kept") == b"2" and a.read("old") is None and b.read("x") == b"3"
    sources[1].rmdir()
    (a.path.parent / "0123456789abcdef.pickle").write_bytes(b"a cache file of an older layout")
    a.prune({"kept"})
    assert sorted(p.name for p in a.path.parent.iterdir()) == [a.path.name]  # b's cache and the stray file gone
    assert sorted(p.name for p in a.path.iterdir()) == ["SOURCE", "kept.pickle"]  # no temporary file left


def test_write_atomic_replaces_a_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "deep" / "file.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and [p.name for p in target.parent.iterdir()] == ["file.txt"]


def test_the_render_cache_is_a_cache_folder_of_its_output_folder(tmp_path):
    """The render cache is kept and pruned like the parse cache: one folder per output folder."""
    root, content = _project(tmp_path)
    config, _ = load_config(root, None, content)
    for name in ("site", "other"):
        (tmp_path / name).mkdir()
        RenderCache.open(config, tmp_path / name).save({}, frozenset())
    assert len(list((root / ".cache" / "render").iterdir())) == 2
    shutil.rmtree(tmp_path / "other")
    cache = RenderCache.open(config, tmp_path / "site")
    cache.save({}, frozenset({"index.html"}))
    assert list((root / ".cache" / "render").iterdir()) == [cache.folder.path]
    assert RenderCache.open(config, tmp_path / "site").previous_paths == {"index.html"}
