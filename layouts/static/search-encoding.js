// Search encoding: a query → the index's tokens, stored text back. Must agree with gazette/search/records.py
// and content/docnumber.py (tests/test_search_encoding.py runs both on the same strings). Chinese: a bigram
// token per Han character (q + 3 base-36 digits each), a whole-number token per digit run (qn1992z); n Han
// characters → n-1 bigram tokens (AND), one → a prefix. Mongolian: NFC, U+180B–U+180F dropped, U+202F → space.

export const HAN_RANGES = [[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0x3007, 0x3007], [0xf900, 0xfaff]];
const HAN = "\\u4e00-\\u9fff\\u3400-\\u4dbf\\u3007\\uf900-\\ufaff";
const IS_HAN = new RegExp(`^[${HAN}]`);
const B36 = "0123456789abcdefghijklmnopqrstuvwxyz";
const END = "zzz";
export const ALL_DOCS = "qqqall";  // in every record (gazette/search/records.py ALL_DOCS): lists by filter
// What the presence map records (records.py _TERM): bigrams, one-character prefixes, whole numbers.
export const MAPPED_TERM = /^q(?:[0-9a-l][0-9a-z]{2}(?:[0-9a-l][0-9a-z]{2}|zzz)?|n[0-9]+z)$/;

export const isMongolian = (q) => /[\u1800-\u18af]/.test(q);

// ---- tokens

export function hanCode(ch) {
  const cp = ch.codePointAt(0);
  let offset = 0;
  for (const [lo, hi] of HAN_RANGES) {
    if (cp >= lo && cp <= hi) {
      const n = offset + cp - lo;
      return B36[Math.floor(n / 1296)] + B36[Math.floor(n / 36) % 36] + B36[n % 36];
    }
    offset += hi - lo + 1;
  }
  return null;
}

const HAN_CHARS = new Map();  // code → character (memo)

function hanChar(code) {
  let ch = HAN_CHARS.get(code);
  if (ch !== undefined) return ch;
  let n = parseInt(code, 36);
  ch = "";
  for (const [lo, hi] of HAN_RANGES) {
    if (n <= hi - lo) { ch = String.fromCodePoint(lo + n); break; }
    n -= hi - lo + 1;
  }
  HAN_CHARS.set(code, ch);
  return ch;
}

/** Fold a query like NFKC (full-width digits and letters, compatibility ideographs), lower case. */
function fold(text) {
  return text.normalize("NFKC").toLowerCase();
}

/** Mongolian search key: the same fold as gazette/search/records.py mn_key. */
export function mnKey(text) {
  return text.normalize("NFC").replace(/[\u180b-\u180f]/g, "").replace(/\u202f/g, " ");
}

export const numberToken = (digits) => `qn${digits}z`;  // gazette/search/records.py number_token

/** A Chinese query → {terms: Pagefind query words, runs: Han runs, bigrams, words: Latin words, numbers:
 * [{n, edge}] that must occur, years: 4-digit years followed by 年, pieces: the space-separated parts}.
 * A Han run followed (without a space) by punctuation or a digit ends there in the text too, so its last
 * character is looked up with the END token, as the index wrote it. Numbers are whole (12 is not 120 nor
 * 2012), except where a phrase may cut one: a number opening the query before more text may be the tail of a
 * longer one (…9301.20万元 → 301.20万元; edge "tail": not a Pagefind word, checked in the text), one closing
 * it after other text may be its head (惠及2462 of 惠及24625户; edge "head": a prefix word). A number before
 * 年, 月, 日, 号, 期, 届 or 次 (1992年…, 12月…) is whole. */
export function zhQuery(text) {
  const q = fold(text);
  const parts = q.match(new RegExp(`[${HAN}]+|[0-9]+|(?:(?![${HAN}])(?![0-9])[\\p{L}\\p{N}])+|\\s+|.`, "gu")) || [];
  const terms = [], runs = [], bigrams = [], words = [], numbers = [], years = [];
  const isHan = (p) => p !== undefined && IS_HAN.test(p);
  parts.forEach((part, i) => {
    const next = parts[i + 1], prev = parts[i - 1];
    if (isHan(part)) {
      const chars = Array.from(part);
      runs.push(part);
      for (let k = 0; k + 1 < chars.length; k++) {
        terms.push("q" + hanCode(chars[k]) + hanCode(chars[k + 1]));
        bigrams.push(chars[k] + chars[k + 1]);
      }
      const last = "q" + hanCode(chars[chars.length - 1]);
      if (next !== undefined && !/^\s/.test(next)) terms.push(last + END);  // the run ends here
      else if (chars.length === 1) terms.push(last);  // prefix: every bigram starting with it
    } else if (/^[0-9]+$/.test(part)) {
      const year = /^(19|20)\d\d$/.test(part) && next !== undefined && next.startsWith("年");
      if (year) years.push(Number(part));
      const unit = next !== undefined && /^[年月日号期届次]/.test(next);  // 1992年, 12月, 9号: a whole number
      const opens = i === 0 && next !== undefined && !/^\s/.test(next) && !unit;
      const closes = i === parts.length - 1 && prev !== undefined && !/^\s/.test(prev);
      if (opens && !year) { numbers.push({ n: part, edge: "tail" }); return; }
      numbers.push({ n: part, edge: closes ? "head" : "" });
      terms.push(closes ? `qn${part}` : numberToken(part));
    } else if (/^[\p{L}\p{N}]/u.test(part)) {
      words.push(part);
      terms.push(part);
    }
  });
  const pieces = q.split(/\s+/).map(canon).filter(Boolean);
  return { terms: [...new Set(terms)], runs, bigrams, words, numbers, years: [...new Set(years)], pieces };
}

/** Titles and query pieces compared alike: NFKC, lower case, every bracket kind as 〔〕. */
export function canon(text) {
  let s = fold(text);
  for (const o of "[(（［【〔﹝") s = s.split(o).join("〔");
  for (const c of "])）］】〕﹞") s = s.split(c).join("〕");
  return s;
}

/** `needle` occurs in `hay`, a number at either end not being part of a longer number. */
export function containsWhole(hay, needle) {
  const lead = /^[0-9]/.test(needle), trail = /[0-9]$/.test(needle);
  let at = hay.indexOf(needle);
  while (at !== -1) {
    const before = hay[at - 1], after = hay[at + needle.length];
    if (!(lead && before && /[0-9]/.test(before)) && !(trail && after && /[0-9]/.test(after))) return true;
    at = hay.indexOf(needle, at + 1);
  }
  return false;
}

/** Every query word and number is in `text` (decoded document text): what "a full match" means. */
export function hasAll(text, query) {
  const t = fold(text);
  const number = ({ n, edge }) => {
    for (let at = t.indexOf(n); at !== -1; at = t.indexOf(n, at + 1)) {
      const before = /[0-9]/.test(t[at - 1] || ""), after = /[0-9]/.test(t[at + n.length] || "");
      if ((edge === "tail" || !before) && (edge === "head" || !after)) return true;
    }
    return false;
  };
  return query.bigrams.every((b) => t.includes(b))
    && query.runs.every((r) => r.length !== 1 || t.includes(r))
    && query.numbers.every(number)
    && query.words.every((w) => t.includes(w));
}

/** The stored Chinese text back from its tokens (excerpts are made from it). */
export function decodeZh(content) {
  return content
    .replace(/\u200b/g, "")
    .replace(/ ?\bq(?:w[0-9a-z]+|qqall)\b ?/g, "")
    .replace(/ ?\bqn([0-9]+)z\b ?/g, "$1")
    .replace(/ ?q([0-9a-l][0-9a-z]{2})(?:[0-9a-l][0-9a-z]{2}|zzz) ?/g, (_, code) => hanChar(code));
}

/** FNV-1a of an ASCII term modulo the number of map files (gazette/search/index.py term_chunk). */
export function mapChunk(term, chunks) {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193) >>> 0;
  return h % chunks;
}

// ---- 文号

const OPENERS = "[(（［【〔﹝", CLOSERS = "])）］】〕﹞";
const DOCNO = /^([\u4e00-\u9fff]*?)〔?((?:19|20)\d{2})〕?(\d{1,4})号?$/u;
const DOCNO_BRACKETED = /^([\u4e00-\u9fff]*)〔((?:19|20)\d{2})〕(\d{1,4})?号?$/u;
const SEQ_ONLY = /^第?(\d{1,4})号$/u;

/** Mirror of gazette/content/docnumber.py normalise_brackets (digits NFKC, spaces dropped, brackets → 〔〕). */
export function normaliseBrackets(text) {
  let s = text.replace(/\p{Nd}/gu, (d) => d.normalize("NFKC")).replace(/\s+/gu, "");
  for (const o of OPENERS) s = s.split(o).join("〔");
  for (const c of CLOSERS) s = s.split(c).join("〕");
  return s;
}

/** A query that is (part of) a 文号 → the lookup word gazette/search/records.py docno_tokens wrote for it:
 * {term, label, complete}; null for anything else. Complete = 机关代字 + year + 序号 (one document). */
export function docNumberQuery(text) {
  const s = normaliseBrackets(text.normalize("NFKC").replace(/[（(]/g, "〔").replace(/[）)]/g, "〕"));
  let m = s.match(DOCNO_BRACKETED) || s.match(DOCNO);
  if (m) {
    const [, agency, year] = m;
    const seq = m[3] ? String(Number(m[3])) : "";
    // Without brackets, only 机关代字 + year + number, or year + number + 号, is surely a 文号.
    if (!s.includes("〔") && !(agency && seq) && !(seq && s.endsWith("号"))) return null;
    if (!seq && !agency) return null;
    const codes = Array.from(agency).map(hanCode).join("");
    if (agency && seq) return { term: `qw${codes}y${year}n${seq}z`, label: `${agency}〔${year}〕${seq}号`, complete: true };
    if (agency) return { term: `qw${codes}y${year}`, label: `${agency}〔${year}〕`, complete: false };
    return { term: `qwy${year}n${seq}z`, label: `〔${year}〕${seq}号`, complete: false };
  }
  m = s.match(SEQ_ONLY);
  if (m) return { term: `qwn${Number(m[1])}z`, label: `${Number(m[1])}号`, complete: false };
  return null;
}
