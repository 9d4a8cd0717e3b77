"""Writing a draft folder, re-applying recorded corrections, and the `import` command line."""

from __future__ import annotations

import argparse
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import yaml

from ..content.config import load_config
from ..core.errors import BuildFailed
from .model import Correction, ImportedIssue
from .parse import ImportFailed, import_issue
from .relations import carry_relations, read_relations
from .render import CHANGES, document_text, issue_yaml, report_text


class CorrectionFailed(ValueError):
    """A recorded correction no longer matches the imported text (its `was` is missing or ambiguous)."""


def apply_corrections(imported: ImportedIssue, by_slug: dict[str, tuple[Correction, ...]]) -> ImportedIssue:
    """Replay hand corrections on a fresh import: each `was` must occur exactly once in that document's body."""
    docs = []
    for doc in imported.documents:
        body = doc.body
        fixes = by_slug.get(doc.slug, ())
        for c in fixes:
            count = body.count(c.was)
            if count != 1:
                raise CorrectionFailed(f"{doc.slug}.md: 勘误“{c.where}”的原文出现{count}次（应为1次）"
                                       f" correction `was` text found {count} times (expected once): {c.was!r}")
            body = body.replace(c.was, c.now)
        docs.append(replace(doc, body=body, corrections=tuple(fixes)))
    return replace(imported, documents=tuple(docs))


def read_corrections(folder: Path) -> dict[str, tuple[Correction, ...]]:
    """The `corrections:` lists already in a folder's .md front matter (the checked-in record of hand edits)."""
    found: dict[str, tuple[Correction, ...]] = {}
    for md in sorted(folder.glob("*.md")):
        if md.name.endswith(".mn.md") or md.name == "import-report.txt":
            continue
        text = md.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        head = text[4: text.index("\n---\n", 4)]
        data = yaml.load(head, Loader=yaml.BaseLoader) or {}
        items = data.get("corrections") or []
        found[md.stem] = tuple(Correction(c["where"], c["was"], c["now"], c["why"]) for c in items)
    return found


def write_draft(imported: ImportedIssue, out_dir: Path, source_path: Path, force: bool = False) -> None:
    """Write issue.yaml, one .md per document, source.txt and import-report.txt; never clobber without force."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise FileExistsError(f"{out_dir}: 目录非空，如需覆盖请加 --force. Folder is not empty; use --force to overwrite.")
    out_dir.mkdir(parents=True, exist_ok=True)
    if force:
        for old in out_dir.glob("p*.md"):
            if not old.name.endswith(".mn.md") and old.stem not in imported.issue.contents:
                old.unlink()  # a document the new import no longer has
    (out_dir / "issue.yaml").write_text(issue_yaml(imported.issue), encoding="utf-8")
    for doc in imported.documents:
        (out_dir / f"{doc.slug}.md").write_text(document_text(doc), encoding="utf-8")
    if Path(source_path).resolve() != (out_dir / "source.txt").resolve():
        shutil.copyfile(source_path, out_dir / "source.txt")
    (out_dir / "import-report.txt").write_text(report_text(imported), encoding="utf-8")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="build.py import",
        description="把公报的提取文本导入为一期草稿（issue.yaml、各文件 .md、source.txt、import-report.txt）。"
                    " Import the extracted text of one gazette issue as a draft issue folder.")
    p.add_argument("source", type=Path, help="提取文本 extracted text (UTF-8, e.g. ../shared/source/…txt)")
    p.add_argument("--out", type=Path, required=True, help="输出目录 output folder, e.g. content/2023/01")
    p.add_argument("--force", action="store_true",
                   help="覆盖非空目录；已记录的勘误（corrections）和文件关系（amends 等）会重新应用。Overwrite a non-empty "
                        "folder; corrections and relations already recorded there are re-applied.")
    p.add_argument("--root", type=Path, default=Path("."),
                   help="项目目录（含 config.yaml，发文机关取自其中的 agencies） project folder holding config.yaml "
                        "(its `agencies` table names the issuer of a 文号)")
    p.add_argument("--no-corrections", action="store_true",
                   help="不重新应用已有勘误 do not re-apply recorded corrections")
    return p


def _agencies(root: Path) -> dict[str, str]:
    """config.yaml's `agencies` (机关代字 → 发文机关); none when the folder has no config.yaml."""
    if not (root / "config.yaml").is_file():
        print(f"提示 note: {root / 'config.yaml'} 不存在，发文机关只能取自署名或标题 no config.yaml: issuers come from "
              "signatures or titles only", file=sys.stderr)
        return {}
    config, _ = load_config(root.resolve())
    return dict(config.agencies)


def main(argv: list[str]) -> int:
    """`import SOURCE.txt --out content/2023/01 [--force]` (argv may start with the word `import`)."""
    if argv and argv[0] == "import":
        argv = argv[1:]
    args = _parser().parse_args(argv)
    try:
        agencies = _agencies(args.root)
        text = args.source.read_text(encoding="utf-8")
        imported = import_issue(text, args.source.name, agencies)
        if args.force and args.out.exists() and not args.no_corrections:
            imported = carry_relations(apply_corrections(imported, read_corrections(args.out)), read_relations(args.out))
        write_draft(imported, args.out, args.source, force=args.force)
    except BuildFailed as failed:
        print(failed.report(), file=sys.stderr)
        print("导入失败：请先改正 config.yaml import failed: fix config.yaml first", file=sys.stderr)
        return 1
    except (OSError, ImportFailed, CorrectionFailed) as exc:
        print(f"导入失败 import failed: {exc}", file=sys.stderr)
        return 1
    changes = sum(1 for d in imported.doubts if d.kind in CHANGES)
    print(f"{len(imported.documents)} 篇文件 documents → {args.out}; {len(imported.doubts) - changes} 处存疑 doubts, "
          f"{changes} 处机械处理 mechanical changes, in {args.out / 'import-report.txt'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
