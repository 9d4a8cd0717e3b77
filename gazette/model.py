"""The archive as immutable data (公报 → 期 → 文件). No I/O, no formatting.

Glossary (术语表):
    Gazette 公报 · Issue 期 · Document 文件 · doc_number 文号 · issuer 发文机关 · written_on 成文日期 ·
    published_on 出版日期 · serial 总期号（总第N期） · number 期号（第N期） · category 栏目 ·
    addressees 主送机关 · public_release 此件公开发布 · page 起始页码 · correction 勘误 · contents 目录
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup


@dataclass(frozen=True)
class Heading:
    """A body heading (标题层级) with its stable id, for the in-page table of contents."""

    level: int
    text: str
    id: str


@dataclass(frozen=True)
class Correction:
    """An editorial correction of extraction damage (勘误记录): where, what it was, what it is now, why."""

    where: str
    was: str
    now: str
    why: str


@dataclass(frozen=True)
class DocumentText:
    """One language's text of a document (某语种正文)."""

    lang: str  # "zh" or "mn"
    title: str  # 标题
    body_html: Markup
    plain_text: str  # body as plain text (for feeds, JSON, search helpers)
    headings: tuple[Heading, ...]
    source_path: str


@dataclass(frozen=True)
class Document:
    """A document (文件) printed in an issue."""

    slug: str  # file name stem, the last URL segment
    year: int
    issue_number: int
    title: str  # 标题 (Chinese)
    subtitle: str | None  # 副标题/题注
    author: str | None  # 署名
    doc_number: str | None  # 文号, normalised to 〔〕
    issuer: str  # 发文机关 (Chinese name, a key of config issuers)
    written_on: date | None  # 成文日期
    category: str  # 栏目 (Chinese name, a key of config categories)
    page: int  # 起始页码
    addressees: str | None  # 主送机关
    public_release: bool | None  # 此件公开发布
    corrections: tuple[Correction, ...]  # 勘误记录
    text: DocumentText  # the Chinese text
    mn_text: DocumentText | None  # optional parallel Mongolian text


@dataclass(frozen=True)
class Issue:
    """An issue (期) of the gazette."""

    year: int  # 年份
    number: int  # 期号（第N期）, runs 1.. within a year
    serial: int  # 总期号（总第N期）, never resets
    published_on: date  # 出版日期
    frequency: str  # 刊期, e.g. 月刊
    pdf: str | None  # 原版PDF link
    source: str | None  # provenance text file name (来源文本)
    documents: tuple[Document, ...]  # in printed 目录 order
    path: str  # content path of issue.yaml (for messages)
    # The parse cache's key of the folder's inputs (code, files, terms): equal keys mean equal Issues, so the
    # render cache can tell an unchanged document page without making its view. Empty when not known.
    fingerprint: str = field(default="", compare=False)


@dataclass(frozen=True)
class Gazette:
    """The whole archive (公报), issues sorted by serial."""

    issues: tuple[Issue, ...]

    @property
    def documents(self) -> tuple[Document, ...]:
        """Every document, in issue then 目录 order."""
        return tuple(d for i in self.issues for d in i.documents)
