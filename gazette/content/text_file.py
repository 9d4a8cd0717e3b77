"""One content file as checked text: UTF-8, LF line ends, NFC, no forbidden characters; and a key's line in it
(a diagnostic found later, across files, still points at the line)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Diagnostic, error
from ..core.textcheck import bad_character_message, bad_lines
from .config import Config
from .regular import NotRegularFile, read_regular


@dataclass(frozen=True)
class SourceText:
    rel: str  # the path shown in messages (relative to the project root)
    text: str


def rel_path(config: Config, path: Path) -> str:
    return path.relative_to(config.content_dir.parent).as_posix()


def read_text(config: Config, path: Path, out: list[Diagnostic]) -> SourceText | None:
    """Read UTF-8 (a BOM is dropped; CRLF becomes LF); non-UTF-8 is an error at the first bad byte's line."""
    rel = rel_path(config, path)
    try:
        data = read_regular(path)
    except NotRegularFile as exc:
        out.append(error(rel, 1, exc.message))
        return None
    except OSError as exc:
        out.append(error(rel, 1, f"无法读取文件（{exc.strerror}） cannot read the file: {exc.strerror}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        out.append(error(rel, line, f"文件不是 UTF-8 编码（第 {exc.start} 字节） file is not UTF-8 text (byte {exc.start}); save it as UTF-8"))
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    bad = bad_lines(text)
    for line, ch in bad:
        out.append(error(rel, line, bad_character_message(ch)))
    return None if bad else SourceText(rel, unicodedata.normalize("NFC", text))


def line_of(text: str, key: str) -> int:
    """The line of a top-level `key:` in a file's text (1 when absent)."""
    for i, line in enumerate(text.split("\n"), 1):
        if line.startswith(f"{key}:"):
            return i
    return 1


def line_of_key(config: Config, rel: str, key: str) -> int:
    """Re-read a content file to point a cross-file diagnostic at the key's line (only on that path)."""
    try:
        return line_of((config.content_dir.parent / rel).read_text(encoding="utf-8", errors="replace"), key)
    except OSError:
        return 1
