"""UI strings and number/date formatting for the Chinese and Mongolian interfaces.

Mongolian text is always wrapped in its own element with `lang="mn-Mong"` (never mixed into a Chinese
text node), so CSS can set it vertically and screen readers switch voice; Chinese strings stay plain.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup, escape

from ..content.config import HTML_LANG, Config, MnText

# A run of Mongolian script: Mongolian letters and controls (NNBSP, ZWJ/ZWNJ, FVS, MVS), spaces only inside.
_MN = "\u1800-\u18AF\U00011660-\U0001167F\u202F\u200C\u200D"
_MN_RUN = re.compile(f"[{_MN}](?:[{_MN} ]*[{_MN}])?")
_TAG = re.compile(r"(<[^>]*>)")


def _mn_runs(escaped: str) -> str:
    """Escaped text with each Mongolian run in its own `lang="mn-Mong"` span (digits, Latin stay outside)."""
    return _MN_RUN.sub(lambda m: f'<span lang="mn-Mong">{m.group(0)}</span>', escaped)


@functools.lru_cache(maxsize=8192)  # the same labels, issuer and category names on every page
def wrap_mn(text: str) -> Markup:
    """Mongolian text in its own element (set vertically by mongolian.css).

    Pure Mongolian is one `<span lang="mn-Mong" class="mn">`. Text that mixes in digits or Latin (dates,
    第N期, "PDF") becomes `<span class="mn mn-mixed">` with only the Mongolian runs marked mn-Mong: the
    site's Mongolian font has no digits, so every `lang="mn-Mong"` element is drawn in that font alone.
    """
    escaped = str(escape(text))
    if _MN_RUN.fullmatch(text):
        return Markup(f'<span lang="mn-Mong" class="mn">{escaped}</span>')
    return Markup(f'<span class="mn mn-mixed">{_mn_runs(escaped)}</span>')


def mn_html(html: str) -> Markup:
    """Rendered Mongolian HTML (a parallel text's body) with each text run's Mongolian marked as above."""
    return Markup("".join(part if part.startswith("<") else _mn_runs(part) for part in _TAG.split(str(html))))


def ordinal_is_front(n: int) -> bool:
    """Whether the ordinal suffix after the numeral n takes front vowels (ᠳ᠋ᠦᠭᠡᠷ) rather than back (ᠳ᠋ᠤᠭᠠᠷ).

    Vowel harmony follows the last spoken numeral word: nigen 1, dörben 4, yisün 9, döčin 40, yeren 90,
    tümen 10000 are front; qoyar 2, γurban 3, tabun 5, jirγuγan 6, doloγan 7, naiman 8, arban 10, qorin 20,
    γučin 30, tabin 50, jiran 60, dalan 70, nayan 80, jaγun 100, mingγan 1000 are back. Needs review by a
    native speaker (docs/mongolian.md; notes §3.3: sources show 9 ᠳ᠋ᠦ᠋ᠭᠡᠷ, 10 ᠳ᠋ᠤᠭᠠᠷ, 4 and 11 spelled ᠳ᠋ᠤᠭᠡᠷ).
    """
    if n % 10:
        return n % 10 in (1, 4, 9)
    if n % 100:
        return n // 10 % 10 in (4, 9)
    if n % 1000:
        return False
    return n % 10000 == 0 and n > 0


def wrap_zh(text: str) -> Markup:
    """Chinese text inside a Mongolian page (horizontal, Chinese voice)."""
    return Markup(f'<span lang="zh-Hans">{escape(text)}</span>')


@dataclass(frozen=True)
class Ui:
    """The strings of one interface language; `markup` for page text, `plain` for <title> and attributes."""

    lang: str
    raw: dict  # key -> str (zh) or MnText (mn)
    _markup: dict = field(default_factory=dict, compare=False, repr=False)  # (key, values) -> Markup, made once

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def plain(self, key: str, **values: object) -> str:
        """The string with its {placeholders} filled, as plain text."""
        entry = self.raw[key]
        text = entry.text if isinstance(entry, MnText) else str(entry)
        if values and self.lang == "mn":  # {number_ord}: the ordinal suffix agreeing with {number}
            values = {**values, **{f"{k}_ord": self.ordinal(v) for k, v in values.items() if isinstance(v, int)}}
        return text.format(**values) if values else text

    def ordinal(self, n: int) -> str:
        """The Mongolian ordinal suffix for n (mn.yaml ordinal_front / ordinal_back)."""
        entry = self.raw["ordinal_front" if ordinal_is_front(n) else "ordinal_back"]
        return entry.text if isinstance(entry, MnText) else str(entry)

    def markup(self, key: str, **values: object) -> Markup:
        """The string for page text: escaped, and wrapped in a lang element when Mongolian."""
        memo = (key, *values.items())
        if memo not in self._markup:
            text = self.plain(key, **values)
            self._markup[memo] = wrap_mn(text) if self.lang == "mn" else Markup(escape(text))
        return self._markup[memo]

    def text(self, zh: str, mn: MnText | None) -> Markup:
        """A configured term (category, issuer): Chinese name, or its Mongolian form on Mongolian pages."""
        if self.lang == "mn" and mn is not None and mn.text:
            return wrap_mn(mn.text)
        return Markup(escape(zh)) if self.lang == "zh" else wrap_zh(zh)

    def chinese(self, text: str) -> Markup:
        """Chinese content (titles, 文号): marked as Chinese on Mongolian pages."""
        return Markup(escape(text)) if self.lang == "zh" else wrap_zh(text)

    def date(self, d: date) -> Markup:
        return self.markup("date", year=d.year, month=d.month, day=d.day)

    def date_plain(self, d: date) -> str:
        return self.plain("date", year=d.year, month=d.month, day=d.day)

    def all_markup(self) -> dict[str, Markup]:
        """Every string without placeholders, for templates (`t.home`)."""
        return {k: self.markup(k) for k in self.raw if "{" not in self.plain(k)}

    def all_plain(self) -> dict[str, str]:
        return {k: self.plain(k) for k in self.raw if "{" not in self.plain(k)}


def make_uis(config: Config) -> dict[str, Ui]:
    """One Ui per interface language."""
    return {lang: Ui(lang, config.strings[lang]) for lang in config.strings}
