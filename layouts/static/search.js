// Search page: turns what a reader types into the index's own tokens and shows the results.
// Design and measurements: docs/search.md. Index side: gazette/search.py (the two must agree).
//
// Chinese: the index holds no Chinese words, only ASCII bigram tokens (q + 3 base-36 digits per Han
// character, see HAN_RANGES), so Pagefind's segmentation never runs on Chinese. A query of n Han
// characters becomes its n-1 bigram tokens (AND); one character becomes a prefix token.
// 文号: any spelling is folded like gazette/docnumber.py and looked up by its lookup word; a complete one
// is read from its year's table without Pagefind (docs/search.md point 10).
// Mongolian: the query is NFC with U+180B–U+180F removed and U+202F as a space.

const HAN_RANGES = [[0x4e00, 0x9fff], [0x3400, 0x4dbf], [0x3007, 0x3007], [0xf900, 0xfaff]];
const HAN_RUN = /[\u4e00-\u9fff\u3400-\u4dbf\u3007\uf900-\ufaff]+/g;
const B36 = "0123456789abcdefghijklmnopqrstuvwxyz";
const END = "zzz";
const TOKEN = /q([0-9a-l][0-9a-z]{2})(?:[0-9a-l][0-9a-z]{2}|zzz)/g;
const PAGE_SIZE = 5;  // results per page: each costs its fragment (≈6 KB at 10,000 documents, docs/search.md point 10)
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

/** Mongolian search key: the same fold as gazette/search.py mn_key. */
export function mnKey(text) {
  return text.normalize("NFC").replace(/[\u180b-\u180f]/g, "").replace(/\u202f/g, " ");
}

/** A Chinese query → {terms: Pagefind query words, runs: Han runs, bigrams, words: other words}.
 * A Han run followed (without a space) by punctuation or a digit ends there in the text too, so its last
 * character is looked up with the END token, as the index wrote it. A number that opens the query and
 * runs on into the text may be the tail of a longer number (…2019〕 → 9〕), so it is not required. */
export function zhQuery(text) {
  const q = fold(text);
  const parts = q.match(/[\u4e00-\u9fff\u3400-\u4dbf\u3007\uf900-\ufaff]+|(?:(?![\u4e00-\u9fff\u3400-\u4dbf\u3007\uf900-\ufaff])[\p{L}\p{N}])+|\s+|./gu) || [];
  const terms = [], runs = [], bigrams = [], words = [];
  const isHan = (p) => p !== undefined && /^[\u4e00-\u9fff\u3400-\u4dbf\u3007\uf900-\ufaff]/.test(p);
  const isWord = (p) => p !== undefined && /^[\p{L}\p{N}]/u.test(p);
  parts.forEach((part, i) => {
    const next = parts[i + 1];
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
    } else if (isWord(part)) {
      words.push(part);
      const tail = i === 0 && /^\p{N}+$/u.test(part) && next !== undefined && !/^\s/.test(next);
      if (!tail) terms.push(part);
    }
  });
  if (!terms.length && words.length) terms.push(...words);
  return { terms: [...new Set(terms)], runs, bigrams, words };
}

/** The stored Chinese text back from its tokens (excerpts are made from it). */
export function decodeZh(content) {
  return content
    .replace(/\u200b/g, "")
    .replace(/ ?\bq(?:w[0-9a-z]+|qqall)\b ?/g, "")
    .replace(/ ?q([0-9a-l][0-9a-z]{2})(?:[0-9a-l][0-9a-z]{2}|zzz) ?/g, (_, code) => hanChar(code));
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

// ----------------------------------------------------------------------------- page

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
  return { q: p.get("q") || "", sort: p.get("sort") === "date" ? "date" : "", filters };
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

const ALL_DOCS = "qqqall";
const SHARD = "shard";
const PRIMARY = "pagefind/";

/** Pagefind's own merge of filter counts across searches (value counts summed per filter). */
function sumFilters(list) {
  const out = {};
  for (const filters of list) {
    for (const [key, values] of Object.entries(filters || {})) {
      if (key === SHARD) continue;
      const into = out[key] || (out[key] = {});
      for (const [v, n] of Object.entries(values)) into[v] = (into[v] || 0) + n;
    }
  }
  return out;
}

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
    this.seq = 0;
    // Older shards (not the primary pagefind/), newest first, with their years (dir …/<lang>-<first>-<last>/).
    this.older = (cfg.shards || []).map((dir) => {
      const m = dir.match(/-(\d{4})-(\d{4})\/$/);
      return { dir, first: m ? Number(m[1]) : 0, last: m ? Number(m[2]) : 9999 };
    });
    this.depth = 0;  // older shards searched so far: older[0 .. depth-1] (the primary always)
    this.merging = new Map();  // dir → mergeIndex promise (a shard is merged once, when first needed)
    this.pageSize = window.gazetteSearchPageSize || PAGE_SIZE;  // tests may lower it
    this.ready = null;  // Pagefind, once a search needs it (a 文号 found in its table never does)
    this.tables = new Map();  // docno table URL → promise of {文号: [fragment names]} or null
    this.excerptLength = cfg.lang === "mn" ? 10 : 40;  // mn: Pagefind's excerpt, in vertical columns
  }

  async start() {
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.go({ ...this.state, q: this.input.value.trim() });
    });
    this.sort.addEventListener("change", () => this.go({ ...this.state, sort: this.sort.value }));
    this.clear.addEventListener("click", () => this.go({ ...this.state, filters: {} }));
    this.more.addEventListener("click", () => this.showMore(true));
    // Facet counts need the filter files; they are fetched when the reader opens the panel (or has
    // chosen a filter), not for every first search (docs/search.md: bytes).
    this.panel.addEventListener("toggle", () => { if (this.panel.open && !this.withFacets) this.run(); });
    window.addEventListener("popstate", () => this.load());
    // Pagefind is loaded when a search needs it (docs/search.md point 10), or as soon as the reader starts
    // typing, so that the first typed search does not wait for the runtime.
    this.input.addEventListener("focus", () => this.pagefind().catch(() => {}), { once: true });
    await this.load();
  }

  /** Pagefind with the primary index (pagefind/: the newest years) only; older shards (gazette/search.py
   * plan_shards) are merged lazily, newest first, when a search needs them (docs/search.md point 9). Each
   * carries a synthetic filter `shard` so a search can be limited to some shards and a date-sorted one run
   * per shard and concatenated (Pagefind orders merged results by score only). */
  pagefind() {
    if (!this.ready) {
      this.ready = (async () => {
        const basePath = this.cfg.base + PRIMARY;
        const pf = await importPagefind(basePath);
        const options = { basePath, noWorker: true, excerptLength: this.excerptLength };
        await pf.options(this.older.length ? { ...options, mergeFilter: { [SHARD]: PRIMARY } } : options);
        await pf.init();
        this.pf = pf;
        return pf;
      })();
    }
    return this.ready;
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
    const options = { filters: this.filterOptions(facets), sort: sort === "date" ? { date: "desc" } : {} };
    this.list.replaceChildren();
    this.more.hidden = true;
    this.empty.hidden = true;
    this.controls.hidden = !(q || hasFilters);
    if (!q && !hasFilters) { this.result = null; this.say(""); this.root.dataset.state = "done"; return; }
    this.say(this.s.search_loading);
    let answer;
    try {
      answer = await this.resolve(q, options);
    } catch (err) {  // Pagefind could not be loaded
      if (seq === this.seq) { this.say(this.s.search_error); this.root.dataset.state = "error"; }
      throw err;
    }
    const { result, label, partial, query, more } = answer;
    if (seq !== this.seq) return;  // a newer search has started
    this.query = query;
    this.result = result;
    this.extend = partial ? null : more;  // loads older shards for "more" (null: the answer is complete)
    this.withFacets = facets;
    this.shown = 0;
    this.renderFilters(result, facets);
    const count = result.results.length;
    if (!count || partial) {
      this.say(format(partial ? this.s.search_partial : this.s.search_no_results, { query: q }));
      this.empty.hidden = false;
    } else {
      this.announce(label);
    }
    this.label = label;
    if (count) await this.showMore(false);
    if (seq === this.seq) this.root.dataset.state = "done";
  }

  /** The count, and — while older shards are unsearched — the years it covers (live region). */
  announce(label) {
    const count = this.result.results.length;
    if (label) this.say(format(this.s.search_results_docno, { number: label, count }));
    else if (this.extend && this.depth < this.older.length) this.say(format(this.s.search_results_since, { count, year: this.sinceYear() }));
    else this.say(format(this.s.search_results, { count }));
  }

  /** The oldest year the searched shards reach (the primary starts after the newest older shard). */
  sinceYear() {
    return this.depth ? this.older[this.depth - 1].first : this.older[0].last + 1;
  }

  merge(dir) {
    if (dir === PRIMARY) return this.pagefind();
    if (!this.merging.has(dir)) {
      const options = { excerptLength: this.excerptLength, mergeFilter: { [SHARD]: dir } };
      this.merging.set(dir, this.pagefind().then((pf) => pf.mergeIndex(this.cfg.base + dir, options)));
    }
    return this.merging.get(dir);
  }

  /** A complete 文号 from the table of its year (gazette/search.py write_docno_tables), in the shard folder
   * `dir` holding that year: the results (fragments read directly, Pagefind not needed), [] when the table
   * says it is not there, null when there is no table (or no DecompressionStream): then Pagefind is asked. */
  async docnoHits(dir, year, label) {
    if (typeof DecompressionStream !== "function") return null;
    const url = `${this.cfg.base}${dir}docno/${this.cfg.lang}-${year}.pagefind`;
    if (!this.tables.has(url)) {
      this.tables.set(url, readPacked(url).then((b) => (b ? JSON.parse(new TextDecoder().decode(b)) : null), () => null));
    }
    const table = await this.tables.get(url);
    if (!table) return null;
    return (table[label] || []).map((name) => {
      let data = null;
      return { id: dir + name, data: () => data || (data = this.fragment(dir, name)) };
    });
  }

  /** A fragment as Pagefind's result.data() gives it (URL under base_path, text without U+200B; for
   * Mongolian an excerpt of the first words, escaped, as mnExcerpt reads Pagefind's). */
  async fragment(dir, name) {
    const bytes = await readPacked(`${this.cfg.base}${dir}fragment/${name}.pf_fragment`);
    if (!bytes) throw new Error(`no fragment ${name}`);
    const data = JSON.parse(new TextDecoder().decode(bytes).slice("pagefind_dcd".length));
    data.content = data.content.replace(/\u200b/g, "");
    data.url = (this.cfg.base + "/" + data.url).replace(/\/+/g, "/");
    const escape = (t) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    data.excerpt = escape(data.content.split(/\s+/).slice(0, this.excerptLength).join(" "));
    return data;
  }

  /** Search the next older shard too (false when none is left). */
  async deepen() {
    if (this.depth >= this.older.length) return false;
    await this.merge(this.older[this.depth].dir);
    this.depth += 1;
    return true;
  }

  /** Every shard (filter counts and filtering need the whole archive: docs/search.md point 9). */
  async deepenAll() {
    await Promise.all(this.older.slice(this.depth).map((s) => this.merge(s.dir)));
    this.depth = this.older.length;
  }

  /** Pagefind's search over the given shards (default: the primary and the searched older ones).
   * Relevance: Pagefind merges the shards by score. Newest first: a date-sorted result's score is only its
   * position within its own shard, so each shard is searched on its own (the `shard` filter) and the lists
   * are concatenated, newest shard first (shards are contiguous years); filter counts are summed. */
  async search(term, options, dirs = null) {
    await this.pagefind();
    if (!this.older.length) return this.pf.search(term, options);
    dirs = dirs || [PRIMARY, ...this.older.slice(0, this.depth).map((s) => s.dir)];
    if (!(options.sort && options.sort.date)) {
      // Limit to `dirs` only when some other shard is merged (a 文号 lookup may have merged one).
      if (this.merging.size + 1 === dirs.length) return this.pf.search(term, options);
      return this.pf.search(term, { ...options, filters: { ...options.filters, [SHARD]: { any: dirs } } });
    }
    const parts = await Promise.all(dirs.map((dir) => this.pf.search(term, { ...options, filters: { ...options.filters, [SHARD]: dir } })));
    return { ...parts[0], results: parts.flatMap((p) => p.results), filters: sumFilters(parts.map((p) => p.filters)) };
  }

  /** Search newest first, merging one older shard at a time, until `want` results (whose first one has
   * every query word, when `check` says so) or no shard is left. */
  async searchEnough(term, options, want, check = null) {
    for (;;) {
      const r = await this.search(term, options);
      if (r.results.length >= want && (!check || await check(r))) return r;
      if (!(await this.deepen())) return r;
    }
  }

  /** What the page shows for a query: {result, label (文号 found), partial, query}. Tests call it too. */
  async resolve(q, options = { filters: {}, sort: {} }) {
    const sort = options.sort || {};
    // Filters (and their counts) cover the whole archive: every shard is merged first.
    if (Object.keys(options.filters || {}).length) await this.deepenAll();
    const want = this.pageSize;
    let query = this.cfg.lang === "zh" ? zhQuery(q) : { runs: [], bigrams: [], words: mnKey(q).split(/\s+/).filter(Boolean) };
    const docno = q ? docNumberQuery(q) : null;
    if (docno) {
      // A 文号 with a year is in the one shard holding that year; without one, newest shards first.
      const year = Number((docno.label.match(/〔(\d{4})〕/) || [])[1] || 0);
      const home = year ? (this.older.find((s) => s.first <= year && year <= s.last) || { dir: PRIMARY }).dir : null;
      const docOptions = { ...options, sort: sort.date || !docno.complete ? { date: "desc" } : {} };
      // Without filters (whose counts need Pagefind), a complete 文号 is read from its year's table.
      const table = docno.complete && home && !Object.keys(options.filters || {}).length ? await this.docnoHits(home, year, docno.label) : null;
      if (table && table.length) {
        const words = { runs: [], bigrams: [], words: [docno.label] };
        return { result: { results: table, filters: {} }, label: docno.label, partial: false, query: words, more: null };
      }
      let r;
      if (table) r = { results: [] };  // not in the table: not in the archive as a 文号
      else if (home) { await this.merge(home); r = await this.search(docno.term, docOptions, [home]); }
      else r = await this.searchEnough(docno.term, docOptions, want);
      let hits = r.results;
      if (hits.length) {
        // Exact: keep only documents whose own 文号 is the one typed (a complete number: exactly one).
        const datas = await Promise.all(hits.slice(0, docno.complete ? 5 : 1).map((h) => h.data()));
        const ok = datas.map((d) => docno.complete ? (d.meta || {})["文号"] === docno.label : Boolean((d.meta || {})["文号"]));
        if (docno.complete) hits = hits.filter((_, i) => ok[i]);
        if (hits.length && ok.some(Boolean)) {
          const more = home ? null : (n) => this.searchEnough(docno.term, docOptions, n);
          return { result: { ...r, results: hits }, label: docno.label, partial: false, query: { runs: [], bigrams: [], words: [docno.label] }, more };
        }
      }
    }
    if (!q) {
      const all = { ...options, sort: { date: "desc" } };
      return { result: await this.searchEnough(ALL_DOCS, all, want), label: null, partial: false, query, more: (n) => this.searchEnough(ALL_DOCS, all, n) };
    }
    const text = this.cfg.lang === "zh" ? query.terms.join(" ") : mnKey(q);
    // A word missing from the searched shards makes Pagefind answer with part of the query: search on.
    const check = this.cfg.lang === "zh" ? (r) => this.hasAll(r.results[0], query) : null;
    const result = text ? await this.searchEnough(text, options, want, check) : { results: [], filters: {} };
    const partial = this.cfg.lang === "zh" && result.results.length > 0 && !(await this.hasAll(result.results[0], query));
    const more = text ? (n) => this.searchEnough(text, options, n, check) : null;
    return { result, label: null, partial, query, more };
  }

  /** The URLs the page would list for a query, in order (for tests and the benchmark). */
  async urls(q, options) {
    const { result, partial } = await this.resolve(q, options);
    return partial ? [] : result.results.length ? await Promise.all(result.results.map(async (r) => (await r.data()).url)) : [];
  }

  /** Pagefind drops a query word that is nowhere in the index; then its results only match part of it. */
  async hasAll(first, query) {
    const data = await first.data();
    const text = decodeZh(data.content).replace(/¶/g, "");
    return query.bigrams.every((b) => text.includes(b)) && query.runs.every((r) => r.length !== 1 || text.includes(r));
  }

  async showMore(focus) {
    const seq = this.seq;
    if (focus && this.extend && this.shown + this.pageSize > this.result.results.length && this.depth < this.older.length) {
      // The reader asks for more than the searched years hold: search older shards, keep what is shown.
      this.root.dataset.state = "busy";
      this.say(this.s.search_loading);
      const r = await this.extend(this.shown + this.pageSize);
      if (seq !== this.seq) return;
      const kept = this.result.results.slice(0, this.shown);
      const seen = new Set(kept.map((x) => x.id));
      this.result = { ...r, results: [...kept, ...r.results.filter((x) => !seen.has(x.id))] };
      this.announce(this.label);
      this.root.dataset.state = "done";
    }
    const slice = this.result.results.slice(this.shown, this.shown + this.pageSize);
    const datas = await Promise.all(slice.map((r) => r.data()));
    if (seq !== this.seq) return;
    const first = this.shown;
    datas.forEach((d) => this.list.append(this.item(d)));
    this.shown += slice.length;
    const older = Boolean(this.extend) && this.depth < this.older.length;  // unsearched older years
    this.more.hidden = this.shown >= this.result.results.length && !older;
    this.more.textContent = this.shown >= this.result.results.length ? this.s.search_older : this.s.search_more;
    // Focus the first new result (older shards may add none: then the last one, the button being hidden).
    const target = this.list.children[first] || (this.more.hidden && this.list.lastElementChild);
    if (focus && target) target.querySelector("a").focus();
  }

  item(data) {
    const m = data.meta || {};
    const mn = this.cfg.lang === "mn";
    const title = (m.title || data.url).replace(NNBSP_CARRIER, "\u202f");
    const needles = mn ? this.query.words : [...this.query.runs, ...this.query.words];
    const link = el("a", { href: data.url }, highlighted(title, needles, mn ? "mn" : "zh"));
    const facts = el("p", { class: "search-result-meta" });
    const add = (label, value, lang) => {
      if (!value) return;
      const v = value.replace(NNBSP_CARRIER, "\u202f");
      const name = mn ? el("span", { lang: "mn-Mong", class: "mn" }, label) : label;
      const shown = lang === "mn" ? el("span", { lang: "mn-Mong", class: "mn" }, v) : el("span", mn ? { lang: "zh-Hans" } : {}, v);
      facts.append(el("span", {}, el("span", { class: "visually-hidden" }, name, "："), shown));
    };
    if (m.status) facts.append(el("span", { class: "search-status doc-status" }, mn ? el("span", { lang: "mn-Mong", class: "mn" }, m.status.replace(NNBSP_CARRIER, "\u202f")) : m.status));  // 已修改 / 已废止 (gazette/graph.py)
    add(this.s.doc_number, m["文号"], "zh");
    add(this.s.issue, m.issue, mn ? "mn" : "zh");
    add(this.s.written_on, m.date, mn ? "mn" : "zh");
    const excerpt = el("p", { class: "search-excerpt" }, mn ? mnExcerpt(data.excerpt || "") : zhExcerpt(data.content, this.query));
    return el("li", { class: "search-result" }, el("h2", { class: "search-result-title" }, link), facts, excerpt);
  }

  renderFilters(result, facets) {
    this.groups.replaceChildren();
    this.clear.hidden = !Object.keys(this.state.filters).length;
    if (!facets) return;
    if (this.older.length) {
      const note = this.s.search_filters_all_years;
      this.groups.append(el("p", { class: "search-filter-note" }, this.cfg.lang === "mn" ? el("span", { lang: "mn-Mong", class: "mn" }, note) : note));
    }
    const counts = result.filters || {};
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
