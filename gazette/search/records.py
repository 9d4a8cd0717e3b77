"""What the search index is built from: one small HTML record per document and language (gazette/search/index.py
explains why records and not the pages), with Chinese written as ASCII bigram tokens and Mongolian as keys
folded the way search-encoding.js folds a query."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..content.config import HTML_LANG, Config
from ..content.docnumber import parse_doc_number
from ..content.graph import IN_FORCE, citation_graph
from ..content.model import Document, Gazette, Issue
from ..pages.i18n import Ui
from ..pages.urls import Urls

# Han code points → 0..28096, written as three base-36 digits. Order matters: it is the token alphabet
# layouts/static/search-encoding.js decodes with (HAN_RANGES there must be identical; tests/test_search_encoding.py).
HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x3007, 0x3007), (0xF900, 0xFAFF))
TOKEN_PREFIX = "q"
END = "zzz"  # pairs the last character of a run (never a code: codes stop at 28096 = "lo0")
_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_HAN_CLASS = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in HAN_RANGES)
_HAN_RUN = re.compile(f"[{_HAN_CLASS}]+")
# Folded like NFKC folds a query: full-width letters and digits, CJK compatibility ideographs.
_FOLD = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uf900-\ufaff]")
# Pagefind turns U+202F into a space in stored metadata and filter values; U+2060 survives and
# search.js turns it back, so Mongolian titles and labels in results keep their suffix forms.
NNBSP_CARRIER = "\u2060"
# Mongolian free variation selectors FVS1–4 and the vowel separator: dropped in search keys.
MN_IGNORABLE = re.compile("[\u180b-\u180f]")



@functools.lru_cache(maxsize=1)
def _codes_table() -> dict[int, str]:
    """Every Han character as three base-36 letters, by code point; also a str.translate table (a run is
    coded at C speed, not a call per character)."""
    table, offset = {}, 0
    for lo, hi in HAN_RANGES:
        for cp in range(lo, hi + 1):
            n = offset + cp - lo
            table[cp] = _B36[n // 1296] + _B36[n // 36 % 36] + _B36[n % 36]
        offset += hi - lo + 1
    return table


def _code(ch: str) -> str:
    """A Han character's three letters."""
    try:
        return _codes_table()[ord(ch)]
    except KeyError:
        raise ValueError(ch) from None


def bigram_tokens(run: str) -> list[str]:
    """One token per character of a Han run: the character with its successor (or END for the last)."""
    codes = run.translate(_codes_table()) + END  # three letters per character
    return [TOKEN_PREFIX + codes[i:i + 6] for i in range(0, len(codes) - 3, 3)]


def agency_code(agency: str) -> str:
    return "".join(_code(c) for c in agency)


def docno_tokens(agency: str, year: int, seq: int) -> list[str]:
    """文号 lookup words (ASCII, so never segmented): the whole number, year + 序号, and 序号 alone.
    search.js looks a typed 文号 up by one of these (机关代字 + year alone is a prefix of the first);
    each ends in z so 9 is not a prefix of 91. A text search for a 文号 would load the whole index
    for a filter-only Pagefind query, and rank 2 with 2023 (notes/pagefind.md §1.4)."""
    return [f"qw{agency_code(agency)}y{year}n{seq}z", f"qwy{year}n{seq}z", f"qwn{seq}z"]


ALL_DOCS = "qqqall"  # in every record: lets search.js list documents by filter without a filter-only query


NUMBER_PREFIX, NUMBER_END = "qn", "z"  # 1992 → qn1992z: a whole number, so 12 never matches 120 or 2012
_DIGITS = re.compile(r"[0-9]+")
# What the global presence map (gazette/search/tables.py write_term_map) records: bigram tokens and whole numbers.
_TERM = re.compile(r"^q(?:[0-9a-l][0-9a-z]{2}(?:[0-9a-l][0-9a-z]{2}|zzz)|n[0-9]+z)$")


def number_token(digits: str) -> str:
    return f"{NUMBER_PREFIX}{digits}{NUMBER_END}"


def encode_zh(text: str) -> str:
    """Text for the Chinese index: Han runs → bigram tokens, digit runs → whole-number tokens (Pagefind
    matches words by prefix: a plain 12 would also find 120 and 1200); everything else kept, with
    full-width letters and digits folded to ASCII (a query is NFKC-folded the same way)."""
    text = _FOLD.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    text = _DIGITS.sub(lambda m: " " + number_token(m.group()) + " ", text)
    return _HAN_RUN.sub(lambda m: " " + " ".join(bigram_tokens(m.group())) + " ", text)


def index_terms(encoded: str) -> set[str]:
    """The bigram and number tokens of encoded text, and each Han character's prefix (q + code: what a
    one-character query looks up)."""
    terms = {t for t in set(encoded.split()) if _TERM.match(t)}
    return terms | {t[:4] for t in terms if not t.startswith(NUMBER_PREFIX)}


def mn_key(text: str) -> str:
    """Mongolian search key: NFC, variation selectors and MVS dropped, NNBSP as a space (search-encoding.js mnKey mirrors)."""
    return MN_IGNORABLE.sub("", unicodedata.normalize("NFC", text)).replace("\u202f", " ")


# --------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Record:
    """One document in one language's index: its page path and the HTML Pagefind reads."""

    lang: str  # zh | mn
    path: str  # site-relative page path, e.g. 2023/01/p031/
    html: str
    year: int = 0  # the issue's year: records are sharded by contiguous years
    terms: frozenset = frozenset()  # Chinese: index_terms of the record (the shard's presence map)


def _attr(kind: str, key: str, value: str) -> Markup:
    """A Pagefind meta/filter/sort carrier; the value sits in its own attribute (commas, colons are safe)."""
    return Markup('<span data-pagefind-{}="{}[data-v]" data-v="{}"></span>').format(kind, key, value)


def _record(lang: str, ui: Ui, config: Config, doc: Document, issue: Issue, status: str | None = None) -> Record:
    text = doc.mn_text if lang == "mn" else doc.text
    assert text is not None
    # Mongolian text is indexed as written: Pagefind drops U+180B–U+180F inside words and splits at U+202F,
    # and search-encoding.js folds a query the same way (mn_key), so the stored excerpt keeps its variant forms.
    key = encode_zh if lang == "zh" else (lambda t: t)
    number = parse_doc_number(doc.doc_number) if doc.doc_number else None
    category, issuer = config.category(doc.category), config.issuer(doc.issuer)

    def term(name: str, mn) -> str:
        return mn.text if lang == "mn" and mn is not None and mn.text else name

    issue_label = ui.plain("issue_title", year=issue.year, number=issue.number)
    date = doc.written_on or issue.published_on
    # Chinese blocks end in ¶ (punctuation: not indexed) so search.js can tell the title from the body.
    end = " ¶" if lang == "zh" else ""
    # f-strings with escape(): Markup.format runs string.Formatter in Python (seconds over a large archive)
    parts = [Markup(f"<h1>{escape(key(text.title))}{end}</h1>")]
    for extra in (doc.subtitle, doc.author) if lang == "zh" else ():
        if extra:
            parts.append(Markup(f"<p>{escape(key(extra))}{end}</p>"))
    if doc.doc_number:
        parts.append(Markup(f"<p>{escape(key(doc.doc_number))}{end}</p>"))
    parts += [Markup(f"<p>{escape(key(line))}{end}</p>") for line in text.plain_text.split("\n") if line.strip()]
    lookup = docno_tokens(number.agency, number.year, number.seq) if number else []
    parts.append(Markup(f"<p>{escape(' '.join(lookup + [ALL_DOCS]))}</p>"))
    meta = {
        "title": text.title,
        "文号": doc.doc_number or "",
        "date": ui.date_plain(doc.written_on) if doc.written_on else "",
        "issue": f"{issue_label} · {ui.plain('serial', serial=issue.serial)}",
        # 已修改 / 已废止 for a document the archive records as changed (gazette/content/graph.py); search.js shows it
        "status": ui.plain(f"status_{status}") if status and status != IN_FORCE else "",
    }
    filters = {
        "年份": str(issue.year),
        "期": issue_label,
        "栏目": term(doc.category, category.mn),
        "发文机关": term(doc.issuer, issuer.mn),
    }
    if number:
        filters["文号"] = number.canonical
    shown = (lambda v: v.replace("\u202f", NNBSP_CARRIER)) if lang == "mn" else (lambda v: v)
    carriers = [_attr("meta", k, shown(v)) for k, v in meta.items() if v]
    carriers += [_attr("filter", k, shown(v)) for k, v in filters.items()]
    carriers.append(_attr("sort", "date", date.isoformat()))
    html = Markup(
        '<!DOCTYPE html>\n<html lang="{}"><head><meta charset="utf-8"><title>{}</title></head>\n'
        "<body><main data-pagefind-body>\n{}\n{}\n</main></body></html>\n"
    ).format(HTML_LANG[lang], text.title, Markup("\n").join(parts), Markup("").join(carriers))
    terms = frozenset(index_terms(" ".join(str(p) for p in parts))) if lang == "zh" else frozenset()
    return Record(lang, Urls.document(lang, doc), str(html), issue.year, terms)


def records(config: Config, gazette: Gazette, uis: dict[str, Ui], years: tuple[int, int] | None = None,
            langs: tuple[str, ...] = ("zh", "mn")) -> tuple[Record, ...]:
    """Every document's Chinese record, and a Mongolian record for documents with a Mongolian text
    (so the Mongolian index never returns Chinese-only pages); only issues of `years` (first, last) and
    the languages `langs` if given (one shard's records)."""
    out = []
    graph = citation_graph(config, gazette)
    for issue in gazette.issues:
        if years and not years[0] <= issue.year <= years[1]:
            continue
        for doc in issue.documents:
            status = graph.status(doc.doc_number)
            if "zh" in langs:
                out.append(_record("zh", uis["zh"], config, doc, issue, status))
            if "mn" in langs and doc.mn_text is not None:
                out.append(_record("mn", uis["mn"], config, doc, issue, status))
    return tuple(sorted(out, key=lambda r: r.path))
