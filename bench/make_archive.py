#!/usr/bin/env python3
"""Generate a synthetic gazette archive (docs/content-model.md layout) for benchmarks.

    python bench/make_archive.py --docs 1000 --out /tmp/arch1000

Issues are monthly (第1..12期 per year), the serial (总期号) rises by exactly 1 from issue to issue,
starting at 1990年第1期 总第128期 and going forward in time, so 10,000 documents (≈1,205 issues) end in
the 2090s. Each issue holds ≈8.3 documents on average (6..11). Document bodies are recombined from the
paragraphs, headings and the indicator table of the real issue 128 (shared/source/000_*.txt), with a
seeded RNG: the output is byte-for-byte reproducible for the same arguments and source. Once the
imported issue content/2023/01 exists, its documents are the source instead (--source picks either).

Documents cite earlier ones the way issue 128's do (《title》（文号）, about half of them 1-3 times, mostly
recent documents, some national or regional numbers that are not in the archive), and a few amend (关于对…进行
调整的通知, `amends:`) or repeal (…自本意见印发之日起废止, `repeals:`) an earlier one; from a second seeded RNG,
so `--no-citations` writes exactly the archive of earlier versions.

Standard library only (runs under any Python ≥ 3.9).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent / "shared" / "source" / "000_d90a0df90443baf3.txt"
MARKER = ".bench-archive"  # a folder holding this file may be replaced by --force

DOCS_PER_ISSUE = 8.3
CJK = re.compile(r"[\u4e00-\u9fff]")
H2 = re.compile(r"^[一二三四五六七八九十]+、\S{1,30}$")
H3 = re.compile(r"^（[一二三四五六七八九十]+）\S{1,30}$")
RUNNING_HEADERS = {"政府工作报告", "市政府办公室文件", "大事记", "大 事 记", "包头市人民政府公报"}
CN_NUM = "一二三四五六七八九十"
CHRONICLE = re.compile(r"^(\**)1月(\d+)日")  # a 大事记 entry, bold in the imported Markdown

ADDRESSEES = [
    "各旗、县、区人民政府，稀土高新区管委会，市直有关部门、单位，中直、区直企事业单位",
    "各旗、县、区人民政府，稀土高新区管委会，市直各委、办、局，各大企事业单位",
    "各旗、县、区人民政府，稀土高新区管委会，市直有关部门",
]
KINDS = ["通知", "实施意见", "指导意见（试行）", "实施方案", "若干措施", "管理办法"]
# Where an office document applies: with the source's few topics, titles then recur across years only as
# often as real ones do (a few times, not hundreds).
AREAS = ["", "全市", "昆都仑区", "青山区", "东河区", "九原区", "石拐区", "白云鄂博矿区", "稀土高新区",
         "土默特右旗", "固阳县", "达尔罕茂明安联合旗", "市区", "城乡"]
TOPICS_FALLBACK = [
    "规范土地一级开发工作", "包头市工业园区市政基础设施建设", "改革完善市本级财政科研经费管理",
    "推动复工复产复商复市若干政策", "包头市规范互联网租赁自行车发展",
]


# --------------------------------------------------------------------------- source text


@dataclass
class Pool:
    """What the source text offers for recombination."""

    report: list[str] = field(default_factory=list)      # paragraphs of the work report
    office: list[str] = field(default_factory=list)      # paragraphs of the office documents
    chronicle: list[str] = field(default_factory=list)   # 大事记 entries (start with 1月N日)
    h2: list[str] = field(default_factory=list)          # 一、指导思想 (text after the numeral)
    h3: list[str] = field(default_factory=list)          # （一）道路交通设施 (text after the numeral)
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)      # 关于{topic}的{kind}
    table_title: str = "指标体系"
    name_chars: str = ""  # Han characters of the source, for names no document shares (own_sentence)


def _join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines: no space between CJK characters, one space otherwise."""
    out = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if out and not (CJK.search(out[-1]) or CJK.search(line[0]) or out[-1] in "，。；：、）》”"):
            out += " "
        out += line
    return out


def _clean_cell(cell: str) -> str:
    cell = cell.strip()
    cell = cell.replace("$\\leq", "≤").replace("$\\geq", "≥").replace("\\%$", "%").replace("$", "")
    cell = re.sub(r"\s+", " ", cell).strip()
    return cell.replace("|", "｜")


def read_pool(path: Path) -> Pool:
    text = path.read_text(encoding="utf-8")
    pool = Pool()
    blocks = [b.splitlines() for b in re.split(r"\n\s*\n", text)]
    section = "front"
    para = ""
    for lines in blocks:
        lines = [ln for ln in lines if ln.strip()]
        if not lines:
            continue
        if any("\t" in ln for ln in lines):  # the indicator table
            rows = [[_clean_cell(c) for c in ln.split("\t")] for ln in lines if "\t" in ln]
            pool.table_header, pool.table_rows = rows[0], rows[1:]
            pool.table_title = para or pool.table_title
            continue
        para = _join_lines(lines)
        section, heading = _section_after(para, section)
        if not heading:
            _take_paragraph(pool, para, section)
    return pool


def _section_after(para: str, section: str) -> tuple[str, bool]:
    """The part of the issue a paragraph starts or continues, and whether it is only that part's heading."""
    if "大事记" in para and len(para) < 20 and "年" in para:
        return "chronicle", True
    if para.startswith("2023年包头市人民政府工作报告"):
        return "report", True
    if para.startswith("包头市人民政府办公室") and len(para) < 70 and section in ("report", "office"):
        return "office", False
    return section, False


def _take_paragraph(pool: Pool, para: str, section: str) -> None:
    """What a paragraph of the extracted text gives the pool: topics, headings, or a body paragraph."""
    if para in RUNNING_HEADERS or not CJK.search(para):
        return
    # topics from titles such as 包头市人民政府办公室关于X的Y / 《…关于X的Y》
    for m in re.finditer(r"关于([^《》“”，。]{4,30}?)的(?:通知|实施意见|指导意见|实施方案|意见)", para):
        topic = m.group(1).replace(" ", "")
        if topic not in pool.topics and not topic.startswith(("对", "印发")):
            pool.topics.append(topic)
    if H2.match(para):
        if "原文" not in para:
            pool.h2.append(para.split("、", 1)[1])
        return
    if H3.match(para):
        if "。" not in para:
            pool.h3.append(para.split("）", 1)[1])
        return
    if para.startswith("各旗") and para.endswith("："):  # 主送机关 is front matter, not body
        return
    if len(para) < 40 or not para.endswith(("。", "；", "：", "）")):
        return
    if section == "chronicle":
        if CHRONICLE.match(para):
            pool.chronicle.append(para)
    elif section == "report":
        pool.report.append(para)
    elif section == "office":
        pool.office.append(para)


def read_pool_from_content(folder: Path) -> Pool:
    """The same pool from an imported issue folder (content/2023/01: p*.md in our Markdown form)."""
    pool = Pool()
    for md in sorted(folder.glob("*.md")):
        if md.name.endswith(".mn.md"):
            continue
        meta, text = _front_matter(md.read_text(encoding="utf-8"))
        target = {"政府工作报告": pool.report, "大事记": pool.chronicle}.get(meta.get("category", ""), pool.office)
        m = re.search(r"关于(.{4,30}?)的(?:通知|实施意见|指导意见|实施方案|意见)", meta.get("title", ""))
        if m and m.group(1) not in pool.topics and not m.group(1).startswith(("对", "印发")):
            pool.topics.append(m.group(1))
        previous = ""
        for block in re.split(r"\n\s*\n", text):
            block = block.strip()
            _take_block(pool, block, previous, target)
            previous = block
    return pool


def _front_matter(text: str) -> tuple[dict, str]:
    """A document file's top-level front-matter fields as strings, and its body."""
    meta: dict = {}
    if text.startswith("---\n"):
        head, _, text = text[4:].partition("\n---\n")
        for line in head.splitlines():
            key, sep, value = line.partition(":")
            if sep and not line.startswith((" ", "-")):
                meta[key.strip()] = value.strip().strip('"')
    return meta, text


def _take_block(pool: Pool, block: str, previous: str, target: list) -> None:
    """What a Markdown block gives the pool: the first table, a heading, or a body paragraph for `target`."""
    if block.startswith("|"):
        rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in block.splitlines()
                if not re.fullmatch(r"[\s|:-]+", ln)]
        if len(rows) > 2 and not pool.table_rows:
            pool.table_header, pool.table_rows = rows[0], rows[1:]
            pool.table_title = re.sub(r"^#+\s*", "", previous) or pool.table_title
    elif block.startswith("#"):  # classify by the numbering, whatever the level
        heading = re.sub(r"^#+\s*", "", block)
        if H2.match(heading) and "原文" not in heading:
            pool.h2.append(heading.split("、", 1)[1])
        elif H3.match(heading):
            pool.h3.append(heading.split("）", 1)[1])
    elif CJK.search(block) and len(block) >= 40 and not block.startswith((">", "<")):
        para = _join_lines(block.splitlines())
        if target is pool.chronicle:
            if CHRONICLE.match(para):
                target.append(para)
        else:
            target.append(para)


def load_pool(source: Path) -> Pool:
    pool = read_pool_from_content(source) if source.is_dir() else read_pool(source)
    for name in ("report", "office", "chronicle", "h2", "h3", "table_rows"):
        if not getattr(pool, name):
            raise SystemExit(f"{source}: found no {name} to recombine; is this issue 128 (2023年第1期)?")
    if len(pool.topics) < 3:
        pool.topics += [t for t in TOPICS_FALLBACK if t not in pool.topics]
    text = "".join(pool.report + pool.office)
    counts: dict[str, int] = {}
    for ch in CJK.findall(text):
        counts[ch] = counts.get(ch, 0) + 1
    pool.name_chars = "".join(sorted(ch for ch, n in counts.items() if n >= 3))
    return pool


def default_source() -> Path:
    """content/2023/01 once it has been imported, else the extracted text in shared/."""
    issue = HERE.parent / "content" / "2023" / "01"
    return issue if (issue / "issue.yaml").is_file() else DEFAULT_SOURCE


# --------------------------------------------------------------------------- YAML output


_PLAIN = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`0-9][^:#]*$")


def yaml_scalar(value: object) -> str:
    """A YAML scalar that every YAML reader (and our string-first loader) reads back unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    s = str(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s
    if _PLAIN.match(s) and s.lower() not in ("true", "false", "yes", "no", "on", "off", "null", "~"):
        return s
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


# --------------------------------------------------------------------------- documents


def _cn_number(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + CN_NUM[n - 11]
    tens, ones = divmod(n, 10)
    return CN_NUM[tens - 1] + "十" + (CN_NUM[ones - 1] if ones else "")


def _paras(rng: random.Random, src: list[str], n: int) -> list[str]:
    return [rng.choice(src) for _ in range(n)]


def _sections(rng: random.Random, pool: Pool, src: list[str], n_sections: int, per_section: tuple[int, int],
              table_chance: float) -> list[str]:
    parts: list[str] = []
    h2s = rng.sample(pool.h2, min(n_sections, len(pool.h2)))
    for i, h2 in enumerate(h2s, 1):
        parts.append(f"## {_cn_number(i)}、{h2}")
        if rng.random() < 0.4:
            h3s = rng.sample(pool.h3, min(rng.randint(2, 4), len(pool.h3)))
            for j, h3 in enumerate(h3s, 1):
                parts.append(f"### （{_cn_number(j)}）{h3}")
                parts += _paras(rng, src, rng.randint(1, max(1, per_section[1] // 2)))
        else:
            parts += _paras(rng, src, rng.randint(*per_section))
    if rng.random() < table_chance:
        rows = pool.table_rows[:]
        k = rng.randint(min(4, len(rows)), len(rows))
        start = rng.randint(0, len(rows) - k)
        body = rows[start:start + k]
        parts.append("附件")
        parts.append(f"### {pool.table_title}")  # a heading right before a table is its caption
        parts.append("| " + " | ".join(pool.table_header) + " |")
        parts[-1] += "\n|" + "|".join("---" for _ in pool.table_header) + "|"
        for n, row in enumerate(body, 1):
            cells = [str(n)] + row[1:]
            parts[-1] += "\n| " + " | ".join(cells) + " |"
    return parts


def _renumber_chronicle(para: str, month: int) -> str:
    return CHRONICLE.sub(lambda m: f"{m.group(1)}{month}月{min(int(m.group(2)), 28)}日", para, count=1)


@dataclass
class Doc:
    slug: str
    meta: dict
    body: str
    relations: list = field(default_factory=list)  # (amends|repeals, 文号, external)


# Numbers cited that no generated document has (national and regional documents, as in issue 128).
EXTERNAL_AGENCIES = ("国办发", "内政办发", "内政发", "包党办发", "包财科")


def add_citations(rng: random.Random, docs: list[Doc], earlier: list[tuple[str, str]], year: int) -> None:
    """Cite earlier documents (earlier: (文号, title), oldest first) as real ones do; a few amend or repeal one."""
    for doc in docs:
        number = doc.meta.get("doc_number")
        if not number or not earlier:
            continue
        roll = rng.random()
        if roll < 0.04:  # 关于对包府办发〔Y〕N号文件部分内容进行调整的通知
            target, title = rng.choice(earlier[-400:])
            doc.meta["title"] = f"{doc.meta['issuer']}关于对{target}文件部分内容进行调整的通知"
            doc.body = f"经市人民政府同意，现将《{title}》（{target}）中相关条款进行调整。调整内容为：\n\n" + doc.body
            doc.relations.append(("amends", target, False))
        elif roll < 0.07:  # …自本意见印发之日起废止
            target, title = rng.choice(earlier[-400:])
            doc.body += f"\n本意见自印发之日起施行，《{title}》（{target}）同时废止。\n"
            doc.relations.append(("repeals", target, False))
        if rng.random() < 0.5:
            cited = [rng.choice(earlier[-300:]) for _ in range(rng.randint(1, 3))]
            refs = "".join(f"《{t}》（{n}）" for n, t in cited)
            if rng.random() < 0.3:
                refs += f"《关于进一步做好有关工作的通知》（{rng.choice(EXTERNAL_AGENCIES)}〔{rng.randint(year - 5, year - 1)}〕{rng.randint(1, 120)}号）"
            doc.body = f"为贯彻落实{refs}精神，结合我市实际，制定本文件。\n\n" + doc.body


def own_sentence(rng: random.Random, pool: Pool, year: int) -> str:
    """A sentence no other document has (names made of random characters, distinct numbers): what lets a
    search-quality benchmark ask for one document by a phrase of its body, as real documents allow (a project,
    a village, an amount)."""
    chars = pool.name_chars
    name = lambda n: "".join(rng.choice(chars) for _ in range(n))
    place = name(2) + rng.choice(["嘎查", "村", "社区", "园区", "街道"])
    return (f"{rng.choice(AREAS[1:])}{place}{name(2)}{rng.choice(['工程', '项目', '中心', '基地'])}由{name(3)}牵头实施，"
            f"{name(2)}、{name(2)}等{rng.randint(3, 980)}个{rng.choice(['村', '社区', '企业', '单位'])}受益。\n\n")


def make_issue_docs(rng: random.Random, pool: Pool, year: int, number: int, n_docs: int,
                    published: dt.date, seq: dict, month: int | None = None) -> list[Doc]:
    """n_docs documents for 第number期 of year (published in `month`, default the number): [work report if
    第1期], office documents, 大事记; each with a sentence of its own."""
    month = month or number
    kinds = ["office"] * n_docs
    kinds[-1] = "chronicle"
    if number == 1 and n_docs >= 3:
        kinds[0] = "report"
    docs: list[Doc] = []
    page = 1
    first_written = dt.date(year, month, 1)
    for kind in kinds:
        if kind == "report":
            day = rng.randint(2, 20)
            meta = {
                "title": f"{year}年包头市人民政府工作报告",
                "subtitle": f"——{year}年1月{day}日在包头市第{(year - 1990) // 5 + 10}届人民代表大会"
                            f"第{(year - 1990) % 5 + 1}次会议上",
                "author": "包头市人民政府市长",
                "issuer": "包头市人民政府",
                "written_on": dt.date(year, 1, day).isoformat(),
                "category": "政府工作报告",
            }
            parts = _paras(rng, pool.report, 3)
            parts += _sections(rng, pool, pool.report, 3, (8, 20), 0.0)
        elif kind == "chronicle":
            meta = {
                "title": f"{year}年{month}月政府大事记",
                "issuer": "包头市人民政府办公室",
                "category": "大事记",
            }
            entries = sorted(_paras(rng, pool.chronicle, rng.randint(6, 14)),
                             key=lambda p: int(CHRONICLE.match(p).group(2)))
            parts = [_renumber_chronicle(p, month) for p in entries]
        else:
            office = rng.random() < 0.8
            issuer = "包头市人民政府办公室" if office else "包头市人民政府"
            agency = "包府办发" if office else "包府发"
            seq[agency] = seq.get(agency, 0) + 1
            topic = rng.choice(AREAS) + rng.choice(pool.topics)
            kind_word = rng.choice(KINDS)
            title = f"{issuer}关于{topic}的{kind_word}"
            if kind_word in ("实施方案", "管理办法", "若干措施"):
                title = f"{issuer}印发关于{topic}的{kind_word}的通知"
            if rng.random() < 0.25:  # a dated title, as yearly notices are
                title = f"{issuer}关于做好{year}年{topic}工作的通知"
            written = first_written + dt.timedelta(days=rng.randint(0, 27))
            meta = {
                "title": title,
                "doc_number": f"{agency}〔{year}〕{seq[agency]}号",
                "issuer": issuer,
                "written_on": min(written, published).isoformat(),
                "category": "市政府办公室文件",
                "addressees": rng.choice(ADDRESSEES),
                "public_release": rng.random() < 0.9,
            }
            parts = _paras(rng, pool.office, rng.randint(1, 2))
            parts += _sections(rng, pool, pool.office, rng.randint(2, 6), (2, 7), 0.15)
        parts.insert(rng.randint(1, len(parts)) if kind != "chronicle" else len(parts), own_sentence(rng, pool, year).strip())
        body = "\n\n".join(parts) + "\n"
        meta["page"] = page
        docs.append(Doc(f"p{page:03d}", meta, body))
        page += max(1, len(body) // 1400)  # ≈ characters per printed page
    return docs


def issue_sizes(n_docs: int, rng: random.Random) -> list[int]:
    """Documents per issue: ≈8.3 on average, 6..11 each (fewer for tiny archives), summing to n_docs."""
    n_issues = max(1, round(n_docs / DOCS_PER_ISSUE))
    sizes = [n_docs // n_issues] * n_issues
    for i in range(n_docs - sum(sizes)):
        sizes[i] += 1
    for _ in range(n_issues * 2):  # jitter while keeping the sum and the bounds
        a, b = rng.randrange(n_issues), rng.randrange(n_issues)
        if a != b and sizes[a] > 6 and sizes[b] < 11:
            sizes[a] -= 1
            sizes[b] += 1
    return sizes


def _relations_yaml(relations: list) -> str:
    lines = []
    for kind in ("amends", "repeals"):
        items = [(n, ext) for k, n, ext in relations if k == kind]
        if items:
            lines.append(f"{kind}:")
            lines += [f"  - {{doc_number: {n}, external: true}}" if ext else f"  - {n}" for n, ext in items]
    return "".join(line + "\n" for line in lines)


def write_archive(out: Path, n_docs: int, source: Path, seed: int, start_year: int, start_serial: int,
                  citations: bool = True, issues_per_year: int = 12) -> dict:
    pool = load_pool(source)
    rng = random.Random(f"sizes:{seed}:{n_docs}")
    sizes = issue_sizes(n_docs, rng)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(f"docs={n_docs} seed={seed} source={source.name}\n", encoding="utf-8")
    total_bytes = 0
    seq: dict = {}
    earlier: list[tuple[str, str]] = []  # (文号, title) of every numbered document written so far
    for i, n in enumerate(sizes):
        year, number = start_year + i // issues_per_year, i % issues_per_year + 1
        month = (number - 1) * 12 // issues_per_year + 1
        if number == 1:
            seq = {}  # 文号 sequences restart every year
        if year > 9999:
            raise SystemExit("too many issues for four-digit years")
        published = dt.date(year + (month == 12), month % 12 + 1, 6)
        doc_rng = random.Random(f"issue:{seed}:{year}:{number}")
        docs = make_issue_docs(doc_rng, pool, year, number, n, published, seq, month)
        if citations:
            add_citations(random.Random(f"cite:{seed}:{year}:{number}"), docs, earlier, year)
            earlier += [(d.meta["doc_number"], d.meta["title"]) for d in docs if "doc_number" in d.meta]
        folder = out / f"{year:04d}" / f"{number:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        issue = [
            f"year: {year}", f"number: {number}", f"serial: {start_serial + i}",
            f"published_on: {published.isoformat()}", "frequency: 月刊", "contents:",
        ] + [f"  - {d.slug}" for d in docs]
        (folder / "issue.yaml").write_text("\n".join(issue) + "\n", encoding="utf-8", newline="\n")
        for d in docs:
            fm = "\n".join(f"{k}: {yaml_scalar(v)}" for k, v in d.meta.items())
            data = f"---\n{fm}\n{_relations_yaml(d.relations)}---\n{d.body}"
            (folder / f"{d.slug}.md").write_text(data, encoding="utf-8", newline="\n")
            total_bytes += len(data.encode("utf-8"))
    return {"docs": n_docs, "issues": len(sizes), "bytes": total_bytes, "first": f"{start_year}/01",
            "last": f"{start_year + (len(sizes) - 1) // issues_per_year}/{(len(sizes) - 1) % issues_per_year + 1:02d}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, required=True, help="number of documents (≈8.3 per issue)")
    ap.add_argument("--out", type=Path, required=True, help="content folder to write (must be empty or absent)")
    ap.add_argument("--source", type=Path, default=None,
                    help="issue 128: its content folder (default content/2023/01 when it exists) "
                         "or its extracted text (default otherwise: shared/source/000_*.txt)")
    ap.add_argument("--seed", type=int, default=128)
    ap.add_argument("--start-year", type=int, default=1990)
    ap.add_argument("--start-serial", type=int, default=128)
    ap.add_argument("--issues-per-year", type=int, default=12, choices=range(1, 13), metavar="1..12",
                    help="issues a year (default 12, monthly); fewer spread a small archive over more years")
    ap.add_argument("--force", action="store_true", help=f"replace --out if it is an earlier archive (has {MARKER})")
    ap.add_argument("--no-citations", action="store_true", help="no citations or relations (the archive of earlier versions)")
    args = ap.parse_args(argv)
    if args.docs < 1:
        ap.error("--docs must be ≥ 1")
    if args.out.exists() and any(args.out.iterdir()):
        if args.force and (args.out / MARKER).exists():
            shutil.rmtree(args.out)
        else:
            ap.error(f"{args.out} is not empty (use --force to replace an archive made by this script)")
    source = args.source or default_source()
    info = write_archive(args.out, args.docs, source, args.seed, args.start_year, args.start_serial, not args.no_citations,
                         args.issues_per_year)
    print(f"{args.out}: from {source}: {info['docs']} documents in {info['issues']} issues "
          f"({info['first']}–{info['last']}), {info['bytes'] / 1e6:.1f} MB of Markdown", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
