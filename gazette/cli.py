"""Command line: build, check, serve, new, import. Turns BuildFailed into a printed report and exit 1.

Exit codes (退出码, also in `build.py --help` and docs/编辑指南.md):
  0  success 成功
  1  content errors, or warnings under --strict 内容有错误（或 --strict 下有警告）
  2  bad command line, or `serve` cannot use the port 命令写错了，或端口被占用
  3  `new` refused (the folder or file already exists …) 无法新建
  4  the build could not finish: output folder in use, disk full, no permission, a broken template or an
     unexpected error 无法完成（输出目录被占用、磁盘已满、无权限、模板损坏或意外错误）
Any failure is a message (what, where, what to do); the traceback only with -v / --debug.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build.outdir import OutputBusy, OutputRefused
from .build.pipeline import Progress, build, check
from .build.write import CommitUnfinished
from .content.checks import split_warnings
from .content.config import UsageError, load_config
from .core.errors import BuildFailed, errors_in
from .core.textcheck import shown_message
from .failures import EXIT_FAILURE, explain

DESCRIPTION = """包头市人民政府公报 网站生成器 — static-site generator for the gazette archive.

子命令 commands:
  new     新建下一期，或在某期中新建一篇文件   scaffold the next issue, or a document in an issue
  import  把提取的公报文本转为草稿             import extracted gazette text as a draft issue
  add-category / add-issuer
          在 config.yaml 中添加栏目或发文机关     add a category or issuer to config.yaml
  check   只检查内容，不生成网站               validate content without writing site/
  serve   本机预览，保存后自动刷新             preview on this computer, reloads on save
  build   生成网站到 site/                    build the site into site/

每个子命令的说明 help for one command:  build.py COMMAND --help
编辑指南 editor's guide: docs/编辑指南.md

退出码 exit codes:
  0  成功 success
  1  内容有错误（或 --strict 下有警告） content errors (or warnings under --strict)
  2  命令写错了，或端口被占用 bad command line, or the port is in use
  3  无法新建或添加（文件夹、文件或条目已存在等） `new` or `add-category`/`add-issuer` refused
  4  无法完成（输出目录被另一生成进程占用、磁盘已满、无写入权限、模板损坏或意外错误）
     the build could not finish (output folder in use, disk full, no permission, broken template, unexpected error)
出错时只显示说明；加 --debug 显示完整的 Python 跟踪信息。 --debug also prints the Python traceback.
"""

EPILOG_CHECK = """警告 warnings:
  内容警告（文号括号不规范、该有文号的栏目缺文号、模板占位文字未替换、字体缺字等）在 --strict 下视为错误。
  “蒙古文待母语审校”警告是界面译文的审校清单，默认只显示条数（-v 列出全部）；只有加 --strict-review 才视为错误。
  content warnings (non-standard 文号 brackets, a missing 文号 where the category normally has one, scaffold
  placeholder text, font coverage …) are fatal under --strict. "Mongolian text needs a native reviewer"
  warnings are the translation review backlog: counted (listed with -v), fatal only with --strict-review.
"""


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="项目目录（含 config.yaml） project folder holding config.yaml (default: .)")
    p.add_argument("--content", type=Path, default=None, help="内容目录 content folder (default: ROOT/content)")
    p.add_argument("--strict", action="store_true", help="警告也视为错误 treat warnings as errors")
    p.add_argument("--base-path", default=None, help="站点路径前缀，覆盖 config.yaml 的 base_path  URL prefix, overrides base_path (e.g. /sub/)")
    _verbosity(p)
    p.add_argument("--strict-review", action="store_true", help="“蒙古文待母语审校”警告也视为错误  unreviewed Mongolian strings are fatal too")
    p.add_argument("-j", "--jobs", type=int, default=None, help="并行进程数（默认：CPU 核数） worker processes (default: number of cores)")


def _verbosity(p: argparse.ArgumentParser) -> None:
    g = p.add_mutually_exclusive_group()
    g.add_argument("-q", "--quiet", action="store_true", help="只输出错误 print errors only")
    g.add_argument("-v", "--verbose", action="store_true", help="输出全部警告和各步用时 list every warning and the time of each step")
    p.add_argument("--debug", action="store_true", help="出错时显示完整跟踪信息 print the traceback when something fails")


def _location(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."), help="项目目录（含 config.yaml） project folder holding config.yaml (default: .)")
    p.add_argument("--content", type=Path, default=None, help="内容目录 content folder (default: ROOT/content)")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    b = sub.add_parser("build", help="生成网站 build the site", description="生成网站到输出目录 build the site into the output folder")
    _common(b)
    b.add_argument("--out", type=Path, default=None, help="输出目录 output folder (default: ROOT/site)")
    b.add_argument("--no-search", action="store_true", help="不建搜索索引（快速预览，搜索页不可用） skip the search index (quick preview; search will not work)")
    c = sub.add_parser("check", help="检查内容 validate content", description="检查全部内容，不写 site/  validate all content without writing site/",
                       epilog=EPILOG_CHECK, formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(c)
    s = sub.add_parser("serve", help="本机预览 live preview", formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="生成网站并在本机预览（只对本机 127.0.0.1 开放）；保存文件后只重新生成受影响的页面并自动刷新浏览器；"
                                   "内容有错误时继续显示上次成功的网站，并在页面顶部显示错误，改正后自动恢复。\n"
                                   "build the site and preview it on 127.0.0.1; on save, rebuild what changed and reload the browser; "
                                   "on a content error keep serving the last good site with the errors shown on the page.")
    _location(s)
    s.add_argument("--base-path", default=None, help="站点路径前缀 URL prefix, overrides base_path")
    s.add_argument("--out", type=Path, default=None, help="输出目录 output folder (default: ROOT/site)")
    s.add_argument("--port", type=int, default=8000, help="端口 port on 127.0.0.1 (default: 8000; 0 = any free port)")
    s.add_argument("--no-catch-up", action="store_true", help="不在后台完整生成（搜索索引不随修改更新） no background full build (search index stays as at start)")
    _verbosity(s)
    n = sub.add_parser("new", help="新建一期或一篇文件 scaffold an issue or a document", formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="不带期号：新建下一期（第N+1期、总第N+1期、建议出版日期、issue.yaml 和一篇带中文说明的示例文件）。\n"
                                   "带期号：在这一期中新建一篇文件，并加入 issue.yaml 的目录。\n"
                                   "without ISSUE: scaffold the next issue; with ISSUE (e.g. 2023/02): add a document to it.",
                       epilog="例 examples:\n  build.py new\n  build.py new --date 2023-03-06\n  build.py new 2023/02 --page 17")
    _location(n)
    n.add_argument("issue", nargs="?", default=None, help="期 issue, e.g. 2023/02 or 2023年第2期")
    n.add_argument("--page", type=int, default=None, help="起始页码 first print page of the document (file name pNNN)")
    n.add_argument("--slug", default=None, help="文件名（不带 .md） file name without .md (default: pNNN from --page)")
    n.add_argument("--date", default=None, help="出版日期 published_on YYYY-MM-DD (default: proposed)")
    n.add_argument("--year", type=int, default=None, help="年份 year of the new issue (default: proposed)")
    n.add_argument("--number", type=int, default=None, help="期号 第N期 (default: proposed)")
    n.add_argument("--dry-run", action="store_true", help="只显示建议，不写文件 show the proposal, write nothing")
    _verbosity(n)
    for kind, label, example in (("category", "栏目", "build.py add-category --name 人事任免 --slug appointments --mn ᠠᠯᠪᠠ… --mn-review"),
                                 ("issuer", "发文机关", "build.py add-issuer --name 包头市财政局 --slug finance-bureau --agency 包财采")):
        a = sub.add_parser(f"add-{kind}", help=f"在 config.yaml 中添加{label} add a {kind} to config.yaml",
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           description=f"在 config.yaml 中添加一个{label}（保留文件中的注释）。未在命令行给出的项会逐项询问；"
                                       f"蒙古文名称不能为空，须注明来源或标记待审校。\nadd a {kind} to config.yaml (comments kept); "
                                       "asks for anything not given; the Mongolian name is required, with its source or a review mark.",
                           epilog=f"例 example:\n  {example}\n见 see docs/编辑指南.md 第 2 节“新栏目或新发文机关”")
        a.set_defaults(kind=kind)
        a.add_argument("--root", type=Path, default=Path("."), help="项目目录（含 config.yaml） project folder holding config.yaml (default: .)")
        a.add_argument("--name", default=None, help=f"{label}中文名称，与印刷版一致 the Chinese name as printed")
        a.add_argument("--slug", default=None, help="网址名 URL slug [a-z0-9-], e.g. appointments")
        a.add_argument("--mn", default=None, help="蒙古文名称 the Mongolian name (traditional script)")
        g = a.add_mutually_exclusive_group()
        g.add_argument("--mn-source", default=None, help="蒙古文名称的来源（网址或出处） where the Mongolian name is attested")
        g.add_argument("--mn-review", action="store_true", help="来源不明，标记待母语审校 no source: mark it for a native reviewer")
        if kind == "issuer":
            a.add_argument("--agency", default=None, help="该机关文号的机关代字（如 包财采），导入时据此填发文机关 its 机关代字 in 文号, for the importer")
        _verbosity(a)
    i = sub.add_parser("import", help="导入提取文本 import extracted text", add_help=False)
    i.add_argument("args", nargs=argparse.REMAINDER)
    return p


def _config(args):
    return load_config(args.root.resolve(), getattr(args, "base_path", None), args.content.resolve() if args.content else None)


def main(argv: list[str] | None = None) -> int:
    """The one top-level handler: every failure is a message and a non-zero exit, never a bare traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = any(a in ("-v", "--verbose", "--debug") for a in argv)
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("已中断 interrupted; site/ 未改动 site/ was not changed", file=sys.stderr)
        return 130
    except CommitUnfinished as exc:  # stopped while moving the new files into site/
        what = "已中断 interrupted" if isinstance(exc.__cause__, KeyboardInterrupt) else f"错误 error: {shown_message(explain(exc.__cause__))}"
        print(f"{what}; site/ 已部分更新，下次生成时会先完成这次更新 site/ was partly updated; the next build finishes the update first",
              file=sys.stderr)
        return 130 if isinstance(exc.__cause__, KeyboardInterrupt) else EXIT_FAILURE
    except (UsageError, OutputRefused) as exc:
        print(f"错误 error: {shown_message(str(exc))}", file=sys.stderr)
        return EXIT_FAILURE if isinstance(exc, OutputBusy) else 2
    except Exception as exc:
        if debug:
            import traceback
            traceback.print_exc()
        building = argv[:1] == ["build"]
        tail = " 上次生成的 site/ 未改动。 site/ was not changed." if building else ""
        print(f"错误 error: {shown_message(explain(exc))}{tail}", file=sys.stderr)
        if not debug:
            print("（加 --debug 可显示完整跟踪信息 add --debug for the traceback）", file=sys.stderr)
        return EXIT_FAILURE


def _main(argv: list[str]) -> int:
    if argv[:1] == ["import"]:
        from .importer import main as import_main
        return import_main(argv[1:])
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 2
    if args.command == "serve":
        return _serve(args)
    if args.command == "new":
        return _new(args)
    if args.command in ("add-category", "add-issuer"):
        return _add_term(args)
    start = time.perf_counter()
    progress = None if args.quiet or args.command == "check" else Progress(args.verbose)
    try:
        config, config_warnings = _config(args)
        if args.command == "check":
            gazette, warnings = check(config, args.strict, config_warnings, jobs=args.jobs, strict_review=args.strict_review)
            _print_warnings(warnings, args)
            if not args.quiet:
                print(f"检查通过 OK: {len(gazette.issues)} 期 issues, {len(gazette.documents)} 篇文件 documents, "
                      f"{_count(warnings)}, {time.perf_counter() - start:.1f} s")
            return 0
        site = (args.out or args.root / "site").resolve()
        result = build(config, site, args.strict, config_warnings, args.jobs, args.strict_review, progress,
                       search=not args.no_search)
        _print_warnings(result.warnings, args)
        if not args.quiet:
            print(f"生成完成 built: {len(result.gazette.issues)} 期 issues, {len(result.gazette.documents)} 篇文件 documents, "
                  f"{result.pages} 页 pages, {_count(result.warnings)}, {time.perf_counter() - start:.1f} s → {site}")
        return 0
    except BuildFailed as failed:
        print(failed.report(), file=sys.stderr)
        if args.strict and not errors_in(failed.diagnostics):
            print(f"严格模式（--strict）：{len(failed.diagnostics)} 条警告视为错误，请逐条处理。 --strict: {len(failed.diagnostics)} warning(s) treated as errors.", file=sys.stderr)
        if args.command == "check":  # check builds nothing, so it has no site/ to speak of
            print(f"检查未通过，共 {len(failed.diagnostics)} 个问题。 check failed with {len(failed.diagnostics)} problem(s).", file=sys.stderr)
        else:
            print(f"生成失败，共 {len(failed.diagnostics)} 个问题；site/ 未改动。 build failed with {len(failed.diagnostics)} problem(s); site/ was not changed.", file=sys.stderr)
        return 1


def _count(warnings) -> str:
    content, review = split_warnings(warnings)
    return f"{len(content)} 条警告 warnings, {len(review)} 条蒙古文待审校 unreviewed Mongolian strings"


def _print_warnings(warnings, args) -> None:
    """Content warnings one per line; the Mongolian review backlog as one line unless --verbose."""
    if args.quiet:
        return
    content, review = split_warnings(warnings)
    for w in content + (review if args.verbose else ()):
        print(w.format(), file=sys.stderr)
    if review and not args.verbose:
        print(f"警告 warning: {len(review)} 条蒙古文界面文字待母语审校（config.yaml、layouts/i18n/mn.yaml；-v 列出全部） "
              f"{len(review)} Mongolian strings need a native reviewer (-v lists them)", file=sys.stderr)


def _serve(args) -> int:
    from .preview.serve import run

    root = args.root.resolve()
    site = (args.out or root / "site").resolve()
    argv = [sys.executable, str(Path(__file__).resolve().parent.parent / "build.py"), "build", "-q", "--root", str(root), "--out", str(site)]
    argv += ["--content", str(args.content.resolve())] if args.content else []
    argv += ["--base-path", args.base_path] if args.base_path is not None else []
    return run(lambda: _config(args), site, root, args.port, args.quiet, args.verbose,
               catch_up_argv=argv, catch_up=not args.no_catch_up)


def _add_term(args) -> int:
    from .addterm import KINDS, TermRefused, add_term, ask

    try:
        name, slug, mn, source = ask(args)
        line = add_term(args.root.resolve(), args.kind, name, slug, mn, source, getattr(args, "agency", None))
    except (TermRefused, BuildFailed) as exc:
        print(exc.report() if isinstance(exc, BuildFailed) else str(exc), file=sys.stderr)
        print("未添加，config.yaml 未改动。 nothing was added; config.yaml is unchanged.", file=sys.stderr)
        return 3
    except EOFError:
        print("输入已结束，未添加。 input ended; nothing was added.", file=sys.stderr)
        return 3
    if not args.quiet:
        print(f"已添加 added {KINDS[args.kind][1]}“{name}”（{slug}）→ config.yaml:{line}"
              + ("" if source else "；蒙古文名称已标记待母语审校 review: needed"))
        print("下一步 next: .venv/bin/python build.py check")
    return 0


def _new(args) -> int:
    from datetime import date

    from .scaffold import ScaffoldError, new_document, new_issue, parse_issue_ref, propose_issue

    try:
        config, config_warnings = _config(args)
        try:
            gazette, _ = check(config, False, ())
        except BuildFailed as failed:
            if args.issue is None:  # the next issue is proposed from a valid archive only
                print(failed.report(), file=sys.stderr)
                print("现有内容有错误，请先改正再新建下一期（build.py check） fix the existing content first", file=sys.stderr)
                return 1
            gazette = None
        if args.issue is not None:
            year, number = parse_issue_ref(args.issue)
            written = new_document(config, gazette, year, number, args.page, args.slug)
            if not args.quiet:
                print(f"已新建 created {written[0]}，并加入 {written[1]} 的目录 contents")
                print("下一步 next: 填写这篇文件，然后运行 .venv/bin/python build.py check")
            return 0
        try:
            when = date.fromisoformat(args.date) if args.date else None
        except ValueError:
            print(f"日期 {args.date!r} 应写成 YYYY-MM-DD  --date must be YYYY-MM-DD", file=sys.stderr)
            return 2
        plan = propose_issue(gazette, args.year, args.number, when)
        if not args.quiet:
            print(f"建议新建 proposed: {plan.label}，出版日期 published_on {plan.published_on}（请按印刷版核对 check against the print）→ content/{plan.folder}/")
        if args.dry_run:
            return 0
        written = new_issue(config, gazette, plan)
        if not args.quiet:
            for path in written:
                print(f"已新建 created {path}")
            print("下一步 next: 按说明填写这两个文件（或用 new 再加文件），然后 build.py check，再 build.py serve 预览。 "
                  "fill them in, then run check and serve (docs/编辑指南.md)")
        return 0
    except ScaffoldError as exc:
        print(str(exc), file=sys.stderr)
        return 3
    except BuildFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
