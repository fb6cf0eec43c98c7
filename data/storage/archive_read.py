"""Checking a backup (``tuki backup --verify``) and restoring one (``tuki restore``).

``verify`` reads every file of the backup once and compares its SHA-256 with the manifest
(``SHA256SUMS``): it names each file whose bytes differ, each listed file that is missing and
each file that is not listed; an archive cut short or not a gzip'd tar at all is said so.

``extract`` restores a backup that verified into a new folder: never over a folder that holds
anything (a live data folder always does), written under a temporary name beside it and renamed
into place when whole, each file checked against the manifest again as it is written. Only
plain files under ``data/`` with a plain relative path are taken: a link, a device, a path with
``..`` or an absolute one is refused, whatever the archive says.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import shutil
import tarfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO

import orjson

from data.storage.archive import (
    ABOUT,
    CHUNK,
    DATA,
    FORMAT,
    SUMS,
    BackupError,
    Progress,
    is_archive,
    refuse_no_parent,
    write_failed,
)
from data.storage.files import _fsync_dir

_BROKEN = (tarfile.TarError, EOFError, zlib.error, OSError)


@dataclass
class Verified:
    """What a check of a backup found."""

    path: Path
    files: int = 0  # data files whose checksum matched
    size: int = 0
    taken_at: str = ""
    by: str = ""
    damaged: list[str] = field(default_factory=list)  # checksum differs
    missing: list[str] = field(default_factory=list)  # listed, not there
    unexpected: list[str] = field(default_factory=list)  # there, not listed
    sums: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (self.damaged or self.missing or self.unexpected)


def _cut_short(path: Path, name: str) -> BackupError:
    return BackupError(
        "backup_cut_short",
        "{path} is damaged or cut short (after {name}): it cannot be read as a Tuki backup.",
        path=path,
        name=name or "-",
    )


def _no_manifest(path: Path, code: str = "backup_no_manifest") -> BackupError:
    return BackupError(
        code, "{path} is not a whole Tuki backup: its manifest is missing or damaged.", path=path
    )


def parse_sums(path: Path, raw: bytes) -> dict[str, str]:
    sums: dict[str, str] = {}
    try:
        for line in raw.decode("utf-8").splitlines():
            digest, sep, name = line.partition("  ")
            if not sep or len(digest) != 64 or not name:
                raise ValueError(line)
            int(digest, 16)
            sums[name] = digest.lower()
    except ValueError as exc:
        raise _no_manifest(path, "backup_manifest_damaged") from exc
    return sums


class _Counting(io.RawIOBase):
    """The archive's file as read, counting its bytes for the progress."""

    def __init__(self, raw: BinaryIO, size: int, progress: Progress | None) -> None:
        self.raw, self.size, self.progress, self.done = raw, size, progress, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        got = self.raw.readinto(buffer)  # type: ignore[attr-defined]
        if got:
            self.done += got
            if self.progress is not None:
                self.progress(self.done, self.size)
        return got or 0


def _members(path: Path, progress: Progress | None) -> Iterator[tuple[str, IO[bytes] | None]]:
    """Each member of a backup: its name and a reader (None: not a plain file)."""
    if not path.exists():
        raise BackupError("backup_not_found", "There is no backup {path}.", path=path)
    if is_archive(path) or path.is_file():
        with open(path, "rb") as raw:
            counted = io.BufferedReader(_Counting(raw, path.stat().st_size, progress), CHUNK)
            last = ""
            try:
                with tarfile.open(fileobj=counted, mode="r|gz") as tar:
                    for member in tar:
                        last = member.name
                        yield member.name, tar.extractfile(member) if member.isfile() else None
            except _BROKEN as exc:
                raise _cut_short(path, last) from exc
        return
    files = sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink())
    total = sum(p.lstat().st_size for p in files)
    done = 0
    for file in files:
        name = file.relative_to(path).as_posix()
        if file.is_symlink():
            yield name, None
            continue
        with open(file, "rb") as reader:
            yield name, reader
        done += file.stat().st_size
        if progress is not None:
            progress(done, total)


def _read(reader: IO[bytes], path: Path, name: str, size: int = -1) -> bytes:
    """A member's next bytes; an archive that breaks off in it is said so (by name)."""
    try:
        return reader.read(size)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise _cut_short(path, name) from exc


def _hash(reader: IO[bytes], path: Path, name: str, out: BinaryIO | None = None) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    while chunk := _read(reader, path, name, CHUNK):
        sha.update(chunk)
        size += len(chunk)
        if out is not None:
            out.write(chunk)
    return sha.hexdigest(), size


def verify(path: Path, progress: Progress | None = None) -> Verified:
    """Read the whole backup at ``path`` and compare every file with its checksum."""
    path = path.expanduser().absolute()
    found = Verified(path)
    seen: dict[str, tuple[str, int]] = {}
    sums_raw = about_raw = None
    for name, reader in _members(path, progress):
        if reader is None:
            found.unexpected.append(name)
        elif name == SUMS:
            sums_raw = _read(reader, path, name)
        else:
            if name == ABOUT:
                about_raw = _read(reader, path, name)
                reader = io.BytesIO(about_raw)
            seen[name] = _hash(reader, path, name)
    if sums_raw is None:
        raise _no_manifest(path)
    found.sums = parse_sums(path, sums_raw)
    for name, digest in found.sums.items():
        if name not in seen:
            found.missing.append(name)
        elif seen[name][0] != digest:
            found.damaged.append(name)
        elif name.startswith(f"{DATA}/"):
            found.files += 1
            found.size += seen[name][1]
    found.unexpected += sorted(n for n in seen if n not in found.sums)
    if about_raw is not None and ABOUT not in found.damaged:
        with contextlib.suppress(orjson.JSONDecodeError, AttributeError, TypeError):
            info = orjson.loads(about_raw)
            if info.get("format") == FORMAT:
                found.taken_at, found.by = str(info.get("taken_at", "")), str(info.get("by", ""))
    return found


def refuse_target(target: Path) -> None:
    """A restore goes only into a new folder or an empty one."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(
            "restore_not_empty",
            "{target} is not an empty folder: a restore never writes over anything (a data "
            "folder in use least of all). Name a new folder.",
            target=target,
        )
    refuse_no_parent(target)


def _safe(name: str) -> str | None:
    """The data folder's path of a member, or None when it is not one to restore."""
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or "\\" in name or not pure.parts:
        return None
    if pure.parts[0] != DATA or len(pure.parts) < 2:
        return None
    return "/".join(pure.parts[1:])


def extract(
    source: Path,
    target: Path,
    checked: Verified,
    progress: Progress | None = None,
    accept: Callable[[Path], None] | None = None,
) -> Path:
    """Write the backup ``source`` (which ``verify`` found whole: ``checked``) into the new
    folder ``target``. ``accept`` is shown the whole restored folder (under its temporary name)
    before it is renamed into place: it may refuse it by raising."""
    target = target.expanduser().absolute()
    refuse_target(target)
    if not checked.ok:
        raise BackupError("backup_damaged", "The backup {path} is damaged.", path=source)
    temp = target.with_name(f".{target.name}.{os.getpid()}.restoring")
    try:
        temp.mkdir(mode=0o700)
        written: set[str] = set()
        for name, reader in _members(source.expanduser().absolute(), progress):
            rel = _safe(name)
            if rel is None or reader is None:
                continue
            if checked.sums.get(name) is None:
                continue
            path = temp / rel
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                digest, _ = _hash(reader, source, name, out)
                out.flush()
                os.fsync(out.fileno())
            if digest != checked.sums[name]:
                raise BackupError("backup_damaged", "The backup {path} is damaged.", path=source)
            written.add(name)
        expected = {n for n in checked.sums if n.startswith(f"{DATA}/")}
        if written != expected:
            raise BackupError("backup_damaged", "The backup {path} is damaged.", path=source)
        for folder in {p.parent for p in temp.rglob("*") if p.is_file()} | {temp}:
            _fsync_dir(folder)
        if accept is not None:
            accept(temp)
        if target.is_dir():
            target.rmdir()  # (empty: checked above)
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise write_failed(exc, target.parent) from exc
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return target


__all__ = ["Verified", "extract", "parse_sums", "refuse_target", "verify"]
