"""Page views → HTML bytes with Jinja2 (autoescape, StrictUndefined). No file I/O besides loading templates."""

from __future__ import annotations

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
