"""What the command line prints when a build stops for a reason outside the content: the disk is full, the
output folder cannot be written, a template breaks, or anything unexpected. Each message says what happened,
where, and what to do, in Chinese and English; the traceback is printed only with -v / --debug."""

from __future__ import annotations

import errno
import traceback
from pathlib import Path

EXIT_FAILURE = 4  # the build could not finish (not a content error): docs/编辑指南.md §9

_ADVICE_REPORT = ("请用 --debug 重新运行，把完整输出交给技术人员。 run again with --debug and give the whole output to "
                  "the technical staff.")


def _where(exc: BaseException) -> str:
    """The innermost frame of the generator's own code (or a template) where the exception was raised."""
    package = Path(__file__).resolve().parent
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = Path(frame.filename)
        if path.suffix == ".html" or path.is_relative_to(package):
            name = path.relative_to(package.parent).as_posix() if path.is_relative_to(package.parent) else path.name
            return f"{name}:{frame.lineno}"
    return "build.py"


def _os_error(exc: OSError) -> str | None:
    where = f"{exc.filename}" if exc.filename else "?"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"磁盘空间不足，无法写入 {where}。请清理磁盘（或用 --out 输出到空间更大的磁盘）后重新生成。 "
                f"no space left on the disk while writing {where} ({exc.strerror}); free some space (or build onto "
                f"another disk with --out), then build again.")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (f"没有权限写入或读取 {where}。请检查该文件夹的权限，或用 --out 输出到可写的文件夹。 "
                f"permission denied for {where} ({exc.strerror}); check the folder's permissions, or build into a "
                f"writable folder with --out.")
    if exc.errno == errno.EROFS:
        return (f"{where} 所在的磁盘是只读的，无法写入。请用 --out 输出到可写的文件夹。 "
                f"{where} is on a read-only file system; build into a writable folder with --out.")
    if exc.errno == errno.EMFILE or exc.errno == errno.ENFILE:
        return (f"打开的文件过多（{where}）。请关闭其他程序或用 -j 1 重新生成。 too many open files ({where}); "
                f"close other programs or build again with -j 1.")
    if exc.errno == errno.ENAMETOOLONG:
        return f"路径太长：{where}。请缩短文件夹名。 path too long: {where}; use shorter folder names."
    return None


def explain(exc: BaseException) -> str:
    """The bilingual message for an exception that stopped a command (what, where, what to do)."""
    import jinja2

    if isinstance(exc, OSError) and _os_error(exc):
        return _os_error(exc)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return (f"layouts/{exc.name or exc.filename}:{exc.lineno}: 模板语法错误 template syntax error: {exc.message}。"
                f"请改正该模板。 correct the template.")
    if isinstance(exc, jinja2.TemplateNotFound):
        return (f"layouts/{exc.name}:1: 找不到模板 template not found (used at {_where(exc)}); 请从代码库恢复 "
                f"restore it from the repository.")
    if isinstance(exc, jinja2.UndefinedError):
        return (f"{_where(exc)}: 模板使用了不存在的值 a template uses a value that does not exist: {exc}. {_ADVICE_REPORT}")
    if isinstance(exc, RecursionError):
        return f"{_where(exc)}: 内容嵌套过深 the input is nested too deeply ({exc}). {_ADVICE_REPORT}"
    if isinstance(exc, MemoryError):
        return (f"{_where(exc)}: 内存不足 out of memory. 请关闭其他程序或用 -j 1 重新生成。 close other programs or "
                f"build again with -j 1.")
    detail = str(exc) or type(exc).__name__
    return f"{_where(exc)}: 意外错误 unexpected error: {type(exc).__name__}: {detail}. {_ADVICE_REPORT}"
