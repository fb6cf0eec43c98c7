"""A backup written from a snapshot (``snapshot.py``): a ``.tar.gz`` file or a folder.

Inside, the same in both:

* ``data/<file>``: every file the snapshot holds, by its path in the data folder;
* ``tuki-backup.json``: what the copy is (when it was taken, by whom, how many files);
* ``SHA256SUMS``: the SHA-256 of every other file, in the format ``sha256sum -c`` reads.

Each file is read once: its hash is of the very bytes written. The copy is written under a
temporary name beside the target and renamed into place when whole (and synced), so a full
disk or a refused write leaves no half copy: the temporary one is removed and ``BackupError``
says why. An existing target is never overwritten (a folder may exist when it is empty).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tarfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

import orjson

from data.errors import TukiError
from data.storage.files import POSIX, _fsync_dir, why_code
from data.storage.snapshot import Snapshot

DATA = "data"
ABOUT = "tuki-backup.json"
SUMS = "SHA256SUMS"
FORMAT = "tuki-backup"
VERSION = 1
CHUNK = 1 << 20
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")

#: told how far a long step has come: (bytes done, bytes in all)
Progress = Callable[[int, int], None]


class BackupError(TukiError):
    """A backup, a check of one or a restore that cannot be done, said in words.

    Codes: ``backup_target_exists``, ``backup_target_parent`` (the folder to write in is
    missing), ``backup_write_failed`` (``why_code``: disk full, read-only, no permission),
    ``backup_not_found``, ``backup_cut_short``, ``backup_no_manifest``,
    ``backup_manifest_damaged``, ``backup_damaged`` (checksums do not match),
    ``restore_not_empty``."""

    why_code: str | None = None


@dataclass(frozen=True)
class Written:
    path: Path
    files: int
    size: int  # bytes of data copied (before compression)


def is_archive(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def about(snapshot: Snapshot, taken_at: datetime, by: str) -> bytes:
    info = {
        "format": FORMAT,
        "version": VERSION,
        "taken_at": taken_at.isoformat(timespec="seconds"),
        "by": by,
        "files": len(snapshot.files),
        "bytes": snapshot.size,
    }
    return orjson.dumps(info, option=orjson.OPT_INDENT_2) + b"\n"


def sums_text(sums: dict[str, str]) -> bytes:
    return "".join(f"{digest}  {name}\n" for name, digest in sums.items()).encode("utf-8")


def write(
    snapshot: Snapshot,
    target: Path,
    info: bytes,
    progress: Progress | None = None,
    mode: int = 0o600,
) -> Written:
    """Write the backup of ``snapshot`` to ``target`` (an archive when it ends in ``.tar.gz``
    or ``.tgz``, else a folder)."""
    target = target.expanduser().absolute()
    refuse_existing(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if is_archive(target):
            _write_tar(snapshot, temp, info, progress, mode)
        else:
            _write_folder(snapshot, temp, info, progress, mode)
        if target.is_dir():  # an empty folder named as the target: taken over
            target.rmdir()
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        _remove(temp)
        raise write_failed(exc, target.parent) from exc
    except BaseException:
        _remove(temp)
        raise
    return Written(target, len(snapshot.files), snapshot.size)


def write_failed(exc: OSError, folder: Path) -> BackupError:
    error = BackupError(
        "backup_write_failed",
        "The backup could not be written in {folder} ({why}); nothing was left there. Free some "
        "space, or choose a folder you may write in.",
        folder=folder,
        why=exc.strerror or type(exc).__name__,
    )
    error.why_code = why_code(exc)
    return error


def refuse_no_parent(target: Path) -> None:
    """A backup or a restore is written beside its target: the folder holding it must be."""
    if not target.parent.is_dir():
        raise BackupError(
            "backup_target_parent",
            "There is no folder {folder} to write the backup in. Make it first, or choose "
            "another place.",
            folder=target.parent,
        )


def refuse_existing(target: Path) -> None:
    refuse_no_parent(target)
    exists = target.exists() or target.is_symlink()
    if exists and (is_archive(target) or not target.is_dir() or any(target.iterdir())):
        raise BackupError(
            "backup_target_exists",
            "{target} exists already: a backup never writes over anything. Give a new name.",
            target=target,
        )


def _remove(temp: Path) -> None:
    if temp.is_dir() and not temp.is_symlink():
        shutil.rmtree(temp, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            temp.unlink()


class _Hashing(io.RawIOBase):
    """A file read through once: its SHA-256 and the progress as it is read."""

    def __init__(self, raw: BinaryIO, tick: Callable[[int], None]) -> None:
        self.raw, self.tick, self.sha = raw, tick, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        got = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        if got:
            self.sha.update(memoryview(buffer)[:got])
            self.tick(got)
        return got or 0


class _Ticker:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress

    def __call__(self, n: int) -> None:
        self.done += n
        if self.progress is not None:
            self.progress(self.done, self.total)


def _write_tar(
    snapshot: Snapshot, temp: Path, info: bytes, progress: Progress | None, mode: int
) -> None:
    tick = _Ticker(snapshot.size, progress)
    sums: dict[str, str] = {}
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as out:
        with tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as tar:
            for rel in snapshot.files:
                source = snapshot.root / rel
                with open(source, "rb") as raw:
                    member = tarfile.TarInfo(f"{DATA}/{rel}")
                    stat = os.fstat(raw.fileno())
                    member.size, member.mtime, member.mode = stat.st_size, int(stat.st_mtime), 0o600
                    hashing = _Hashing(raw, tick)
                    tar.addfile(member, io.BufferedReader(hashing, CHUNK))
                    sums[member.name] = hashing.sha.hexdigest()
            sums[ABOUT] = hashlib.sha256(info).hexdigest()
            _add_bytes(tar, ABOUT, info)
            _add_bytes(tar, SUMS, sums_text(sums))
        out.flush()
        os.fsync(out.fileno())
    if POSIX:
        os.chmod(temp, mode)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size, member.mode = len(data), 0o600
    member.mtime = int(datetime.now().timestamp())
    tar.addfile(member, io.BytesIO(data))


def _write_folder(
    snapshot: Snapshot, temp: Path, info: bytes, progress: Progress | None, mode: int
) -> None:
    tick = _Ticker(snapshot.size, progress)
    dir_mode = 0o700 | (mode & 0o070)
    temp.mkdir(mode=dir_mode)
    sums: dict[str, str] = {}
    made: set[Path] = {temp}
    for rel in snapshot.files:
        name = f"{DATA}/{rel}"
        target = temp / name
        for parent in reversed(target.parents):
            if parent not in made and temp in parent.parents:
                parent.mkdir(mode=dir_mode, exist_ok=True)
                made.add(parent)
        with open(snapshot.root / rel, "rb") as raw:
            sums[name] = _copy_hashed(raw, target, tick, mode)
    sums[ABOUT] = _write_small(temp / ABOUT, info, mode)
    _write_small(temp / SUMS, sums_text(sums), mode)
    for folder in made:
        _fsync_dir(folder)


def _copy_hashed(raw: BinaryIO, target: Path, tick: Callable[[int], None], mode: int) -> str:
    sha = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as out:
        while chunk := raw.read(CHUNK):
            sha.update(chunk)
            out.write(chunk)
            tick(len(chunk))
        out.flush()
        os.fsync(out.fileno())
    return sha.hexdigest()


def _write_small(path: Path, data: bytes, mode: int) -> str:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return hashlib.sha256(data).hexdigest()


__all__ = [
    "ABOUT",
    "DATA",
    "SUMS",
    "BackupError",
    "Progress",
    "Written",
    "about",
    "is_archive",
    "write",
]
