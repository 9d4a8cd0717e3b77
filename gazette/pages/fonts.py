"""The site's own Mongolian web font: a WOFF2 subset of Noto Sans Mongolian made at build time.

Why (docs/mongolian.md, notes §1.6, §2): Chromium shapes a space or U+202F in whichever font draws it. If
that is not the Mongolian font, the suffix after U+202F loses its joined form. So the site serves its own
Mongolian face, first in the font stack for Mongolian text, covering every Mongolian character the built
pages use plus space, U+202F (NNBSP), U+180E (MVS), U+180B–U+180F (FVS) and ZWJ/ZWNJ.

The subset keeps every OpenType layout feature and the layout closure (init/medi/fina/isol/rlig need all
positional and variant glyphs), drops hinting (a third smaller, no visible change), keeps the licence
name records, and is byte-for-byte deterministic: the source's `head.modified` is kept, not "now".
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.digest import code_digest
from ..core.errors import Diagnostic, error, warning
from ..core.files import CacheFolder

FONT_FILE = "NotoSansMongolian-Regular.ttf"
SEARCH_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
OUTPUT_FONT = "static/fonts/mongolian.woff2"
OUTPUT_LICENCE = "static/fonts/OFL.txt"
# The @font-face with the subset inlined as a data: URL. Chromium refuses a font file to a page opened from
# file:// (an unpacked issue zip, a copy of site/ on a USB stick), but not a stylesheet that carries the font;
# and as a stylesheet the face is there for the first layout (no swap, no relayout of every Mongolian run).
OUTPUT_FONT_CSS = "static/fonts/mongolian-face.css"
UNICODE_RANGE = "U+0020, U+00A0, U+1800-18AF, U+200C-200D, U+202F, U+11660-1167F"
# Characters always kept: space, NNBSP, MVS, FVS1–4, ZWNJ/ZWJ (they change shaping; notes §2.2).
CONTROLS = frozenset({0x0020, 0x202F, 0x180E, 0x180B, 0x180C, 0x180D, 0x180F, 0x200C, 0x200D})
_MONGOLIAN = re.compile(r"[\u1800-\u18AF\U00011660-\U0001167F]")
_OFL_TEXT = Path(__file__).with_name("OFL-1.1.txt")


def mongolian_characters(texts) -> frozenset[str]:
    """Every Mongolian-script character in the given strings or UTF-8 byte strings."""
    found: set[str] = set()
    for t in texts:
        found.update(_utf8_mongolian(t) if isinstance(t, bytes) else _MONGOLIAN.findall(t))
    return frozenset(found)


def _utf8_mongolian(data: bytes) -> set[str]:
    """The Mongolian characters of UTF-8 bytes, found by their lead bytes (E1 A0–A2 and F0 91 99): splitting
    at the lead byte runs at C speed, where a regular expression over every page of an archive took seconds."""
    found = set()
    for lead, width in ((b"\xe1", 2), (b"\xf0\x91\x99", 1)):
        if lead in data:
            for tail in {part[:width] for part in data.split(lead)[1:]}:
                ch = (lead + tail).decode("utf-8", "ignore")
                if len(ch) == 1 and _MONGOLIAN.match(ch):
                    found.add(ch)
    return found


@functools.lru_cache(maxsize=8)  # asked twice per build (planning the outputs, then subsetting); the search walks /usr/share/fonts
def find_font(configured: str, root: Path) -> Path | None:
    """The configured font path (relative to the project), or Noto Sans Mongolian in the system fonts."""
    if configured:
        p = Path(configured)
        p = p if p.is_absolute() else root / p
        return p if p.is_file() else None
    for d in SEARCH_DIRS:
        if d.is_dir():
            for p in sorted(d.rglob(FONT_FILE)):
                return p
    return None


@dataclass(frozen=True)
class FontBuild:
    """The subset (None when no font was found), its licence text, and what the build should report."""

    woff2: bytes | None
    licence: bytes | None
    codepoints: frozenset[int]  # requested
    missing: frozenset[int]  # used on the site but absent from the font (drawn as boxes)
    source: Path | None


def subset_font(font_path: Path, codepoints) -> bytes:
    """WOFF2 subset with pyftsubset semantics: all layout features, layout closure, no hinting."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]  # keep init/medi/fina/isol/rlig (and vert for CJK punctuation)
    options.layout_closure = True  # reach the positional and FVS/MVS/NNBSP variant glyphs
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and licence records
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    options.recalc_timestamp = False
    with TTFont(io.BytesIO(font_path.read_bytes()), recalcTimestamp=False, lazy=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        font.flavor = "woff2"
        buf = io.BytesIO()
        font.save(buf, reorderTables=True)
    return buf.getvalue()


def face_css(woff2: bytes) -> bytes:
    """The stylesheet that declares "Gazette Mongolian" with the subset inside it (OUTPUT_FONT_CSS)."""
    data = base64.b64encode(woff2).decode("ascii")
    return (
        "/* 蒙古文网页字体 The site's Mongolian face, inlined so it also loads from file:// (gazette/fonts.py). */\n"
        '@font-face {\n  font-family: "Gazette Mongolian";\n'
        f'  src: url("data:font/woff2;base64,{data}") format("woff2"), local("Noto Sans Mongolian"), local("NotoSansMongolian-Regular");\n'
        f"  unicode-range: {UNICODE_RANGE};\n  font-display: swap;\n}}\n"
    ).encode("utf-8")


@functools.lru_cache(maxsize=8)  # read when the build starts (font_problem), then to subset
def font_cmap(font_path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(font_path.read_bytes())) as font:
        return frozenset(font.getBestCmap())


def licence_text(font_path: Path) -> bytes:
    """OFL.txt beside the font if there is one, else the font's copyright notice and the OFL 1.1 text."""
    for name in ("OFL.txt", "LICENSE.txt", "LICENSE"):
        beside = font_path.parent / name
        if beside.is_file():
            return beside.read_bytes()
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(font_path.read_bytes())) as font:
        names = font["name"]
        copyright_ = names.getDebugName(0) or "Copyright Google Inc."
        header = (f"The file mongolian.woff2 is a subset of {names.getDebugName(4) or 'Noto Sans Mongolian'} "
                  f"({names.getDebugName(5) or ''}), made by the site generator.\n{copyright_}\n\n")
    return (header + _OFL_TEXT.read_text(encoding="utf-8")).encode("utf-8")


def build_font(configured: str, root: Path, used: frozenset[str]) -> FontBuild:
    """Subset the Mongolian font to the characters the site uses (plus the shaping controls)."""
    path = find_font(configured, root)
    wanted = frozenset(ord(c) for c in used) | CONTROLS
    if path is None:
        return FontBuild(None, None, wanted, frozenset(), None)
    cmap = font_cmap(path)
    missing = frozenset(ord(c) for c in used if ord(c) not in cmap)
    return FontBuild(cached_subset(root, path, wanted), licence_text(path), wanted, missing, path)


def cached_subset(root: Path, font_path: Path, codepoints: frozenset[int]) -> bytes:
    """subset_font, kept in .cache/font/ by what it depends on (code, fontTools, the font's bytes, the
    characters): a rebuild whose pages use the same characters does not subset again (0.6 s)."""
    from fontTools import version

    source = font_path.read_bytes()
    key = hashlib.sha256(code_digest() + version.encode() + hashlib.sha256(source).digest()
                         + repr(sorted(codepoints)).encode()).hexdigest()
    cache = CacheFolder.of(root, "font", font_path)
    data = cache.read(key)
    if data is None:
        data = subset_font(font_path, codepoints)
        cache.write(key, data)
    cache.prune({key})
    return data


def _line_of(path: Path, needle: str) -> int | None:
    try:
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if needle in line:
                return n
    except (OSError, UnicodeDecodeError):
        pass
    return None


def font_problem(config) -> tuple[Diagnostic, ...]:
    """The configured (or found) font must be a font fontTools can read: an error before any page is made."""
    path = find_font(config.mongolian_font, config.root)
    if path is None:
        return ()
    try:
        font_cmap(path)
    except Exception as exc:  # fontTools raises TTLibError, struct.error, AssertionError, … for a file that is not a font
        line = _line_of(config.root / "config.yaml", "mongolian_font:") or 1
        shown_path = config.mongolian_font or str(path)
        return (error("config.yaml", line, f"蒙古文字体（mongolian_font）{shown_path!r} 不是可用的字体文件（应为 TrueType/OpenType，如 "
                                           f"{FONT_FILE}） mongolian_font {shown_path!r} is not a font file fontTools can read "
                                           f"(expected TrueType/OpenType such as {FONT_FILE}): {type(exc).__name__}: {exc}"),)
    return ()


def _where(config, ch: str) -> tuple[str, int]:
    """The first source file and line using a character (config, UI strings, then content), for messages."""
    escaped = f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}"
    candidates = [(config.root / "config.yaml", "config.yaml"), (config.layouts_dir / "i18n" / "mn.yaml", "layouts/i18n/mn.yaml")]
    candidates += [(p, p.relative_to(config.content_dir.parent).as_posix()) for p in sorted(config.content_dir.rglob("*.md"))]
    for path, rel in candidates:
        for needle in (ch, escaped, escaped.lower()):
            line = _line_of(path, needle)
            if line is not None:
                return rel, line
    return "config.yaml", _line_of(config.root / "config.yaml", "mongolian_font:") or 1


def font_diagnostics(result: FontBuild, config) -> tuple[Diagnostic, ...]:
    """Warnings (errors under --strict) for a missing font or characters the font cannot draw."""
    out = []
    configured = config.mongolian_font
    if result.source is None:
        where = f"mongolian_font {configured!r} 不存在 does not exist" if configured else \
            f"系统字体中找不到 {FONT_FILE} not found under {', '.join(map(str, SEARCH_DIRS))} (install fonts-noto-core)"
        line = _line_of(config.root / "config.yaml", "mongolian_font:") or 1
        out.append(warning("config.yaml", line, f"找不到蒙古文字体，网页将退回本机字体（local()），蒙古文后缀可能断开 no Mongolian font: {where}; "
                                                "pages fall back to local() fonts and suffixes after U+202F may break"))
    for c in sorted(result.missing):
        path, line = _where(config, chr(c))
        out.append(warning(path, line, f"蒙古文字体没有字符 U+{c:04X}，将显示为方框 the Mongolian font ({result.source.name if result.source else ''}) "
                                       f"has no glyph for U+{c:04X}; it will show as a box"))
    return tuple(out)
