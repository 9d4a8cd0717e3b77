"""Find the issue folders content/YYYY/NN, reporting anything else that could be content (misplaced files,
links, pipes, badly named folders) so that it is never silently skipped."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..core.errors import Diagnostic, error
from ..core.textcheck import unsafe_name
from .config import Config
from .regular import not_regular_message
from .text_file import rel_path

# ASCII digits only (\d also matches full-width and Mongolian digits), whole names (`$` matches before a newline).
_YEAR = re.compile(r"[0-9]{4}")
_NUMBER = re.compile(r"[0-9]{2}")


def issue_folders(config: Config, out: list[Diagnostic]) -> list[Path]:
    """Issue folders content/YYYY/NN; anything else that could be content is reported into `out`. (os.scandir:
    `serve` walks the whole tree after every save, 12,000 files at 10,000 documents.)"""
    root = config.content_dir
    if not root.is_dir():
        out.append(error("content", 1, "找不到 content/ 目录 the content/ folder is missing"))
        return []
    folders: list[Path] = []

    def visit(folder: str, parts: tuple[str, ...]) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                here = parts + (entry.name,)
                message = _misplaced(entry, here)
                if message:
                    out.append(error(rel_path(config, Path(entry.path)), 1, message))
                elif entry.is_dir():
                    if len(here) == 2:
                        folders.append(Path(entry.path))
                    visit(entry.path, here)

    visit(str(root), ())
    return sorted(folders)


def _misplaced(entry: os.DirEntry, here: tuple[str, ...]) -> str | None:
    """What is wrong with an entry at content/`here`, or None for a year or issue folder to look into, an issue
    folder's file or anything the walk ignores. A folder that is not content/YYYY/NN is never parsed as one."""
    depth = len(here)
    if unsafe_name(entry.name):  # a newline or control character, or bytes that are not UTF-8
        return "文件名或文件夹名含有控制字符或换行（或不是 UTF-8），请重新命名 the file or folder name holds a control character or line break (or is not UTF-8); rename it"
    if entry.is_symlink():
        return "不允许符号链接 symbolic links are not allowed in content/ (unsafe path)"
    if entry.is_dir():
        if depth == 3 and (entry.name == "issue.yaml" or entry.name.endswith(".md")):
            return not_regular_message(stat.S_IFDIR)  # also what reading it says
        if (depth == 1 and not _YEAR.fullmatch(here[0])) or (depth == 2 and not _NUMBER.fullmatch(here[1])) or depth > 2:
            return "目录名应为 content/年份/期号（阿拉伯数字），如 content/2023/01 folders must be content/YYYY/NN in digits 0-9, e.g. content/2023/01"
        return None
    if not entry.is_file():  # a named pipe, socket or device: reading it would hang or never end
        return not_regular_message(entry.stat(follow_symlinks=False).st_mode)
    if depth < 3 and entry.name.endswith((".md", ".yaml")):  # content files belong in content/YYYY/NN/
        return "Markdown 文件必须放在期目录中，如 content/2023/01/ a Markdown file must be inside an issue folder such as content/2023/01/"
    return None
