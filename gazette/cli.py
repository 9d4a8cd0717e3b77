"""Command line: build, check, serve, new, import. Turns BuildFailed into a printed report and exit 1.

Exit codes: 0 success; 1 content errors (or warnings under --strict); 2 bad command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build_site import build, check
from .config import load_config
from .errors import BuildFailed

DESCRIPTION = """包头市人民政府公报 网站生成器 — static-site generator for the gazette archive.

子命令 commands:
  build   生成网站到 site/          build the site into site/
  check   只检查内容，不生成网站     validate content without writing site/
  import  把提取的公报文本转为草稿   import extracted gazette text as a draft issue
"""


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="项目目录（含 config.yaml） project folder holding config.yaml (default: .)")
    p.add_argument("--content", type=Path, default=None, help="内容目录 content folder (default: ROOT/content)")
    p.add_argument("--strict", action="store_true", help="警告也视为错误 treat warnings as errors")
    p.add_argument("--base-path", default=None, help="站点路径前缀，覆盖 config.yaml 的 base_path  URL prefix, overrides base_path (e.g. /sub/)")
    p.add_argument("-q", "--quiet", action="store_true", help="只输出错误 print errors only")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    b = sub.add_parser("build", help="生成网站 build the site", description="生成网站到输出目录 build the site into the output folder")
    _common(b)
    b.add_argument("--out", type=Path, default=None, help="输出目录 output folder (default: ROOT/site)")
    c = sub.add_parser("check", help="检查内容 validate content", description="检查全部内容，不写 site/  validate all content without writing site/")
    _common(c)
    i = sub.add_parser("import", help="导入提取文本 import extracted text", add_help=False)
    i.add_argument("args", nargs=argparse.REMAINDER)
    return p


def _config(args):
    return load_config(args.root.resolve(), args.base_path, args.content.resolve() if args.content else None)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["import"]:
        from .importer import main as import_main
        return import_main(argv[1:])
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 2
    try:
        config, config_warnings = _config(args)
        if args.command == "check":
            gazette, warnings = check(config, args.strict, config_warnings)
            _print_warnings(warnings, args.quiet)
            if not args.quiet:
                print(f"检查通过 OK: {len(gazette.issues)} 期 issues, {len(gazette.documents)} 篇文件 documents, {len(warnings)} 条警告 warnings")
            return 0
        site = (args.out or args.root / "site").resolve()
        result = build(config, site, args.strict, config_warnings)
        _print_warnings(result.warnings, args.quiet)
        if not args.quiet:
            print(f"生成完成 built: {len(result.gazette.issues)} 期 issues, {len(result.gazette.documents)} 篇文件 documents, {result.pages} 页 pages → {site}")
        return 0
    except BuildFailed as failed:
        print(failed.report(), file=sys.stderr)
        print(f"生成失败，共 {len(failed.diagnostics)} 个问题；site/ 未改动。 build failed with {len(failed.diagnostics)} problem(s); site/ was not changed.", file=sys.stderr)
        return 1


def _print_warnings(warnings, quiet: bool) -> None:
    if quiet:
        return
    for w in warnings:
        print(w.format(), file=sys.stderr)
