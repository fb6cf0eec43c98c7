"""The folders of a data folder kept beside the register, not part of it
(``FolderLayout.aside``): each user's unsaved drafts and the values worked out for the next
process (``kept.py``), and the folder's change token, which leaves them out. Plain names, so
that a command showing a kept value needs no more of the layout (whose tables name the
record models) nor an engine."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from data.storage.backups import BACKUPS
from data.storage.delta import DELTA

DRAFTS_DIR = "drafts"
CACHE_DIR = "cache"  # values worked out from the register for the next process (kept.py)
ACCESS_DIR = "access"  # the access log (access_log.py): checked on its own, a view is no change
ASIDE = frozenset({DRAFTS_DIR, CACHE_DIR, ACCESS_DIR})


def change_token(folder: Path, aside: Iterable[str] = ()) -> tuple[int, ...]:
    """Changes whenever any data file of ``folder`` is replaced (``Engine.change_token``):
    every save renames a file into its folder, which moves that folder's modification time
    (the backups and the folders ``aside`` left out)."""
    skip = {BACKUPS, *aside}
    out = []
    try:
        out.append(os.stat(folder).st_mtime_ns)
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False) and entry.name not in skip:
                out.append(entry.stat(follow_symlinks=False).st_mtime_ns)
        delta = os.stat(folder / DELTA)  # a change to the index alone only appends a line
        out += [delta.st_ino, delta.st_size]
    except FileNotFoundError:
        out.append(0)
    return tuple(out)


def make_aside(folder: Path, name: str, mode: int) -> None:
    """Make ``folder/name`` (e.g. the access log's) with the Store, before a console reads its
    first change token: made later, it would move the folder's time, which reads as a change,
    once. Nothing in a folder this user may only read (or that is not there yet)."""
    path = folder / name
    try:
        if not path.is_dir():
            path.mkdir(mode=mode)
            if os.name == "posix":  # (the umask must not narrow it; a setgid bit stays)
                os.chmod(path, (path.stat().st_mode & 0o7000) | mode)
    except OSError:
        pass
