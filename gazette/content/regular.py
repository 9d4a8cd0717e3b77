"""Read only regular files. A named pipe called issue.yaml would block a plain open() for ever, a folder
called p001.md raised IsADirectoryError, a device never ends: each is refused with a message instead."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

KINDS = {  # (Chinese, English) for the message
    stat.S_IFDIR: ("文件夹", "a folder"), stat.S_IFIFO: ("命名管道", "a named pipe"), stat.S_IFSOCK: ("套接字", "a socket"),
    stat.S_IFCHR: ("设备", "a device"), stat.S_IFBLK: ("设备", "a device"), stat.S_IFLNK: ("符号链接", "a symbolic link"),
}


class NotRegularFile(Exception):
    """The path exists but is not a plain file; `message` says what it is, in Chinese and English."""

    def __init__(self, mode: int):
        zh, en = KINDS.get(stat.S_IFMT(mode), ("特殊文件", "a special file"))
        self.message = f"不是普通文件（而是{zh}），应为普通文本文件 is not a regular file but {en}; it must be a plain text file"
        super().__init__(self.message)


def not_regular_message(mode: int) -> str:
    return NotRegularFile(mode).message


def read_regular(path: Path | str) -> bytes:
    """The bytes of a regular file. Opened without following a symbolic link and without blocking (a pipe),
    then checked with fstat on the open descriptor, so nothing can be swapped in between."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the last component is a symbolic link
            raise NotRegularFile(stat.S_IFLNK) from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(mode)
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)
