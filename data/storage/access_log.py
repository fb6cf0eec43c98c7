"""The access log's files: ``access/<YYYY-MM>.json``, appended in place, one entry a line.

Each month file is a plain TinyDB document (``TinyDB(path)`` opens it; table ``access``, one
row per entry, numbered from 1)::

    {"access":{
    "1":{"at":"…","by":"anna","client":5,"view":"client_page","face":"console","prev":"…","hash":"…"}
    ,"2":{…}
    }}

A view appends its entries without rewriting the file: the closing ``\\n}}\\n`` is overwritten
by the new lines and written again after them, in one write, then synced. A write cut short
(a power cut) leaves a tail that is not the closing: the next append (under the folder's lock)
cuts the file back to its last whole entry and closes it again (``_repair``), and ``tuki
check`` names such a tail meanwhile. The log sits beside the register (``aside.ACCESS_DIR``):
a view is no change for the other consoles, and the register's check leaves it out
(``access_check.py`` verifies its chain); the hourly backups hold copies of it, not links
(``access_backup.py``).

The chain's head (its newest month file, the last entry's number and hash) is kept beside the
months in ``access/head.json`` (a TinyDB document, table ``head``, row 1), overwritten in place
at a fixed length after each append, in the same locked step: the month is synced first, so
the head is never ahead of the log, and a check that finds the log shorter than its head names
the entries removed from its end (which the chain alone cannot show).

``LogFiles`` is where the bytes live: ``DiskFiles`` in a data folder, ``MemoryFiles`` for a
Store on ``MemoryEngine``; everything else here is the same for both.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import orjson

from data.model.access import START, AccessEntry, entry_of
from data.storage.aside import ACCESS_DIR, make_aside
from data.storage.files import POSIX, _fsync_dir, write_error

TABLE = "access"
HEAD = b'{"access":{\n'
TAIL = b"\n}}\n"
SEP = b"\n,"
TAIL_READ = 4096  # bytes read from a month's end to find its last entry (an entry: ~270)
_MONTH = re.compile(r"([0-9]{4}-(?:0[1-9]|1[0-2]))\.json")
HEAD_FILE = "head.json"
HEAD_TABLE = "head"
HEAD_SIZE = 192  # bytes; padded with spaces (valid JSON), written in place


class LogFiles(Protocol):
    def months(self) -> list[str]:
        """The months that have a file, oldest first (``2026-11``)."""
        ...

    def size(self, month: str) -> int: ...

    def read(self, month: str, start: int = 0) -> bytes: ...

    def write(self, month: str, offset: int, data: bytes) -> None:
        """Write ``data`` at ``offset``, cut the file there after it, and sync."""
        ...

    def read_head(self) -> bytes | None:
        """The head file's bytes, None when there is none."""
        ...

    def write_head(self, data: bytes) -> None:
        """Overwrite the head file in place (not synced: it follows a synced append)."""
        ...


class DiskFiles:
    def __init__(self, folder: Path, *, file_mode: int, dir_mode: int, durable: bool) -> None:
        self.dir = folder / ACCESS_DIR
        self.file_mode, self.dir_mode, self.durable = file_mode, dir_mode, durable

    def path(self, month: str) -> Path:
        return self.dir / f"{month}.json"

    def months(self) -> list[str]:
        try:
            names = os.listdir(self.dir)
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(m.group(1) for n in names if (m := _MONTH.fullmatch(n)))

    def size(self, month: str) -> int:
        try:
            return os.stat(self.path(month)).st_size
        except (FileNotFoundError, NotADirectoryError):  # (the write says why, in words)
            return 0

    def read(self, month: str, start: int = 0) -> bytes:
        with open(self.path(month), "rb") as f:
            f.seek(start)
            return f.read()

    def write(self, month: str, offset: int, data: bytes) -> None:
        try:
            self._write(month, offset, data)
        except OSError as exc:  # said in words: which folder, why (a full disk, no right)
            raise write_error(exc, self.dir.parent) from exc

    def _write(self, month: str, offset: int, data: bytes) -> None:
        path = self.path(month)
        new = not path.exists()
        if new and not self.dir.is_dir():
            make_aside(self.dir.parent, ACCESS_DIR, self.dir_mode)
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, self.file_mode)
        try:
            if new and POSIX:
                os.fchmod(fd, self.file_mode)
            os.pwrite(fd, data, offset)
            end = offset + len(data)
            if os.fstat(fd).st_size > end:
                os.ftruncate(fd, end)
            if self.durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if new and self.durable:
            _fsync_dir(self.dir)

    def read_head(self) -> bytes | None:
        try:
            with open(self.dir / HEAD_FILE, "rb") as f:
                return f.read()
        except (FileNotFoundError, NotADirectoryError):
            return None

    def write_head(self, data: bytes) -> None:
        flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.dir / HEAD_FILE, flags, self.file_mode)
            try:
                if os.fstat(fd).st_size != len(data):  # new (or not ours): the mode and size
                    if POSIX:
                        os.fchmod(fd, self.file_mode)
                    os.ftruncate(fd, len(data))
                os.pwrite(fd, data, 0)
            finally:
                os.close(fd)
        except OSError as exc:
            raise write_error(exc, self.dir.parent) from exc


class MemoryFiles:
    """The same bytes in a dict (a Store on ``MemoryEngine``)."""

    def __init__(self) -> None:
        self.files: dict[str, bytearray] = {}
        self.head: bytes | None = None

    def read_head(self) -> bytes | None:
        return self.head

    def write_head(self, data: bytes) -> None:
        self.head = data

    def months(self) -> list[str]:
        return sorted(self.files)

    def size(self, month: str) -> int:
        return len(self.files.get(month, b""))

    def read(self, month: str, start: int = 0) -> bytes:
        if month not in self.files:
            raise FileNotFoundError(month)
        return bytes(self.files[month][start:])

    def write(self, month: str, offset: int, data: bytes) -> None:
        held = self.files.setdefault(month, bytearray())
        held[offset:] = data


# ----- lines -----------------------------------------------------------------------------------


def line_row(line: bytes) -> tuple[int, dict[str, Any]]:
    """(number, stored row) of one entry line (``"5":{…}`` or ``,"5":{…}``); ValueError when
    the line is not a whole entry."""
    text = line[1:] if line.startswith(b",") else line
    try:
        doc = orjson.loads(b"{" + text + b"}")
    except orjson.JSONDecodeError as exc:
        raise ValueError(str(exc)) from None
    if not isinstance(doc, dict) or len(doc) != 1:
        raise ValueError("not one entry")
    ((key, row),) = doc.items()
    if not key.isdigit() or not isinstance(row, dict):
        raise ValueError("not an entry")
    return int(key), row


def month_lines(raw: bytes) -> Iterator[bytes]:
    """The entry lines of a month file's bytes (whole or not), in order."""
    if not raw.startswith(HEAD):
        return
    yield from (line for line in raw[len(HEAD) :].split(b"\n") if line and line != b"}}")


def whole_prefix(raw: bytes) -> tuple[int, int, str] | None:
    """(bytes, last number, last hash) of the longest run of whole entries at the start of a
    damaged month file's bytes; None when not even its head is whole."""
    if not raw.startswith(HEAD):
        return None
    at, number, last = len(HEAD), 0, ""
    for line in raw[len(HEAD) :].split(b"\n"):
        try:
            number, row = line_row(line)
            last = str(row["hash"])
        except (ValueError, KeyError):
            break
        at += len(line) + 1
    if not last:
        return None
    return at - 1, number, last  # (without the newline after the last whole line)


def head_bytes(month: str, number: int, last: str) -> bytes:
    """The head file's content: the newest month file, its last entry's number and hash."""
    row = {"month": month, "number": number, "hash": last}
    return orjson.dumps({HEAD_TABLE: {"1": row}}).ljust(HEAD_SIZE)


def read_head(files: LogFiles) -> tuple[str, int, str] | None:
    """(month, number, hash) the head file records; None when there is no head file;
    ValueError when it is not one."""
    raw = files.read_head()
    if raw is None:
        return None
    try:
        row = orjson.loads(raw)[HEAD_TABLE]["1"]
        month, number, last = row["month"], row["number"], row["hash"]
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(str(exc)) from None
    ok = isinstance(month, str) and _MONTH.fullmatch(month + ".json")
    if not ok or not isinstance(number, int) or not isinstance(last, str):
        raise ValueError("not a head")
    return month, number, last


# ----- the log ---------------------------------------------------------------------------------


class AccessLog:
    """Append entries and read them back. Call ``append`` under the folder's lock."""

    def __init__(self, files: LogFiles) -> None:
        self.files = files

    def _last(self, month: str) -> tuple[int, str, int] | None:
        """(number, hash, size) of the month's last whole entry, its tail repaired first when a
        write was cut short; None for a month without a file (or without a whole entry)."""
        size = self.files.size(month)
        if size == 0:
            return None
        tail = self.files.read(month, max(0, size - TAIL_READ))
        if tail.endswith(TAIL):
            line = tail[: -len(TAIL)].rsplit(b"\n", 1)[-1]
            try:
                number, row = line_row(line)
                return number, str(row["hash"]), size
            except (ValueError, KeyError):
                pass
        return self._repair(month)

    def _repair(self, month: str) -> tuple[int, str, int] | None:
        """Cut a month file back to its whole entries and close it (a write cut short)."""
        found = whole_prefix(self.files.read(month))
        if found is None:
            self.files.write(month, 0, b"")
            return None
        end, number, last = found
        self.files.write(month, end, TAIL)
        return number, last, end + len(TAIL)

    def head(self, month: str) -> tuple[str, int, str, int]:
        """(file month, next number, previous hash, offset to write at) for an entry of
        ``month``: the newest file's month when it is later (a clock set back), the hash the
        month's chain goes on from (the last entry of the file before it, or ``START``)."""
        months = self.files.months()
        if months and months[-1] > month:
            month = months[-1]
        last = self._last(month)
        if last is not None:
            number, prev, size = last
            return month, number + 1, prev, size - len(TAIL)
        prev = START
        for earlier in reversed([m for m in months if m < month]):
            got = self._last(earlier)
            if got is not None:
                prev = got[1]
                break
        return month, 1, prev, 0

    def append(self, month: str, rows: Iterable[tuple[str, str, int, str, str]]) -> int:
        """Append an entry for each (at, by, client, view, face); the number written."""
        month, number, prev, offset = self.head(month)
        out: list[bytes] = [] if number > 1 else [HEAD]
        sep = SEP if number > 1 else b""
        sha, dumps = hashlib.sha256, orjson.dumps
        count, shared = 0, None
        for at, by, client, view, face in rows:
            # the canonical JSON (sorted keys: at, by, client, face, prev, view), made as
            # ``canonical`` makes it; the parts a listing's entries share are encoded once
            if shared is None or shared[0] != (at, by, view, face):
                head = b'{"at":%s,"by":%s,"client":' % (dumps(at), dumps(by))
                tail = b',"view":%s}' % dumps(view)
                shared = ((at, by, view, face), head, b',"face":%s,"prev":"' % dumps(face), tail)
            _, head, middle, tail = shared
            text = b'%s%d%s%s"%s' % (head, int(client), middle, prev.encode(), tail)
            prev = sha(text).hexdigest()
            out.append(b'%s"%d":%s,"hash":"%s"}' % (sep, number, text[:-1], prev.encode()))
            sep = SEP
            number += 1
            count += 1
        if count:
            out.append(TAIL)
            self.files.write(month, offset, b"".join(out))
            self.files.write_head(head_bytes(month, number - 1, prev))
        return count

    def entries(
        self, months: Iterable[str] | None = None, client: int | None = None
    ) -> Iterator[tuple[str, AccessEntry]]:
        """(month, entry) of every whole, readable entry of ``months`` (all by default; of one
        ``client`` when given), in order; verifying them is ``access_check``'s."""
        for month in self.files.months() if months is None else months:
            try:
                raw = self.files.read(month)
            except FileNotFoundError:
                continue
            for number, row in _rows(raw):
                if client is not None and row.get("client") != client:
                    continue
                try:
                    yield month, entry_of(number, row)
                except (ValueError, KeyError, TypeError):
                    continue


def _rows(raw: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    """(number, row) of a month file's entries: the document parsed at once (tens of
    thousands of entries), line by line when its end is not whole."""
    try:
        table = orjson.loads(raw)[TABLE]
        rows = [(int(k), v) for k, v in table.items() if isinstance(v, dict)]
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        rows = []
        for line in month_lines(raw):
            try:
                rows.append(line_row(line))
            except ValueError:
                continue
    return iter(rows)
