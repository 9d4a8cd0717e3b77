"""The output folder: the build replaces only what it built. A site this generator builds carries a marker
file; an output folder that is, or holds, the project, content/, layouts/ or config.yaml, the home folder or
`/`, or an existing folder that is not such a site, is refused before anything is written. One build at a time
writes into a folder (a lock file beside it), and what a killed build left beside it is removed by the next."""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

MARKER = ".gazette-site"
MARKER_TEXT = ("本文件夹由公报网站生成器（build.py build）生成，每次生成时整体替换；请勿在此存放其他文件。\n"
               "This folder is built by the gazette generator (build.py build) and replaced as a whole by every build;\n"
               "keep nothing else in it.\n")
# What a site of this generator holds at its top level (an older build, made before the marker, is one too).
_SITE_NAMES = frozenset({"index.html", "404.html", "mn", "static", "pagefind", "catalogue.json", "feed.xml", "sitemap.xml",
                         "robots.txt", "category", "issuer", "wenhao", "search", MARKER})
_YEAR = re.compile(r"[0-9]{4}")


class OutputRefused(Exception):
    """The output folder cannot be used; `message` says why and what to do, in Chinese and English."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OutputBusy(OutputRefused):
    """Another build is writing into the same output folder."""


def staging_prefix(site: Path) -> str:
    return f".{site.name}.building-"


def old_copy(site: Path) -> Path:
    return site.parent / f".{site.name}.old"


def lock_file(site: Path) -> Path:
    return site.parent / f".{site.name}.lock"


def _protected(root: Path, content: Path, layouts: Path) -> list[tuple[Path, str, str]]:
    home = Path.home().resolve()
    return [(root, "项目目录", "the project folder"), (content, "内容目录 content/", "content/"), (layouts, "模板目录 layouts/", "layouts/"),
            (root / "config.yaml", "配置文件 config.yaml", "config.yaml"), (home, "主目录", "the home folder"), (Path("/"), "根目录 /", "/")]


def check_out_path(site: Path, root: Path, content: Path, layouts: Path) -> None:
    """Refuse an output folder whose replacement would delete the editors' files: one that is, or holds, the
    project, content/, layouts/ or config.yaml, the home folder or `/`, or lies inside content/ or layouts/."""
    site, root, content, layouts = (p.resolve() for p in (site, root, content, layouts))
    for path, zh, en in _protected(root, content, layouts):
        if site == path or path.is_relative_to(site):
            raise OutputRefused(f"输出目录 {site} 是或包含{zh}，生成时会被整体替换，已拒绝；请用 --out 指定单独的文件夹，如 site "
                                f"refused: the output folder {site} is or holds {en}, and a build replaces its output "
                                f"folder as a whole; choose a folder of its own with --out, e.g. site")
    for path, zh, en in _protected(root, content, layouts)[1:3]:
        if site.is_relative_to(path):
            raise OutputRefused(f"输出目录 {site} 位于{zh}之中，已拒绝；请用 --out 指定其外的文件夹，如 site "
                                f"refused: the output folder {site} is inside {en}; choose a folder outside it with --out, e.g. site")


def is_our_site(folder: Path) -> bool:
    """A folder this generator built: it has the marker, or (an older build) index.html and nothing else than a
    site's top-level files and folders."""
    names = set(os.listdir(folder))
    return MARKER in names or ("index.html" in names and all(n in _SITE_NAMES or _YEAR.fullmatch(n) for n in names))


def check_owned(site: Path) -> None:
    """An existing output folder must be a site this generator built (or empty): anything else is the user's."""
    if not os.path.lexists(site):
        return
    if site.is_symlink() or not site.is_dir():
        raise OutputRefused(f"输出目录 {site} 已存在且不是文件夹，已拒绝（不会删除它）；请用 --out 指定别的位置 "
                            f"refused: {site} exists and is not a folder (it is left alone); choose another place with --out")
    if not os.listdir(site) or is_our_site(site):
        return
    strange = sorted(n for n in os.listdir(site) if n not in _SITE_NAMES and not _YEAR.fullmatch(n))[:3]
    raise OutputRefused(f"输出目录 {site} 已存在，但不是本生成器生成的网站（其中有 {'、'.join(strange) or 'index.html 以外的文件'}），"
                        f"生成会整体替换它，已拒绝；请用 --out 指定新的或空的文件夹，或先自行移走该文件夹 "
                        f"refused: the output folder {site} exists but is not a site this generator built (it holds "
                        f"{', '.join(strange) or 'files but no index.html'}), and a build replaces its output folder as a whole; "
                        f"choose a new or empty folder with --out, or move that folder away yourself")


@contextmanager
def output_lock(site: Path):
    """Hold an exclusive lock on the output folder for the whole build (a lock file beside it, removed after).
    A second build into the same folder is refused at once with the first one's process id."""
    path = lock_file(site)
    site.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise
            raise OutputBusy(f"另一个生成进程（进程号 {holder or '?'}）正在写入 {site}，请等它结束后再试 "
                             f"another build (process {holder or '?'}) is writing into {site}; wait for it to finish, then build again") from None
        try:  # the holder before us may have removed the file after we opened it: lock the file at the path
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.unlink(path)
        os.close(fd)


def clean_leftovers(site: Path) -> list[Path]:
    """Under the lock: remove the staging and old folders a killed build left beside site/ (only folders named
    as this generator names them that are empty or carry its marker). A build killed between its two renames
    left no site/ but the previous one as `.site.old`: that is put back first."""
    old = old_copy(site)
    if not os.path.lexists(site) and old.is_dir() and not old.is_symlink() and is_our_site(old):
        os.rename(old, site)
    removed = []
    prefix = staging_prefix(site)
    for entry in os.scandir(site.parent):
        if (entry.name.startswith(prefix) or entry.name == old.name) and entry.is_dir(follow_symlinks=False):
            folder = Path(entry.path)
            if not os.listdir(folder) or is_our_site(folder):
                shutil.rmtree(folder)
                removed.append(folder)
    return removed
