"""The templates a build needs, checked before any page is rendered: a syntax error or a missing template is
reported as `layouts/x.html:line: message`, not as a traceback from a render worker."""

from __future__ import annotations

import jinja2
import jinja2.meta

from ..core.errors import Diagnostic, error


def _line_of(source: str, needle: str) -> int:
    for n, line in enumerate(source.split("\n"), 1):
        if needle in line:
            return n
    return 1


def template_diagnostics(env: jinja2.Environment, needed: set[str]) -> tuple[Diagnostic, ...]:
    """Every template in layouts/ compiles; every template the pages use, and every one they extend,
    include or import, exists."""
    out: list[Diagnostic] = []
    present = set(env.list_templates(extensions=["html"]))
    for name in sorted(present):
        source, _, _ = env.loader.get_source(env, name)
        try:
            parsed = env.parse(source, name, f"layouts/{name}")
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            out.append(error(f"layouts/{exc.name or name}", exc.lineno or 1, f"模板语法错误 template syntax error: {exc.message}"))
            continue
        for ref in jinja2.meta.find_referenced_templates(parsed):
            if ref is not None and ref not in present:
                out.append(error(f"layouts/{name}", _line_of(source, ref), f"模板引用的 layouts/{ref} 不存在 the template "
                                                                          f"layouts/{ref} it uses does not exist; restore it or correct the name"))
    for name in sorted(needed - present):
        out.append(error(f"layouts/{name}", 1, f"找不到模板 layouts/{name}（网站的页面需要它），请从代码库恢复 template "
                                              f"layouts/{name} not found (the site's pages need it); restore it from the repository"))
    return tuple(out)
