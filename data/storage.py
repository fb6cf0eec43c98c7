"""The storage engine: TinyDB JSON documents made safe for several processes and fast at scale.

Every data file is a plain TinyDB document (``{"table": {"1": {...}}}``) that ``TinyDB(path)``
opens. On top of that the engine gives:

* atomic, durable writes: temp file in the same folder, fsync, ``os.replace``, fsync the folder;
* one lock per data folder (``filelock``, works on Linux, macOS and Windows) around every
  read-modify-write; the lock is only held while a transaction runs;
* a cache per file, reloaded when another process replaced it (inode, size, mtime and the
  file's last bytes, which hold a fresh random token after every write);
* a small redo journal so that a change touching several files is applied whole or not at all;
* hourly rolling backups made with hard links (no copying), and a clear stop on a damaged file
  naming the newest backup;
* private files (0600 in a 0700 folder) or group-shared ones (0660 in a 0770 folder).

No file handle stays open between calls.
"""

from __future__ import annotations

import contextlib
import gc
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import Storage

Table = dict[str, dict[str, Any]]
Doc = dict[str, Table]

META = "_meta"
JOURNAL = ".journal.json"
LOCK = ".tuki.lock"
BACKUPS = "backups"
TAIL = 64
POSIX = os.name == "posix"
BINARY = getattr(os, "O_BINARY", 0)


class StorageError(Exception):
    """A problem with the data folder that the user must see in plain words."""


class DamagedFileError(StorageError):
    """A data file does not parse. The program stops; it never starts empty over damage."""

    def __init__(self, path: Path, reason: str, backup: Path | None) -> None:
        self.path = path
        self.reason = reason
        self.backup = backup
        hint = (
            f"The newest backup is {backup}."
            if backup is not None
            else "No backup of it was found."
        )
        super().__init__(
            f"The data file {path} is damaged ({reason}). Tuki stopped so that nothing is "
            f"overwritten. {hint} Run 'tuki check --repair' to restore it, or copy the backup "
            "over the file yourself."
        )


class BusyError(StorageError):
    def __init__(self, folder: Path) -> None:
        super().__init__(
            f"The data folder {folder} is locked by another Tuki for too long; try again in a "
            "moment."
        )


class PendingChangeError(StorageError):
    """A change reached the journal but its files could not all be written (e.g. disk full)."""

    def __init__(self, folder: Path, cause: OSError) -> None:
        reason = cause.strerror or type(cause).__name__
        super().__init__(
            f"The change was saved but could not be finished in {folder} ({reason}). Tuki "
            "finishes it at the next save; do not enter it again. Free some disk space or check "
            "the folder's rights."
        )


Signature = tuple[int, int, int, bytes]


_gc_lock = threading.Lock()
_gc_depth = 0


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects at once.

    Loading 20,000 records allocates millions of objects; the collector would otherwise run
    full collections over the growing heap again and again (measured: 4x slower loads). Nested
    pauses count as one. When the outermost pause ends, what was loaded is moved out of the
    collector's sight (``gc.freeze``): cached records are plain data without reference cycles
    and are freed by reference counting as usual, so later collections need not scan them.
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
                gc.freeze()
                gc.enable()


_gc_was_enabled = [True]


def _parse(raw: bytes) -> Doc:
    """Parse a TinyDB document; raise ValueError with a short reason when it is not one."""
    if not raw.strip():
        raise ValueError("the file is empty")
    try:
        with paused_gc():
            doc = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at byte {exc.pos}") from None
    if not isinstance(doc, dict):
        raise ValueError("not a TinyDB document")
    for name, table in doc.items():
        if not isinstance(table, dict) or not set(map(type, table.values())) <= {dict}:
            raise ValueError(f"table {name!r} is not a TinyDB table")
    return doc


def _read_raw(path: Path) -> tuple[bytes, Signature] | None:
    try:
        fd = os.open(path, os.O_RDONLY | BINARY)
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        chunks = []
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    raw = b"".join(chunks)
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


def encode(doc: Doc) -> bytes:
    """Serialise a document with its ``_meta`` table last and a fresh write token in it."""
    out = {k: v for k, v in doc.items() if k != META}
    meta = dict(doc.get(META, {}).get("1", {}))
    meta.pop("token", None)  # re-inserted last, so that it always lies in the file's last bytes
    meta["token"] = secrets.token_hex(8)
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
        except ValueError as exc:
            raise DamagedFileError(self.path, str(exc), None) from None

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
) -> None:
    """Write ``raw`` to ``path`` so that readers see the old file or the new, never a mix."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
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
    if durable:
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


class Engine:
    """One data folder: cached reads, locked transactions, atomic commits, backups."""

    def __init__(
        self,
        folder: str | Path,
        *,
        durable: bool = True,
        backups: bool = True,
        lock_timeout: float = 30.0,
        create: bool = True,
    ) -> None:
        self.folder = Path(folder).expanduser().absolute()
        if not self.folder.exists():
            if not create:
                raise StorageError(f"The data folder {self.folder} does not exist.")
            self.folder.mkdir(parents=True, mode=0o700)
            if POSIX:
                os.chmod(self.folder, 0o700)
        elif not self.folder.is_dir():
            raise StorageError(f"{self.folder} is not a folder.")
        shared = POSIX and bool(self.folder.stat().st_mode & 0o070)
        self.file_mode = 0o660 if shared else 0o600
        self.dir_mode = 0o770 if shared else 0o700
        self.durable = durable
        self.backups = backups
        self._cache: dict[str, tuple[Signature, Doc]] = {}
        self._cache_lock = threading.Lock()
        self._tx_lock = threading.RLock()
        self._file_lock = FileLock(
            str(self.folder / LOCK), timeout=lock_timeout, mode=self.file_mode
        )
        self._in_tx = threading.local()
        self._made_dirs: set[Path] = set()
        self._last_prune = 0.0

    # ----- reading ---------------------------------------------------------------------------

    def path(self, rel: str) -> Path:
        return self.folder / rel

    def read(self, rel: str) -> Doc:
        """The document at ``rel`` (a path inside the folder); {} when the file does not exist.

        The returned dict is shared with the cache: treat it as read-only.
        """
        path = self.path(rel)
        with self._cache_lock:
            cached = self._cache.get(rel)
        if cached is not None and _peek(path) == cached[0]:
            return cached[1]
        self._finish_interrupted()
        got = _read_raw(path)
        if got is None:
            with self._cache_lock:
                self._cache.pop(rel, None)
            return {}
        raw, sig = got
        try:
            doc = _parse(raw)
        except ValueError as exc:
            raise DamagedFileError(path, str(exc), self.newest_backup(rel)) from None
        with self._cache_lock:
            self._cache[rel] = (sig, doc)
        return doc

    def _finish_interrupted(self) -> None:
        """Before reloading a file, finish a change that a killed writer left half done.

        Only checked when a file changed on disk, so the cached path costs nothing. A process
        that may not write (or cannot get the lock now) reads on; the next writer finishes it.
        """
        if getattr(self._in_tx, "tx", None) is not None or not self.path(JOURNAL).exists():
            return
        with contextlib.suppress(OSError, BusyError), self.transaction():
            pass

    def table(self, rel: str, name: str) -> Table:
        return self.read(rel).get(name, {})

    def exists(self, rel: str) -> bool:
        return self.path(rel).exists()

    def files(self, subdir: str = "") -> list[str]:
        """Every data file below ``subdir`` as folder-relative paths (backups excluded)."""
        base = self.path(subdir) if subdir else self.folder
        if not base.exists():
            return []
        out = []
        for path in base.rglob("*.json"):
            rel = path.relative_to(self.folder).as_posix()
            if rel.startswith(BACKUPS + "/") or path.name.startswith("."):
                continue
            out.append(rel)
        return sorted(out)

    def forget(self, rel: str | None = None) -> None:
        with self._cache_lock:
            if rel is None:
                self._cache.clear()
            else:
                self._cache.pop(rel, None)

    # ----- writing ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Hold the folder's lock, bring every file up to date, and commit all changes at once.

        If the block raises, nothing is written. Transactions nest: the inner one joins the outer.
        """
        current: Transaction | None = getattr(self._in_tx, "tx", None)
        if current is not None:
            yield current
            return
        with self._tx_lock:
            try:
                self._file_lock.acquire()
            except Timeout:
                raise BusyError(self.folder) from None
            try:
                self._recover()
                tx = Transaction(self)
                self._in_tx.tx = tx
                try:
                    yield tx
                finally:
                    self._in_tx.tx = None
                self._commit(tx)
            finally:
                self._file_lock.release()

    def _commit(self, tx: Transaction) -> None:
        changed = tx.changed()
        if not changed:
            return
        encoded = {rel: encode(doc) for rel, doc in changed.items()}
        journaled = False
        try:
            if len(encoded) > 1:
                journal = {
                    "journal": {
                        str(i): {"path": rel, "doc": orjson.Fragment(raw)}
                        for i, (rel, raw) in enumerate(encoded.items(), 1)
                    }
                }
                write_atomic(
                    self.path(JOURNAL), orjson.dumps(journal), durable=True, mode=self.file_mode
                )
                journaled = True
            for rel, raw in encoded.items():
                self._write(rel, raw)
            if journaled:
                os.unlink(self.path(JOURNAL))
        except BaseException as exc:
            # A failed write leaves the old files in place; forget what this process holds
            # so that the next read comes from the disk.
            for rel in encoded:
                self.forget(rel)
            if journaled and isinstance(exc, OSError):
                # The journal holds the whole change: it is saved and will be finished by the
                # next transaction. Saying "failed" would invite the user to enter it twice.
                raise PendingChangeError(self.folder, exc) from exc
            raise
        for rel in encoded:
            sig = _peek(self.path(rel))
            if sig is not None:
                with self._cache_lock:
                    self._cache[rel] = (sig, changed[rel])
        self._maybe_prune()

    def _write(self, rel: str, raw: bytes) -> None:
        path = self.path(rel)
        parent = path.parent
        if parent not in self._made_dirs:
            self._mkdir(parent)
            self._made_dirs.add(parent)
        backup = (lambda: self._backup(rel)) if self.backups else None
        write_atomic(path, raw, durable=self.durable, mode=self.file_mode, before_replace=backup)

    def _mkdir(self, path: Path) -> None:
        """Create ``path`` and its missing parents with the folder's mode (0700, or 0770 when
        group-shared). ``mkdir``'s mode is narrowed by the umask, so set it explicitly, keeping
        any setgid bit the new folder inherited."""
        missing: list[Path] = []
        while not path.exists():
            missing.append(path)
            path = path.parent
        for new in reversed(missing):
            try:
                new.mkdir(mode=self.dir_mode)
            except FileExistsError:  # another process made it a moment ago; its mode is set
                continue
            if POSIX:
                os.chmod(new, (new.stat().st_mode & 0o7000) | self.dir_mode)

    def _recover(self) -> None:
        """Finish a multi-file commit that a killed process left half done."""
        path = self.path(JOURNAL)
        got = _read_raw(path)
        if got is None:
            return
        try:
            entries = _parse(got[0]).get("journal", {})
        except ValueError as exc:
            raise DamagedFileError(path, str(exc), None) from None
        for entry in entries.values():
            self._write(str(entry["path"]), encode(entry["doc"]))
            self.forget(str(entry["path"]))
        os.unlink(path)
        _fsync_dir(self.folder)

    def bulk_write(self, docs: dict[str, Doc]) -> None:
        """Write many new files at once (demo data): atomic per file, one sync at the end."""
        with self.transaction():
            for rel, doc in docs.items():
                path = self.path(rel)
                self._mkdir(path.parent)
                write_atomic(path, encode(doc), durable=False, mode=self.file_mode)
                self.forget(rel)
        if self.durable and hasattr(os, "sync"):
            os.sync()

    # ----- backups ---------------------------------------------------------------------------

    def _backup(self, rel: str) -> None:
        """Keep the file as it was before this hour's first change (a hard link: no copy)."""
        path = self.path(rel)
        if not path.exists():
            return
        hour = datetime.now(UTC).strftime("%Y%m%d-%H")
        folder = self.folder / BACKUPS / hour
        if folder not in self._made_dirs:
            self._mkdir(folder)
            self._made_dirs.add(folder)
        target = folder / rel.replace("/", "~")
        try:
            os.link(path, target)
        except FileExistsError:
            return
        except OSError:  # a file system without hard links: copy instead
            with contextlib.suppress(OSError):
                shutil.copy2(path, target)

    def backup_hours(self) -> list[Path]:
        root = self.folder / BACKUPS
        if not root.exists():
            return []
        return sorted((p for p in root.iterdir() if p.is_dir()), reverse=True)

    def newest_backup(self, rel: str) -> Path | None:
        """The newest backup of ``rel`` that parses, or None."""
        name = rel.replace("/", "~")
        for hour in self.backup_hours():
            candidate = hour / name
            got = _read_raw(candidate)
            if got is None:
                continue
            try:
                _parse(got[0])
            except ValueError:
                continue
            return candidate
        return None

    def _maybe_prune(self, keep_hours: int = 48, keep_days: int = 30) -> None:
        now = time.monotonic()
        if now - self._last_prune < 3600:
            return
        self._last_prune = now
        self.prune_backups(keep_hours, keep_days)

    def prune_backups(self, keep_hours: int = 48, keep_days: int = 30) -> None:
        """Keep the newest ``keep_hours`` hourly backups and one a day for ``keep_days`` days."""
        hours = self.backup_hours()
        days_kept: set[str] = set()
        for index, hour in enumerate(hours):
            day = hour.name[:8]
            if index < keep_hours:
                days_kept.add(day)
                continue
            if day not in days_kept and len(days_kept) < keep_days:
                days_kept.add(day)
                continue
            shutil.rmtree(hour, ignore_errors=True)

    def stray_temp_files(self) -> list[Path]:
        """Temp files left by a process that was killed mid-write (harmless, removable)."""
        return [p for p in self.folder.rglob(".*.tmp") if p.is_file()]


class Transaction:
    """Changes collected under the folder's lock; the engine commits them all at once."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._base: dict[str, Doc] = {}
        self._new: dict[str, Doc] = {}
        self._copied: set[tuple[str, str]] = set()

    def doc(self, rel: str) -> Doc:
        if rel in self._new:
            return self._new[rel]
        if rel not in self._base:
            self._base[rel] = self.engine.read(rel)
        return self._base[rel]

    def table(self, rel: str, name: str) -> Table:
        return self.doc(rel).get(name, {})

    def get(self, rel: str, table: str, doc_id: int) -> dict[str, Any] | None:
        return self.table(rel, table).get(str(doc_id))

    def _writable(self, rel: str, table: str) -> Table:
        if rel not in self._new:
            self._new[rel] = dict(self.doc(rel))
        doc = self._new[rel]
        if (rel, table) not in self._copied:
            doc[table] = dict(doc.get(table, {}))
            self._copied.add((rel, table))
        return doc[table]

    def put(self, rel: str, table: str, doc_id: int, record: dict[str, Any]) -> None:
        self._writable(rel, table)[str(doc_id)] = record

    def remove(self, rel: str, table: str, doc_id: int) -> None:
        self._writable(rel, table).pop(str(doc_id), None)

    def next_id(self, rel: str, table: str) -> int:
        """A new document id for ``table`` in ``rel``, allocated under the lock, never reused."""
        meta = self._writable(rel, META)
        entry = dict(meta.get("1", {}))
        counters = dict(entry.get("next", {}))
        existing = self.table(rel, table)
        start = max((int(k) for k in existing), default=0) + 1 if existing else 1
        value = max(int(counters.get(table, 1)), start)
        counters[table] = value + 1
        entry["next"] = counters
        meta["1"] = entry
        return value

    def changed(self) -> dict[str, Doc]:
        return dict(self._new)
