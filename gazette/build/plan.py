"""The site plan: every output of the site and how it is made, from one function for `build` and `serve`.

`plan_site` is the only place that lists the kinds of output, so a new kind is added here and both the build
and the preview see it. Two groups:

- kept current by every writer (`pages`, `files`): the HTML pages of both interfaces, the 文号 permalinks,
  the issues' source texts and layouts/static/. The preview's fast path plans and writes these after every
  save (gazette/preview/rebuild.py, with its memoised planner plugged in through `plan_pages`/`plan_permalinks`);
- whole-archive outputs made by the full build only (`data_pages`, `summaries`, and the fonts, bundles and
  catalogue made from what was written): the preview leaves them to its catch-up build.

Writers (gazette/build/writers.py) take the plan's pages and files; `render` is the one way a planned page
becomes bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path
from typing import Callable

import jinja2

from ..content.config import Config
from ..content.model import Gazette
from ..core.errors import Diagnostic
from ..core.files import ignored
from ..core.output import Output
from ..outputs.catalogue import DocumentData, document_data_pages
from ..outputs.feeds import feed_outputs, feed_paths
from ..outputs.sitemap import sitemap_outputs, sitemap_paths
from ..pages.fonts import OUTPUT_FONT, OUTPUT_FONT_CSS, OUTPUT_LICENCE, find_font, font_problem
from ..pages.layouts_check import template_diagnostics
from ..pages.permalinks import permalink_pages
from ..pages.planner import plan_pages
from ..pages.render import render_html
from ..pages.urls import Urls
from ..pages.views import DataView, LazyPage, PlannedPage, View


@dataclass(frozen=True)
class FileCopy:
    """An output that is a project file published as it is: an issue's source text, a file of layouts/static/."""

    path: str
    source: Path
    owner: object = None  # what the file belongs to (its Issue): a new owner object means it may have changed

    def output(self) -> Output:
        return Output(self.path, self.source.read_bytes())


@dataclass(frozen=True)
class SitePlan:
    """Every output path of the site and how it is made (see the module docstring for the two groups)."""

    config: Config
    gazette: Gazette
    views: tuple[PlannedPage, ...]  # the pages of both interfaces (planner.plan_pages)
    permalinks: tuple[PlannedPage, ...]  # 文号 redirect pages (pages/permalinks.py)
    sources: tuple[FileCopy, ...]  # the issues' source texts
    assets: tuple[FileCopy, ...]  # layouts/static/

    @property
    def pages(self) -> tuple[PlannedPage, ...]:
        """The HTML pages every writer keeps current."""
        return self.views + self.permalinks

    @property
    def files(self) -> tuple[FileCopy, ...]:
        """The project files every writer keeps current."""
        return self.sources + self.assets

    # -- made by the full build only ------------------------------------------------------------------
    @cached_property
    def data_pages(self) -> tuple[PlannedPage, ...]:
        """Every document's data.json, rendered (and cached) like a page."""
        return tuple(LazyPage(path, partial(_planned_data, path, make), "", "", "", key) for path, make, key in document_data_pages(self.config, self.gazette))

    @cached_property
    def rendered(self) -> tuple[PlannedPage, ...]:
        """What the build's render workers make: the pages, the permalinks and the data.json files, by path."""
        return tuple(sorted(self.views + self.permalinks + self.data_pages, key=lambda p: p.path))

    def summaries(self, made=None) -> tuple[Output, ...]:
        """Feeds, sitemap and robots.txt (docs/machine-readable.md); `made`: the render cache's RenderCache.made."""
        return feed_outputs(self.config, self.gazette) + sitemap_outputs(self.config, self.gazette, self.views, made)

    @cached_property
    def summary_paths(self) -> tuple[str, ...]:
        """The paths of `summaries`, without making them."""
        return feed_paths(self.config) + sitemap_paths(self.config)

    @cached_property
    def fonts(self) -> tuple[str, ...]:
        """The Mongolian web font's files, when a font is found (made from the characters the pages use)."""
        return (OUTPUT_FONT, OUTPUT_FONT_CSS, OUTPUT_LICENCE) if find_font(self.config.mongolian_font, self.config.root) else ()

    @cached_property
    def bundles(self) -> tuple[str, ...]:
        """Every issue's SHA256SUMS and zip (made from the files written before them)."""
        return tuple(p for i in self.gazette.issues for p in (Urls.issue_manifest(i), Urls.issue_archive(i)))

    @property
    def catalogue(self) -> str:
        """catalogue.json, made last (it lists the zips' digests)."""
        return Urls.catalogue()

    def paths(self) -> frozenset[str]:
        """Every output path but the search index's: the link checker's targets (made once: 50,000 paths)."""
        return self._paths

    @cached_property
    def _paths(self) -> frozenset[str]:
        return (frozenset(Urls.output_file(p.path) for p in self.rendered) | {f.path for f in self.files}
                | set(self.summary_paths) | set(self.fonts + self.bundles) | {self.catalogue})


def _planned_data(path: str, make) -> PlannedPage:
    return PlannedPage(path, make())


def plan_site(config: Config, gazette: Gazette, uis: dict, search: dict,
              plan_views: Callable = plan_pages, plan_permalinks: Callable = permalink_pages) -> SitePlan:
    """The site plan. `search` is the search index's plan shown on the search page (search/index.py
    search_plan); the preview passes its memoised planners (gazette/preview/cache.py)."""
    return SitePlan(config, gazette, plan_views(config, gazette, uis, search), plan_permalinks(config, gazette),
                    source_files(config, gazette), copied_assets(config))


def source_files(config: Config, gazette: Gazette) -> tuple[FileCopy, ...]:
    """Each issue's provenance text, published beside its issue page (at its path under content/)."""
    content = config.content_dir
    return tuple(FileCopy(rel, content / rel, i) for i in gazette.issues if i.source for rel in (f"{i.year}/{i.number:02d}/{i.source}",))


def copied_assets(config: Config) -> tuple[FileCopy, ...]:
    """layouts/static/ as static/ (the stylesheets and scripts the pages use), without editors' temporaries
    and hidden files: the files the preview watches (core/files.py ignored)."""
    root = config.layouts_dir / "static"
    return tuple(FileCopy(f"static/{p.relative_to(root).as_posix()}", p) for p in sorted(root.rglob("*"))
                 if p.is_file() and not any(ignored(part) for part in p.relative_to(root).parts))


def render(env: jinja2.Environment, config: Config, strings: dict, view: View | DataView, path: str) -> bytes:
    """The one way a planned output becomes bytes: a page view through its template (links made relative to
    `path`), a document's data.json through json."""
    return view.data(config) if isinstance(view, DocumentData) else render_html(env, view, strings, path, config.base_path)


def plan_problems(plan: SitePlan, env: jinja2.Environment) -> tuple[Diagnostic, ...]:
    """What keeps the plan from being made: a template a planned page needs that is missing or broken, a
    configured font that is not there."""
    names = set()
    for page in plan.rendered:  # a LazyPage's view is made in the worker: it names its template
        template = page.template if isinstance(page, LazyPage) else getattr(page.view, "template", None)
        if template:
            names.add(template)
    return template_diagnostics(env, names) + font_problem(plan.config)
