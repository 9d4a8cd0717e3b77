"""Read config.yaml and the UI string files once into a frozen Config, reporting every problem with its line."""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import BuildFailed, Diagnostic, error, errors_in, warning
from .fields import FieldReader
from .frontmatter import FrontMatterError, Value, parse_yaml
from .regular import NotRegularFile, read_regular

LANGS = ("zh", "mn")
HTML_LANG = {"zh": "zh-Hans", "mn": "mn-Mong"}  # one tag per language: Pagefind keeps one index per tag
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: `$` also matches before a final newline
# Written into every page's links: an absolute http(s) address (no javascript:, no spaces or quotes), and a path
# of plain URL segments.
_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+,;=:@-]*)*", re.ASCII)
_SITE_URL_FORBIDDEN = re.compile(r"['\s\"<>`\\]")
_BASE_PATH = re.compile(r"/([A-Za-z0-9._~-]+/)*", re.ASCII)


class UsageError(Exception):
    """A bad value given on the command line (exit 2), with its bilingual message."""


def base_path_problem(value: str) -> str | None:
    """Why a base path cannot be used (None when it can): segments of letters, digits and . _ ~ - only."""
    normalised = "/" + value.strip("/") + "/" if value.strip("/") else "/"
    if _BASE_PATH.fullmatch(normalised) and not any(seg in (".", "..") for seg in normalised.split("/")):
        return None
    return (f"路径前缀（base_path）{value!r} 只能由字母、数字和 . _ ~ - 组成的路径段构成，如 / 或 /gazette/ "
            f"base_path {value!r} must be / or path segments of letters, digits and . _ ~ -, e.g. /gazette/")


def site_url_problem(value: str) -> str | None:
    """Why a site address cannot be used (None when it can): an absolute http(s) URL, no query or fragment."""
    if _SITE_URL.fullmatch(value) and not _SITE_URL_FORBIDDEN.search(value):
        return None
    return (f"站点地址（site_url）{value!r} 应为完整的 http(s) 网址，不含空格、引号、? 和 #，如 https://example.gov.cn "
            f"site_url {value!r} must be an absolute http(s) address without spaces, quotes, ? or #, e.g. https://example.gov.cn")


@dataclass(frozen=True)
class MnText:
    """A Mongolian string with where it is attested (`source`), or None when a native reviewer must check it."""

    text: str
    source: str | None
    line: int = 1  # where it is written (config.yaml or layouts/i18n/mn.yaml), for the review warnings

    @property
    def reviewed(self) -> bool:
        return self.source is not None


@dataclass(frozen=True)
class Term:
    """A category (栏目) or issuer (发文机关): Chinese name, URL slug, Mongolian name."""

    name: str
    slug: str
    mn: MnText


@dataclass(frozen=True)
class Config:
    """Everything configurable, validated. Paths are absolute."""

    root: Path
    title: str
    publisher: str
    base_path: str  # always starts and ends with "/"
    site_url: str
    masthead_mn: MnText
    categories: tuple[Term, ...]
    issuers: tuple[Term, ...]
    agencies: tuple[tuple[str, str], ...]  # (机关代字, 发文机关全称), e.g. ("包府办发", "包头市人民政府办公室")
    mongolian_font: str
    toc_min_headings: int
    strings: dict  # lang -> key -> str | MnText (read-only by convention; built once here)
    content_dir: Path  # content/ (or another folder given on the command line)

    @property
    def layouts_dir(self) -> Path:
        return self.root / "layouts"

    def category(self, name: str) -> Term | None:
        return next((t for t in self.categories if t.name == name), None)

    def issuer(self, name: str) -> Term | None:
        return next((t for t in self.issuers if t.name == name), None)

    def agency(self, code: str) -> str | None:
        """The issuing body's full name for a 文号's 机关代字 (包府办发 → 包头市人民政府办公室), if the table knows it."""
        return next((name for c, name in self.agencies if c == code), None)

    def unreviewed(self) -> tuple[tuple[str, int, str], ...]:
        """(file, line, name) of every Mongolian string still marked `review: needed`."""
        items = [("layouts/i18n/mn.yaml", v.line, f"strings mn.{k}") for k, v in self.strings["mn"].items() if not v.reviewed]
        items += [("config.yaml", self.masthead_mn.line, "config masthead_mn")] if not self.masthead_mn.reviewed else []
        items += [("config.yaml", t.mn.line, f"config categories {t.name}") for t in self.categories if not t.mn.reviewed]
        items += [("config.yaml", t.mn.line, f"config issuers {t.name}") for t in self.issuers if not t.mn.reviewed]
        return tuple(items)


_CONFIG_KEYS = {
    "title": "公报名称", "short_title": "简称", "publisher": "主办单位", "base_path": "路径前缀",  # short_title: no longer used (warned)
    "site_url": "站点地址", "masthead_mn": "蒙古文刊头", "categories": "栏目", "issuers": "发文机关",
    "agencies": "机关代字", "mongolian_font": "蒙古文字体", "toc_min_headings": "文内目录阈值",
}


def _mn_text(path: str, value: Value | None, where: str, out: list[Diagnostic]) -> MnText:
    """Read `{text, source}` or `{text, review: needed}`; display text is NFC, never NFKC (keeps U+202F)."""
    if value is None or not isinstance(value.data, dict) or "text" not in value.data:
        out.append(error(path, value.line if value else 1, f"{where}: 蒙古文须写成 {{text: …, source: …}} 或 {{text: …, review: needed}} expected a mapping with `text` and `source` or `review: needed`"))
        return MnText("", None)
    data = value.data
    text = data["text"].data if isinstance(data["text"].data, str) else ""
    source = data.get("source")
    review = data.get("review")
    if source is None and (review is None or review.data != "needed"):
        out.append(error(path, value.line, f"{where}: 蒙古文须注明来源 source 或 review: needed  a Mongolian string needs `source: …` or `review: needed`"))
    return MnText(unicodedata.normalize("NFC", text), source.data if source is not None else None, value.line)


def _terms(path: str, value: Value | None, key: str, out: list[Diagnostic]) -> tuple[Term, ...]:
    if value is None:
        return ()
    if not isinstance(value.data, list):
        out.append(error(path, value.line, f"{key} 应为列表 must be a list"))
        return ()
    terms = []
    lines: dict[tuple[str, str], list[int]] = {}
    for item in value.data:
        if not isinstance(item.data, dict):
            out.append(error(path, item.line, f"{key}: 每项须有 name、slug、mn each entry needs name, slug, mn"))
            continue
        name, slug = item.data.get("name"), item.data.get("slug")
        if name is None or slug is None or not _SLUG.match(str(slug.data)):
            at = slug.line if slug is not None and name is not None else item.line
            out.append(error(path, at, f"{key}: 每项须有 name 和 slug（小写字母、数字、连字符） each entry needs a name and a slug of [a-z0-9-]"))
            continue
        mn = _mn_text(path, item.data.get("mn"), f"{key} {name.data}", out)
        if item.data.get("mn") is not None and not mn.text.strip():
            out.append(error(path, mn.line, f"{key} {name.data}: 蒙古文名称为空，请填写（来源不明时写 review: needed） the Mongolian name is empty"))
        terms.append(Term(name.data, slug.data, mn))
        for kind, v in (("name", name), ("slug", slug)):
            lines.setdefault((kind, str(v.data)), []).append(v.line)
    for (kind, text), at in sorted(lines.items()):
        for line in at[1:]:  # point at each repeat, naming the first
            out.append(error(path, line, f"{key}: {kind} {text!r} 重复（第{at[0]}行已有） is duplicated (first on line {at[0]})"))
    return tuple(terms)


def _agencies(path: str, value: Value | None, out: list[Diagnostic]) -> tuple[tuple[str, str], ...]:
    """`agencies:` maps a 文号's 机关代字 to the full name of the body that issues under it."""
    if value is None:
        return ()
    if not isinstance(value.data, dict):
        out.append(error(path, value.line, "agencies 应为“机关代字: 机关全称”的映射 must map each 机关代字 to the issuing body's full name"))
        return ()
    pairs = []
    for code, name in value.data.items():
        code_text = getattr(code, "name", code)
        if not isinstance(name.data, str) or not name.data.strip() or not re.fullmatch(r"[\u4e00-\u9fff]+", str(code_text)):
            out.append(error(path, name.line, f"agencies: {code_text!r} 须为汉字机关代字，对应非空的机关全称 expected a 机关代字 of Han characters and a non-empty full name"))
            continue
        pairs.append((str(code_text), name.data.strip()))
    return tuple(pairs)


def read_strings(layouts: Path, out: list[Diagnostic]) -> dict:
    """UI strings, one file per language: layouts/i18n/zh.yaml (plain) and mn.yaml (text + source/review)."""
    strings: dict = {}
    unreadable = False
    for lang in LANGS:
        path = layouts / "i18n" / f"{lang}.yaml"
        rel = f"layouts/i18n/{lang}.yaml"
        try:
            fields = parse_yaml(_read_yaml_file(path, rel))
        except FrontMatterError as exc:
            out.append(error(rel, exc.line, exc.message))
            fields, unreadable = (), True
        if lang == "mn":
            strings[lang] = {k.name: _mn_text(rel, v, k.name, out) for k, v in fields}
        else:
            strings[lang] = {k.name: v.data for k, v in fields}
    missing = [] if unreadable else sorted(set(strings["zh"]) ^ set(strings["mn"]))  # one message for an unreadable file
    for key in missing:
        out.append(error("layouts/i18n/mn.yaml", 1, f"界面文字 {key!r} 只在一种语言中出现 UI string {key!r} must exist in both zh.yaml and mn.yaml"))
    return strings


def _read_yaml_file(path: Path, rel: str) -> str:
    """A configuration file's text; a missing, special or non-UTF-8 file is a FrontMatterError at line 1."""
    try:
        data = read_regular(path)
    except FileNotFoundError:
        raise FrontMatterError(1, f"找不到文件 {rel}（请从代码库恢复） {rel} not found; restore it from the repository") from None
    except NotRegularFile as exc:
        raise FrontMatterError(1, exc.message) from None
    except OSError as exc:
        raise FrontMatterError(1, f"无法读取 {rel}（{exc.strerror}） cannot read {rel}: {exc.strerror}") from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise FrontMatterError(data[:exc.start].count(b"\n") + 1, "文件不是 UTF-8 编码 file is not UTF-8 text; save it as UTF-8") from None


def load_config(root: Path, base_path: str | None = None, content: Path | None = None) -> tuple[Config, tuple[Diagnostic, ...]]:
    """Read config.yaml under root; `base_path` overrides the file (for `--base-path`). Raises BuildFailed on errors."""
    out: list[Diagnostic] = []
    rel = "config.yaml"
    if not os.path.lexists(root / rel):
        raise BuildFailed((error(rel, 1, f"找不到配置文件 config.yaml not found in {root}"),))
    if base_path is not None and base_path_problem(base_path):
        raise UsageError(f"--base-path: {base_path_problem(base_path)}")
    try:
        fields = parse_yaml(_read_yaml_file(root / rel, rel))
    except FrontMatterError as exc:
        raise BuildFailed((error(rel, exc.line, exc.message),)) from None
    r = FieldReader(rel, 1, fields, _CONFIG_KEYS, ("title", "base_path", "masthead_mn", "categories", "issuers"))
    title = r.text("title") or ""
    bp = base_path if base_path is not None else (r.text("base_path") or "/")
    if base_path is None and "base_path" in r.values and base_path_problem(bp):
        r.fail(r.value("base_path"), base_path_problem(bp))
    bp = "/" + bp.strip("/") + "/" if bp.strip("/") else "/"
    site_url = (r.text("site_url") or "").rstrip("/")
    if site_url and site_url_problem(site_url):
        r.fail(r.value("site_url"), site_url_problem(site_url))
    font = r.value("mongolian_font")
    toc = r.integer("toc_min_headings") if "toc_min_headings" in r.values else 3
    out.extend(r.diagnostics)
    if "short_title" in r.values:  # was read but never shown: accepted, so an older config.yaml still builds
        out.append(warning(rel, r.value("short_title").line, "简称（short_title）已不再使用，请从 config.yaml 中删除 short_title is no longer used; delete it from config.yaml"))
    masthead = _mn_text(rel, r.value("masthead_mn"), "masthead_mn", out)
    config = Config(
        root=root,
        title=title,
        publisher=r.text("publisher") or "",
        base_path=bp,
        site_url=site_url,
        masthead_mn=masthead,
        categories=_terms(rel, r.value("categories"), "categories", out),
        issuers=_terms(rel, r.value("issuers"), "issuers", out),
        agencies=_agencies(rel, r.value("agencies"), out),
        mongolian_font=str(font.data) if font is not None and isinstance(font.data, str) else "",
        toc_min_headings=toc or 3,
        strings=read_strings(root / "layouts", out),
        content_dir=content or root / "content",
    )
    if errors_in(out):
        raise BuildFailed(tuple(out))
    warnings = tuple(out) + tuple(warning(path, line, f"蒙古文待母语审校 Mongolian text needs a native reviewer: {n}")
                                  for path, line, n in config.unreviewed())
    return config, warnings
