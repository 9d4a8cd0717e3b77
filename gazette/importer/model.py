"""Records the importer returns: frozen, so a draft can be compared, corrected and written without surprises."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content.model import Correction  # the same record the loader reads back (勘误记录)


@dataclass(frozen=True)
class Doubt:
    """A spot the importer would not decide alone; the editor checks it against the print (source line, 1-based)."""

    line: int
    kind: str
    text: str
    message: str


@dataclass(frozen=True)
class IssueRecord:
    """本期信息: what issue.yaml holds."""

    year: int
    number: int
    serial: int
    published_on: str  # YYYY-MM-DD
    frequency: str
    contents: tuple[str, ...]
    source: str = "source.txt"


@dataclass(frozen=True)
class Document:
    """One 文件: front matter fields (docs/content-model.md) and its Markdown body."""

    slug: str
    title: str
    issuer: str
    category: str
    page: int
    body: str
    subtitle: str | None = None
    author: str | None = None
    doc_number: str | None = None
    written_on: str | None = None
    addressees: str | None = None
    public_release: bool | None = None
    corrections: tuple[Correction, ...] = ()
    relations: tuple[tuple[str, str, bool], ...] = ()  # (amends|repeals|replaces, 文号, external) the clerk recorded
    first_line: int = 0  # source line of the title, for the report


@dataclass(frozen=True)
class ImportedIssue:
    """Everything one import produces; `doubts` go to import-report.txt."""

    issue: IssueRecord
    documents: tuple[Document, ...]
    doubts: tuple[Doubt, ...] = field(default=())
    source_name: str = ""
