"""The file primitives under the storage engine: parse, read, write atomically, and the errors.

Every data file is a plain TinyDB document. Writes go to a temporary file in the same folder,
are flushed and fsynced, replace the old file with ``os.replace`` and fsync the folder, so a
reader sees the old file or the new one, never a mix. No handle stays open between calls.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from data.errors import TukiError
from data.storage.parsing import loads

Table = dict[str, dict[str, Any]]
Doc = dict[str, Table]

META = "_meta"
TAIL = 64
POSIX = os.name == "posix"
BINARY = getattr(os, "O_BINARY", 0)


class StorageError(TukiError):
    """A problem with the data folder that the user must see in plain words.

    Like every ``TukiError`` it has a stable ``code`` and ``params``: the faces word it in the
    user's language (``error.<code>`` in ``tui/i18n``); ``message`` is the English wording.
    """


class Problem(ValueError):
    """Why a file does not parse: a stable code, its params and the English words."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(message.format(**params) if params else message)


class DamagedFileError(StorageError):
    """A data file does not parse. The program stops; it never starts empty over damage."""

    def __init__(self, path: Path, reason: str | Problem, backup: Path | None) -> None:
        self.path = path
        self.reason = str(reason)
        self.reason_code = reason.code if isinstance(reason, Problem) else "other"
        self.reason_params = reason.params if isinstance(reason, Problem) else {}
        self.backup = backup
        super().__init__(
            "damaged_file" if backup is not None else "damaged_file_no_backup",
            "The data file {file} is damaged ({reason}). Tuki stopped so that nothing is "
            "overwritten. The newest backup is {backup}. Run 'tuki check --repair': it restores "
            "the file and lists anything the backup lacks."
            if backup is not None
            else "The data file {file} is damaged ({reason}). Tuki stopped so that nothing is "
            "overwritten. No backup of it was found. Run 'tuki check --repair': it saves what "
            "can be read of the file and lists the rest for re-entry.",
            file=path,
            reason=self.reason,
            backup=backup or "",
        )


class MissingFileError(DamagedFileError):
    """A data file the folder is known to have had (the counters and the index say so) is gone.

    Reading it as empty would show an empty list, let the next record take a lost record's id
    and let a repair delete the index's copy of the names: it is damage, like a file that does
    not parse."""

    def __init__(self, path: Path, backup: Path | None) -> None:
        super().__init__(path, Problem("missing", "the file is missing"), backup)


class JournalDamagedError(StorageError):
    """The journal of an interrupted change cannot be applied safely (it does not parse, or it
    names a file it may not write). Nothing was written; ``tuki check --repair`` sets it aside."""

    def __init__(self, path: Path, reason: str, files: list[str]) -> None:
        self.path = path
        self.reason = reason
        self.files = files
        super().__init__(
            "journal_damaged",
            "The journal of an interrupted change, {file}, cannot be applied ({reason}); nothing "
            "was written. Run 'tuki check --repair': it sets the journal aside and names the "
            "change that may be lost{named}.",
            file=path,
            reason=reason,
            named=f" (it touched {', '.join(files)})" if files else "",
        )


class InvalidRecordError(StorageError):
    """A stored record does not validate (edited by hand, or written by a faulty program)."""

    def __init__(self, file: str, kind: str, ref: object, problems: str, fields: list[str]) -> None:
        self.fields = fields
        super().__init__(
            "invalid_record",
            "The {kind} {ref} in {file} cannot be read ({problems}). Nothing was changed. "
            "Run 'tuki check': it lists every such record with its fields.",
            kind=kind,
            ref=ref,
            file=file,
            problems=problems,
        )


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a data folder's lock, from the note beside the lock file: the login and the
    process id of the holder and when it took the lock (nothing else about the person)."""

    login: str
    pid: int
    since: datetime

    def __str__(self) -> str:
        return f"held by {self.login} (process {self.pid}) since {self.since:%H:%M} UTC"


class BusyError(StorageError):
    def __init__(self, folder: Path, holder: LockHolder | None = None) -> None:
        self.folder = folder
        self.holder = holder
        super().__init__(
            "busy",
            "The data folder {folder} is locked by another Tuki for too long{holder}; nothing "
            "was changed. Try again in a moment.",
            folder=folder,
            holder=f" ({holder})" if holder else "",
        )


WRITE_ERRORS = {
    errno.ENOSPC: "disk_full",
    errno.EROFS: "read_only",
    errno.EACCES: "write_denied",
    errno.EPERM: "write_denied",
}
if hasattr(errno, "EDQUOT"):
    WRITE_ERRORS[errno.EDQUOT] = "disk_full"  # over the user's quota: full for them

_WRITE_MESSAGES = {
    "disk_full": "The disk is full: Tuki could not save in {folder}. Nothing was changed. Free "
    "some space on that disk (or ask the server's administrator to) and save again.",
    "read_only": "The data folder {folder} is on a read-only file system: Tuki cannot save "
    "there. Nothing was changed. Ask the administrator to make it writable, or choose another "
    "folder with --data-dir.",
    "write_denied": "You have no write permission to {folder}: Tuki cannot save there. Nothing "
    "was changed. Ask the folder's owner for write rights (in a team folder: membership of its "
    "group).",
    "lock_not_a_file": "{lock} should be Tuki's lock file but it is a folder, so Tuki cannot lock "
    "{folder}. Nothing was changed. Move {lock} aside (Tuki makes a new lock file itself) and "
    "try again.",
    "write_failed": "Tuki could not write in {folder} ({why}). Nothing was changed. Check the "
    "disk and the folder, then try again.",
}


class WriteError(StorageError):
    """Saving failed before anything was changed: the disk is full (``disk_full``), the file
    system is read-only (``read_only``), the user may not write in the folder
    (``write_denied``), the lock file is a folder (``lock_not_a_file``) or another system
    error (``write_failed``). ``folder`` is where it happened; ``cause`` the system's error."""

    def __init__(self, folder: Path, cause: OSError, *, lock: Path | None = None) -> None:
        self.folder = folder
        self.cause = cause
        code = WRITE_ERRORS.get(cause.errno or 0, "write_failed")
        if lock is not None and (
            isinstance(cause, IsADirectoryError) or (lock.exists() and not lock.is_file())
        ):
            code = "lock_not_a_file"
        super().__init__(
            code,
            _WRITE_MESSAGES[code],
            folder=folder,
            lock=lock or "",
            why=cause.strerror or type(cause).__name__,
        )


def write_error(cause: OSError, folder: Path, *, lock: Path | None = None) -> WriteError:
    """The ``WriteError`` for a failed write in the data folder ``folder``, naming the folder
    where it happened (a sub-folder of the data folder when the system says which file)."""
    where = folder
    if cause.filename and lock is None:
        parent = Path(os.fsdecode(cause.filename)).parent
        if parent == folder or folder in parent.parents:
            where = parent
    return WriteError(where, cause, lock=lock)


def why_code(cause: OSError) -> str:
    """A stable word for why a write failed (``disk_full``, ``read_only``, ``write_denied``,
    ``write_failed``), for the faces to word in the user's language."""
    return WRITE_ERRORS.get(cause.errno or 0, "write_failed")


class PendingChangeError(StorageError):
    """A change reached the journal but its files could not all be written (e.g. disk full)."""

    def __init__(self, folder: Path, cause: OSError) -> None:
        self.folder = folder
        self.cause = cause
        super().__init__(
            "pending_change",
            "The change was saved but could not be finished in {folder} ({why}). Tuki "
            "finishes it at the next save; do not enter it again. Free some disk space or check "
            "the folder's rights.",
            folder=folder,
            why=cause.strerror or type(cause).__name__,
        )
        self.why_code = why_code(cause)


class PendingBlockedError(StorageError):
    """A change saved earlier waits in the journal and cannot be finished now (e.g. the disk is
    still full); the change asked for now was not made.

    Its ``message`` is only the system's reason ("No space left on device"), as ``tuki check``
    puts it inside its own sentence; the faces word the whole (``error.pending_blocked``: the
    folder, the reason, what to do, that nothing new was changed)."""

    def __init__(self, folder: Path, cause: OSError) -> None:
        self.folder = folder
        self.cause = cause
        self.why_code = why_code(cause)
        super().__init__(
            "pending_blocked",
            "{why}",
            folder=folder,
            why=cause.strerror or type(cause).__name__,
        )


Signature = tuple[int, int, int, bytes]


_gc_lock = threading.Lock()
_gc_depth = 0


_gc_was_enabled = [True]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Loading 20,000 records allocates millions of objects; the collector would otherwise run
    full collections over the growing heap again and again (measured: 4x slower loads). Nested
    pauses count as one; the collector runs again as usual when the outermost pause ends.

    Nothing is frozen (``gc.freeze``) afterwards: freezing moves every object alive at that
    moment out of the collector's reach for good, including closed screens waiting to be
    collected, and a console open all day grew by megabytes per relationship opened.
    """
    global _gc_depth
    with _gc_lock:
        _gc_depth += 1
        if _gc_depth == 1:
            _gc_was_enabled[0] = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0 and _gc_was_enabled[0]:
                gc.enable()


def _parse(raw: bytes) -> Doc:
    """Parse a TinyDB document; raise ``Problem`` (a ValueError) saying why when it is not one."""
    if not raw.strip():
        raise Problem("empty", "the file is empty")
    try:
        with paused_gc():
            doc = loads(raw)
    except (orjson.JSONDecodeError, json.JSONDecodeError) as exc:
        raise Problem("not_json", "not valid JSON at byte {pos}", pos=exc.pos) from None
    except UnicodeDecodeError as exc:
        raise Problem("not_json", "not valid JSON at byte {pos}", pos=exc.start) from None
    if not isinstance(doc, dict):
        raise Problem("not_document", "not a TinyDB document")
    for name, table in doc.items():
        if not isinstance(table, dict) or not set(map(type, table.values())) <= {dict}:
            raise Problem("not_table", "table {table!r} is not a TinyDB table", table=name)
    return doc


def _read_raw(path: Path) -> tuple[bytes, Signature] | None:
    try:
        fd = os.open(path, os.O_RDONLY | BINARY)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        # the whole file in one read, as a rule (one copy: 1 MB chunks joined were two, and
        # 10 ms of a 32 MB main file), then on to the end, should it have grown meanwhile
        chunks = [os.read(fd, st.st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(fd, 1 << 20))
    finally:
        os.close(fd)
    raw = chunks[0] if len(chunks) <= 2 else b"".join(chunks)
    return raw, (st.st_ino, len(raw), st.st_mtime_ns, raw[-TAIL:])


def _peek(path: Path) -> Signature | None:
    """The signature of the file as it is now, reading only its last bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | BINARY)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        os.lseek(fd, max(0, st.st_size - TAIL), os.SEEK_SET)
        tail = os.read(fd, TAIL)
    finally:
        os.close(fd)
    return (st.st_ino, st.st_size, st.st_mtime_ns, tail)


def plain(table: Table) -> Table:
    """A table as a serialiser takes it: a lazy table's (lazy.py) rows not read as stored."""
    for_json = getattr(table, "for_json", None)
    return for_json() if for_json is not None else table


def encode(doc: Doc) -> bytes:
    """Serialise a document with its ``_meta`` table last and a fresh write token in it."""
    out = {k: plain(v) for k, v in doc.items() if k != META}  # lazy.py's tables as stored
    meta = dict(doc.get(META, {}).get("1", {}))
    meta.pop("token", None)  # re-inserted last, so that it always lies in the file's last bytes
    meta["token"] = os.urandom(8).hex()  # (as secrets.token_hex, without importing hashlib)
    out[META] = {"1": meta}
    return orjson.dumps(out, option=orjson.OPT_NON_STR_KEYS)


def _fsync_dir(folder: Path) -> None:
    if not POSIX:
        return  # Windows cannot open a folder for fsync; NTFS journals the rename itself
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class AtomicJSONStorage(Storage):
    """A TinyDB storage that reads with orjson and writes atomically and durably.

    ``TinyDB(path, storage=AtomicJSONStorage)`` works on any Tuki data file; the engine uses the
    same writer for its own files.
    """

    def __init__(self, path: str | Path, *, durable: bool = True, mode: int = 0o600) -> None:
        self.path = Path(path)
        self.durable = durable
        self.mode = mode

    def read(self) -> dict[str, dict[str, Any]] | None:
        got = _read_raw(self.path)
        if got is None or not got[0].strip():
            return None
        try:
            return _parse(got[0])
        except Problem as exc:
            raise DamagedFileError(self.path, exc, None) from None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_atomic(self.path, encode(data), durable=self.durable, mode=self.mode)

    def close(self) -> None:  # nothing stays open
        pass


def write_atomic(
    path: Path,
    raw: bytes,
    *,
    durable: bool = True,
    mode: int = 0o600,
    before_replace: Any = None,
    sync_folder: bool = True,
) -> None:
    """Write ``raw`` to ``path`` so that readers see the old file or the new, never a mix.
    ``sync_folder=False``: the caller fsyncs the folder itself (once for many files)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | BINARY, mode)
    try:
        try:
            view = memoryview(raw)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if POSIX:
                os.fchmod(fd, mode)  # umask must not narrow a group-shared folder
                with contextlib.suppress(OSError, FileNotFoundError):
                    gid = os.stat(path).st_gid
                    if gid != os.fstat(fd).st_gid:
                        os.fchown(fd, -1, gid)
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable and sync_folder:
        _fsync_dir(path.parent)


def _replace(src: Path, dst: Path) -> None:
    for attempt in range(50):
        try:
            os.replace(src, dst)
            return
        except PermissionError:  # Windows: a reader has the target open for a moment
            if POSIX or attempt == 49:
                raise
            time.sleep(0.01)
