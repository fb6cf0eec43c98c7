"""The access log in the hourly backups: a copy, not a link, of each month file as it was
before the hour's first view.

The register's backups are hard links, safe because a save never changes a file in place: it
writes a new one and renames it over the old. The access log's month files are appended in
place (``access_log.py``): a link would see every later append, and an entry changed or cut
off in place would be changed in the backup too. So the hour's first view (under the folder's
lock, before its own append) copies into ``backups/<YYYYMMDD-HH>/`` each month file whose
newest copy there is not of its size (in use: the newest month; a closed month only when no
backup kept holds it) and, last, the head (``access~head.json``), whose presence says that
this hour's copy is taken: every other view of the hour costs one ``stat``. Only once the
register's backups have begun (``backups/``, made by the first save). Restoring is a copy
back (``access~2026-11.json`` to ``access/2026-11.json``); ``tuki check`` then verifies
the chain, and names the entries lost since the copy (the current head is ahead of it).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from data.storage import backups
from data.storage.access_log import HEAD_FILE, DiskFiles
from data.storage.aside import ACCESS_DIR

HEAD_COPY = f"{ACCESS_DIR}~{HEAD_FILE}"


def copy_of_hour(
    folder: Path, files: DiskFiles, make_dir: Callable[[Path], None] | None = None
) -> int:
    """Copy the access log's changed month files into this hour's backup, once an hour; the
    number of files copied. Call it under the folder's lock."""
    hour = folder / backups.BACKUPS / datetime.now(UTC).strftime("%Y%m%d-%H")
    if (hour / HEAD_COPY).exists() or not hour.parent.is_dir():
        return 0  # (taken this hour; or no backups yet: the register's first save begins
        # them, a view never makes the folder: that would move the folder's change token)
    months = files.months()
    head = files.dir / HEAD_FILE
    if not months:
        return 0
    if make_dir is not None:
        make_dir(hour)
    else:
        hour.mkdir(parents=True, exist_ok=True)
    copied = 0
    for month in months:
        rel = f"{ACCESS_DIR}/{month}.json"
        kept = backups.of(folder, rel)
        size = files.size(month)
        with contextlib.suppress(OSError):
            if kept and kept[0].stat().st_size == size:
                continue  # unchanged since its newest copy
        _copy(files.path(month), hour / rel.replace("/", "~"), files.file_mode)
        copied += 1
    if head.exists():
        _copy(head, hour / HEAD_COPY, files.file_mode)
    return copied


def _copy(source: Path, target: Path, mode: int) -> None:
    """A whole copy under a temporary name, renamed into place (never half a copy)."""
    temp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(source, temp)
    os.chmod(temp, mode)
    os.replace(temp, target)
