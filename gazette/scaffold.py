"""`build.py new`: scaffold the next issue, or a new document in an existing issue.

The files written pass `check` as they are (optional fields are commented out, required ones hold
placeholders beginning “（请填写”), and `check --strict` refuses them until every placeholder is replaced
(gazette/content/checks.py). Every field is explained in Chinese comments, in the words of docs/编辑指南.md.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .content.config import Config
from .content.model import Gazette, Issue

# Issues per year and the interval between issues, by 刊期.
FREQUENCIES = {"月刊": (12, 1), "双月刊": (6, 2), "季刊": (4, 3), "半月刊": (24, 0), "旬刊": (36, 0)}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")  # \Z: `$` also matches before a final newline


class ScaffoldError(Exception):
    """A request `new` cannot carry out, with a message a clerk can act on."""


@dataclass(frozen=True)
class IssuePlan:
    year: int
    number: int
    serial: int
    published_on: date
    frequency: str
    previous: Issue | None

    @property
    def folder(self) -> str:
        return f"{self.year}/{self.number:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}期（总第{self.serial}期）"


def _add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def propose_issue(gazette: Gazette, year: int | None = None, number: int | None = None, published_on: date | None = None,
                  serial: int | None = None, today: date | None = None) -> IssuePlan:
    """The next issue after the newest one: 第N+1期 (or 第1期 of the next year), 总第N+1期, a date one interval later."""
    last = gazette.issues[-1] if gazette.issues else None
    if last is None:
        today = today or date.today()
        return IssuePlan(year or today.year, number or 1, serial or 1, published_on or today, "月刊", None)
    per_year, months = FREQUENCIES.get(last.frequency, (max((i.number for i in gazette.issues if i.year < last.year), default=12) or 12, 1))
    if year is None and number is None:
        year, number = (last.year, last.number + 1) if last.number < per_year else (last.year + 1, 1)
    elif year is None:
        year = last.year
    elif number is None:
        number = max((i.number for i in gazette.issues if i.year == year), default=0) + 1
    if published_on is None:
        published_on = _add_months(last.published_on, months) if months else last.published_on + timedelta(days=365 // per_year)
    return IssuePlan(year, number, serial if serial is not None else last.serial + 1, published_on, last.frequency, last)


def _common_term(issue: Issue | None, attr: str, fallback: str) -> str:
    if issue is None or not issue.documents:
        return fallback
    return Counter(getattr(d, attr) for d in issue.documents).most_common(1)[0][0]


def issue_yaml(plan: IssuePlan, first_slug: str) -> str:
    prev = f"上一期 {plan.previous.year}年第{plan.previous.number}期 是总第{plan.previous.serial}期" if plan.previous else "这是第一期"
    return f"""# 本期信息 {plan.label}
# “#”后面是说明，生成网站时不读。字段说明与示例见 docs/编辑指南.md 第 3 节。
# 改完运行 .venv/bin/python build.py check 检查。

# 年份（必填）：必须与目录名 content/{plan.year} 相同。
year: {plan.year}

# 期号 第N期（必填）：必须与目录名 {plan.number:02d} 相同；每年从 1 开始，依次 1、2、3……
number: {plan.number}

# 总期号 总第N期（必填）：比上一期大 1（{prev}）。
serial: {plan.serial}

# 出版日期（必填）：写成 YYYY-MM-DD。下面是建议日期，请按印刷版封面改正。
published_on: {plan.published_on.isoformat()}

# 刊期（必填）：月刊、双月刊、季刊……
frequency: {plan.frequency}

# 原版PDF（可选）：PDF 的网址，以 https:// 开头。要用时删掉行首的“# ”。
# pdf: https://www.baotou.gov.cn/…/{plan.year}-{plan.number}.pdf

# 来源文本（可选）：本期目录里提取文本的文件名，会随本期一起发布。要用时删掉行首的“# ”。
# source: source.txt

# 目录（必填）：本期每篇文件的文件名（不带 .md），按印刷版目录的顺序，每行一个“  - 文件名”。
# 新增一篇：.venv/bin/python build.py new {plan.folder} --page 页码
contents:
  - {first_slug}
"""


def document_md(config: Config, issue: Issue | None, page: int, example: bool, written_before: date | None) -> str:
    category = _common_term(issue, "category", config.categories[0].name if config.categories else "")
    issuer = _common_term(issue, "issuer", config.issuers[0].name if config.issuers else "")
    categories = "、".join(t.name for t in config.categories)
    issuers = "、".join(t.name for t in config.issuers)
    year = (written_before or date.today()).year
    body = """（请填写正文：把印刷版的正文粘贴在这里，替换这一段。）

## 一、一级标题示例

正文段落。段落之间空一行。标题用“## ”开头（“# ”是文件标题，正文里不用），下一级用“### ”。

### （一）二级标题示例

表格、列表等写法见 docs/编辑指南.md 第 5 节。
""" if example else "（请填写正文：把印刷版的正文粘贴在这里，替换这一段。）\n"
    return f"""---
# 文件信息：两行“---”之间。“#”后面是说明，生成网站时不读。
# 可选字段的行首有“# ”，要用时删掉“# ”并改成印刷版的内容；不用的可选字段保持原样或整行删掉。
# 每个字段的说明与示例见 docs/编辑指南.md 第 4 节。

# 标题（必填）：印刷版的文件标题，完整照录。
title: （请填写标题）

# 副标题/题注（可选），如“——2023年1月2日在包头市第十六届人民代表大会第二次会议上”。
# subtitle: ——{year}年1月2日在……会议上

# 署名（可选），如“包头市人民政府市长 张锐”。
# author: 包头市人民政府市长 ……

# 文号（可选，但政府文件、办公室文件一般都有）：机关代字〔年份〕序号号，括号用六角括号〔〕。
# doc_number: 包府办发〔{year}〕1号

# 发文机关（必填）：必须是 config.yaml 中 issuers 的一项：{issuers}
issuer: {issuer}

# 成文日期（可选）：写成 YYYY-MM-DD，不能晚于本期出版日期。
# written_on: {(written_before or date.today()).isoformat()}

# 栏目（必填）：必须是 config.yaml 中 categories 的一项：{categories}
category: {category}

# 起始页码（必填）：这篇文件在本期印刷版中开始的页码（整数）。目录中后一篇的页码不能更小。
page: {page}

# 主送机关（可选），如“各旗、县、区人民政府，稀土高新区管委会，市直有关部门、单位”。
# addressees: 各旗、县、区人民政府，……

# 此件公开发布（可选）：印刷版有“（此件公开发布）”时写 true。
# public_release: true

# 勘误记录（可选）：改正提取错误时，每处写一条（位置、原文、更正、理由）。
# corrections:
#   - where: 第二部分第（四）条第2段
#     was: "土地 and 房屋"
#     now: "土地和房屋"
#     why: 提取时“和”被误识别为英文 and
---
{body}"""


def _slug_for(page: int) -> str:
    return f"p{page:03d}"


def new_issue(config: Config, gazette: Gazette, plan: IssuePlan, first_page: int = 1) -> list[Path]:
    """Write content/YYYY/NN/issue.yaml and one example document; refuse to overwrite anything."""
    folder = config.content_dir / str(plan.year) / f"{plan.number:02d}"
    if folder.exists():
        raise ScaffoldError(f"{folder} 已存在，不能覆盖；要在这一期里加文件，请用 new {plan.folder} --page 页码  "
                            f"{folder} already exists; add a document with: new {plan.folder} --page N")
    if plan.number < 1 or plan.year < 1000:
        raise ScaffoldError(f"年份或期号不对：{plan.year}年第{plan.number}期 invalid year or number")
    slug = _slug_for(first_page)
    folder.mkdir(parents=True)
    (folder / "issue.yaml").write_text(issue_yaml(plan, slug), encoding="utf-8")
    doc = folder / f"{slug}.md"
    doc.write_text(document_md(config, plan.previous, first_page, True, plan.published_on), encoding="utf-8")
    return [folder / "issue.yaml", doc]


def _issue_of(gazette: Gazette, year: int, number: int) -> Issue | None:
    return next((i for i in gazette.issues if i.year == year and i.number == number), None)


def parse_issue_ref(text: str) -> tuple[int, int]:
    """`2023/02`, `2023/2`, `2023-02` or `2023年第2期` → (2023, 2)."""
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[/\-]|年第?)\s*(\d{1,2})\s*期?\s*/?", text)
    if not m:
        raise ScaffoldError(f"看不懂期号 {text!r}，请写成 2023/02 或 2023年第2期  cannot read issue {text!r}; write it as 2023/02")
    return int(m[1]), int(m[2])


def new_document(config: Config, gazette: Gazette | None, year: int, number: int, page: int | None, slug: str | None = None) -> list[Path]:
    """Add pNNN.md to an existing issue folder and list it in issue.yaml contents, in page order."""
    folder = config.content_dir / str(year) / f"{number:02d}"
    issue_file = folder / "issue.yaml"
    if not issue_file.is_file():
        raise ScaffoldError(f"找不到 {issue_file}；新的一期请先运行 new（不带参数）  no such issue: {issue_file}; create the issue first with `new`")
    issue = _issue_of(gazette, year, number) if gazette else None
    if page is None:
        page = max((d.page for d in issue.documents), default=0) + 1 if issue else 1
    if page < 1:
        raise ScaffoldError("页码应为不小于 1 的整数 page must be a whole number ≥ 1")
    slug = slug or _slug_for(page)
    if not _SLUG.match(slug):
        raise ScaffoldError(f"文件名 {slug!r} 只能用小写字母、数字和连字符 a file name may use only a-z, 0-9 and '-'")
    doc = folder / f"{slug}.md"
    if doc.exists():
        raise ScaffoldError(f"{doc} 已存在；同一页开始的第二篇文件请用 --slug 另起名，如 --slug {slug}-2  {doc} already exists; choose another name with --slug")
    lines = issue_file.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"^contents\s*:", line)), None)
    if start is None:
        raise ScaffoldError(f"{issue_file} 中没有 contents: 目录 issue.yaml has no `contents:` list")
    pages = {d.slug: d.page for d in issue.documents} if issue else {}
    items = []
    i = start + 1
    while i < len(lines) and (re.match(r"^\s+-\s*\S", lines[i]) or not lines[i].strip() or lines[i].lstrip().startswith("#")):
        m = re.match(r"^(\s+)-\s*(\S+)", lines[i])
        if m:
            items.append((i, m[1], m[2]))
        i += 1
    indent = items[0][1] if items else "  "
    at = items[-1][0] + 1 if items else start + 1
    for line_no, _, name in items:
        p = pages.get(name)
        if p is None:
            m = re.fullmatch(r"p(\d+)", name)
            p = int(m[1]) if m else None
        if p is not None and p > page:
            at = line_no
            break
    lines.insert(at, f"{indent}- {slug}")
    doc.write_text(document_md(config, issue, page, False, issue.published_on if issue else None), encoding="utf-8")
    issue_file.write_text("\n".join(lines), encoding="utf-8")
    return [doc, issue_file]
