"""What the preview keeps between rebuilds: the parsed issue folders and the planned views.

A save re-reads only its issue folder (ContentCache) and re-plans only the pages of issues whose Issue object
changed (plan_memoised): at 10,000 documents that is what keeps an edit under a second (gazette/preview/rebuild.py).
"""

from __future__ import annotations

import operator
from pathlib import Path
from typing import Iterable

from ..content.config import Config
from ..content.issue_folder import read_issue_folder
from ..content.load import assemble_gazette
from ..content.model import Gazette, Issue
from ..content.walk import issue_folders
from ..core.errors import Diagnostic
from ..pages.listing import listing_digest
from ..pages.permalinks import permalink_pages
from ..pages.planner import Planner
from ..pages.views import PlannedPage


class ContentCache:
    """The archive as of the last rebuild: each issue folder's parse result, re-read only when it changed.

    Uses the build's folder reader (content/issue_folder.py) and cross-issue checks (content/load.py): the same messages as `check`.
    """

    def __init__(self, config: Config):
        self.config = config
        self.folders: dict[Path, tuple[Issue | None, list[Diagnostic]]] = {}

    def prime(self, gazette: Gazette, warnings: Iterable[Diagnostic]) -> None:
        """Take over a full build's model, so the first edit re-reads one folder, not the archive."""
        by_rel: dict[str, list[Diagnostic]] = {}
        for w in warnings:
            parts = w.path.split("/")
            by_rel.setdefault("/".join(parts[:3]), []).append(w)
        base = self.config.content_dir.parent
        for issue in gazette.issues:
            folder = self.config.content_dir / str(issue.year) / f"{issue.number:02d}"
            rel = folder.relative_to(base).as_posix()
            self.folders[folder] = (issue, by_rel.get(rel, []))

    def load(self, dirty: set[Path]) -> tuple[Gazette | None, tuple[Diagnostic, ...]]:
        """Like load.load_gazette, re-reading only folders in `dirty` (or not seen before)."""
        out: list[Diagnostic] = []
        folders = issue_folders(self.config, out)
        for folder in folders:
            if folder in dirty or folder not in self.folders:
                local: list[Diagnostic] = []
                self.folders[folder] = (read_issue_folder(self.config, folder, local), local)
        for gone in set(self.folders) - set(folders):
            del self.folders[gone]
        return assemble_gazette(self.config, [self.folders[f] for f in folders], out)


class _MemoPlanner(Planner):
    """planner.Planner whose per-issue pages and list entries are reused while their issue is unchanged.

    An Issue object is reused by ContentCache until its folder changes, so identity (`is`) tells whether a
    document page, an issue page or a list entry can still be the one planned last time.
    """

    def __init__(self, config, gazette, ui, other, search_plan: dict, memo: dict):
        super().__init__(config, gazette, ui, other, search_plan)
        self._memo = memo
        self._listings_before = memo.get(_LISTINGS)  # the archive key the memo's pages were planned under

    def _cached(self, key, deps, make, inputs=None):
        """`deps` compared by identity; `inputs` (what a page shows of other issues: the citation graph's
        page_inputs) by equality, so a citation or relation recorded elsewhere re-plans the page."""
        hit = self._memo.get(key)
        if hit is not None and len(hit[0]) == len(deps) and all(map(operator.is_, hit[0], deps)) and hit[2] == inputs:
            return hit[1]
        value = make()
        self._memo[key] = (deps, value, inputs)
        return value

    def _inputs(self, issue):
        return tuple(self.graph.page_inputs(d) for d in issue.documents)

    def document(self, issue, index):
        return self._cached(("doc", self.lang, issue.year, issue.number, index), (issue,), lambda: super(_MemoPlanner, self).document(issue, index),
                            self.graph.page_inputs(issue.documents[index]))

    def issue(self, issue):
        return self._cached(("issue", self.lang, issue.year, issue.number), (issue,), lambda: super(_MemoPlanner, self).issue(issue))

    def document_pages(self, issue):
        """An unchanged issue's pages, without asking the citation graph what they show of other documents
        when no issue's listing changed either (the graph is made from the listings: gazette/pages/listing.py)."""
        hit = self._memo.get(("docpages", self.lang, issue.year, issue.number))
        if hit is not None and hit[0][0] is issue and self._listings_before == self.archive_key():
            return hit[1]
        return self._cached(("docpages", self.lang, issue.year, issue.number), (issue,),
                            lambda: [self.document(issue, k) for k in range(len(issue.documents))], self._inputs(issue))

    def issue_entries(self, issue):
        return self._cached(("entries", self.lang, issue.year, issue.number), (issue,), lambda: super(_MemoPlanner, self).issue_entries(issue))

    def doc_title(self, doc):
        return self._cached(("title", self.lang, doc.year, doc.issue_number, doc.slug), (doc,), lambda: super(_MemoPlanner, self).doc_title(doc))

    def listing_digest(self, issue):
        return self._cached(("listing", "", issue.year, issue.number), (issue,), lambda: listing_digest(issue))

    def card(self, issue):
        return self._cached(("card", self.lang, issue.year, issue.number), (issue,), lambda: super(_MemoPlanner, self).card(issue))


def plan_memoised(config: Config, gazette: Gazette, uis: dict, search_plan: dict, memo: dict) -> tuple[PlannedPage, ...]:
    """planner.plan_pages with memoisation (its stand-in in build/plan.py plan_site): every page of both
    interfaces (not sorted: the preview writes them in any order). Entries of issues that are gone are dropped."""
    zh = _MemoPlanner(config, gazette, uis["zh"], uis["mn"], search_plan, memo)
    pages = zh.all() + _MemoPlanner(config, gazette, uis["mn"], uis["zh"], search_plan, memo).all()
    live = {(i.year, i.number) for i in gazette.issues}
    for key in [k for k in memo if k != _LISTINGS and (k[2], k[3]) not in live]:
        del memo[key]
    memo[_LISTINGS] = zh.archive_key()
    return tuple(pages)


_LISTINGS = ("listings", "", None, None)  # the memo's key of the archive key its pages were planned under


def permalinks_memoised(config: Config, gazette: Gazette, memo: dict) -> tuple[PlannedPage, ...]:
    """permalinks.permalink_pages with memoisation (plan_site's other stand-in): an issue's permalinks are
    planned again only when its Issue object changed. Shares plan_memoised's memo (and its pruning)."""
    pages = []
    for issue in gazette.issues:
        key = ("permalinks", "", issue.year, issue.number)
        hit = memo.get(key)
        if hit is None or hit[0][0] is not issue:
            hit = memo[key] = ((issue,), permalink_pages(config, Gazette((issue,))), None)
        pages += hit[1]
    return tuple(pages)
