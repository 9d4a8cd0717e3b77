"""Page views → HTML bytes with Jinja2 (autoescape, StrictUndefined). No file I/O besides loading templates."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .i18n import Ui
from .urls import Urls
from .views import PlannedPage


@dataclass(frozen=True)
class Output:
    """A file of the built site: its path under site/ and its bytes."""

    path: str
    data: bytes


def make_environment(layouts: Path) -> jinja2.Environment:
    """Compile templates once per build; unknown variables are errors, every value is escaped."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def prepare_strings(uis: dict[str, Ui]) -> dict[str, tuple[dict, dict]]:
    """Each language's strings for templates, made once per build: (`t` markup, `tp` plain)."""
    return {lang: (ui.all_markup(), ui.all_plain()) for lang, ui in uis.items()}


def render_page(env: jinja2.Environment, page: PlannedPage, strings: dict[str, tuple[dict, dict]]) -> Output:
    """Render one planned page with its view (`page`) and its language's strings (`t`, `tp`)."""
    t, tp = strings[page.view.chrome.lang]
    html = env.get_template(page.view.template).render(page=page.view, t=t, tp=tp)
    return Output(Urls.output_file(page.path), html.encode("utf-8"))


# What forked render workers inherit from the parent: set only while a pool is running, so the
# environment, the views and the strings are never pickled (pickling them costs more than rendering).
_INHERITED: tuple | None = None


def _render_range(bounds: tuple[int, int]) -> list[Output]:
    env, pages, strings = _INHERITED
    return [render_page(env, p, strings) for p in pages[bounds[0]:bounds[1]]]


def render_all(env: jinja2.Environment, pages: tuple[PlannedPage, ...], uis: dict[str, Ui], jobs: int = 1) -> tuple[Output, ...]:
    """Render every page, in path order; over `jobs` forked processes when there are many pages."""
    global _INHERITED
    strings = prepare_strings(uis)
    if jobs <= 1 or len(pages) < 400:
        return tuple(render_page(env, p, strings) for p in pages)
    for name in sorted({p.view.template for p in pages}):
        env.get_template(name)  # compile once, before the fork
    step = max(50, len(pages) // (jobs * 4))
    chunks = [(i, min(i + step, len(pages))) for i in range(0, len(pages), step)]
    _INHERITED = (env, pages, strings)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_render_range, chunks)
    finally:
        _INHERITED = None
    return tuple(o for part in parts for o in part)
