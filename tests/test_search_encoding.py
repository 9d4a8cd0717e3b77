"""The search page's query encoding (layouts/static/search-encoding.js, run in headless Chromium) against the
index's (gazette/search/records.py, gazette/content/docnumber.py, gazette/search/index.py) on the same strings.

What "agree" means: a query for a text asks only for tokens that text's record holds (the presence map's
terms exactly, Pagefind's words as prefixes), and every bigram the record holds; a digit run is the same whole
number on both sides; a 文号 typed in any bracket style asks for the lookup word its document was indexed
with; a Mongolian query folds as the Mongolian record's key does; stored text decodes back to itself."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT, serve

from gazette.content.docnumber import normalise_brackets, parse_doc_number
from gazette.search.plan import term_chunk
from gazette.search.records import HAN_RANGES, bigram_tokens, docno_tokens, encode_zh, index_terms, mn_key

pytestmark = pytest.mark.browser

MAPPED = re.compile(r"^q(?:[0-9a-l][0-9a-z]{2}(?:[0-9a-l][0-9a-z]{2}|zzz)?|n[0-9]+z)$")  # presence-map terms
BIGRAM = re.compile(r"^q[0-9a-l][0-9a-z]{2}[0-9a-l][0-9a-z]{2}$")
NUMBER = re.compile(r"^qn([0-9]+)z$")
BRACKETS = [("〔", "〕"), ("[", "]"), ("［", "］"), ("【", "】"), ("(", ")"), ("（", "）"), ("﹝", "﹞")]
FVS = "\u180b\u180c\u180d\u180e\u180f"
NNBSP = "\u202f"

# What the JS side returns for each string: everything the page derives from a query before searching.
EVALUATE = """([strings, encoded]) => strings.map((s, i) => {
  const q = enc.zhQuery(s), d = enc.docNumberQuery(s);
  return {mnKey: enc.mnKey(s), brackets: enc.normaliseBrackets(s), mongolian: enc.isMongolian(s), terms: q.terms,
          runs: q.runs, numbers: q.numbers.map((n) => n.n), docno: d, decoded: enc.decodeZh(encoded[i])};
})"""

CASES = [
    "", " ", "\t\n", "\u3000", NNBSP, " \u3000 ",
    # Han runs of odd and even length, alone and among other text
    "土", "土地", "营商环", "营商环境", "优化营商环境动员大会", "土地 一级", "土地，开发。", "〇", "㐀㐁", "豈更", "﨎",
    # mixed Han and ASCII, upper and full-width letters
    "abc土地", "土地abc", "Pagefind搜索", "GDP增长7.5%", "ＡＢＣ土地", "5G基站", "土地 ABC 开发",
    # digits and numbers with separators, full-width digits
    "12", "1992年", "12月9日", "第3号文件", "1,234.56万元", "2023-01-05", "惠及24625户", "９号", "２０２３年", "１２３４５",
    "9301.20万元", "v2", "0", "007",
    # Mongolian with FVS and NNBSP, and NFC
    "ᠮᠣᠩᠭᠣᠯ", "ᠤᠯᠤᠰ" + NNBSP + "ᠤᠨ", "ᠳ\u180bᠡᠯᠡᠬᠡᠢ", "ᠬᠠᠷ\u180eᠠ", "ᠰ\u180cᠠ\u180dᠷ\u180fᠠ", "ᠪᠤᠭᠤᠲᠤ ᠬᠣᠲᠠ", "cafe\u0301",
    "ᠮᠣᠩᠭᠣᠯ 土地",
]
DOCNOS = ["包府办发〔2023〕9号", "包府发〔1992〕120号", "内政发〔2021〕1号", "包政字〔2019〕1234号"]


def variants(number: str) -> list[str]:
    """A 文号 as readers and extraction write it: every bracket style, none, spaces, full-width digits."""
    m = re.fullmatch(r"(.+)〔(\d{4})〕(\d+)号", number)
    agency, year, seq = m.groups()
    out = [f"{agency}{o}{year}{c}{seq}号" for o, c in BRACKETS]
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    out += [f"{agency}{year}{seq}号", f"{agency}{year} {seq}号", f"{agency} {year} {seq} 号", f"{agency}〔{year}]{seq}号",
            f"{agency}（{year}〕{seq}号", f"{agency}〔{year}〕{seq}".translate(wide) + "号"]
    return out + [f"{agency}[{year}]0{seq}号"] * (len(seq) < 4)  # a leading zero (序号 has at most 4 digits)


@pytest.fixture(scope="module")
def enc_page(browser):
    """A page of the same origin as layouts/static/ (modules are refused from file://) with the encoding
    module imported as `enc`."""
    with serve(ROOT / "layouts" / "static") as base:
        pg = browser.new_page()
        pg.goto(base)  # the server's listing of the folder: any page of that origin
        pg.evaluate("async url => { window.enc = await import(url); }", base + "search-encoding.js")
        yield pg
        pg.close()


def js(enc_page, strings: list[str]) -> list[dict]:
    """The JS side's answers for `strings` (decoded: each string's Python-encoded record text)."""
    return enc_page.evaluate(EVALUATE, [strings, [encode_zh(s) for s in strings]])


def agree(s: str, r: dict) -> None:
    """The Python side's view of `s` against the JS side's answer `r`."""
    assert r["mnKey"] == mn_key(s), s
    assert r["brackets"] == normalise_brackets(s), s
    encoded = encode_zh(s)
    # Stored text decodes (search.js excerpts and full-match check) to text that encodes the same again.
    assert encode_zh(r["decoded"]).split() == encoded.split(), s
    if r["mongolian"]:
        return  # a Mongolian query searches the Mongolian index (its key: mnKey above)
    # Other words are Pagefind's to match: runs of letters and digits, lower case (a query is NFKC-folded, a
    # record only full-width), matched as prefixes.
    held, words = index_terms(encoded), re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", encoded).lower())
    for term in r["terms"]:
        if MAPPED.match(term):  # looked up exactly in the presence map
            assert term in held, (s, term)
        else:  # a Pagefind word: prefix matching
            assert any(w.startswith(term) for w in words), (s, term)
    # Every bigram of the text is asked for (no Han character lost or coded differently) ...
    assert {t for t in r["terms"] if BIGRAM.match(t)} == {t for t in held if BIGRAM.match(t)}, s
    for run in r["runs"]:
        assert [t for t in bigram_tokens(run) if BIGRAM.match(t)] == [t for t in r["terms"] if BIGRAM.match(t) and t in {*bigram_tokens(run)}], s
    # ... and the digit runs are the same whole numbers.
    assert r["numbers"] == [m[1] for w in encoded.split() if (m := NUMBER.match(w))], s


def test_fixed_strings_agree(enc_page):
    strings = CASES + [v for n in DOCNOS for v in variants(n)]
    for s, r in zip(strings, js(enc_page, strings), strict=True):
        agree(s, r)


def test_docno_in_every_bracket_style_asks_for_its_lookup_word(enc_page):
    for number in DOCNOS:
        parsed = parse_doc_number(number)
        complete, year_seq, seq_only = docno_tokens(parsed.agency, parsed.year, parsed.seq)
        typed = variants(number)
        for s, r in zip(typed, js(enc_page, typed), strict=True):
            if any(o in s for o, _ in BRACKETS) and f"]0{parsed.seq}" not in s:  # the index side reads it alike
                assert parse_doc_number(normalise_brackets(s)) == parsed, s
            assert r["docno"] == {"term": complete, "label": parsed.canonical, "complete": True}, s
        agency, year, seq = parsed.agency, parsed.year, parsed.seq
        parts = [f"〔{year}〕{seq}号", f"（{year}）{seq}号", f"{year}{seq}号", f"{seq}号", f"第{seq}号", f"{agency}〔{year}〕"]
        got = [r["docno"] for r in js(enc_page, parts)]
        assert [g["term"] for g in got] == [year_seq, year_seq, year_seq, seq_only, seq_only, complete[:complete.index("n")]]
        assert not any(g["complete"] for g in got)
    # Not a 文号: a plain number, a year alone, a title
    assert [r["docno"] for r in js(enc_page, ["2023", "2023年", "土地", "9", ""])] == [None] * 5


def test_han_codes_and_map_chunks_agree(enc_page):
    """Every Han character's three letters (the token alphabet), and the presence-map file of a term."""
    chars = "".join(chr(cp) for lo, hi in HAN_RANGES for cp in range(lo, hi + 1))
    codes = enc_page.evaluate("cs => Array.from(cs, (c) => enc.hanCode(c)).join('')", chars)
    assert codes == "".join(bigram_tokens(c)[0][1:4] for c in chars)
    terms = ["q0000zzz", "qn1992z", "q1b2c3d4e", "qn0z"] + [t for s in CASES for t in index_terms(encode_zh(s))]
    for chunks in (1, 2, 3, 7, 64):
        got = enc_page.evaluate(f"ts => ts.map((t) => enc.mapChunk(t, {chunks}))", terms)
        assert got == [term_chunk(t, chunks) for t in terms]


# Characters the encodings treat specially, for generated strings: Han (each range), digits (ASCII,
# full-width), Latin, every bracket, punctuation, whitespace kinds, Mongolian letters, FVS, NNBSP.
ALPHABET = ("土地营商环境包府办发号第年月日一〇㐀豈﨎" "0123456789０９" "abQzＡｂ" "〔〕[]［］【】()（）﹝﹞"
            "，。、,.:-/%" " \t\n\u3000" + NNBSP + "ᠮᠣᠩᠭᠯ" + FVS)


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.text(st.sampled_from(ALPHABET), max_size=16), min_size=25, max_size=25))
def test_generated_strings_agree(enc_page, strings):
    for s, r in zip(strings, js(enc_page, strings), strict=True):
        agree(s, r)
