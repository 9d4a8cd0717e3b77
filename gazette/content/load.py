"""Walk content/ and turn it into a validated Gazette. The only reader of content/.

First gather and check every file, so that all errors are reported in one run; the model is returned
only when there are none. The steps: find the issue folders (walk.py), parse each one (issue_folder.py,
through the parse cache, parse_cache.py), then check across issues (archive_checks.py).
"""

from __future__ import annotations

from dataclasses import replace

from ..core.digest import code_digest
from ..core.errors import Diagnostic, errors_in
from .archive_checks import check_archive
from .config import Config
from .model import Gazette, Issue
from .parse_cache import parse_many, prune_cache
from .walk import issue_folders


def load_gazette(config: Config, jobs: int = 1) -> tuple[Gazette | None, tuple[Diagnostic, ...]]:
    """Read and validate all content. Returns the model (None if any error) and every diagnostic."""
    out: list[Diagnostic] = []
    folders = issue_folders(config, out)
    results = parse_many(config, folders, code_digest(), jobs)
    prune_cache(config, {key for _, _, key in results})
    return assemble_gazette(config, [(issue and replace(issue, fingerprint=key), diagnostics) for issue, diagnostics, key in results], out)


def assemble_gazette(config: Config, parsed: list[tuple[Issue | None, list[Diagnostic]]],
                     out: list[Diagnostic]) -> tuple[Gazette | None, tuple[Diagnostic, ...]]:
    """Join parsed issue folders into the archive and run the checks across issues (serve calls this with
    the folders it keeps in memory)."""
    issues = []
    for issue, diagnostics in parsed:
        out.extend(diagnostics)
        if issue is not None:
            issues.append(issue)
    if not errors_in(out):
        check_archive(config, issues, out)
    diagnostics = tuple(sorted(set(out)))
    if errors_in(diagnostics):
        return None, diagnostics
    return Gazette(tuple(sorted(issues, key=lambda i: i.serial))), diagnostics
