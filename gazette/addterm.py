"""`build.py add-category` / `add-issuer`: a clerk adds a 栏目 or 发文机关 that config.yaml does not have yet.

Asks for the Chinese name, the URL slug and the Mongolian name with where it is attested (or marks it for a
native reviewer); an empty Mongolian name is refused. config.yaml is edited as text — the new entry is
inserted after the last entry of its list — so every comment and the file's layout stay as they are; the
result is read back with the normal validation and the file is left untouched if anything is wrong.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from .content.config import _SLUG, load_config
from .core.errors import BuildFailed
from .core.files import write_atomic

KINDS = {"category": ("categories", "栏目"), "issuer": ("issuers", "发文机关")}


class TermRefused(ValueError):
    """The entry cannot be added as given; the message says why and what to do (中文 + English)."""


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar; invisible format characters (U+202F …) written as escapes, as in the file."""
    out = json.dumps(text, ensure_ascii=False)
    return "".join(f"\\u{ord(c):04X}" if unicodedata.category(c) in ("Cf", "Zs") and c != " " else c for c in out)


def _block_end(lines: list[str], key: str) -> int:
    """Index after the last indented line of the top-level list `key:` (before trailing blanks and comments)."""
    start = next((i for i, ln in enumerate(lines) if re.match(rf"^{key}:\s*(#.*)?$", ln)), None)
    if start is None:
        raise TermRefused(f"config.yaml 中没有“{key}:” config.yaml has no `{key}:` list")
    end = start + 1
    for i in range(start + 1, len(lines)):
        if lines[i].strip() and not lines[i][0].isspace():
            break
        if lines[i].strip():
            end = i + 1
    return end


def entry_text(name: str, slug: str, mn: str, source: str | None) -> list[str]:
    mark = f"source: {_quoted(source)}" if source else "review: needed"
    return [f"  - name: {name}", f"    slug: {slug}", f"    mn: {{text: {_quoted(mn)}, {mark}}}"]


def add_term(root: Path, kind: str, name: str, slug: str, mn: str, source: str | None,
             agency: str | None = None) -> int:
    """Insert the entry (and, for an issuer, its 机关代字 under `agencies:`); returns the entry's line."""
    key, label = KINDS[kind]
    name, slug, mn = name.strip(), slug.strip(), unicodedata.normalize("NFC", mn.strip())
    source = source.strip() if source else None
    if not name:
        raise TermRefused(f"{label}名称不能为空 the Chinese name is empty")
    if not _SLUG.match(slug):
        raise TermRefused(f"网址名 {slug!r} 只能用小写字母、数字和连字符，如 appointments  the slug must be [a-z0-9-], e.g. appointments")
    if not mn:
        raise TermRefused("蒙古文名称不能为空：请填写蒙古文名称并注明来源，或标记待审校（--mn-review）。"
                          " The Mongolian name is empty: give it with its source, or mark it for review.")
    if re.search(r"[\u4e00-\u9fff]", mn) or not re.search(r"[\u1800-\u18AF]", mn):
        raise TermRefused("蒙古文名称应为传统蒙古文（不是汉字或拉丁字母） the Mongolian name must be in traditional Mongolian script")
    if agency is not None and not re.fullmatch(r"[\u4e00-\u9fff]{2,12}", agency.strip()):
        raise TermRefused(f"机关代字 {agency!r} 应为 2–12 个汉字，如 包财采 the 机关代字 must be Han characters, e.g. 包财采")
    config, _ = load_config(root)
    terms = config.categories if kind == "category" else config.issuers
    for t in terms:
        if t.name == name:
            raise TermRefused(f"{label}“{name}”已在 config.yaml 中 {name} is already in config.yaml")
        if t.slug == slug:
            raise TermRefused(f"网址名 {slug!r} 已用于“{t.name}” the slug {slug!r} is already used by {t.name}")
    path = root / "config.yaml"
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    at = _block_end(lines, key)
    lines[at:at] = entry_text(name, slug, mn, source)
    line = at + 1
    if agency:
        if config.agency(agency.strip()):
            raise TermRefused(f"机关代字 {agency} 已在 agencies 中 ({config.agency(agency.strip())})  already in agencies")
        end = _block_end(lines, "agencies")
        lines[end:end] = [f"  {agency.strip()}: {name}"]
    _write(path, "\n".join(lines))
    try:
        load_config(root)
    except BuildFailed as failed:
        _write(path, original)
        raise TermRefused("写入后 config.yaml 无法通过检查，已恢复原文件 config.yaml did not validate after the edit; "
                          "restored:\n" + failed.report()) from None
    return line


def _write(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


def ask(args, prompt: Callable[[str], str] = input) -> tuple[str, str, str, str | None]:
    """Fill what the command line left out by asking (name, slug, Mongolian name, its source or review)."""
    _, label = KINDS[args.kind]
    name = args.name if args.name is not None else prompt(f"{label}中文名称 Chinese name: ")
    slug = args.slug if args.slug is not None else prompt("网址名（小写字母、数字、连字符，如 appointments） URL slug: ")
    mn = args.mn if args.mn is not None else prompt("蒙古文名称 Mongolian name: ")
    if args.mn_review:
        source = None
    elif args.mn_source is not None:
        source = args.mn_source
    else:
        source = prompt("蒙古文名称的来源（网址或出处；不清楚请直接回车，标记为待母语审校） source of the Mongolian name "
                        "(URL or reference; press Enter to mark it for a native reviewer): ") or None
    return name, slug, mn, source
