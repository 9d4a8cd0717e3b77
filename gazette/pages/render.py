"""Page views → HTML bytes with Jinja2 (autoescape, StrictUndefined). No file I/O besides loading templates."""

from __future__ import annotations

from pathlib import Path

import jinja2

from .i18n import Ui
from .relative import relative_links
from .views import View


def make_environment(layouts: Path) -> jinja2.Environment:
    """Compile templates once per build; unknown variables are errors, every value is escaped. No
    auto_reload: a build (or serve after a template edit) makes a new environment, so checking each
    template's file time on every render would only cost a stat per page."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(layouts),
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def prepare_strings(uis: dict[str, Ui]) -> dict[str, tuple[dict, dict]]:
    """Each language's strings for templates, made once per build: (`t` markup, `tp` plain)."""
    return {lang: (ui.all_markup(), ui.all_plain()) for lang, ui in uis.items()}


def render_view(env: jinja2.Environment, view: View, strings: dict[str, tuple[dict, dict]]) -> bytes:
    """A view through its template, with its language's strings (`t`, `tp`)."""
    t, tp = strings[view.lang]
    return env.get_template(view.template).render(page=view, t=t, tp=tp).encode("utf-8")


def render_html(env: jinja2.Environment, view: View, strings: dict[str, tuple[dict, dict]], path: str, base_path: str) -> bytes:
    """The page at output path `path`, its links made document-relative (gazette/pages/relative.py)."""
    return relative_links(render_view(env, view, strings), path, base_path)

