// Search engine (docs/search.md point 11): a query → its hits, from the files gazette/search/index.py wrote.
// Text: title table first, then only the shards the presence map says may hold every term, one Pagefind
// instance each, at most POOL requests in flight; a shard that fails is reported by its years, never dropped.

import {
  ALL_DOCS, MAPPED_TERM, canon, containsWhole, decodeZh, docNumberQuery, hasAll, isMongolian, mapChunk, mnKey,
  zhQuery,
} from "./search-encoding.js";

export const PAGE_SIZE = 5;  // results per page: each body result costs its fragment (≈6 KB at 10,000 documents)
const POOL = 6;  // index requests in flight at most (Chromium refuses loaders beyond its per-process limit)
const SHARDS_AT_ONCE = 3;  // shard instances searched at the same time

/** The bytes of a gzip file written by gazette/search/index.py or Pagefind, inflated; null when missing. */
async function readPacked(url) {
  const r = await fetch(url);
  return r.ok ? new Uint8Array(await inflated(await r.arrayBuffer())) : null;
}

/** Pagefind's runtime: packed pagefind.js (index.py PACKED_RUNTIME: 12.8 KB, not 45.6) imported from a blob:
 * URL, else (no DecompressionStream, a CSP without blob:, no file) pagefind.js itself; given its folder
 * explicitly, without its web worker (41 KB more: docs/search.md point 10). */
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

// ---- fetching

/** A gzip body inflated by the browser's DecompressionStream (else as it is): Pagefind then skips its own
 * JavaScript gunzip, one long main-thread task per file (bench/README.md, Lighthouse). */
async function inflated(body) {
  const bytes = new Uint8Array(body);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b || typeof DecompressionStream !== "function") return body;
  try {
    return await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
  } catch (err) {
    return body;  // Pagefind reports it
  }
}

/** Every index request goes through here (installed before Pagefind, which calls the global fetch): at most
 * POOL in flight, a slot held until the body is read; failures recorded by URL (Pagefind only logs "Failed
 * to load the index chunk" and goes on with a partial index); every shard's wasm request gets the primary's
 * bytes (shard folders have none); gzip inflated; bytes counted (the benchmark reads them). */
class Fetcher {
  constructor(base) {
    this.base = base;
    this.active = 0;
    this.queue = [];
    this.failures = [];  // URLs (absolute) that failed
    this.bytes = 0;
    this.requests = 0;
    this.wasm = new Map();  // primary wasm URL → promise of its inflated bytes
    this.early = new Map();  // URL without query → promise of a prefetched read (null when it failed)
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
      let r;
      try { r = await this.wasmBytes(`${this.base}pagefind${wasm[0]}`); } catch (err) { this.failures.push(abs.href); throw err; }
      if (r.failed) this.failures.push(abs.href);  // (a prefetch records nothing itself)
      return new Response(r.body.slice(0), { status: r.status, headers: r.headers });
    }
    const key = abs.origin + abs.pathname;  // Pagefind adds ?ts= to the entry file
    const early = this.early.get(key);
    this.early.delete(key);
    const r = (early && (await early)) || (await this.slot(abs.href));
    if (early && r.failed) this.failures.push(abs.href);
    return new Response(await inflated(r.body), { status: r.status, headers: r.headers });
  }

  /** The primary's wasm, read once for all shards (dropped when it failed: a retry reads it). */
  wasmBytes(primary) {
    if (!this.wasm.has(primary)) {
      const drop = () => this.wasm.delete(primary);
      this.wasm.set(primary, this.slot(primary, false).then(async (r) => {
        if (r.failed) drop();
        return { ...r, body: await inflated(r.body) };
      }, (e) => { drop(); throw e; }));
    }
    return this.wasm.get(primary);
  }

  /** Read a file Pagefind will ask for (its request gets these bytes; a failure counts only then). */
  prefetch(url) {
    const abs = new URL(url, location.href), key = abs.origin + abs.pathname;
    if (!this.early.has(key)) this.early.set(key, this.slot(abs.href, false).catch(() => null));
    return this.early.get(key);
  }

  async slot(url, record = true) {
    while (this.active >= POOL) await new Promise((resolve) => this.queue.push(resolve));
    this.active += 1;
    this.requests += 1;
    try {
      const response = await this.original(url);
      const body = await response.arrayBuffer();
      this.bytes += body.byteLength;
      if (!response.ok && record) this.failures.push(url);
      return { body, status: response.status, headers: response.headers, failed: !response.ok };
    } catch (err) {
      if (record) this.failures.push(url);
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
    // A shard's own index files (fragments reject loudly in result.data(); the primary folder holds more).
    const own = (u) => u.startsWith(prefix) && /^(index\/|filter\/|pagefind-entry\.json|pagefind\.[^/]+\.pf_meta|wasm\.)/.test(u.slice(prefix.length));
    const mine = this.failures.filter(own);
    this.failures = this.failures.filter((u) => !own(u));
    return mine;
  }
}

// ---- data

/** One language's index as gazette/search/index.py search_plan describes it: shards oldest first (bit i of a map
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
    const mapped = terms.filter((t) => MAPPED_TERM.test(t));
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

  /** The decades whose title tables cover `years` (all when none). */
  titleDecades(years) {
    return this.decades.filter((d) => !years.length || years.some(([a, b]) => d <= b && a <= d + 9));
  }

  /** One decade's title table (read once: engine.table). */
  titleTable(decade) {
    return this.engine.table(`${this.engine.base}pagefind/titles/${this.lang}-${decade}.pagefind`);
  }

  /** Title table rows of the decades covering `years` (all decades when none) as objects by field name;
   * {rows, failed: [[first, last] of decades not read]}. */
  async titles(years) {
    const tables = await Promise.all(this.titleDecades(years).map((d) => this.titleTable(d)));
    const rows = [], failed = [], wanted = this.titleDecades(years);
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
      this.engine.warm(shard);
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


export class Engine {
  constructor(cfg, pageSize = PAGE_SIZE) {
    this.cfg = cfg;
    this.pageSize = pageSize;  // hits a date-ordered search gathers before it stops (the page's page size)
    this.base = cfg.base;
    this.fetcher = new Fetcher(cfg.base);
    this.excerptLength = cfg.lang === "mn" ? 10 : 40;  // mn: Pagefind's excerpt, in vertical columns
    this.ready = null;
    this.warmed = new Set();  // shard folders whose first files are read ahead (warm)
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

  /** Read ahead what Pagefind's first search of a shard reads in turn (entry, then meta; wasm): fewer round
   * trips before the first body result (bench/README.md). */
  warm(shard) {
    if (this.warmed.has(shard.dir) || typeof DecompressionStream !== "function") return;
    this.warmed.add(shard.dir);
    const dir = this.base + shard.dir, language = shard.lang === "mn" ? "mn-mong" : "zh-hans";
    // This site's indexes have no language-specific wasm (entry `wasm: null`).
    this.fetcher.wasmBytes(`${this.base}pagefind/wasm.unknown.pagefind`).catch(() => {});
    this.fetcher.prefetch(dir + "pagefind-entry.json").then((r) => {
      const entry = r && !r.failed ? JSON.parse(new TextDecoder().decode(r.body)) : null;
      const meta = entry && entry.languages && entry.languages[language];
      if (!meta) return;
      this.fetcher.prefetch(`${dir}pagefind.${meta.hash}.pf_meta`);
      this.fetcher.wasmBytes(`${this.base}pagefind/wasm.${meta.wasm || "unknown"}.pagefind`).catch(() => {});
    }).catch(() => {});
  }

  /** Run `make(pagefind)` (an instance's creation and init) after the first instance has instantiated the
   * wasm: two initialised together each instantiate it, and the later silently replaces the module under
   * the earlier one's pointers ("memory access out of bounds", measured). */
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

  /** A gzip JSON file written by gazette/search/index.py (title table, map, 文号 table); null when missing. */
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

  /** A complete 文号 from the table of its year (gazette/search/index.py write_docno_tables) in the shard folder
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

  /** A page URL for the interface's language (Chinese results on the Mongolian interface: their /mn/ page). */
  localUrl(url) {
    const base = this.cfg.base;
    if (this.cfg.lang !== "mn" || url.startsWith(base + "mn/")) return url;
    return base + "mn/" + url.slice(base.length);
  }

  // ---- resolving a query

  /** What the page shows for a query: {hits, total, label (文号 found), partial, query, failed: year ranges
   * not searched, filters: counts, since/until: the years a date-ordered search covers so far, more: loads
   * further shards of a date-ordered search}. Tests and the benchmark call it too. */
  async resolve(q, options = { filters: {}, sort: "" }, progress = () => {}) {
    const sort = typeof options.sort === "string" ? options.sort : options.sort && options.sort.date ? "date" : "";
    const filters = options.filters || {};
    const facets = Boolean(options.facets) || Object.values(filters).some((f) => f && f.any && f.any.length);
    const filterYears = ((filters["年份"] || {}).any || []).map(Number).filter(Boolean).map((y) => [y, y]);
    const zhData = !isMongolian(q) && this.langs.zh ? this.langs.zh : null;
    let idx = this.cfg.lang === "zh" || !isMongolian(q) ? zhData : this.langs.mn || null;
    if (!q && this.cfg.lang === "mn" && this.langs.mn) idx = this.langs.mn;  // browse: the interface's values
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
    const onlyYear = Object.keys(filters).every((k) => k === "年份" || !(filters[k].any || []).length);  // titles can answer
    if (idx.lang === "zh") {
      // The newest title table is read with the map; the only one, without the query: load Pagefind meanwhile.
      const newest = shards[shards.length - 1], decades = idx.titleDecades(shards.map((s) => [s.first, s.last]));
      if (!sort && onlyYear && newest) {
        const own = idx.titleDecades([[newest.first, newest.last]]).slice(-1);
        own.forEach((d) => idx.titleTable(d));
        if (!facets && decades.length === 1 && own[0] === decades[0]) {
          idx.titles([[newest.first, newest.last]]).then(({ rows, failed }) => {
            if (!failed.length && !this.titleHits(rows, query, idx.lang, filterYears).length) {
              this.warm(newest);
              this.pagefind().catch(() => {});
            }
          });
        }
      }
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
    const table = docno.complete && !hasFilters ? await this.docnoHits(home, year, docno.label) : null;
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

  /** A hit ready to show: {url, data|row, text (Chinese: the stored text decoded, once), partialMatch}; null
   * for a body hit already listed from the title table. A body hit lacking a query word or number is marked,
   * never shown as a full match. */
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
    const text = lang === "zh" ? decodeZh(data.content) : "";
    const partialMatch = lang === "zh" && query.pieces.length > 0 && !hasAll(text.replace(/¶/g, ""), query);
    return { url, data, text, lang, partialMatch };
  }
}
