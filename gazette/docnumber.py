"""文号 (document number): parse the form 机关代字〔年份〕序号号 and normalise brackets.

Shared by validation (load) and the search page's lookup data, so both agree on one canonical form.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Bracket pairs editors and extraction produce for 〔〕 (the official form, GB/T 9704).
_OPENERS = "[(（［【〔﹝"
_CLOSERS = "])）］】〕﹞"
_PATTERN = re.compile(r"^(?P<agency>[\u4e00-\u9fff]+)〔(?P<year>\d{4})〕(?P<seq>\d+)号$")


@dataclass(frozen=True)
class DocNumber:
    """A parsed 文号: agency code (机关代字), year (年份), sequence (序号)."""

    agency: str
    year: int
    seq: int

    @property
    def canonical(self) -> str:
        """The official form, e.g. 包府办发〔2023〕9号."""
        return f"{self.agency}〔{self.year}〕{self.seq}号"

    @property
    def slug(self) -> str:
        """A stable ASCII-safe path segment for permalinks: year-seq (agency kept as text)."""
        return f"{self.agency}-{self.year}-{self.seq}"


def normalise_brackets(text: str) -> str:
    """Fold full-width digits and every bracket variant to 〔〕 and drop spaces."""
    folded = "".join(unicodedata.normalize("NFKC", c) if c.isdigit() else c for c in text)
    folded = re.sub(r"\s+", "", folded)
    for o in _OPENERS:
        folded = folded.replace(o, "〔")
    for c in _CLOSERS:
        folded = folded.replace(c, "〕")
    return folded


@functools.lru_cache(maxsize=1 << 16)  # pure; the 文号 index sorts every numbered document on each serve edit
def parse_doc_number(text: str) -> DocNumber | None:
    """Parse a 文号 already in canonical brackets; None if it is not of the form 机关代字〔年份〕序号号."""
    m = _PATTERN.match(text)
    if not m:
        return None
    return DocNumber(m["agency"], int(m["year"]), int(m["seq"]))
