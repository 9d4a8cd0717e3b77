"""The search page's settings for search.js: its strings, its filters and the index plan (search/index.py
search_plan, handed in by the pipeline), as JSON that is safe inside <script>."""

from __future__ import annotations

import json

from markupsafe import Markup

from .i18n import Ui

SEARCH_STRINGS = (
    "search_results", "search_results_docno", "search_no_results", "search_partial", "search_suggestions", "search_loading",
    "search_error", "search_filters", "search_filter_year", "search_filter_issue", "category", "issuer",
    "search_sort", "search_sort_relevance", "search_sort_date", "search_more", "search_clear_filters",
    "search_docno_exact", "doc_number", "written_on", "issue", "search_results_since", "search_older",
    "search_filters_all_years", "search_failed_years", "search_retry", "search_progress", "search_sort_oldest",
    "search_partial_item", "search_results_until", "search_results_titles", "search_body",
)
# filter key in the index → (URL parameter, UI string); the structured 文号 filters are not shown.
SHOWN_FILTERS = (("年份", "year", "search_filter_year"), ("期", "issue", "search_filter_issue"),
                 ("栏目", "category", "category"), ("发文机关", "issuer", "issuer"))



def page_config(ui: Ui, base_path: str, plan: dict | None = None) -> Markup:
    """The search page's settings and strings for search.js, as JSON safe inside <script>; `plan` is
    search_plan(gazette): every index file search.js may ask for is named or counted there."""
    data = {
        "lang": ui.lang,
        "base": base_path,
        "index": plan or {},
        "strings": {k: ui.plain(k) for k in SEARCH_STRINGS},
        "filters": [[key, param, ui.plain(label)] for key, param, label in SHOWN_FILTERS],
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
