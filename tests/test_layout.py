"""The package's folders show the flow, and imports only run with it.

Layers, lowest first (docs/ARCHITECTURE.md): a module may import its own layer and the layers below it, never
one above. `outputs` and `search` sit side by side: neither imports the other. The commands (cli, scaffold,
addterm, failures, importer/) sit on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "gazette"
LAYERS = {"core": 0, "content": 1, "pages": 2, "outputs": 3, "search": 3, "build": 4, "preview": 5}
TOP = 6  # cli.py, scaffold.py, addterm.py, failures.py, importer/


def layer_of(module: str) -> tuple[int, str]:
    """`gazette.x.y` → (rank, layer name)."""
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else ""
    return (LAYERS[name], name) if name in LAYERS else (TOP, "top")


def module_name(path: Path, package: Path = PACKAGE) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, package_root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module) of every import of the package's own modules, lazy ones included."""
    module = module_name(path, package_root)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target == "gazette" or target.startswith("gazette."):
                names = [target + "." + a.name for a in node.names] if node.module is None else [target]
                found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("gazette.")]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_lives_in_a_layer():
    """No module left loose at the top besides the commands."""
    loose = {p.name for p in PACKAGE.glob("*.py")} - {"__init__.py", "cli.py", "scaffold.py", "addterm.py", "failures.py"}
    assert not loose, f"modules outside a layer folder: {sorted(loose)}"
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == set(LAYERS) | {"importer"}, folders


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_run_with_the_flow(path):
    mine, layer = layer_of(module_name(path))
    against = []
    for line, target in imports_of(path):
        theirs, other = layer_of(target)
        if theirs > mine or (theirs == mine and other != layer):
            against.append(f"gazette/{path.relative_to(PACKAGE).as_posix()}:{line}: {layer} imports {target} ({other})")
    assert not against, "\n".join(against)


def test_the_check_sees_an_import_against_the_flow(tmp_path):
    """The walker resolves relative and lazy imports: a pages module importing build is caught."""
    fake = tmp_path / "gazette" / "pages" / "probe.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from ..build.emit import emit_pages\nfrom . import views\n\n\ndef f():\n    from gazette.preview import serve\n",
                    encoding="utf-8")
    found = imports_of(fake, tmp_path / "gazette")
    assert found == [(1, "gazette.build.emit"), (2, "gazette.pages.views"), (6, "gazette.preview")]
    mine = layer_of(module_name(fake, tmp_path / "gazette"))[0]
    assert [t for _, t in found if layer_of(t)[0] > mine] == ["gazette.build.emit", "gazette.preview"]
