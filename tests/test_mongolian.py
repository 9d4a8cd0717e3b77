"""Traditional Mongolian: the site's own font subset, text hygiene (NFC, never NFKC), string review marks.

The browser half (writing mode, platform fonts, 320 px, zoom) is tests/test_mongolian_browser.py.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from support import MINI_CONTENT, ROOT, mini_for_strict, run_build

from gazette.content.config import load_config
from gazette.content.mongolian import suffixes_after_space
from gazette.pages.fonts import CONTROLS, build_font, find_font, mongolian_characters, subset_font
from gazette.pages.i18n import Ui, mn_html, ordinal_is_front, wrap_mn

NNBSP = "\u202f"
FONT = find_font("", ROOT)
needs_font = pytest.mark.skipif(FONT is None, reason="Noto Sans Mongolian not installed (.ci/setup installs fonts-noto-core)")
MONGOLIAN = re.compile(r"[\u1800-\u18AF]")


def full_font() -> TTFont:
    return TTFont(io.BytesIO(FONT.read_bytes()))


def site_texts(site: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))]


def woff2(site: Path) -> TTFont:
    return TTFont(io.BytesIO((site / "static" / "fonts" / "mongolian.woff2").read_bytes()))


# -- the font ---------------------------------------------------------------------------------------

@needs_font
def test_font_and_licence_are_shipped(mini_site):
    assert (mini_site / "static" / "fonts" / "mongolian.woff2").read_bytes()[:4] == b"wOF2"
    licence = (mini_site / "static" / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Copyright" in licence


@needs_font
def test_font_is_at_most_20_kb(mini_site):
    size = (mini_site / "static" / "fonts" / "mongolian.woff2").stat().st_size
    assert size <= 20 * 1024, size


@needs_font
def test_subset_covers_every_mongolian_character_on_the_site_and_the_controls(mini_site):
    cmap = woff2(mini_site).getBestCmap()
    used = mongolian_characters(site_texts(mini_site))
    assert used, "the mini site shows Mongolian text"
    assert not [f"U+{ord(c):04X}" for c in used if ord(c) not in cmap]
    full = full_font().getBestCmap()
    assert not [f"U+{c:04X}" for c in CONTROLS if c in full and c not in cmap]  # U+180F is not in Noto 2.001
    assert {0x20, 0x202F, 0x180E, 0x200C, 0x200D} <= set(cmap)


@needs_font
def test_subset_has_exactly_the_used_characters(mini_site):
    """Nothing beyond what the pages use plus the shaping controls (the font grows only with the text)."""
    cmap = set(woff2(mini_site).getBestCmap())
    expected = {ord(c) for c in mongolian_characters(site_texts(mini_site))} | CONTROLS
    assert cmap <= expected


@needs_font
def test_subset_keeps_shaping_features_and_closure(mini_site):
    font = woff2(mini_site)
    features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"init", "medi", "fina", "isol", "rlig"} <= features
    assert len(font.getGlyphOrder()) > 3 * len(font.getBestCmap())  # positional and variant forms kept


@needs_font
def test_subset_is_deterministic_and_keeps_the_source_timestamp():
    wanted = {ord(c) for c in "ᠪᠤᠭᠤᠲᠤ ᠬᠣᠲᠠᠶᠢᠨ"} | CONTROLS
    a = subset_font(FONT, wanted)
    b = subset_font(FONT, wanted)
    assert a == b
    assert TTFont(io.BytesIO(a))["head"].modified == full_font()["head"].modified


@needs_font
def test_the_subset_is_made_again_only_when_the_characters_change(monkeypatch, tmp_path):
    """The subset is cached by the font, the characters and the code (.cache/font/): a rebuild with the same
    characters takes it from there, byte-identical; a new character makes it again."""
    from gazette.pages import fonts

    made, real = [], fonts.subset_font
    monkeypatch.setattr(fonts, "subset_font", lambda path, codepoints: made.append(len(codepoints)) or real(path, codepoints))
    chars = frozenset("ᠪᠤᠭᠤᠲᠤ ᠬᠣᠲᠠᠶᠢᠨ")
    first = build_font("", tmp_path, chars).woff2
    again = build_font("", tmp_path, chars).woff2
    assert len(made) == 1 and again == first == real(FONT, frozenset(ord(c) for c in chars) | CONTROLS)
    assert build_font("", tmp_path, chars | {"ᠮ"}).woff2 != first and len(made) == 2
    assert len(list((tmp_path / ".cache" / "font").glob("*/*.pickle"))) == 1  # only the subset in use is kept


@needs_font
def test_font_grows_only_with_the_characters_used():
    small = subset_font(FONT, {ord(c) for c in "ᠪᠤᠭᠲ"} | CONTROLS)
    large = subset_font(FONT, {ord(c) for c in "ᠪᠤᠭᠲᠠᠷᠳᠨᠵᠰᠣᠬᠶᠢᠮᠡᠯ"} | CONTROLS)
    assert len(small) < len(large)


@needs_font
def test_site_builds_the_same_font_bytes_twice(tmp_path):
    for name in ("a", "b"):
        result = run_build("build", "--content", str(MINI_CONTENT), "--out", str(tmp_path / name), "-q")
        assert result.returncode == 0, result.stderr
    font = "static/fonts/mongolian.woff2"
    assert (tmp_path / "a" / font).read_bytes() == (tmp_path / "b" / font).read_bytes()


class Shaper:
    """HarfBuzz shaping of a font file's bytes; glyphs compared by outline (a subset renames glyphs)."""

    def __init__(self, data: bytes):
        hb = pytest.importorskip("uharfbuzz")
        from fontTools.pens.recordingPen import DecomposingRecordingPen

        self.hb, self.pen = hb, DecomposingRecordingPen
        tt = TTFont(io.BytesIO(data))
        tt.flavor = None
        buf = io.BytesIO()
        tt.save(buf)
        self.tt, self.font = tt, hb.Font(hb.Face(buf.getvalue()))
        self.order, self.glyphs = tt.getGlyphOrder(), tt.getGlyphSet()

    def names(self, text: str) -> list[str]:
        b = self.hb.Buffer()
        b.add_str(text)
        b.guess_segment_properties()
        self.hb.shape(self.font, b, {})
        return [self.order[i.codepoint] for i in b.glyph_infos]

    def outlines(self, text: str) -> list[tuple]:
        out = []
        for name in self.names(text):
            pen = self.pen(self.glyphs)
            self.glyphs[name].draw(pen)
            out.append((name == ".notdef", self.glyphs[name].width, repr(pen.value)))
        return out


@needs_font
def test_shaping_with_the_subset_equals_the_full_font(mini_site):
    """HarfBuzz: every Mongolian run of the site shapes to the same outlines with the subset, no .notdef."""
    full = Shaper(FONT.read_bytes())
    sub = Shaper((mini_site / "static" / "fonts" / "mongolian.woff2").read_bytes())
    runs = set()
    for text in site_texts(mini_site):
        runs.update(re.findall(r"[\u1800-\u18AF\u202F\u200C\u200D](?:[\u1800-\u18AF\u202F\u200C\u200D ]*[\u1800-\u18AF\u202F\u200C\u200D])?", text))
    assert len(runs) > 20
    for run in sorted(runs):
        got = sub.outlines(run)
        assert not any(notdef for notdef, _, _ in got), run
        assert got == full.outlines(run), run


@needs_font
def test_suffix_after_nnbsp_takes_its_suffix_form():
    """ᠤᠨ after U+202F is drawn joined (not as a word-initial form, as after a space), in the subset too."""
    full = Shaper(FONT.read_bytes())
    sub = Shaper(subset_font(FONT, {ord(c) for c in "ᠠᠷᠳᠤᠨ"} | CONTROLS))
    joined, spaced = "ᠠᠷᠠᠳ" + NNBSP + "ᠤᠨ", "ᠠᠷᠠᠳ ᠤᠨ"
    assert ".ini" in full.names(spaced)[-2] and ".ini" not in full.names(joined)[-2]
    assert sub.outlines(joined) == full.outlines(joined)
    assert sub.outlines(joined) != sub.outlines(spaced)


def test_no_font_is_a_warning_and_an_error_when_strict(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "config.yaml").write_text((ROOT / "config.yaml").read_text(encoding="utf-8").replace('mongolian_font: ""', 'mongolian_font: "no/such/font.ttf"'), encoding="utf-8")
    (root / "layouts").symlink_to(ROOT / "layouts")
    result = run_build("build", "--root", str(root), "--content", str(MINI_CONTENT), "--out", str(tmp_path / "site"), "-v")
    assert result.returncode == 0, result.stderr
    assert "no Mongolian font" in result.stderr and "config.yaml:" in result.stderr
    assert not (tmp_path / "site" / "static" / "fonts" / "mongolian.woff2").exists()
    assert not (tmp_path / "site" / "static" / "fonts" / "mongolian-face.css").exists()
    assert "mongolian-face.css" not in (tmp_path / "site" / "mn" / "index.html").read_text(encoding="utf-8")
    # Without the site's face, Mongolian text falls back to an installed Noto Sans Mongolian by family name.
    css = (tmp_path / "site" / "static" / "mongolian.css").read_text(encoding="utf-8")
    assert '--mn-font: "Gazette Mongolian", "Noto Sans Mongolian"' in css
    strict = run_build("build", "--root", str(root), "--content", str(mini_for_strict(tmp_path / "mini")), "--out", str(tmp_path / "site2"), "--strict")
    assert strict.returncode == 1 and "no Mongolian font" in strict.stderr


# -- text: NFC, never NFKC ----------------------------------------------------------------------------

def test_strings_keep_nnbsp_nfc_not_nfkc():
    config, _ = load_config(ROOT)
    masthead = config.masthead_mn.text
    assert NNBSP in masthead
    assert unicodedata.normalize("NFC", masthead) == masthead
    assert unicodedata.normalize("NFKC", masthead) != masthead  # NFKC would turn U+202F into a space
    assert NNBSP in config.strings["mn"]["date"].text


def test_pages_keep_nnbsp(mini_site):
    page = (mini_site / "mn" / "2022" / "02" / "p001" / "index.html").read_text(encoding="utf-8")
    assert "ᠬᠣᠲᠠ" + NNBSP + "ᠶᠢᠨ" in page
    assert "ᠬᠣᠲᠠ ᠶᠢᠨ" not in page


def test_ocr_noise_mastheads_are_never_shown(mini_site):
    for text in site_texts(mini_site):
        assert "ᠮᠤᠮᠤᠯᠠ" not in text and "ᠪᠠᠭᠠᠳᠤ ᠤᠯᠤᠰ" not in text and "ᠪᠠᠬᠠᠲᠤ" not in text


def test_every_mongolian_element_holds_only_mongolian(mini_site):
    """Digits and Latin stay outside lang="mn-Mong" elements (the Mongolian font has none of them)."""
    inner = re.compile(r'<(\w+)[^>]*\blang="mn-Mong"[^>]*>([^<]*)<')
    for path in sorted(mini_site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        body = text.split("<body", 1)[-1]
        for _tag, content in inner.findall(body):
            assert not re.search(r"[0-9A-Za-z\u4e00-\u9fff]", content), (path, content)


def test_wrap_mn_splits_digits_and_keeps_text():
    assert wrap_mn("ᠣᠨ" + NNBSP + "ᠤ") == f'<span lang="mn-Mong" class="mn">ᠣᠨ{NNBSP}ᠤ</span>'
    mixed = wrap_mn("2022 ᠣᠨ" + NNBSP + "ᠤ 2 ᠳ᠋ᠤᠭᠠᠷ")
    assert mixed == f'<span class="mn mn-mixed">2022 <span lang="mn-Mong">ᠣᠨ{NNBSP}ᠤ</span> 2 <span lang="mn-Mong">ᠳ᠋ᠤᠭᠠᠷ</span></span>'
    assert "&lt;" in wrap_mn("<ᠠ>")
    assert mn_html('<p id="x">ᠠ 1</p>') == '<p id="x"><span lang="mn-Mong">ᠠ</span> 1</p>'


@pytest.mark.parametrize("n, front", [(1, True), (2, False), (4, True), (9, True), (10, False), (11, True), (12, False),
                                      (40, True), (61, True), (90, True), (100, False), (128, False), (1000, False)])
def test_ordinal_suffix_follows_the_last_numeral(n, front):
    assert ordinal_is_front(n) is front


def test_issue_title_uses_the_ordinal_table():
    config, _ = load_config(ROOT)
    ui = Ui("mn", config.strings["mn"])
    assert config.strings["mn"]["ordinal_back"].text in ui.plain("issue_title", year=2023, number=2)
    assert config.strings["mn"]["ordinal_front"].text in ui.plain("issue_title", year=2023, number=1)


def test_suffix_after_plain_space_is_reported():
    assert suffixes_after_space("ᠬᠣᠲᠠ ᠶᠢᠨ ᠠᠷᠠᠳ" + NNBSP + "ᠤᠨ") == [(1, "ᠶᠢᠨ")]
    assert suffixes_after_space("ᠬᠣᠲᠠ" + NNBSP + "ᠶᠢᠨ") == []


# -- review marks -------------------------------------------------------------------------------------

def test_every_mongolian_string_has_a_source_or_a_review_mark():
    text = (ROOT / "layouts" / "i18n" / "mn.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            assert "source:" in line or "review: needed" in line, line


def test_unreviewed_warnings_point_at_their_lines():
    config, warnings = load_config(ROOT)
    lines = (ROOT / "layouts" / "i18n" / "mn.yaml").read_text(encoding="utf-8").splitlines()
    unreviewed = [w for w in warnings if "native reviewer" in w.message]
    assert unreviewed
    for w in unreviewed:
        if w.path == "layouts/i18n/mn.yaml":
            key = w.message.rsplit("strings mn.", 1)[1]
            assert lines[w.line - 1].startswith(f"{key}:"), (w.line, key)
        else:
            assert w.line > 1
    assert not any("strings mn.home" in w.message for w in unreviewed)  # attested: no warning


@pytest.mark.parametrize("text", [
    "ᠪᠤᠭᠤᠲᠤ\u202fᠶᠢᠨ 包头 \U00011660\U0001167f ḿ Ḁ ሀ \u1800\u18af\u18b0",  # Supplement, other E1 lead bytes, block ends
    "ᠠ", "\u1820" * 3 + "x", "", "中文 only",
])
def test_mongolian_characters_of_utf8_bytes_equal_those_of_the_text(text):
    """The build scans page bytes by lead byte (fonts._utf8_mongolian); it must find what the text regex finds."""
    assert mongolian_characters((text.encode("utf-8"),)) == mongolian_characters((text,))
    assert mongolian_characters((text.encode("utf-8")[:-1],)) <= mongolian_characters((text,))  # cut mid-character

