"""Editorial warnings that `check` adds to the loader's diagnostics (the loader only reports what is wrong;
these report what is probably unfinished), and how warnings are grouped for printing and for --strict.

Warning kinds:
  review       Mongolian UI/config strings marked `review: needed` (a translation backlog kept in
               config.yaml / layouts/i18n/mn.yaml; a clerk adding an issue cannot fix it)
  content      everything else: non-standard brackets in 文号, a document without 文号 in a category whose
               documents normally have one, scaffold placeholder text left in a document, font coverage …

`--strict` makes *content* warnings fatal. Review warnings become fatal only with `--strict-review`, so CI
can run `check --strict` on every commit while the Mongolian review is still open (docs/编辑指南.md §7).
"""

from __future__ import annotations

from ..core.errors import Diagnostic, Severity, warning
from .config import Config
from .model import Gazette
from .text_file import line_of_key

REVIEW_MARK = "Mongolian text needs a native reviewer"
PLACEHOLDER = "（请填写"  # every placeholder the scaffold writes starts like this (gazette/scaffold.py)
MIN_SHARE = 0.8  # a category "normally has" 文号 when at least this share of its other documents has one


def is_review(d: Diagnostic) -> bool:
    return d.severity is Severity.WARNING and REVIEW_MARK in d.message


def split_warnings(diagnostics) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    """(content warnings, review warnings)."""
    ws = [d for d in diagnostics if d.severity is Severity.WARNING]
    return tuple(d for d in ws if not is_review(d)), tuple(d for d in ws if is_review(d))


def editorial_warnings(config: Config, gazette: Gazette) -> tuple[Diagnostic, ...]:
    """Documents with 主送机关 but without 文号 where their category normally has one (an appointment list or a
    report has neither); placeholder text left from `new` or `import`."""
    out: list[Diagnostic] = []
    docs = gazette.documents
    by_category: dict[str, list] = {}
    for d in docs:
        by_category.setdefault(d.category, []).append(d)
    for category, group in by_category.items():
        for d in group:
            if d.doc_number is not None or not d.addressees:
                continue  # only a document addressed to someone (主送机关) is a 公文 that carries a 文号
            others = [o for o in group if o is not d]
            numbered = sum(1 for o in others if o.doc_number)
            if numbered >= 2 and numbered / len(others) >= MIN_SHARE:
                rel = d.text.source_path
                out.append(warning(rel, line_of_key(config, rel, "category"),
                                   f"栏目“{category}”的文件通常有文号（{numbered}/{len(others)} 篇有），本篇没有 doc_number；"
                                   f"如印刷版有文号请补上 no doc_number, but {numbered} of {len(others)} other documents in {category!r} have one"))
    for d in docs:
        for text in (d.text, d.mn_text):
            if text is None:
                continue
            fields = {"title": text.title} | ({"subtitle": d.subtitle, "author": d.author, "addressees": d.addressees}
                                              if text is d.text else {})
            keys = [k for k, v in fields.items() if PLACEHOLDER in (v or "")]
            if keys or PLACEHOLDER in text.plain_text:
                line = line_of_key(config, text.source_path, keys[0]) if keys else 1
                where = "、".join(keys) if keys else "正文 body"
                out.append(warning(text.source_path, line, f"{PLACEHOLDER_MESSAGE}（{where}） the document still contains "
                                                           f"scaffold placeholder text ({where}): it is never published"))
    return tuple(out)


PLACEHOLDER_MESSAGE = "文件中仍有模板占位文字“（请填写…）”，请换成印刷版内容；未填写前不能生成网站"


def is_placeholder(d: Diagnostic) -> bool:
    """A scaffold placeholder left in a document: a warning for `check`, an error for `build` (never published)."""
    return d.severity is Severity.WARNING and PLACEHOLDER_MESSAGE in d.message
