"""What the archive-wide pages show of each issue (its listing 目录信息): every field of the issue and of its
documents except the texts' bodies, of which only the titles and the cited 文号 count.

The home, year, 文号 index, category and issuer pages list documents, and the 文号 index names the documents
citing a 文号 not in the archive; each document page shows what the citation graph (gazette/content/graph.py)
knows of other documents, and the graph is made from exactly these values. So while every issue's listing is
unchanged, those pages are too, and a body edit re-renders only its issue's pages (the planner's keys,
gazette/pages/planner.py). Fields are taken from the model's dataclasses by name, so a field added to
Issue or Document is part of the listing unless it is one of the body fields named here.
"""

from __future__ import annotations

import hashlib
import operator
import pickle
from dataclasses import fields

from ..content.model import Document, DocumentText, Gazette, Issue

BODY_FIELDS = frozenset({"body_marked", "plain_text", "headings", "source_path"})  # DocumentText's, not listed
_TEXT = operator.attrgetter(*(f.name for f in fields(DocumentText) if f.name not in BODY_FIELDS))
_TEXTS = ("text", "mn_text")
_DOCUMENT = operator.attrgetter(*(f.name for f in fields(Document) if f.name not in _TEXTS))
_ISSUE = operator.attrgetter(*(f.name for f in fields(Issue) if f.name not in ("documents", "fingerprint")))


def issue_listing(issue: Issue) -> tuple:
    """The issue's listing: its fields and each document's, bodies left out."""
    return (_ISSUE(issue), tuple((_DOCUMENT(d), _TEXT(d.text), d.mn_text and _TEXT(d.mn_text)) for d in issue.documents))


def listing_digest(issue: Issue) -> str:
    """SHA-256 of the issue's listing (hex)."""
    return hashlib.sha256(pickle.dumps(issue_listing(issue), protocol=4)).hexdigest()


_LAST: list = []  # [(gazette, digests)]: the listings of the archive being built


def listing_digests(gazette: Gazette) -> dict[tuple[int, int], str]:
    """(year, number) → listing digest of every issue, made once per archive (both interfaces' planners and
    the permalinks ask)."""
    if not (_LAST and _LAST[0][0] is gazette):
        _LAST[:] = [(gazette, {(i.year, i.number): listing_digest(i) for i in gazette.issues})]
    return _LAST[0][1]


def archive_digest(digests: tuple[str, ...], *more: object) -> str:
    """One digest of every issue's listing digest, in order, and anything else a page shows (`more`)."""
    return hashlib.sha256(pickle.dumps((digests, more), protocol=4)).hexdigest()


def archive_key(gazette: Gazette) -> str:
    """What the archive-wide outputs are made from: every issue's listing, in order."""
    return archive_digest(tuple(listing_digests(gazette).values()))
