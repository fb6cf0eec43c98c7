"""The storage engine: TinyDB JSON documents made safe for several processes and fast at scale.

Every data file is a plain TinyDB document (``{"table": {"1": {...}}}``) that ``TinyDB(path)``
opens. On top of that the engine gives:

* atomic, durable writes (``data/files.py``): temp file in the same folder, fsync,
  ``os.replace``, fsync the folder;
* one lock per data folder (``lock.FolderLock``: flock, as filelock) around every
  read-modify-write, held only while a transaction runs; beside it a note
  (``.tuki.lock.holder``: login, process, since when) lets a waiting process say whom it
  waits for (``on_wait``, ``BusyError.holder``);
* a write that fails before anything changed is a ``WriteError`` saying why in words (a full
  disk, a read-only file system, no permission, a folder in the lock file's place);
* a cache per file, reloaded when another process replaced it (inode, size, mtime and the
  file's last bytes, which hold a fresh random token after every write); a big main file's
  rows are kept as text and parsed when read (``lazy.py``);
* a redo journal, and for the index the change log (``delta.py``), so that a change touching
  several files is applied whole or not at all;
* hourly rolling backups made with hard links (no copying), and a clear stop on a damaged file
  naming the newest backup; private files (0600 in a 0700 folder), group-shared ones (0660,
  0770) in a setgid folder. No file handle stays open between calls.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from data.storage import backups
from data.storage import delta as changelog
from data.storage.aside import change_token
from data.storage.cache import FileCache
from data.storage.files import (
    POSIX,
    BusyError,
    DamagedFileError,
    Doc,
    LockHolder,
    MissingFileError,
    PendingBlockedError,
    PendingChangeError,
    Problem,
    Signature,
    StorageError,
    Table,
    WriteError,
    _fsync_dir,
    _peek,
    _read_raw,
    encode,
    write_atomic,
    write_error,
)
from data.storage.journal import journal_bytes, read_journal, safe_path
from data.storage.lazy import parse_file
from data.storage.lock import HOLDER, LOCK, WAIT_NOTE, FolderLock, lock_holder, note_holder
from data.storage.transaction import Transaction

if TYPE_CHECKING:
    from data.storage.layout import FolderLayout

JOURNAL = ".journal.json"
DELTA = changelog.DELTA
BACKUPS = backups.BACKUPS


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
        layout: FolderLayout | None = None,
    ) -> None:
        self.folder = Path(folder).expanduser().absolute()
        if not self.folder.exists():
            if not create:
                raise StorageError(
                    "folder_missing", "The data folder {folder} does not exist.", folder=self.folder
                )
            self.folder.mkdir(parents=True, mode=0o700)
            if POSIX:
                os.chmod(self.folder, 0o700)
        elif not self.folder.is_dir():
            raise StorageError("not_a_folder", "{folder} is not a folder.", folder=self.folder)
        shared = POSIX and bool(self.folder.stat().st_mode & 0o2000)  # setgid: set up for a team
        self.file_mode = 0o660 if shared else 0o600
        self.dir_mode = 0o770 if shared else 0o700
        self.durable = durable
        self.backups = backups
        self._cache: FileCache[str, tuple[Signature, Doc]] = FileCache()
        self._cache_lock = threading.Lock()
        self._tx_lock = threading.RLock()
        self.lock_timeout = lock_timeout
        # called once with the lock's holder (or None) when a transaction has waited WAIT_NOTE
        # seconds for the folder's lock: the command line says who it waits for
        self.on_wait: Callable[[LockHolder | None], None] | None = None
        self.blocked: PendingBlockedError | None = None  # why a read could not finish a change
        self._in_tx = threading.local()
        self._made_dirs: set[Path] = set()
        self.apply_journal = True  # False: read past a journal that cannot be applied (check)
        self.lazy = True  # False: big main files parsed whole (check reads each once)
        self._last_prune: float | None = None  # None: prune at the first commit
        # Tuki's layout (the Store passes it): known paths, id counters, files the folder has had.
        # None for a generic folder of TinyDB documents.
        self.layout = layout
        self.delta = changelog.Delta(self.folder / DELTA)  # the change log (data/storage/delta.py)

    @functools.cached_property
    def _file_lock(self) -> FolderLock:
        """The folder's lock, made when first taken."""
        return FolderLock(self.folder / LOCK, self.file_mode)

    # ----- reading ---------------------------------------------------------------------------

    def path(self, rel: str) -> Path:
        return self.folder / rel

    def read(self, rel: str, *, strict: bool = True) -> Doc:
        """The document at ``rel`` (a path inside the folder); {} when the file does not exist
        and the folder never had it. A file the folder is known to have had (the layout says)
        and that is gone is damage: ``MissingFileError``, never an empty list.

        The returned dict is shared with the cache: treat it as read-only.
        """
        path = self.path(rel)
        self.sync_delta()
        with self._cache_lock:
            cached = self._cache.get(rel)
        if cached is not None and _peek(path) == cached[0]:
            return cached[1]
        self._finish_interrupted()
        got = _read_raw(path)
        if got is None:
            with self._cache_lock:
                self._cache.pop(rel, None)
            if strict and self.layout is not None and self.layout.should_exist(self, rel):
                raise MissingFileError(path, self.newest_backup(rel))
            return {}
        raw, sig = got
        try:
            doc = self.delta.apply(rel, changelog.token_of(sig[3]), parse_file(rel, raw, self.lazy))
        except Problem as exc:
            raise DamagedFileError(path, exc, self.newest_backup(rel)) from None
        with self._cache_lock:
            self._cache.put(rel, (sig, doc), sig[1])
        return doc

    def sync_delta(self) -> None:
        """Take in the lines other processes appended to the change log: forget the files
        they change (the next read applies them)."""
        for rel in self.delta.sync():
            self.forget(rel)

    def cached(self, rel: str, doc: Doc) -> None:
        """Keep ``doc`` as what ``rel`` holds now (just committed under the lock)."""
        sig = _peek(self.path(rel))
        if sig is not None:
            with self._cache_lock:
                self._cache.put(rel, (sig, doc), sig[1])

    def _finish_interrupted(self) -> None:
        """Before reloading a file, finish a change that a killed writer left half done.

        Only checked when a file changed on disk, so the cached path costs nothing. A process
        that may not write (or cannot get the lock now) reads on; the next writer finishes it.
        """
        if not self.apply_journal or getattr(self._in_tx, "tx", None) is not None:
            return
        if not self.path(JOURNAL).exists():
            return
        try:
            with self.transaction():
                pass
        except PendingBlockedError as exc:  # e.g. the disk is still full: ``waiting`` says why
            self.blocked = exc
        except (OSError, BusyError, WriteError):
            pass

    def waiting(self) -> str | None:
        """Why a saved change waits in the journal (``disk_full``, ``read_only``, ``write_denied``,
        ``write_failed``) when a read here could not finish it (readers see the files without
        it meanwhile); None otherwise, also while another process is just committing."""
        if self.blocked is not None and not self.path(JOURNAL).exists():
            self.blocked = None
        return self.blocked.why_code if self.blocked is not None else None

    def table(self, rel: str, name: str, *, strict: bool = True) -> Table:
        """A table of ``rel``; ``strict=False`` reads a missing file as empty whatever the
        layout knows (for the layout's own questions about which files should exist)."""
        return self.read(rel, strict=strict).get(name, {})

    def exists(self, rel: str) -> bool:
        return self.path(rel).exists()

    def files(self, subdir: str = "") -> list[str]:
        """Every data file below ``subdir`` as folder-relative paths (backups excluded)."""
        aside = self.layout.aside if self.layout is not None else frozenset()
        skip = {BACKUPS, *aside}  # (aside: beside the register, e.g. the users' drafts)
        out: list[str] = []
        # os.scandir, not Path.rglob: the backups are not walked only to be left out, and no
        # Path is made per file (22,000 shards at national scale: 0.7 s -> 0.1 s)
        pending = [subdir.strip("/")] if subdir else [""]
        if pending[0].split("/", 1)[0] in skip:
            return []
        while pending:
            rel_dir = pending.pop()
            try:
                entries = list(os.scandir(self.folder / rel_dir if rel_dir else self.folder))
            except (FileNotFoundError, NotADirectoryError):
                continue
            for entry in entries:
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                if entry.is_dir(follow_symlinks=False):  # (as rglob: a link not followed)
                    if rel_dir or entry.name not in skip:
                        pending.append(rel)
                elif entry.name.endswith(".json") and not entry.name.startswith("."):
                    out.append(rel)
        return sorted(out)

    def change_token(self) -> tuple[int, ...]:
        """Changes whenever any data file is replaced: every save renames a file into its
        folder, which moves that folder's modification time (the backups and the folders the
        layout keeps aside, the users' drafts, left out)."""
        return change_token(self.folder, self.layout.aside if self.layout is not None else ())

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
            self._lock()
            try:
                try:
                    self._recover()
                except OSError as exc:  # the earlier change still waits in its journal
                    raise PendingBlockedError(self.folder, exc) from exc
                tx = Transaction(self)
                self._in_tx.tx = tx
                try:
                    yield tx
                finally:
                    self._in_tx.tx = None
                if self.layout is not None:
                    tx.remember_new_files(self.layout)
                self._commit(tx)
            finally:
                self._file_lock.release()

    def _lock(self) -> None:
        """Take the folder's lock. After a short wait, tell ``on_wait`` who holds it (the note
        beside the lock file); after ``lock_timeout`` give up with ``BusyError`` naming them."""
        first = min(WAIT_NOTE, self.lock_timeout)
        if not self._acquire(first):
            holder = lock_holder(self.folder)
            if self.on_wait is not None:
                self.on_wait(holder)
            if not self._acquire(max(0.0, self.lock_timeout - first)):
                raise BusyError(self.folder, lock_holder(self.folder) or holder)
        self._note_holder()

    def _acquire(self, timeout: float) -> bool:
        """True once the lock is taken, False after ``timeout`` seconds."""
        try:
            return self._file_lock.acquire(timeout)
        except OSError as exc:  # a read-only folder, or a folder where the lock file should be
            raise write_error(exc, self.folder, lock=self.path(LOCK)) from exc

    def _note_holder(self) -> None:
        note_holder(self.path(HOLDER), self.file_mode)

    def _commit(self, tx: Transaction) -> None:
        changed = tx.changed()
        if not changed or changelog.commit(self, tx, changed):
            return
        encoded = {rel: encode(doc) for rel, doc in changed.items()}
        journaled = False
        try:
            if len(encoded) > 1:
                write_atomic(
                    self.path(JOURNAL), journal_bytes(encoded), durable=True, mode=self.file_mode
                )
                journaled = True
            for rel, raw in encoded.items():
                self._write(rel, raw)
            if journaled:
                os.unlink(self.path(JOURNAL))
                # durable removal: an old journal that came back after a power cut would be
                # replayed over later saves
                _fsync_dir(self.folder)
        except BaseException as exc:
            # A failed write leaves the old files in place; forget what this process holds
            # so that the next read comes from the disk.
            for rel in encoded:
                self.forget(rel)
            if not isinstance(exc, OSError):
                raise
            if journaled or (len(encoded) > 1 and self.path(JOURNAL).exists()):
                # The journal holds the whole change: it is saved and will be finished by the
                # next transaction. Saying "failed" would invite the user to enter it twice.
                raise PendingChangeError(self.folder, exc) from exc
            # nothing was replaced (a failed write removes its temp file): say why, plainly
            raise write_error(exc, self.folder) from exc
        for rel in encoded:
            self.cached(rel, changed[rel])
        self._maybe_prune()

    def _write(self, rel: str, raw: bytes, *, sync_folder: bool = True) -> None:
        path = self.path(rel)
        parent = path.parent
        if parent not in self._made_dirs:
            self._mkdir(parent)
            self._made_dirs.add(parent)
        backup = (lambda: self._backup(rel)) if self.backups else None
        write_atomic(
            path,
            raw,
            durable=self.durable,
            mode=self.file_mode,
            before_replace=backup,
            sync_folder=sync_folder,
        )

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
        """Finish a multi-file commit that a killed process left half done.

        The journal is checked whole before anything is written: a journal that does not parse,
        or that names a path outside the folder, through a link or of an unknown kind, is
        refused (``JournalDamagedError``) and ``tuki check --repair`` sets it aside.
        """
        path = self.path(JOURNAL)
        got = _read_raw(path)
        if got is None:
            return
        for rel, doc in read_journal(got[0], self):
            self._write(rel, encode(doc))
            self.forget(rel)
        os.unlink(path)
        _fsync_dir(self.folder)

    def safe_path(self, rel: str) -> str | None:
        """Why ``rel`` may not be written by a journal or the change log (None when it may)."""
        return safe_path(self.folder, self.layout, rel)

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
        return backups.hours(self.folder)

    def backups_of(self, rel: str) -> list[Path]:
        return backups.of(self.folder, rel)

    def newest_backup(self, rel: str) -> Path | None:
        return backups.newest(self.folder, rel)

    def _maybe_prune(self, keep_hours: int = 48, keep_days: int = 30) -> None:
        now = time.monotonic()
        if self._last_prune is None or now - self._last_prune >= 3600:
            self._last_prune = now
            self.prune_backups(keep_hours, keep_days)

    def prune_backups(self, keep_hours: int = 48, keep_days: int = 30) -> None:
        backups.prune(self.folder, keep_hours, keep_days)

    def stray_temp_files(self) -> list[Path]:
        """Temp files left by a process that was killed mid-write (harmless, removable)."""
        return [p for p in self.folder.rglob(".*.tmp") if p.is_file()]
