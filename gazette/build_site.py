"""The build, as one-way data flow: config → load and validate → model → page views → render → write → index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .catalogue import catalogue_outputs, document_outputs
from .config import Config
from .errors import BuildFailed, Diagnostic, Severity, errors_in
from .feeds import feed_outputs
from .fonts import OUTPUT_FONT, OUTPUT_LICENCE, build_font, font_diagnostics, mongolian_characters
from .i18n import make_uis
from .linkcheck import check_links
from .load import load_gazette
from .manifest import manifest_outputs
from .model import Gazette
from .permalinks import permalink_outputs
from .render import Output, make_environment, render_all
from .search import build_index
from .sitemap import sitemap_outputs
from .views import plan_pages
from .write import copy_tree, discard, new_staging, swap_in, write_outputs


@dataclass(frozen=True)
class BuildResult:
    """What a build produced, for the summary line."""

    gazette: Gazette
    pages: int
    warnings: tuple[Diagnostic, ...]


def check(config: Config, strict: bool = False, extra: tuple[Diagnostic, ...] = (), jobs: int = 1) -> tuple[Gazette, tuple[Diagnostic, ...]]:
    """Load and validate all content; raise BuildFailed with every error (and warnings when strict)."""
    gazette, diagnostics = load_gazette(config, jobs)
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


def static_assets(config: Config, outputs: tuple[Output, ...]) -> tuple[Output, ...]:
    """The files under static/ the pages use: layouts/static (copied as is) and generated ones (the font)."""
    root = config.layouts_dir / "static"
    copied = tuple(Output(f"static/{p.relative_to(root).as_posix()}", p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file())
    return copied + tuple(o for o in outputs if o.path.startswith("static/"))


def machine_readable(config: Config, gazette: Gazette, pages: tuple, outputs: tuple[Output, ...], env, uis: dict,
                     strict: bool) -> tuple[tuple[Output, ...], tuple[Diagnostic, ...]]:
    """Feeds, sitemap, 文号 permalinks, JSON, issue manifests and zips, catalogue (docs/machine-readable.md);
    then the internal link check over everything (broken links are warnings, errors when strict)."""
    outputs += permalink_outputs(config, gazette, env, uis) + document_outputs(config, gazette)
    outputs += feed_outputs(config, gazette) + sitemap_outputs(config, gazette, pages)
    assets = static_assets(config, outputs)
    outputs += manifest_outputs(config.title, config.base_path, gazette, outputs, assets)
    outputs += catalogue_outputs(config, gazette, outputs)
    links = check_links(outputs, config.base_path, config.site_url, tuple(a.path for a in assets))
    if strict and links:
        raise BuildFailed(links)
    return outputs, links


def build(config: Config, site: Path, strict: bool = False, extra: tuple[Diagnostic, ...] = ()) -> BuildResult:
    """Build the whole site into site/; on any error site/ is left exactly as it was."""
    # First gather and validate everything, so that all errors are reported before anything is written.
    gazette, warnings = check(config, strict, extra)
    uis = make_uis(config)
    pages = plan_pages(config, gazette, uis)
    env = make_environment(config.layouts_dir)
    outputs = render_all(env, pages, uis) + source_files(gazette, config)
    fonts, font_warnings = mongolian_font(config, outputs, strict)
    outputs, warnings = outputs + fonts, warnings + font_warnings
    outputs, link_warnings = machine_readable(config, gazette, pages, outputs, env, uis, strict)
    warnings += link_warnings
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
