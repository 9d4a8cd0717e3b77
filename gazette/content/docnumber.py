"""文号 (document number): parse the form 机关代字〔年份〕序号号 and normalise brackets.

Shared by validation (load) and the search page's lookup data, so both agree on one canonical form.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Bracket pairs editors and extraction produce for 〔〕 (the official form, GB/T 9704).
_OPENERS = "[(（［【〔﹝"
_CLOSERS = "])）］】〕﹞"
# ASCII digits only: \d would take a Mongolian ᠙ or any other script's digit as 9, a second document's permalink.
_PATTERN = re.compile(r"(?P<agency>[\u4e00-\u9fff]+)〔(?P<year>[0-9]{4})〕(?P<seq>[0-9]+)号")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


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
    """Fold full-width digits (only those: ① or a Mongolian ᠙ stay and are refused) and every bracket variant
    to 〔〕, and drop spaces."""
    folded = text.translate(_FULL_WIDTH_DIGITS)
    folded = re.sub(r"\s+", "", folded)
    for o in _OPENERS:
        folded = folded.replace(o, "〔")
    for c in _CLOSERS:
        folded = folded.replace(c, "〕")
    return folded


@functools.lru_cache(maxsize=1 << 16)  # pure; the 文号 index sorts every numbered document on each serve edit
def parse_doc_number(text: str) -> DocNumber | None:
    """Parse a 文号 already in canonical brackets; None if it is not of the form 机关代字〔年份〕序号号."""
    m = _PATTERN.fullmatch(text)
    if not m:
        return None
    return DocNumber(m["agency"], int(m["year"]), int(m["seq"]))


# A 文号 as cited in running text: a run of Han characters (the 机关代字, possibly after words such as 关于对)
# before a bracketed four-digit year, then the sequence and 号; any bracket style, full-width digits too.
_CITED = re.compile(
    f"([\u4e00-\u9fff]{{1,12}})([{re.escape(_OPENERS)}][0-9０-９]{{4}}[{re.escape(_CLOSERS)}][0-9０-９]{{1,5}}号)")
# Words that end the text before a 机关代字 when its code is not known (关于对包府办发〔2019〕54号文件).
_BEFORE_CODE = ("关于对", "关于", "按照", "根据", "依据", "执行", "落实", "印发", "转发", "对", "的", "和", "及", "与", "将", "按", "据", "见", "经", "即", "并", "在")


def split_agency(run: str, known: frozenset[str]) -> int:
    """Where the 机关代字 starts in `run`, the Han characters before a cited 文号's bracket: the longest known
    code it ends with (config.yaml agencies), else after the last word that cannot belong to a code."""
    for start in range(len(run)):
        if run[start:] in known:
            return start
    cut = max((run.rfind(w) + len(w) for w in _BEFORE_CODE if w in run), default=0)
    return cut if cut < len(run) else 0


def find_cited(text: str, known: frozenset[str]) -> list[tuple[int, int, DocNumber]]:
    """Every 文号 cited in `text`: (start, end, parsed number), the span covering the 机关代字 as printed."""
    found = []
    for m in _CITED.finditer(text):
        run = m.group(1)
        start = m.start(1) + split_agency(run, known)
        number = parse_doc_number(normalise_brackets(text[start:m.end()]))
        if number is not None and len(number.agency) >= 2:  # 国发 is the shortest code
            found.append((start, m.end(), number))
    return found
