"""The archive as immutable data (公报 → 期 → 文件). No I/O, no formatting.

Glossary (术语表):
    Gazette 公报 · Issue 期 · Document 文件 · doc_number 文号 · issuer 发文机关 · written_on 成文日期 ·
    published_on 出版日期 · serial 总期号（总第N期） · number 期号（第N期） · category 栏目 ·
    addressees 主送机关 · public_release 此件公开发布 · page 起始页码 · correction 勘误 · contents 目录 ·
    citation 引用 · cited by 被引用 · amends 修改 · repeals 废止 · replaces 代替 · status 效力状态
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
class CitedNumber:
    """A 文号 cited in a text (引用): its canonical form and the text as printed (any brackets)."""

    number: str  # 包府办发〔2019〕54号
    printed: str  # as written, e.g. 包府办发[2019]54号


@dataclass(frozen=True)
class DocumentText:
    """One language's text of a document (某语种正文)."""

    lang: str  # "zh" or "mn"
    title: str  # 标题
    # The body's HTML with each cited 文号 left as one CITED_MARK, to be replaced by a link or an external-citation
    # mark once the whole archive is known (gazette/content/graph.py): `citations` holds them in order.
    body_marked: Markup
    plain_text: str  # body as plain text (for feeds, JSON, search helpers)
    headings: tuple[Heading, ...]
    source_path: str
    citations: tuple[CitedNumber, ...] = ()


# Stands for a cited 文号 in DocumentText.body_marked. NUL never reaches rendered HTML otherwise: markdown-it
# replaces it with U+FFFD when it reads a body.
CITED_MARK = "\x00"


@dataclass(frozen=True)
class Relation:
    """A recorded relation (文件关系): this document amends (修改/调整), repeals (废止) or replaces (代替) the
    document with 文号 `number`; `external` when that document is not in the archive."""

    kind: str  # amends | repeals | replaces
    number: str  # canonical 文号 of the earlier document
    external: bool
    line: int  # front-matter line, for messages


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
    relations: tuple[Relation, ...] = ()  # 修改/废止/代替 recorded in front matter (amends, repeals, replaces)


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
