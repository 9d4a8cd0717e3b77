"""Typed reading of string-only YAML fields, collecting a bilingual diagnostic for every bad value."""

from __future__ import annotations

import calendar
import difflib
import re
from datetime import date

from ..core.errors import Diagnostic, error
from .frontmatter import Key, Value

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class FieldReader:
    """Reads one mapping's fields by name; unknown and missing keys become errors on their lines.

    `known` maps each allowed key to its Chinese name, so every message names the field both ways.
    """

    def __init__(self, path: str, line: int, fields: tuple[tuple[Key, Value], ...], known: dict[str, str], required: tuple[str, ...]):
        self.path = path
        self.line = line
        self.known = known
        self.values = {k.name: v for k, v in fields}
        self.diagnostics: list[Diagnostic] = []
        for key, _ in fields:
            if key.name not in known:
                close = difflib.get_close_matches(key.name, list(known), n=1)
                if close:
                    hint_zh, hint_en = f"，是否应为 {close[0]}？", f"did you mean {close[0]!r}?"
                else:
                    hint_zh, hint_en = f"（可用字段：{'、'.join(known)}）", f"expected one of: {', '.join(known)}"
                self.diagnostics.append(error(path, key.line, f"未知字段 {key.name!r}{hint_zh} unknown field {key.name!r}; {hint_en}"))
        for name in required:
            if name not in self.values:
                self.diagnostics.append(error(path, line, f"缺少必填字段 {self.label(name)} missing required field {name!r}"))

    def label(self, name: str) -> str:
        """`文号 doc_number` style label for messages."""
        return f"{self.known[name]}（{name}）"

    def fail(self, value: Value, message: str) -> None:
        """Record an error at the value's line."""
        self.diagnostics.append(error(self.path, value.line, message))

    def text(self, name: str) -> str | None:
        """A non-empty single-line string, or None if absent."""
        v = self.values.get(name)
        if v is None:
            return None
        if not isinstance(v.data, str) or not v.data.strip():
            self.fail(v, f"{self.label(name)} 应为非空文字 must be non-empty text, got {_show(v)}")
            return None
        return v.data.strip()

    def integer(self, name: str, minimum: int = 1) -> int | None:
        """A decimal integer ≥ minimum (no leading zeros problem: '01' is read as 1, never as octal)."""
        v = self.values.get(name)
        if v is None:
            return None
        if not isinstance(v.data, str) or not v.data.strip().isascii() or not v.data.strip().isdigit() or int(v.data) < minimum:
            self.fail(v, f"{self.label(name)} 应为不小于 {minimum} 的整数 must be a whole number ≥ {minimum}, got {_show(v)}")
            return None
        return int(v.data)

    def date(self, name: str) -> date | None:
        """A calendar date written YYYY-MM-DD."""
        v = self.values.get(name)
        if v is None:
            return None
        m = _DATE.match(v.data.strip()) if isinstance(v.data, str) else None
        try:
            if m:
                return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            what = (f"{y}年没有{mo}月 month {mo} does not exist" if not 1 <= mo <= 12 else
                    f"{y}年{mo}月没有{d}日（该月只有 {calendar.monthrange(y, mo)[1]} 天） day {d} does not exist in {y}-{mo:02d}")
            self.fail(v, f"{self.label(name)} {_show(v)} 这一天不存在：{what}")
            return None
        self.fail(v, f"{self.label(name)} 不是有效日期，应写成 YYYY-MM-DD（如 2023-01-18） is not a valid date; expected YYYY-MM-DD, got {_show(v)}")
        return None

    def boolean(self, name: str) -> bool | None:
        """`true` or `false` only (YAML 1.1's yes/no/on/off are refused as ambiguous)."""
        v = self.values.get(name)
        if v is None:
            return None
        if v.data in ("true", "false"):
            return v.data == "true"
        self.fail(v, f"{self.label(name)} 应为 true 或 false must be true or false, got {_show(v)}")
        return None

    def value(self, name: str) -> Value | None:
        """The raw Value for structured fields (lists, mappings)."""
        return self.values.get(name)


def _show(v: Value) -> str:
    if isinstance(v.data, str):
        return repr(v.data)
    return "a list" if isinstance(v.data, list) else "a mapping"
