"""Writing a palaveri's minutes to a file: the one place the console and ``tuki minutes`` use.

Minutes name a child, so the file is as private as the data folder:

* in the data folder (the console writes to ``minutes/`` there) they follow its sharing: a
  group-shared folder (setgid) gets ``minutes/`` 2770 and files 0660, so every coordinator of
  the team can read and rewrite them; a private folder gets 0700 and 0600;
* anywhere else (``tuki minutes --out FILE``) the file is 0600 whatever the umask;
* a symbolic link is never followed (checked with ``lstat``, opened with ``O_NOFOLLOW`` and
  ``O_EXCL``), and an existing file is replaced only when asked (``force``), atomically.

Refusals are ``TukiError`` with codes ``file_is_link``, ``file_is_folder`` and ``file_exists``
(param ``file``); other ``OSError`` pass through for the face to word.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import Protocol

from data.errors import TukiError
from data.storage.files import POSIX, write_atomic

MINUTES = "minutes"
SW_REPORTS = "reports-sw"  # the reports to the children's social workers, made in the console
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
BINARY = getattr(os, "O_BINARY", 0)


class Folder(Protocol):
    """What is needed of the data folder's engine: where it is and how it shares."""

    folder: Path
    file_mode: int
    dir_mode: int


def _link(path: Path) -> TukiError:
    return TukiError(
        "file_is_link",
        "{file} is a link or not an ordinary file or folder; nothing was written.",
        file=path,
    )


def _shared(engine: Folder) -> bool:
    return engine.file_mode & 0o060 != 0


def inside(engine: Folder, path: Path) -> bool:
    """Whether ``path`` (its folder resolved, the name itself not) lies in the data folder."""
    try:
        parent = path.expanduser().absolute().parent.resolve()
        return parent.is_relative_to(engine.folder.resolve())
    except OSError:
        return False


def mode_for(engine: Folder, path: Path) -> int:
    """0660 inside a group-shared data folder, else 0600."""
    return engine.file_mode if _shared(engine) and inside(engine, path) else 0o600


def minutes_folder(engine: Folder, name: str = MINUTES) -> Path:
    """``minutes/`` (or another folder ``name``, e.g. ``payments/``) in the data folder, made
    (or put right, when this user owns it) with the folder's sharing: 2770 in a group-shared
    folder, 0700 in a private one."""
    folder = engine.folder / name
    wanted = engine.dir_mode | (stat.S_ISGID if _shared(engine) else 0)
    try:
        info = folder.lstat()
    except FileNotFoundError:
        with contextlib.suppress(FileExistsError):  # another coordinator made it just now
            folder.mkdir(mode=engine.dir_mode)
        info = folder.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise _link(folder)
    if POSIX and stat.S_IMODE(info.st_mode) != wanted:
        # a folder an older Tuki made 0700 locks the team out; only its owner can fix it
        with contextlib.suppress(PermissionError):
            os.chmod(folder, wanted)
    return folder


def write_file(path: Path, content: bytes, *, mode: int = 0o600, force: bool = False) -> Path:
    """Write ``content`` to a new file ``path`` with exactly ``mode``; never through a link;
    an existing file only with ``force`` (replaced atomically)."""
    path = path.expanduser()
    try:
        info: os.stat_result | None = path.lstat()
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise _link(path)
    if info is not None and stat.S_ISDIR(info.st_mode):  # not 'exists, --force replaces it'
        raise TukiError(
            "file_is_folder",
            "{file} is a folder; give a file's name after it ({file}/NAME). Nothing was written.",
            file=path,
        )
    if info is not None:
        if not force:
            raise TukiError(
                "file_exists",
                "{file} already exists; nothing was written. Give --force to replace it.",
                file=path,
            )
        if not stat.S_ISREG(info.st_mode):
            raise _link(path)
        write_atomic(path, content, mode=mode)  # a new file renamed over the old one
        return path
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY, mode)
    try:
        try:
            if POSIX:
                os.fchmod(fd, mode)  # the umask must neither widen nor narrow it
            view = memoryview(content)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise
    return path


def write_minutes(engine: Folder, content: bytes, path: Path, *, force: bool = False) -> Path:
    """Write minutes to ``path``: 0660 inside a group-shared data folder, else 0600."""
    return write_file(path, content, mode=mode_for(engine, path), force=force)


def write_in_folder(engine: Folder, name: str, content: bytes, *, folder: str = MINUTES) -> Path:
    """Write minutes as ``minutes/NAME`` in the data folder (the console's place), replacing the
    earlier copy of the same palaveri's minutes (a payment list: ``folder="payments"``)."""
    return write_minutes(engine, content, minutes_folder(engine, folder) / name, force=True)
