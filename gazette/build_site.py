"""The build, as one-way data flow: config → load and validate → model → page views → render → write → index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import BuildFailed, Diagnostic, Severity, errors_in
from .fonts import OUTPUT_FONT, OUTPUT_LICENCE, build_font, font_diagnostics, mongolian_characters
from .i18n import make_uis
from .load import load_gazette
from .model import Gazette
from .render import Output, make_environment, render_all
from .search import build_index
from .views import plan_pages
from .write import copy_tree, discard, new_staging, swap_in, write_outputs


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary line."""

    gazette: Gazette
    pages: int
    warnings: tuple[Diagnostic, ...]


def check(config: Config, strict: bool = False, extra: tuple[Diagnostic, ...] = ()) -> tuple[Gazette, tuple[Diagnostic, ...]]:
    """Load and validate all content; raise BuildFailed with every error (and warnings when strict)."""
    gazette, diagnostics = load_gazette(config)
    diagnostics = tuple(sorted(set(diagnostics + extra)))
    fatal = diagnostics if strict else errors_in(diagnostics)
    if gazette is None or fatal:
        raise BuildFailed(fatal or diagnostics)
    return gazette, tuple(d for d in diagnostics if d.severity is Severity.WARNING)


def source_files(gazette: Gazette, config: Config) -> tuple[Output, ...]:
    """Each issue's provenance text, published beside its issue page."""
    return tuple(
        Output(f"{i.year}/{i.number:02d}/{i.source}", (config.content_dir / str(i.year) / f"{i.number:02d}" / i.source).read_bytes())
        for i in gazette.issues if i.source
    )


def mongolian_font(config: Config, outputs: tuple[Output, ...], strict: bool) -> tuple[tuple[Output, ...], tuple[Diagnostic, ...]]:
    """The site's Mongolian web font subset to every Mongolian character in the pages (gazette/fonts.py)."""
    result = build_font(config.mongolian_font, config.root, mongolian_characters(o.data for o in outputs if o.path.endswith(".html")))
    diagnostics = font_diagnostics(result, config)
    if strict and diagnostics:
        raise BuildFailed(diagnostics)
    files = (Output(OUTPUT_FONT, result.woff2), Output(OUTPUT_LICENCE, result.licence)) if result.woff2 else ()
    return files, diagnostics


def build(config: Config, site: Path, strict: bool = False, extra: tuple[Diagnostic, ...] = ()) -> BuildResult:
    """Build the whole site into site/; on any error site/ is left exactly as it was."""
    # First gather and validate everything, so that all errors are reported before anything is written.
    gazette, warnings = check(config, strict, extra)
    uis = make_uis(config)
    pages = plan_pages(config, gazette, uis)
    outputs = render_all(make_environment(config.layouts_dir), pages, uis) + source_files(gazette, config)
    fonts, font_warnings = mongolian_font(config, outputs, strict)
    outputs, warnings = outputs + fonts, warnings + font_warnings
    staging = new_staging(site)
    try:
        write_outputs(staging, outputs)
        copy_tree(config.layouts_dir / "static", staging / "static")
        build_index(staging, config, gazette, uis)
        swap_in(staging, site)
    except BaseException:
        discard(staging)
        raise
    return BuildResult(gazette, len(pages), warnings)
