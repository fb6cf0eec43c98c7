"""Hourly rolling backups of a data folder: ``backups/<YYYYMMDD-HH>/<file>`` (hard links).

Before the first change to a file in each hour the engine links the old file here. The newest
backup of a file is chosen by the backup's own time stamp, not by its folder's name (a clock
that was wrong for a while names folders wrongly). 48 hourly and 30 daily backups are kept.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from datetime import datetime
from pathlib import Path

from data.storage.files import _fsync_dir, _parse, _read_raw

BACKUPS = "backups"


def hours(folder: Path) -> list[Path]:
    """The backup folders, newest name first (a snapshot being taken by ``tuki backup``,
    ``.snapshot-*``, is none of them: never pruned, never chosen by a repair)."""
    root = folder / BACKUPS
    if not root.exists():
        return []
    found = (p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    return sorted(found, reverse=True)


def of(folder: Path, rel: str) -> list[Path]:
    """Every backup of ``rel``, newest first by the backup's own time stamp."""
    name = rel.replace("/", "~")
    found: list[tuple[int, Path]] = []
    for hour in hours(folder):
        candidate = hour / name
        with contextlib.suppress(OSError):
            found.append((candidate.stat().st_mtime_ns, candidate))
    return [p for _, p in sorted(found, key=lambda item: item[0], reverse=True)]


def newest(folder: Path, rel: str) -> Path | None:
    """The newest backup of ``rel`` that parses, or None."""
    for candidate in of(folder, rel):
        got = _read_raw(candidate)
        if got is None:
            continue
        try:
            _parse(got[0])
        except ValueError:
            continue
        return candidate
    return None


def prune(folder: Path, keep_hours: int = 48, keep_days: int = 30) -> None:
    """Keep the newest ``keep_hours`` hourly backups and one a day for ``keep_days`` days."""
    days_kept: set[str] = set()
    for index, hour in enumerate(hours(folder)):
        day = hour.name[:8]
        if index < keep_hours:
            days_kept.add(day)
            continue
        if day not in days_kept and len(days_kept) < keep_days:
            days_kept.add(day)
            continue
        shutil.rmtree(hour, ignore_errors=True)


def set_aside(path: Path, mode: int, *, copy: bool = False) -> Path:
    """Keep ``path`` under another name beside it (``name.damaged-YYYYmmdd-HHMMSS``): moved, or
    copied when the file must stay for the next step. Never deleted."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    if copy:
        shutil.copyfile(path, target)
        os.chmod(target, mode)
    else:
        os.replace(path, target)
    with contextlib.suppress(OSError):
        _fsync_dir(path.parent)
    return target
