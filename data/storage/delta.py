"""The change log: a saved change that touches the derived index is one appended line.

Saving one meeting changes two files: the relationship's shard and its index bucket (the
summary and the second copy of the id counter). Through the journal that cost two whole
rewrites of the bucket (~140 KB at national scale) and seven fsyncs. Instead, such a change is
committed by appending one line to ``.delta.json`` (one fdatasync): the rows it puts or removes,
file by file, each with the write token of the file it applies to (``_meta.token``, the last
bytes of every file the engine writes). Then the files outside ``index/`` are rewritten as
before (temp file, fsync, rename, fsync of the folder); the index buckets are not: readers apply
the lines to them, and they are rewritten whole ("folded") only once the log has grown past
``FOLD_AT``, after which the log starts anew.

A line applies to a file only while the file still carries the token the line names: every whole
rewrite of a file (a fold, a later save, a journaled change, a repair, a restore) writes a fresh
token, and what was in the lines is in the rewritten file (it was written from the merged view),
so older lines stop applying by themselves. That makes every step safe to interrupt:

* killed while appending: the line has no newline yet and is ignored (the next writer cuts it
  off and closes the document again); nothing was saved;
* killed after the line, before a file was renamed: the line still applies to the old file, so
  readers see the whole change; the next save of that file writes it out;
* power cut after the line's fdatasync: the same (the renames that followed may be lost, the
  line is not);
* killed while folding: a folded file has a new token (its lines no longer apply), a file not yet
  folded still has its lines; the log is replaced only after every folded file is durable, and
  a log that comes back after a power cut names tokens that are gone.

A reader that catches a line half appended takes nothing of it and reads it again once whole
(each line starts with its own offset). Lines that do not read back before others (a damaged
log) are never overwritten: the next change goes through the journal instead.

Every data file stays a plain TinyDB document, and so does the log between changes; the files
under ``index/`` may lag behind the log until the next fold (they are derived data:
``Engine.read`` and ``tuki check`` see them with their lines, and a log that is lost costs only
index rows that ``tuki check --repair`` rebuilds). A file put back from a backup that carries the
token a line names gets that line again: it is the change made just after that backup.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from data.storage.files import (
    BINARY,
    Doc,
    PendingChangeError,
    Problem,
    _fsync_dir,
    _parse,
    _peek,
    _read_raw,
    encode,
    write_atomic,
    write_error,
)
from data.storage.lazy import copy_table

if TYPE_CHECKING:
    from data.storage.engine import Engine
    from data.storage.transaction import Transaction

DELTA = ".delta.json"
#: the log is a TinyDB document (table ``delta``) written one line per change: the first line
#: opens it, each change is one line ``,"<offset>":{"k": "<file> <token>|…", "f": {<file>:
#: {"b": <token>, "t": {<table>: {<id>: row, or null when removed}}}}}``, the last closes it.
#: Appending overwrites the closing line, so the file opens with ``TinyDB(path)`` between changes.
HEAD = b'{"delta":{"0":{}\n'
END = b"}}\n"
#: the log is folded into the index files once it is this big (about 950 saved meetings)
FOLD_AT = 1 << 20

_TOKEN = re.compile(rb'"token":"([0-9a-f]{16})"\}\}\}\s*$')

Rows = dict[str, dict[str, Any]]  # table -> row id -> row, or None for a removed row


def token_of(tail: bytes) -> str | None:
    """The write token in a file's last bytes (``_meta`` is written last, its token last)."""
    found = _TOKEN.search(tail)
    return found.group(1).decode() if found else None


def fdatasync(fd: int) -> None:
    getattr(os, "fdatasync", os.fsync)(fd)


class Delta:
    """What this process knows of the log: its lines by file, and how far it has read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._key: tuple[int, int, int] | None = None  # (inode, size, mtime) when last read
        self._offset = 0  # bytes read: up to the last complete line
        self.lines: dict[str, list[tuple[str, _Line]]] = {}  # file -> [(base token, line)]
        self.fold_at = 0  # raised after a fold that could not finish (a damaged file)
        self._closed = False  # the last read ended at the closing line
        self.tail = b""  # what follows the last line read (the closing line, or a torn line)

    @property
    def size(self) -> int:
        return self._offset

    def sync(self) -> set[str]:
        """Read what other processes appended since; the files whose lines changed."""
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            with self._lock:
                if self._key is None:
                    return set()
                return self._reset()
        key = (st.st_ino, st.st_size, st.st_mtime_ns)
        with self._lock:
            if key == self._key:
                return set()
            changed: set[str] = set()
            if self._key is None or key[0] != self._key[0] or key[1] < self._offset:
                changed = self._reset()
            changed |= self._read_more()
            # read up to the closing line: done until the file changes; otherwise read again
            self._key = key if self._closed else (key[0], -1, -1)
            return changed

    def _reset(self) -> set[str]:
        named = set(self.lines)
        self.lines = {}
        self._offset = 0
        self._key = None
        self.tail = b""
        return named

    def _read_more(self) -> set[str]:
        try:
            fd = os.open(self.path, os.O_RDONLY | BINARY)
        except FileNotFoundError:
            return set()
        try:
            os.lseek(fd, self._offset, os.SEEK_SET)
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
        finally:
            os.close(fd)
        raw = b"".join(chunks)
        named: set[str] = set()
        start = 0
        self._closed = False
        while (end := raw.find(b"\n", start)) >= 0:  # a line without its newline: being written
            line = raw[start:end]
            if line == END[:-1]:
                self._closed = True  # the closing line: the next change overwrites it
                break
            if not (self._offset == 0 and start == 0 and line == HEAD[:-1]):
                took = self._take(line, self._offset + start)
                if not took:  # seen half overwritten by a change being appended: later
                    break
                named |= took
            start = end + 1
        self._offset += start
        self.tail = raw[start:]
        return named

    def _take(self, line: bytes, offset: int) -> set[str]:
        """Note which files one change line (``,"<offset>":{"k": ..., "f": ...}``) changes and
        on which tokens; its rows are parsed only when one of those files is read. Nothing
        when the line does not start with its own offset or names no file."""
        prefix = b',"%d":' % offset
        if not line.startswith(prefix):
            return set()
        entry = _Line(line[len(prefix) :])
        named: set[str] = set()
        for rel, base in entry.touched():
            self.lines.setdefault(rel, []).append((base, entry))
            named.add(rel)
        return named

    def apply(self, rel: str, token: str | None, doc: Doc) -> Doc:
        """``doc`` (the file as read, with write token ``token``) with its lines applied."""
        with self._lock:
            lines = [entry.rows(rel) for base, entry in self.lines.get(rel, ()) if base == token]
        if not lines or token is None:
            return doc
        out = dict(doc)
        copied: set[str] = set()
        for rows in lines:
            for table, changes in rows.items():
                if table not in copied:
                    out[table] = copy_table(out.get(table, {}))
                    copied.add(table)
                for key, row in changes.items():
                    if row is None:
                        out[table].pop(key, None)
                    else:
                        out[table][key] = row
        return out

    def pending(self, rel: str, token: str | None) -> bool:
        with self._lock:
            return any(base == token for base, _ in self.lines.get(rel, ()))

    def writable(self) -> bool:
        """After ``sync`` under the lock: nothing but the closing line or one torn line (of a
        writer killed while appending) follows the lines read. Lines that do not read back
        before others (a damaged log) are never overwritten: the change goes to the journal."""
        return self.tail == END or b"\n" not in self.tail[:-1]

    def append(self, change: bytes, *, durable: bool, mode: int) -> None:
        """Append one change (a JSON object) as a line, under the folder's lock after ``sync``."""
        if not self.path.exists():
            write_atomic(self.path, HEAD + END, durable=durable, mode=mode)
            self.sync()
        line = b',"%d":%s\n' % (self._offset, change)
        fd = os.open(self.path, os.O_WRONLY | BINARY)
        try:
            try:
                _write_at(fd, self._offset, line + END)
                if os.fstat(fd).st_size > self._offset + len(line + END):
                    os.ftruncate(fd, self._offset + len(line + END))  # a killed writer's rest
                if durable:
                    fdatasync(fd)
            except OSError:
                with contextlib.suppress(OSError):  # nothing of it stays
                    _write_at(fd, self._offset, END)
                    os.ftruncate(fd, self._offset + len(END))
                raise
            st = os.fstat(fd)
        finally:
            os.close(fd)
        with self._lock:
            self._take(line[:-1], self._offset)
            self._offset += len(line)
            self._key = (st.st_ino, st.st_size, st.st_mtime_ns)
            self.tail = END


def _write_at(fd: int, offset: int, raw: bytes) -> None:
    os.lseek(fd, offset, os.SEEK_SET)
    view = memoryview(raw)
    while view:
        view = view[os.write(fd, view) :]


class _Line:
    """One change: ``{"k": "<file> <token>|…", "f": {file: {"b": token, "t": rows}}}``."""

    __slots__ = ("_rows", "raw")

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self._rows: dict[str, Rows] | None = None

    def touched(self) -> list[tuple[str, str]]:
        """(file, token) of each file the change touches, read without parsing its rows."""
        if self.raw.startswith(b'{"k":"'):
            end = self.raw.find(b'"', 6)
            if end > 0:
                pairs = [part.split(" ") for part in self.raw[6:end].decode().split("|")]
                if all(len(pair) == 2 for pair in pairs):
                    return [(rel, base) for rel, base in pairs]
        return [(rel, base) for rel, base, _ in _entries(self.raw)]

    def rows(self, rel: str) -> Rows:
        if self._rows is None:
            self._rows = {name: rows for name, _, rows in _entries(self.raw)}
        return self._rows.get(rel, {})


def _entries(line: bytes) -> list[tuple[str, str, Rows]]:
    """The (file, base token, rows) of one line; nothing when it does not parse as one."""
    try:
        parsed = orjson.loads(line)
        files = parsed["f"]
        out = []
        for rel, entry in files.items():
            base, rows = entry["b"], entry["t"]
            if not isinstance(base, str) or not isinstance(rows, dict):
                return []
            for changes in rows.values():
                if not isinstance(changes, dict) or not all(
                    r is None or isinstance(r, dict) for r in changes.values()
                ):
                    return []
            out.append((rel, base, rows))
        return out
    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
        return []


def is_derived(rel: str) -> bool:
    return rel.startswith("index/")


def commit(engine: Engine, tx: Transaction, changed: dict[str, Doc]) -> bool:
    """Commit ``changed`` through the log when it touches the index or a history file of its
    own (``history/<kind>/…``: a client's edit is clients.json and its history file, one line
    instead of a journal holding clients.json twice); False to use the journal (a new file, a
    file without a write token, a file replaced whole). A history file not yet there is first
    written empty (an empty history is valid, should the change stop after it)."""
    layout = engine.layout
    if layout is None or not any(is_derived(rel) or layout.beside(rel) for rel in changed):
        return False
    if tx.replaced:
        return False
    bases, ahead = {}, []
    for rel in changed:
        sig = _peek(engine.path(rel))
        token = token_of(sig[3]) if sig is not None else None
        if sig is None and layout.beside(rel) and engine.safe_path(rel) is None:
            ahead.append(rel)  # a record's first change: its history file, made empty ahead
        elif token is None:
            return False
        bases[rel] = token or ""
    for rel in ahead:
        engine._write(rel, encode({}))
        sig = _peek(engine.path(rel))
        token = token_of(sig[3]) if sig is not None else None
        if token is None:
            return False
        bases[rel] = token
    engine.sync_delta()
    if not engine.delta.writable():
        return False
    rows = tx.diff()
    entries = {rel: {"b": bases[rel], "t": rows[rel]} for rel in changed if rows.get(rel)}
    if entries:
        keys = "|".join(f"{rel} {entry['b']}" for rel, entry in entries.items())
        change = orjson.dumps({"k": keys, "f": entries}, option=orjson.OPT_NON_STR_KEYS)
        try:
            engine.delta.append(change, durable=engine.durable, mode=engine.file_mode)
        except OSError as exc:
            for rel in changed:
                engine.forget(rel)
            raise write_error(exc, engine.folder) from exc
    try:
        for rel, doc in changed.items():
            if not is_derived(rel):
                engine._write(rel, encode(doc))
    except OSError as exc:
        for rel in changed:
            engine.forget(rel)
        # the line holds the change: every reader sees it; the next save writes the file
        raise PendingChangeError(engine.folder, exc) from exc
    for rel, doc in changed.items():
        engine.cached(rel, doc)
    if engine.delta.size >= max(FOLD_AT, engine.delta.fold_at) and not fold(engine):
        engine.delta.fold_at = engine.delta.size + FOLD_AT // 4  # not again at every save
    engine._maybe_prune()
    return True


def fold(engine: Engine) -> bool:
    """Rewrite every file that lines still apply to, then start the log anew (under the lock).
    False (and the log kept) when a file cannot be read or written now."""
    delta = engine.delta
    engine.sync_delta()
    folders: set[Path] = set()
    try:
        for rel in sorted(delta.lines):
            if engine.safe_path(rel) is not None:
                continue
            got = _read_raw(engine.path(rel))
            if got is None:
                continue
            token = token_of(got[1][3])
            if not delta.pending(rel, token):
                continue
            doc = delta.apply(rel, token, _parse(got[0]))
            engine._write(rel, encode(doc), sync_folder=False)
            engine.forget(rel)
            folders.add(engine.path(rel).parent)
        if engine.durable:  # every rewritten file in place for good before the log goes
            for folder in sorted(folders):
                _fsync_dir(folder)
        if delta.path.exists():
            write_atomic(delta.path, HEAD + END, durable=engine.durable, mode=engine.file_mode)
    except (OSError, Problem):
        return False
    engine.sync_delta()
    return True
