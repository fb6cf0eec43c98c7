"""What tells a kept answer (``kept.py``) from a stale one: the folder's change token and the
code's stamp. Standard library only: the console reads its start screen's kept answers with
these before the rest of the storage and the models are imported (``tui/start_view.py``)."""

from __future__ import annotations

import os
from collections.abc import Collection
from functools import cache
from pathlib import Path


def folder_token(folder: Path, skip: Collection[str], delta: Path) -> tuple[int, ...]:
    """``Engine.change_token`` of ``folder``: the modification times of the folder and of its
    subfolders but those in ``skip``, then the change log's (``delta``) inode and size."""
    out = []
    try:
        out.append(os.stat(folder).st_mtime_ns)
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if entry.is_dir(follow_symlinks=False) and entry.name not in skip:
                out.append(entry.stat(follow_symlinks=False).st_mtime_ns)
        changes = os.stat(delta)  # a change to the index alone only appends a line
        out += [changes.st_ino, changes.st_size]
    except FileNotFoundError:
        out.append(0)
    return tuple(out)


@cache
def code_stamp() -> list[int] | None:
    """The newest modification time, the total size and the number of the modules of
    ``data/``: a new version of the rules does not find what the old one kept. None when
    they cannot be listed (e.g. run from a zip file): then nothing is kept in the folder."""
    newest = size = count = 0
    pending = [str(Path(__file__).resolve().parent.parent)]  # data/
    try:
        while pending:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                        pending.append(entry.path)
                    elif entry.name.endswith(".py"):
                        info = entry.stat()
                        newest, size, count = (
                            max(newest, info.st_mtime_ns),
                            size + info.st_size,
                            count + 1,
                        )
    except OSError:
        return None
    return [newest, size, count] if count else None
