// Search page (docs/search.md): form, status line, results, address (?q=, sort, filters). It shows what
// search-engine.js answers; the query encoding is search-encoding.js.

import { isMongolian } from "./search-encoding.js";
import { Engine, PAGE_SIZE } from "./search-engine.js";

const NNBSP_CARRIER = /\u2060/g;

// ---- helpers

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

/** A Chinese excerpt around the first match in the body of the decoded stored text (the title is shown,
 * highlighted, on its own). Whole query runs are highlighted; only when no run occurs anywhere are its bigrams
 * highlighted. */
function zhExcerpt(decoded, query) {
  const blocks = decoded.split("¶").map((b) => b.trim()).filter(Boolean);
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


/** Let the browser paint and handle input between two pieces of work. */
function yieldToMain() {
  if (globalThis.scheduler && typeof scheduler.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Once the screen shows the last change (two frames; 150 ms in a hidden tab). */
function painted() {
  return new Promise((resolve) => {
    const late = setTimeout(resolve, 150);
    requestAnimationFrame(() => requestAnimationFrame(() => { clearTimeout(late); resolve(); }));
  });
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


// ---- page

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
    this.pageSize = window.gazetteSearchPageSize || PAGE_SIZE;  // tests may lower it
    this.engine = new Engine(cfg, this.pageSize);
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

  // The engine's answers, as tests and the benchmark ask for them (window.gazetteSearch).
  resolve(q, options, progress) { return this.engine.resolve(q, options, progress); }
  prepare(hit, query, seen) { return this.engine.prepare(hit, query, seen); }
  urls(q, options) { return this.engine.urls(q, options); }

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
      // Results shown as they are ready; an answer's first is read alone (the page's largest paint).
      const read = (h) => { const p = this.prepare(h, a.query, this.seen); p.catch(() => {}); return p; };
      const pending = this.shown === 0 ? [read(slice[0])] : slice.map(read);
      this.shown += slice.length;
      for (let i = 0; i < slice.length; i++) {
        if (i === pending.length) pending.push(...slice.slice(i).map(read));
        let item;
        try {
          item = await pending[i];
        } catch (err) {  // a fragment that cannot be read: say so (its years) rather than skip silently
          const years = slice.slice(i).filter((h) => h.shard).map((h) => [h.shard.first, h.shard.last]);
          a.failed = [...a.failed, ...years];
          this.showFailed();
          break;
        }
        if (seq !== this.seq) return;
        if (!item) continue;
        this.list.append(this.item(item));
        added += 1;
        if (i + 1 < slice.length) await (i + 1 < pending.length ? yieldToMain() : painted());
        if (seq !== this.seq) return;
      }
    }
    if (seq === this.seq) this.root.dataset.state = "done";
    const left = this.shown < a.hits.length || Boolean(a.more);
    this.more.hidden = !left;
    this.more.textContent = this.shown >= a.hits.length && a.more ? (a.titlesOnly ? this.s.search_body : this.s.search_older) : this.s.search_more;
    const target = this.list.children[first] || (this.more.hidden && this.list.lastElementChild);
    if (focus && target) target.querySelector("a").focus();
  }

  item({ url, row, data, text, lang, partialMatch }) {
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
    if (m.status) facts.append(el("span", { class: "search-status doc-status" }, mn ? el("span", { lang: "mn-Mong", class: "mn" }, m.status.replace(NNBSP_CARRIER, "\u202f")) : m.status));  // 已修改 / 已废止 (gazette/content/graph.py)
    if (partialMatch) facts.append(el("span", { class: "search-partial-item" }, this.s.search_partial_item));
    add(this.s.doc_number, m["文号"], "zh");
    add(this.s.issue, m.issue, textLang);
    add(this.s.written_on, m.date, textLang);
    let excerpt;
    if (row) excerpt = el("p", { class: "search-excerpt" }, highlighted(row.subtitle || "", needles, textLang));
    else excerpt = el("p", { class: "search-excerpt" }, textLang === "mn" ? mnExcerpt(data.excerpt || "") : zhExcerpt(text, this.query));
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
