// Search page: turns what a reader types into the index's own tokens and shows the results.
// Design and measurements: docs/search.md. Index side: gazette/search.py, gazette/search_records.py (the two
// must agree).
//
// Chinese: the index holds no Chinese words, only ASCII tokens: a bigram token per Han character (q + 3
// base-36 digits per character, see HAN_RANGES) and a whole-number token per digit run (qn1992z). A query of
// n Han characters becomes its n-1 bigram tokens (AND); one character becomes a prefix token.
// Relevance over the whole archive (docs/search.md point 11): every text search reads the title table
// (titles/, all years; a year in the query narrows it to that year's decade) — exact full title first, then
// titles containing the whole query — and asks the presence map (map/) which shards hold every query term;
// only those shards are searched, each with its own Pagefind instance, at most POOL requests in flight. A
// shard whose files fail to load is reported by its years, with a retry button: never a silent partial answer.
// 文号: any spelling is folded like gazette/docnumber.py and looked up by its lookup word; a complete one
// is read from its year's table without Pagefind (docs/search.md point 10).
// Mongolian: the query is NFC with U+180B–U+180F removed and U+202F as a space. On the Mongolian
// interface, Chinese, number and 文号 queries search the Chinese index and link to the /mn/ pages.

const HAN_RANGES = [[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0x3007, 0x3007], [0xf900, 0xfaff]];
const HAN = "\\u4e00-\\u9fff\\u3400-\\u4dbf\\u3007\\uf900-\\ufaff";
const IS_HAN = new RegExp(`^[${HAN}]`);
const B36 = "0123456789abcdefghijklmnopqrstuvwxyz";
const END = "zzz";
const PAGE_SIZE = 5;  // results per page: each body result costs its fragment (≈6 KB at 10,000 documents)
const POOL = 6;  // index requests in flight at most (Chromium refuses loaders beyond its per-process limit)
const SHARDS_AT_ONCE = 3;  // shards searched at the same time  // shard instances searched at the same time
const NNBSP_CARRIER = /\u2060/g;

// ----------------------------------------------------------------------------- tokens

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

function hanChar(code) {
  let n = parseInt(code, 36);
  for (const [lo, hi] of HAN_RANGES) {
    if (n <= hi - lo) return String.fromCodePoint(lo + n);
    n -= hi - lo + 1;
  }
  return "";
}

/** Fold a query like NFKC (full-width digits and letters, compatibility ideographs), lower case. */
function fold(text) {
  return text.normalize("NFKC").toLowerCase();
}

/** Mongolian search key: the same fold as gazette/search_records.py mn_key. */
export function mnKey(text) {
  return text.normalize("NFC").replace(/[\u180b-\u180f]/g, "").replace(/\u202f/g, " ");
}

const numberToken = (digits) => `qn${digits}z`;  // gazette/search_records.py number_token

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
function canon(text) {
  let s = fold(text);
  for (const o of "[(（［【〔﹝") s = s.split(o).join("〔");
  for (const c of "])）］】〕﹞") s = s.split(c).join("〕");
  return s;
}

/** `needle` occurs in `hay`, a number at either end not being part of a longer number. */
function containsWhole(hay, needle) {
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

/** FNV-1a of an ASCII term modulo the number of map files (gazette/search.py term_chunk). */
export function mapChunk(term, chunks) {
  let h = 0x811c9dc5;
  for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193) >>> 0;
  return h % chunks;
}

// ----------------------------------------------------------------------------- 文号

const OPENERS = "[(（［【〔﹝", CLOSERS = "])）］】〕﹞";
const DOCNO = /^([\u4e00-\u9fff]*?)〔?((?:19|20)\d{2})〕?(\d{1,4})号?$/u;
const DOCNO_BRACKETED = /^([\u4e00-\u9fff]*)〔((?:19|20)\d{2})〕(\d{1,4})?号?$/u;
const SEQ_ONLY = /^第?(\d{1,4})号$/u;

/** Mirror of gazette/docnumber.py normalise_brackets (digits NFKC, spaces dropped, brackets → 〔〕). */
export function normaliseBrackets(text) {
  let s = text.replace(/\p{Nd}/gu, (d) => d.normalize("NFKC")).replace(/\s+/gu, "");
  for (const o of OPENERS) s = s.split(o).join("〔");
  for (const c of CLOSERS) s = s.split(c).join("〕");
  return s;
}

/** A query that is (part of) a 文号 → the lookup word gazette/search.py docno_tokens wrote for it:
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


// ----------------------------------------------------------------------------- helpers

function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => (k in values ? values[k] : `{${k}}`));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function readState(cfg) {
  const p = new URLSearchParams(location.search);
  const filters = {};
  for (const [key, param] of cfg.filters) {
    const values = p.getAll(param).filter(Boolean);
    if (values.length) filters[key] = values;
  }
  const sort = p.get("sort");
  return { q: p.get("q") || "", sort: sort === "date" || sort === "old" ? sort : "", filters };
}

function stateUrl(cfg, state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort) p.set("sort", state.sort);
  for (const [key, param] of cfg.filters) for (const v of state.filters[key] || []) p.append(param, v);
  const qs = p.toString();
  return location.pathname + (qs ? "?" + qs : "");
}

/** Text with every occurrence of the needles wrapped in <mark>. */
function highlighted(text, needles, lang) {
  const frag = document.createDocumentFragment();
  const list = needles.filter(Boolean).sort((a, b) => b.length - a.length);
  const lower = text.toLowerCase();
  let i = 0;
  while (i < text.length) {
    let best = -1, len = 0;
    for (const n of list) {
      const at = lower.indexOf(n.toLowerCase(), i);
      if (at !== -1 && (best === -1 || at < best || (at === best && n.length > len))) { best = at; len = n.length; }
    }
    if (best === -1) break;
    if (best > i) frag.append(text.slice(i, best));
    frag.append(el("mark", {}, text.slice(best, best + len)));
    i = best + len;
  }
  if (i < text.length) frag.append(text.slice(i));
  if (lang === "mn") { const s = el("span", { lang: "mn-Mong", class: "mn" }); s.append(frag); return s; }
  return frag;
}

/** A Chinese excerpt around the first match in the body (the title is shown, highlighted, on its own).
 * Whole query runs are highlighted; only when no run occurs anywhere are its bigrams highlighted. */
function zhExcerpt(content, query) {
  const blocks = decodeZh(content).split("¶").map((b) => b.trim()).filter(Boolean);
  const title = blocks[0] || "", body = blocks.slice(1).join(" ");
  const lowerBody = body.toLowerCase();
  const first = (needles) => {
    let at = -1;
    for (const n of needles) {
      const i = lowerBody.indexOf(n.toLowerCase());
      if (i !== -1 && (at === -1 || i < at)) at = i;
    }
    return at;
  };
  const whole = [...query.runs, ...query.words];
  let needles = whole, at = first(whole);
  if (at === -1 && !whole.some((n) => title.toLowerCase().includes(n.toLowerCase()))) {
    needles = [...query.bigrams, ...query.words];
    at = first(needles);
  }
  const start = Math.max(0, at - 30);
  const end = Math.min(body.length, Math.max(at, 0) + 90);
  const text = (start > 0 ? "…" : "") + body.slice(start, end) + (end < body.length ? "…" : "");
  return highlighted(text, at === -1 ? [] : needles, "zh");
}

/** Pagefind's own excerpt (Mongolian), rebuilt from text and <mark> only. */
function mnExcerpt(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html");
  const span = el("span", { lang: "mn-Mong", class: "mn" });
  for (const node of doc.body.firstChild.childNodes) {
    span.append(node.nodeName === "MARK" ? el("mark", {}, node.textContent) : node.textContent);
  }
  return span;
}

/** The bytes of a gzip file written by gazette/search.py or Pagefind (inflated with the browser's
 * DecompressionStream; as they are when a server already inflated them); null when it is not there. */
async function readPacked(url) {
  const r = await fetch(url);
  if (!r.ok) return null;
  const body = new Uint8Array(await r.arrayBuffer());
  if (body[0] !== 0x1f || body[1] !== 0x8b) return body;
  return new Uint8Array(await new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
}

/** Pagefind's runtime. pagefind.js is fetched gzip-compressed (gazette/search.py PACKED_RUNTIME: 12.8 KB
 * instead of 45.6 KB from a plain static server) and imported from a blob: URL; anything unusual (no
 * DecompressionStream, a CSP without blob:, a missing file) falls back to importing pagefind.js itself.
 * Either way Pagefind is given its folder explicitly (it cannot derive it from a blob: URL) and runs
 * without its web worker (41 KB more: docs/search.md point 10). */
async function importPagefind(dir) {
  if (typeof DecompressionStream === "function") {
    try {
      const body = await readPacked(dir + "pagefind.js.pagefind");
      if (body) {
        const url = URL.createObjectURL(new Blob([body], { type: "text/javascript" }));
        try { return await import(url); } finally { URL.revokeObjectURL(url); }
      }
    } catch (err) { /* fall back to the plain file */ }
  }
  return import(dir + "pagefind.js");
}

// ----------------------------------------------------------------------------- fetching

/** Every index request of the page goes through here (installed before pagefind.js is imported, which calls
 * the global fetch): at most POOL in flight, a slot held until the body is read; failures (network error or
 * HTTP error) are recorded by URL, because Pagefind only logs "Failed to load the index chunk" and goes on
 * with a partial index; a shard folder's wasm request is answered with the primary's bytes (one download,
 * the shard folders have none); bytes are counted (the benchmark reads them). */
class Fetcher {
  constructor(base) {
    this.base = base;
    this.active = 0;
    this.queue = [];
    this.failures = [];  // URLs (absolute) that failed
    this.bytes = 0;
    this.requests = 0;
    this.wasm = null;
    this.original = window.fetch.bind(window);
    const self = this;
    window.fetch = function (input, init) {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      if (!new URL(url, location.href).pathname.startsWith(self.base + "pagefind/")) return self.original(input, init);
      return self.get(url);
    };
  }

  /** A Response built from the bytes read (so the pool bounds transfers, not only headers). */
  async get(url) {
    const abs = new URL(url, location.href);
    const wasm = abs.pathname.match(/\/wasm\.[^/]+\.pagefind$/);
    if (wasm) {
      const primary = `${this.base}pagefind${wasm[0]}`;
      if (!this.wasm) {
        this.wasm = this.slot(primary).then((r) => { if (r.failed) this.wasm = null; return r; }, (e) => { this.wasm = null; throw e; });
      }
      const r = await this.wasm;
      return new Response(r.body.slice(0), { status: r.status, headers: r.headers });
    }
    const r = await this.slot(abs.href);
    return new Response(r.body, { status: r.status, headers: r.headers });
  }

  async slot(url) {
    while (this.active >= POOL) await new Promise((resolve) => this.queue.push(resolve));
    this.active += 1;
    this.requests += 1;
    try {
      const response = await this.original(url);
      const body = await response.arrayBuffer();
      this.bytes += body.byteLength;
      if (!response.ok) this.failures.push(url);
      return { body, status: response.status, headers: response.headers, failed: !response.ok };
    } catch (err) {
      this.failures.push(url);
      throw err;
    } finally {
      this.active -= 1;
      const next = this.queue.shift();
      if (next) next();
    }
  }

  /** Failures under a shard folder since the last call (the primary folder excludes shards/), cleared. */
  takeFailures(dir) {
    const prefix = new URL(this.base + dir, location.href).href;
    // A shard's own index files (fragments reject loudly in result.data(); the primary folder also holds the
    // global files, the packed runtime and every older shard).
    const own = (u) => u.startsWith(prefix) && /^(index\/|filter\/|pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|wasm\.)/.test(u.slice(prefix.length));
    const mine = this.failures.filter(own);
    this.failures = this.failures.filter((u) => !own(u));
    return mine;
  }
}

// ----------------------------------------------------------------------------- data

/** One language's index as gazette/search.py search_plan describes it: shards oldest first (bit i of a map
 * mask = shards[i]), map files, title decades. Every file requested is one the build wrote. */
class LangIndex {
  constructor(engine, lang, plan) {
    this.engine = engine;
    this.lang = lang;
    this.shards = (plan.shards || []).map(([dir, first, last], bit) => ({ dir, first, last, bit, lang }));
    this.mapFiles = plan.map || 0;
    this.decades = plan.decades || [];
    this.instances = new Map();  // dir → promise of a Pagefind instance (dropped when its files failed)
    this.maps = new Map();  // map file → promise of {term: hex mask} (null when it failed)
  }

  shardOf(year) {
    return this.shards.find((s) => s.first <= year && year <= s.last) || null;
  }

  /** The shards whose years meet any of `years` (all when none). */
  covering(years) {
    if (!years.length) return this.shards;
    return this.shards.filter((s) => years.some(([a, b]) => s.first <= b && a <= s.last));
  }

  /** Shards that may hold a document with every term (the AND of the terms' presence masks); a term in no
   * shard → none. A map file that fails to load removes nothing (its terms may be anywhere). */
  async candidates(terms) {
    const all = (1n << BigInt(this.shards.length)) - 1n;
    const mapped = terms.filter((t) => /^q(?:[0-9a-l][0-9a-z]{2}(?:[0-9a-l][0-9a-z]{2}|zzz)?|n[0-9]+z)$/.test(t));
    if (!this.mapFiles || !mapped.length) return this.shards;
    const masks = await Promise.all(mapped.map(async (t) => {
      const table = await this.mapFile(mapChunk(t, this.mapFiles));
      if (!table) return all;
      return t in table ? BigInt("0x" + table[t]) : 0n;
    }));
    const mask = masks.reduce((a, b) => a & b, all);
    return this.shards.filter((s) => (mask >> BigInt(s.bit)) & 1n);
  }

  mapFile(k) {
    if (!this.maps.has(k)) {
      const url = `${this.engine.base}pagefind/map/${this.lang}-${k}.pagefind`;
      this.maps.set(k, this.engine.json(url).catch(() => null));
    }
    return this.maps.get(k);
  }

  /** Title table rows of the decades covering `years` (all decades when none) as objects by field name;
   * {rows, failed: [[first, last] of decades not read]}. */
  async titles(years) {
    const wanted = this.decades.filter((d) => !years.length || years.some(([a, b]) => d <= b && a <= d + 9));
    const tables = await Promise.all(wanted.map((d) => this.engine.table(`${this.engine.base}pagefind/titles/${this.lang}-${d}.pagefind`)));
    const rows = [], failed = [];
    tables.forEach((t, i) => {
      if (!t) { failed.push([wanted[i], wanted[i] + 9]); return; }
      const at = Object.fromEntries(t.fields.map((f, k) => [f, k]));
      for (const r of t.rows) {
        const row = Object.fromEntries(t.fields.map((f) => [f, r[at[f]]]));
        row.issue = t.issues[row.path.slice(0, 7)] || "";
        row.year = Number(row.path.slice(0, 4));
        rows.push(row);
      }
    });
    return { rows, failed };
  }

  /** A Pagefind instance on one shard folder (createInstance: searches only that folder). Pagefind picks
   * the index by the page's lang, so it is set to this index's language while the instance is made. */
  instance(shard) {
    if (!this.instances.has(shard.dir)) {
      this.instances.set(shard.dir, this.engine.wasmOnce(async (pf) => {
        const html = document.documentElement, lang = html.getAttribute("lang");
        html.setAttribute("lang", this.lang === "mn" ? "mn-Mong" : "zh-Hans");
        let inst;
        try {
          inst = pf.createInstance({ basePath: this.engine.base + shard.dir, noWorker: true, excerptLength: this.engine.excerptLength });
        } finally { html.setAttribute("lang", lang); }
        await inst.init();
        // Resolves once the instance holds its index pointer, i.e. the wasm is instantiated (wasmOnce); the
        // empty ranking changes no weight (null = keep).
        await inst.options({ ranking: {} });
        return inst;
      }));
    }
    return this.instances.get(shard.dir);
  }

  /** Pagefind's search on one shard: {results, filters, failed}. A shard any of whose files failed is
   * dropped (its instance would keep the failure cached) and reported instead of its partial results. */
  async searchShard(shard, term, options) {
    let r = null, error = false;
    try {
      r = await (await this.instance(shard)).search(term, options);
    } catch (err) { error = true; console.warn("shard search failed", shard.dir, String(err && err.stack || err)); }
    if (this.engine.fetcher.takeFailures(shard.dir).length || error || !r) {
      this.instances.delete(shard.dir);
      return { shard, results: [], filters: {}, failed: true };
    }
    return { shard, results: r.results.map((x) => ({ ...x, shard })), filters: r.filters, failed: false };
  }
}

/** Search over many shards, SHARDS_AT_ONCE at a time (requests bounded by POOL), calling `progress`. */
async function eachShard(shards, fn, progress = () => {}) {
  const out = new Array(shards.length);
  let next = 0, done = 0;
  const worker = async () => {
    while (next < shards.length) {
      const i = next++;
      out[i] = await fn(shards[i]);
      progress(++done, shards.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SHARDS_AT_ONCE, shards.length) }, worker));
  return out;
}

/** Pagefind's own merge of filter counts across searches (value counts summed per filter). */
function sumFilters(list) {
  const out = {};
  for (const filters of list) {
    for (const [key, values] of Object.entries(filters || {})) {
      const into = out[key] || (out[key] = {});
      for (const [v, n] of Object.entries(values)) into[v] = (into[v] || 0) + n;
    }
  }
  return out;
}

/** "1990–1993, 2004" from shard and decade year ranges. */
function yearRanges(ranges) {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b); else merged.push([a, b]);
  }
  return merged.map(([a, b]) => (a === b ? `${a}` : `${a}–${b}`)).join(", ");
}

const ALL_DOCS = "qqqall";

class Engine {
  constructor(cfg) {
    this.cfg = cfg;
    this.base = cfg.base;
    this.fetcher = new Fetcher(cfg.base);
    this.excerptLength = cfg.lang === "mn" ? 10 : 40;  // mn: Pagefind's excerpt, in vertical columns
    this.ready = null;
    this.tables = new Map();
    this.langs = {};
    for (const [lang, plan] of Object.entries(cfg.index || {})) this.langs[lang] = new LangIndex(this, lang, plan);
  }

  /** Pagefind's runtime module (each shard gets its own instance from it). */
  pagefind() {
    if (!this.ready) {
      this.ready = importPagefind(this.base + "pagefind/").catch((err) => { this.ready = null; throw err; });
    }
    return this.ready;
  }

  /** Run `make(pagefind)` (an instance's creation and init) after the first instance has instantiated the
   * wasm: instances initialised together each instantiate it (wasm-bindgen's init checks for an existing
   * module only before its own await), and the later one silently replaces the module under the earlier
   * one's pointers ("memory access out of bounds", measured). */
  wasmOnce(make) {
    const before = this.first;
    const made = this.pagefind().then(async (pf) => {
      if (before) await before.catch(() => {});
      return make(pf);
    });
    if (!this.first) this.first = made;
    made.catch(() => { if (this.first === made) this.first = null; });
    return made;
  }

  /** A gzip JSON file written by gazette/search.py (title table, map, 文号 table); null when missing. */
  async json(url) {
    if (typeof DecompressionStream !== "function") return null;
    const bytes = await readPacked(url);
    return bytes ? JSON.parse(new TextDecoder().decode(bytes)) : null;
  }

  table(url) {
    if (!this.tables.has(url)) {
      this.tables.set(url, this.json(url).catch(() => null).then((t) => { if (!t) this.tables.delete(url); return t; }));
    }
    return this.tables.get(url);
  }

  /** A fragment as Pagefind's result.data() gives it (URL under base_path, text without U+200B; for
   * Mongolian an excerpt of the first words, escaped, as mnExcerpt reads Pagefind's). */
  async fragment(dir, name) {
    const bytes = await readPacked(`${this.base}${dir}fragment/${name}.pf_fragment`);
    if (!bytes) throw new Error(`no fragment ${name}`);
    const data = JSON.parse(new TextDecoder().decode(bytes).slice("pagefind_dcd".length));
    data.content = data.content.replace(/\u200b/g, "");
    data.url = (this.base + "/" + data.url).replace(/\/+/g, "/");
    const escape = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    data.excerpt = escape(data.content.split(/\s+/).slice(0, this.excerptLength).join(" "));
    return data;
  }

  /** A complete 文号 from the table of its year (gazette/search.py write_docno_tables) in the shard folder
   * holding that year: results whose fragments are read directly (no Pagefind), [] when the table says it
   * is not there, null when there is no table: then Pagefind is asked. */
  async docnoHits(shard, year, label) {
    const table = await this.table(`${this.base}${shard.dir}docno/${shard.lang}-${year}.pagefind`);
    if (!table) return null;
    return (table[label] || []).map((name) => {
      let data = null;
      return { id: shard.dir + name, shard, data: () => data || (data = this.fragment(shard.dir, name)) };
    });
  }
}

// ----------------------------------------------------------------------------- page

const isMongolian = (q) => /[\u1800-\u18af]/.test(q);

class SearchPage {
  constructor(root, cfg) {
    this.root = root;
    this.cfg = cfg;
    this.s = cfg.strings;
    this.form = root.querySelector("form");
    this.input = root.querySelector("#search-input");
    this.sort = root.querySelector("#search-sort");
    this.controls = root.querySelector(".search-controls");
    this.panel = root.querySelector(".search-filters");
    this.groups = root.querySelector(".search-filter-groups");
    this.clear = root.querySelector(".search-clear");
    this.status = root.querySelector("#search-status");
    this.empty = root.querySelector(".search-empty");
    this.list = root.querySelector(".search-results");
    this.more = root.querySelector(".search-more");
    // Which years were not searched, and a retry (made here: the template stays as it is).
    this.failedNote = el("p", { class: "search-failed", role: "alert", hidden: true });
    this.retry = el("button", { type: "button", class: "search-retry", hidden: true }, this.s.search_retry);
    this.status.after(this.failedNote, this.retry);
    this.seq = 0;
    this.engine = new Engine(cfg);
    this.pageSize = window.gazetteSearchPageSize || PAGE_SIZE;  // tests may lower it
  }

  async start() {
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.go({ ...this.state, q: this.input.value.trim() });
    });
    this.sort.addEventListener("change", () => this.go({ ...this.state, sort: this.sort.value }));
    this.clear.addEventListener("click", () => this.go({ ...this.state, filters: {} }));
    this.more.addEventListener("click", () => this.showMore(true));
    this.retry.addEventListener("click", () => this.run());
    // Facet counts need the filter files of every searched shard: fetched when the reader opens the panel.
    this.panel.addEventListener("toggle", () => { if (this.panel.open && !this.withFacets) this.run(); });
    window.addEventListener("popstate", () => this.load());
    // Pagefind's runtime is loaded when a search needs it, or as soon as the reader starts typing.
    this.input.addEventListener("focus", () => this.engine.pagefind().catch(() => {}), { once: true });
    await this.load();
  }

  load() {
    this.state = readState(this.cfg);
    this.input.value = this.state.q;
    this.sort.value = this.state.sort;
    if (Object.keys(this.state.filters).length) this.panel.open = true;
    return this.run();
  }

  go(state) {
    this.state = state;
    history.pushState(null, "", stateUrl(this.cfg, state));
    return this.run();
  }

  say(text) {
    this.status.textContent = "";
    this.status.append(this.cfg.lang === "mn" ? el("span", { lang: "mn-Mong", class: "mn" }, text) : text);
  }

  /** The reader's filters; with facets, every shown filter (an empty `any` only asks for its counts). */
  filterOptions(facets) {
    const out = {};
    for (const [key] of this.cfg.filters) {
      const values = this.state.filters[key] || [];
      if (values.length || facets) out[key] = { any: values };
    }
    return out;
  }

  async run() {
    const seq = ++this.seq;
    this.root.dataset.state = "busy";  // "done" once results (or a message) are shown
    const { q, sort } = this.state;
    const hasFilters = Object.keys(this.state.filters).length > 0;
    const facets = this.panel.open || hasFilters;
    const options = { filters: this.filterOptions(facets), sort, facets };
    this.list.replaceChildren();
    this.more.hidden = true;
    this.empty.hidden = true;
    this.failedNote.hidden = this.retry.hidden = true;
    this.controls.hidden = !(q || hasFilters);
    if (!q && !hasFilters) { this.answer = null; this.say(""); this.root.dataset.state = "done"; return; }
    this.say(this.s.search_loading);
    let answer;
    try {
      answer = await this.resolve(q, options, (done, total) => {
        if (seq === this.seq && total > 1) this.say(format(this.s.search_progress, { done, total }));
      });
    } catch (err) {  // Pagefind could not be loaded
      if (seq === this.seq) { this.say(this.s.search_error); this.root.dataset.state = "error"; }
      throw err;
    }
    if (seq !== this.seq) return;  // a newer search has started
    this.answer = answer;
    this.query = answer.query;
    this.withFacets = facets;
    this.shown = 0;
    this.seen = new Set();
    this.renderFilters(answer.filters, facets);
    if (!answer.hits.length || answer.partial) {
      this.say(format(answer.partial ? this.s.search_partial : this.s.search_no_results, { query: q }));
      this.empty.hidden = false;
    } else {
      this.announce();
    }
    this.showFailed();
    if (answer.hits.length) await this.showMore(false);
    if (seq === this.seq) this.root.dataset.state = "done";
  }

  /** Never a silent partial answer: the years whose index could not be read, and a retry. */
  showFailed() {
    const failed = this.answer.failed;
    this.failedNote.hidden = this.retry.hidden = !failed.length;
    if (failed.length) {
      const text = format(this.s.search_failed_years, { years: yearRanges(failed) });
      this.failedNote.replaceChildren(this.cfg.lang === "mn" ? el("span", { lang: "mn-Mong", class: "mn" }, text) : text);
    }
  }

  /** The count, and — while a date-ordered search has not reached every year — the years it covers. */
  announce() {
    const a = this.answer, count = a.total;
    if (a.label) this.say(format(this.s.search_results_docno, { number: a.label, count }));
    else if (a.since) this.say(format(this.s.search_results_since, { count, year: a.since }));
    else if (a.until) this.say(format(this.s.search_results_until, { count, year: a.until }));
    else if (a.titlesOnly) this.say(format(this.s.search_results_titles, { count }));
    else this.say(format(this.s.search_results, { count }));
  }

  /** A page URL for the interface's language (Chinese results on the Mongolian interface: their /mn/ page). */
  localUrl(url) {
    const base = this.cfg.base;
    if (this.cfg.lang !== "mn" || url.startsWith(base + "mn/")) return url;
    return base + "mn/" + url.slice(base.length);
  }

  // ------------------------------------------------------------------------- resolving a query

  /** What the page shows for a query: {hits, total, label (文号 found), partial, query, failed: year ranges
   * not searched, filters: counts, since/until: the years a date-ordered search covers so far, more: loads
   * further shards of a date-ordered search}. Tests and the benchmark call it too. */
  async resolve(q, options = { filters: {}, sort: "" }, progress = () => {}) {
    const sort = typeof options.sort === "string" ? options.sort : options.sort && options.sort.date ? "date" : "";
    const filters = options.filters || {};
    const facets = Boolean(options.facets) || Object.values(filters).some((f) => f && f.any && f.any.length);
    const filterYears = ((filters["年份"] || {}).any || []).map(Number).filter(Boolean).map((y) => [y, y]);
    const zhData = !isMongolian(q) && this.engine.langs.zh ? this.engine.langs.zh : null;
    let idx = this.cfg.lang === "zh" || !isMongolian(q) ? zhData : this.engine.langs.mn || null;
    if (!q && this.cfg.lang === "mn" && this.engine.langs.mn) idx = this.engine.langs.mn;  // browse: the interface's values
    const none = (query) => ({ hits: [], total: 0, label: null, partial: false, query, failed: [], filters: {}, more: null });
    if (!idx) return none({ runs: [], bigrams: [], words: [], numbers: [], pieces: [] });
    const pfOptions = (order) => ({ filters, sort: order ? { date: order } : {} });
    const docno = q ? docNumberQuery(q) : null;
    if (docno && idx.lang === "zh") {
      const found = await this.docnoSearch(idx, docno, filters, sort, pfOptions, filterYears);
      if (found) return found;
    }
    if (!q) {  // browse by filters: newest first
      const shards = idx.covering(filterYears);
      return { ...(await this.dated(idx, shards, ALL_DOCS, pfOptions, "desc", facets, progress)), label: null, partial: false, query: zhQuery("") };
    }
    const query = idx.lang === "zh" ? zhQuery(q) : { runs: [], bigrams: [], numbers: [], years: [], words: mnKey(q).split(/\s+/).filter(Boolean), pieces: mnKey(q).split(/\s+/).filter(Boolean) };
    const text = idx.lang === "zh" ? query.terms.join(" ") : mnKey(q);
    if (!text) return none(query);
    const queryYears = query.years.map((y) => [y, y + 1]);  // a report on year Y may appear early in Y+1
    let shards = idx.covering(queryYears).filter((s) => idx.covering(filterYears).includes(s));
    if (idx.lang === "zh") {
      const present = await idx.candidates(query.terms);
      shards = shards.filter((s) => present.includes(s));
    }
    if (sort) {
      const order = sort === "old" ? "asc" : "desc";
      const answer = await this.dated(idx, shards, text, pfOptions, order, facets, progress);
      return { ...answer, label: null, partial: false, query };
    }
    // Relevance: exact full title, then titles containing the whole query (title table, all years or the
    // query's years), then body matches of every shard that may hold them.
    const onlyYear = Object.keys(filters).every((k) => k === "年份" || !(filters[k].any || []).length);
    // Only the decades of the shards that can hold every word (a title holding the query is in one of them).
    const titles = onlyYear && shards.length ? await idx.titles(shards.map((s) => [s.first, s.last])) : { rows: [], failed: [] };
    const titleHits = this.titleHits(titles.rows, query, idx.lang, filterYears);
    const bodies = async () => {
      const parts = await eachShard(shards, (s) => idx.searchShard(s, text, pfOptions(null)), progress);
      const failed = [...titles.failed, ...parts.filter((p) => p.failed).map((p) => [p.shard.first, p.shard.last])];
      const ok = parts.filter((p) => !p.failed);
      const body = ok.flatMap((p) => p.results).sort((a, b) => b.score - a.score || b.shard.bit - a.shard.bit);
      const searched = (year) => ok.some((p) => p.shard.first <= year && year <= p.shard.last);
      const total = body.length + titleHits.filter((h) => !searched(h.row.year)).length;
      return { hits: [...titleHits, ...body], total, failed, filters: sumFilters(ok.map((p) => p.filters)), more: null, titlesOnly: false };
    };
    // Titles that hold the whole query answer it: their documents are listed at once, without Pagefind; the
    // texts are searched when the reader asks for more (the status says they are not searched yet). With
    // facets, or no such title, the texts are searched now.
    if (titleHits.length && !facets) {
      return { hits: titleHits, total: titleHits.length, label: null, partial: false, query, failed: titles.failed, filters: {}, more: () => bodies(), titlesOnly: true };
    }
    const answer = await bodies();
    if (answer.total || answer.failed.length) return { ...answer, label: null, partial: false, query };
    // No document holds every word: the newest shard's answer to the words it has, shown as partial.
    const newest = idx.shards[idx.shards.length - 1];
    const loose = await idx.searchShard(newest, text, pfOptions(null));
    return { hits: loose.results, total: loose.results.length, label: null, partial: loose.results.length > 0, query, failed: loose.failed ? [[newest.first, newest.last]] : [], filters: loose.filters || {}, more: null };
  }

  /** Title table rows as hits: exact full title first, then titles (or subtitles) containing every piece of
   * the query, numbers whole; newest first within each. */
  titleHits(rows, query, lang, filterYears) {
    if (!query.pieces.length) return [];
    const key = lang === "mn" ? (t) => mnKey(t).toLowerCase() : canon;
    const pieces = lang === "mn" ? query.pieces.map((p) => p.toLowerCase()) : query.pieces;
    const whole = pieces.join("");
    const exact = [], containing = [];
    for (const row of rows) {
      if (filterYears.length && !filterYears.some(([a]) => row.year === a)) continue;
      const title = key(row.title), hay = title + "\n" + key(row.subtitle || "");
      if (title.replace(/\s+/g, "") === whole) exact.push(row);
      else if (pieces.every((p) => containsWhole(hay, p))) containing.push(row);
    }
    const newest = (a, b) => (a.path.slice(0, 7) < b.path.slice(0, 7) ? 1 : a.path.slice(0, 7) > b.path.slice(0, 7) ? -1 : a.path < b.path ? -1 : 1);
    return [...exact.sort(newest), ...containing.sort(newest)].map((row) => ({ row, url: `${this.cfg.base}${row.path}/` }));
  }

  /** A date-ordered search: shards newest first ("desc") or oldest first ("asc"), each sorted by Pagefind,
   * concatenated (shards are contiguous years). Only as many shards as fill the first page are searched
   * (the rest on "more"), unless facet counts are asked for (then all). */
  async dated(idx, shards, term, pfOptions, order, facets, progress) {
    const queue = order === "asc" ? [...shards] : [...shards].reverse();
    const state = { hits: [], failed: [], filterList: [], done: [] };
    const step = async (want) => {
      while (queue.length && (facets || state.hits.length < want)) {
        const batch = queue.splice(0, facets ? queue.length : 1);
        const parts = await eachShard(batch, (s) => idx.searchShard(s, term, pfOptions(order)), progress);
        for (const p of parts) {
          if (p.failed) state.failed.push([p.shard.first, p.shard.last]);
          else { state.hits.push(...p.results); state.filterList.push(p.filters); state.done.push(p.shard); }
        }
      }
      const left = queue.length > 0;
      const reached = state.done[state.done.length - 1];
      return {
        hits: state.hits, total: state.hits.length, failed: state.failed, filters: sumFilters(state.filterList),
        since: left && order === "desc" && reached ? reached.first : null,
        until: left && order === "asc" && reached ? reached.last : null,
        more: left ? (n) => step(n) : null,
      };
    };
    return step(this.pageSize);
  }

  /** A 文号 query: complete → its year's table (no Pagefind); else its lookup word in the shard of its year,
   * or in every shard newest first. null: not a 文号 of this archive (then the text search runs). */
  async docnoSearch(idx, docno, filters, sort, pfOptions, filterYears) {
    const year = Number((docno.label.match(/〔(\d{4})〕/) || [])[1] || 0);
    const home = year ? idx.shardOf(year) : null;
    if (year && !home) return null;
    const hasFilters = Object.values(filters).some((f) => f && f.any && f.any.length);
    const words = { runs: [], bigrams: [], words: [docno.label], numbers: [], pieces: [] };
    const table = docno.complete && !hasFilters ? await this.engine.docnoHits(home, year, docno.label) : null;
    if (table && table.length) return { hits: table, total: table.length, label: docno.label, partial: false, query: words, failed: [], filters: {}, more: null };
    if (table) return null;  // the table says: no such 文号 here
    const shards = home ? [home] : idx.covering(filterYears);
    const answer = await this.dated(idx, shards, docno.term, pfOptions, "desc", Boolean(home), () => {});
    let hits = answer.hits;
    if (!hits.length) return answer.failed.length ? { ...answer, label: null, partial: false, query: words } : null;
    // Exact: keep only documents whose own 文号 is the one typed (a complete number: exactly one).
    const datas = await Promise.all(hits.slice(0, docno.complete ? 5 : 1).map((h) => h.data()));
    const ok = datas.map((d) => (docno.complete ? (d.meta || {})["文号"] === docno.label : Boolean((d.meta || {})["文号"])));
    if (docno.complete) hits = hits.filter((_, i) => ok[i]);
    if (!hits.length || !ok.some(Boolean)) return null;
    return { ...answer, hits, total: docno.complete ? hits.length : answer.total, label: docno.label, partial: false, query: words };
  }

  /** The URLs the page would list for a query, in order, full matches only (tests and the benchmark). */
  async urls(q, options) {
    let a = await this.resolve(q, options);
    if (a.partial) return [];
    while (a.more) a = { ...a, since: null, until: null, ...(await a.more(Infinity)) };
    const out = [], seen = new Set();
    for (const hit of a.hits) {
      const item = await this.prepare(hit, a.query, seen);
      if (item && !item.partialMatch) out.push(item.url);
    }
    return out;
  }

  /** A hit ready to show: {url, data|row, partialMatch}; null for a body hit already listed from the title
   * table. A body hit lacking a query word or number is marked, never shown as a full match. */
  async prepare(hit, query, seen) {
    if (hit.row) {
      const url = this.localUrl(hit.url);
      seen.add(url);
      return { url, row: hit.row, partialMatch: false };
    }
    const data = await hit.data();
    const url = this.localUrl(data.url);
    if (seen.has(url)) return null;
    seen.add(url);
    const lang = hit.shard ? hit.shard.lang : "zh";
    const partialMatch = lang === "zh" && query.pieces.length > 0 && !hasAll(decodeZh(data.content).replace(/¶/g, ""), query);
    return { url, data, lang, partialMatch };
  }

  async showMore(focus) {
    const seq = this.seq, a = this.answer;
    const first = this.list.children.length;
    let added = 0;
    while (added < this.pageSize) {
      if (this.shown >= a.hits.length) {
        if (!a.more || (a.titlesOnly && !focus)) break;  // the texts are searched on request only
        this.root.dataset.state = "busy";
        const next = await a.more(this.shown + this.pageSize);
        if (seq !== this.seq) return;
        Object.assign(a, { since: null, until: null, ...next, label: a.label, partial: a.partial, query: a.query });
        this.announce();
        this.showFailed();
        if (this.shown >= a.hits.length && !a.more) break;
        continue;
      }
      const slice = a.hits.slice(this.shown, this.shown + this.pageSize - added);
      this.shown += slice.length;
      let items;
      try {
        items = await Promise.all(slice.map((h) => this.prepare(h, a.query, this.seen)));
      } catch (err) {  // a fragment that cannot be read: say so (its years) rather than skip silently
        const years = slice.filter((h) => h.shard).map((h) => [h.shard.first, h.shard.last]);
        a.failed = [...a.failed, ...years];
        this.showFailed();
        continue;
      }
      if (seq !== this.seq) return;
      for (const item of items) {
        if (!item) continue;
        this.list.append(this.item(item));
        added += 1;
      }
    }
    if (seq === this.seq) this.root.dataset.state = "done";
    const left = this.shown < a.hits.length || Boolean(a.more);
    this.more.hidden = !left;
    this.more.textContent = this.shown >= a.hits.length && a.more ? (a.titlesOnly ? this.s.search_body : this.s.search_older) : this.s.search_more;
    const target = this.list.children[first] || (this.more.hidden && this.list.lastElementChild);
    if (focus && target) target.querySelector("a").focus();
  }

  item({ url, row, data, lang, partialMatch }) {
    const mn = this.cfg.lang === "mn";
    const m = row ? { title: row.title, 文号: row.docno, issue: row.issue, date: row.date, status: row.status } : data.meta || {};
    const textLang = row ? (isMongolian(row.title) ? "mn" : "zh") : lang || (mn ? "mn" : "zh");
    const title = (m.title || url).replace(NNBSP_CARRIER, "\u202f");
    const needles = textLang === "mn" ? this.query.words : [...this.query.runs, ...this.query.words, ...(this.query.pieces || [])];
    const link = el("a", { href: url }, highlighted(title, needles, textLang));
    if (mn && textLang === "zh") link.setAttribute("lang", "zh-Hans");
    const facts = el("p", { class: "search-result-meta" });
    const add = (label, value, valueLang) => {
      if (!value) return;
      const v = value.replace(NNBSP_CARRIER, "\u202f");
      const name = mn ? el("span", { lang: "mn-Mong", class: "mn" }, label) : label;
      const shown = valueLang === "mn" ? el("span", { lang: "mn-Mong", class: "mn" }, v) : el("span", mn ? { lang: "zh-Hans" } : {}, v);
      facts.append(el("span", {}, el("span", { class: "visually-hidden" }, name, "："), shown));
    };
    if (m.status) facts.append(el("span", { class: "search-status doc-status" }, mn ? el("span", { lang: "mn-Mong", class: "mn" }, m.status.replace(NNBSP_CARRIER, "\u202f")) : m.status));  // 已修改 / 已废止 (gazette/graph.py)
    if (partialMatch) facts.append(el("span", { class: "search-partial-item" }, this.s.search_partial_item));
    add(this.s.doc_number, m["文号"], "zh");
    add(this.s.issue, m.issue, textLang);
    add(this.s.written_on, m.date, textLang);
    let excerpt;
    if (row) excerpt = el("p", { class: "search-excerpt" }, highlighted(row.subtitle || "", needles, textLang));
    else excerpt = el("p", { class: "search-excerpt" }, textLang === "mn" ? mnExcerpt(data.excerpt || "") : zhExcerpt(data.content, this.query));
    return el("li", { class: "search-result" }, el("h2", { class: "search-result-title" }, link), facts, excerpt);
  }

  renderFilters(counts, facets) {
    this.groups.replaceChildren();
    this.clear.hidden = !Object.keys(this.state.filters).length;
    if (!facets) return;
    counts = counts || {};
    for (const [key, param, label] of this.cfg.filters) {
      const chosen = this.state.filters[key] || [];
      const have = counts[key] || {};
      const shown = [...new Set([...Object.keys(have).filter((v) => have[v] > 0), ...chosen])];
      if (!shown.length) continue;
      shown.sort(key === "年份" || key === "期" ? compareDesc : (a, b) => (have[b] || 0) - (have[a] || 0) || a.localeCompare(b));
      const legend = el("legend", {}, this.cfg.lang === "mn" ? el("span", { lang: "mn-Mong", class: "mn" }, label) : label);
      const fieldset = el("fieldset", { class: "search-filter" }, legend);
      shown.forEach((value, i) => {
        const id = `f-${param}-${i}`;
        const box = el("input", { type: "checkbox", id, name: param, value, checked: chosen.includes(value) });
        box.addEventListener("change", () => {
          const next = { ...this.state.filters };
          const set = new Set(next[key] || []);
          if (box.checked) set.add(value); else set.delete(value);
          if (set.size) next[key] = [...set]; else delete next[key];
          this.refocus = [param, value];  // the list is rebuilt: keep keyboard focus on this box
          this.go({ ...this.state, filters: next });
        });
        const text = value.replace(NNBSP_CARRIER, "\u202f");
        const name = /[\u1800-\u18af]/.test(text) ? el("span", { lang: "mn-Mong", class: "mn" }, text) : text;
        fieldset.append(el("div", { class: "search-filter-option" }, box, el("label", { for: id }, name, " ", el("span", { class: "search-count" }, `(${have[value] || 0})`))));
      });
      this.groups.append(fieldset);
    }
    if (this.refocus) {
      const [param, value] = this.refocus;
      this.refocus = null;
      const box = [...this.groups.querySelectorAll("input")].find((i) => i.name === param && i.value === value);
      (box || this.panel.querySelector("summary")).focus();
    }
  }
}

function compareDesc(a, b) {
  const na = (a.match(/\d+/g) || []).map(Number), nb = (b.match(/\d+/g) || []).map(Number);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    if ((na[i] || 0) !== (nb[i] || 0)) return (nb[i] || 0) - (na[i] || 0);
  }
  return a.localeCompare(b);
}


const root = document.getElementById("search");
const config = document.getElementById("search-config");
if (root && config) {
  const page = new SearchPage(root, JSON.parse(config.textContent));
  window.gazetteSearch = page;
  page.start();
}
