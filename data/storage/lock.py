"""The folder's lock (``FolderLock``) and its note: who holds (or last held) the lock, so that
a waiting process can say.

``.tuki.lock.holder`` beside the lock file is a small TinyDB document (table ``holder``, row 1:
login, process id, since when), written in place at a fixed length when the lock is taken.
It names no person beyond the login.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import getpass
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from data.storage.files import POSIX, LockHolder, _read_raw

LOCK = ".tuki.lock"
HOLDER = ".tuki.lock.holder"  # a TinyDB document too: table "holder", row 1
HOLDER_TABLE = "holder"
HOLDER_SIZE = 192  # bytes; the note is padded with spaces (valid JSON) and written in place
WAIT_NOTE = 1.0  # seconds of waiting for the lock before ``on_wait`` hears who holds it
POLL = 0.05  # seconds between two tries of a held lock (as filelock's)
_HELD = frozenset({errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK})  # flock: held elsewhere


class FolderLock:
    """The folder's lock file, held with ``flock`` as filelock's ``FileLock`` holds it on
    POSIX (the two exclude each other: a Tuki of an earlier version, or a test, holding it
    with filelock), without importing filelock (~12 ms of a short command such as
    ``tuki log``). Elsewhere, and on a file system that refuses ``flock``, filelock's
    ``FileLock`` holds it."""

    def __init__(self, path: Path, mode: int) -> None:
        self._path, self._mode = path, mode
        self._fd: int | None = None
        self._other: Any = None  # filelock's FileLock, where flock is not to be had

    def acquire(self, timeout: float) -> bool:
        """True once held, False after ``timeout`` seconds (an OSError when the lock file
        cannot be opened, e.g. in a read-only folder)."""
        if self._other is None and POSIX:
            import fcntl

            deadline = time.monotonic() + timeout
            fd = os.open(self._path, os.O_RDWR | os.O_CREAT, self._mode)
            with contextlib.suppress(PermissionError):  # (someone else's file, in a team)
                os.fchmod(fd, self._mode)
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as exc:
                    if exc.errno not in _HELD:  # no flock here: filelock's way
                        os.close(fd)
                        return self._filelock(timeout)
                    if time.monotonic() >= deadline:
                        os.close(fd)
                        return False
                    time.sleep(POLL)
                    continue
                self._fd = fd
                return True
        return self._filelock(timeout)

    def _filelock(self, timeout: float) -> bool:
        from filelock import FileLock, Timeout

        if self._other is None:
            self._other = FileLock(str(self._path), mode=self._mode)
        try:
            self._other.acquire(timeout=timeout)
        except Timeout:  # a TimeoutError, itself an OSError: caught first
            return False
        return True

    def release(self) -> None:
        if self._fd is not None:
            import fcntl

            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        elif self._other is not None:
            self._other.release()


@functools.cache
def _login() -> str:
    """The OS login of this process, as the lock holder's note names it."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = ""
    return re.sub(r"[^A-Za-z0-9_.@-]", "_", name)[:64] or "unknown"


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def lock_holder(folder: Path) -> LockHolder | None:
    """Who holds (or last held) the lock of ``folder``, from the note beside it; None when
    there is no readable note."""
    got = _read_raw(folder / HOLDER)
    if got is None:
        return None
    try:
        row = orjson.loads(got[0])[HOLDER_TABLE]["1"]
        since = datetime.fromisoformat(row["since"])
        login, pid = row["login"], row["pid"]
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None
    if not isinstance(login, str) or not isinstance(pid, int) or since.tzinfo is None:
        return None
    return LockHolder(re.sub(r"[^A-Za-z0-9_.@-]", "_", login)[:64], pid, since)


def note_holder(path: Path, mode: int) -> None:
    """Overwrite the note beside the lock: this login, process and moment. Written in place
    at a fixed length (truncating first makes ext4 flush the file on close: a hidden sync
    in every save), never synced (it only helps a waiting process say whom it waits for),
    never through a link."""
    row = {"login": _login(), "pid": os.getpid(), "since": _now_iso()}
    note = orjson.dumps({HOLDER_TABLE: {"1": row}}).ljust(HOLDER_SIZE)
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    with contextlib.suppress(OSError):
        fd = os.open(path, flags, mode)
        try:
            if os.fstat(fd).st_size != HOLDER_SIZE:  # new, or left by an older version
                if POSIX:  # the umask must not narrow it in a group-shared folder
                    with contextlib.suppress(OSError):
                        os.fchmod(fd, mode)
                os.ftruncate(fd, HOLDER_SIZE)
            os.write(fd, note[:HOLDER_SIZE])  # from offset 0: the whole note, in place
        finally:
            os.close(fd)
