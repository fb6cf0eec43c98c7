"""The code's stamp, which (with the folder's change token, ``aside.change_token``) tells a
kept answer (``kept.py``) from a stale one. Standard library only."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


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
