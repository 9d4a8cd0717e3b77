"""UI strings and number/date formatting for the Chinese and Mongolian interfaces.

Mongolian text is always wrapped in its own element with `lang="mn-Mong"` (never mixed into a Chinese
text node), so CSS can set it vertically and screen readers switch voice; Chinese strings stay plain.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

from .config import HTML_LANG, Config, MnText


def wrap_mn(text: str) -> Markup:
    """Mongolian text in its own element (set vertically by the stylesheet)."""
    return Markup('<span lang="mn-Mong" class="mn">{}</span>').format(text)


def wrap_zh(text: str) -> Markup:
    """Chinese text inside a Mongolian page (horizontal, Chinese voice)."""
    return Markup('<span lang="zh-Hans">{}</span>').format(text)


@dataclass(frozen=True)
class Ui:
    """The strings of one interface language; `markup` for page text, `plain` for <title> and attributes."""

    lang: str
    raw: dict  # key -> str (zh) or MnText (mn)

    @property
    def html_lang(self) -> str:
        return HTML_LANG[self.lang]

    def plain(self, key: str, **values: object) -> str:
        """The string with its {placeholders} filled, as plain text."""
        entry = self.raw[key]
        text = entry.text if isinstance(entry, MnText) else str(entry)
        return text.format(**values) if values else text

    def markup(self, key: str, **values: object) -> Markup:
        """The string for page text: escaped, and wrapped in a lang element when Mongolian."""
        text = self.plain(key, **values)
        return wrap_mn(text) if self.lang == "mn" else Markup(escape(text))

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
