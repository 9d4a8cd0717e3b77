"""Golden files: the mini archive's built pages compared file by file with tests/golden/mini/.

After a deliberate change to templates or views, refresh with
    .venv/bin/python -m pytest tests/test_golden.py --update-golden
and review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from support import ROOT

GOLDEN = ROOT / "tests" / "golden" / "mini"
# Pages and machine-readable files are compared; the search index, fonts and archives are binary build
# products checked by their own tests, and static/ is a copy of layouts/static/.
COMPARED = (".html", ".xml", ".json", ".txt")


def compared_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.suffix in COMPARED and p.relative_to(root).parts[0] not in ("pagefind", "static")
    }


def test_mini_site_matches_golden_files(mini_site, request):
    built = compared_files(mini_site)
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for rel, data in built.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_bytes(data)
    golden = compared_files(GOLDEN)
    missing, extra = sorted(set(golden) - set(built)), sorted(set(built) - set(golden))
    assert not missing and not extra, f"missing: {missing[:10]} extra: {extra[:10]}"
    changed = [rel for rel in golden if golden[rel] != built[rel]]
    if changed:
        first = changed[0]
        diff = "\n".join(difflib.unified_diff(
            golden[first].decode("utf-8").splitlines(), built[first].decode("utf-8").splitlines(),
            f"golden/{first}", f"built/{first}", lineterm="", n=2))
        raise AssertionError(f"{len(changed)} file(s) differ: {changed[:10]}\n{diff[:4000]}")
