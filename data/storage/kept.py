"""Values worked out from the register and kept beside it for the next process (``cache/``).

Working out the day's alerts reads every index file of the folder (a second at national
scale); a command run a moment later, or the console opened after it, finds the same answer
here. A kept value is filed under a key that holds the folder's change token
(``Engine.change_token``: the modification times of the folder and its subfolders, which
every save moves, in this process or any other), what the caller adds (the day) and a stamp
of the code that worked it out; a key that differs in anything is not found. So a save,
from whichever process, leaves the kept value behind without anyone removing it.

A folder's times are coarse (a few milliseconds, seconds on some file systems): a second
save within the same tick as the first would leave the token as it was. So a value is kept
only when the newest change it reflects is at least ``RACY_NS`` older than the moment its
reading began, taken from the folder's own clock (the time stamp of ``cache/`` touched just
before). Files in ``cache/`` are written whole (a temporary file renamed), with the folder's
file mode, never fsynced (a lost one is worked out again) and read only by key: one that does
not parse is not found. The engine leaves ``cache/`` out of its files and of the change token
(``FolderLayout.aside``); a folder that may not be written keeps nothing.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

import orjson

from data.storage.aside import ASIDE, CACHE_DIR, change_token
from data.storage.engine import Engine
from data.storage.files import POSIX, paused_gc, write_atomic
from data.storage.interface import EngineLike
from data.storage.stamps import code_stamp

#: how much older than the start of a reading the newest change it reflects must be for its
#: result to be kept (2 s: the coarsest time stamps of a file system, FAT's)
RACY_NS = 2_000_000_000


class Kept:
    """The values kept in a data folder's ``cache/`` (nothing for an engine without a folder
    on disk, e.g. ``MemoryEngine``)."""

    def __init__(self, engine: EngineLike) -> None:
        self._engine = engine if isinstance(engine, Engine) else None
        self._dir = engine.folder / CACHE_DIR
        if self._engine is not None:
            # made with the Store, before a console reads its first change token: making it
            # moves the folder's time, which would read as a change, once
            self._made()

    def _made(self) -> bool:
        engine = self._engine
        if engine is None:
            return False
        try:
            if not self._dir.is_dir():
                try:
                    self._dir.mkdir(mode=engine.dir_mode)
                except FileExistsError:  # another process made it a moment ago
                    return True
                if POSIX:
                    os.chmod(self._dir, (self._dir.stat().st_mode & 0o7000) | engine.dir_mode)
        except OSError:  # a folder this user may only read (or not there yet)
            return False
        return True

    def get(self, name: str, key: list[Any]) -> Any | None:
        """The value kept under ``name`` for ``key``, or None."""
        if self._engine is None:
            return None
        return _read(self._dir, name, key)

    def start(self) -> int | None:
        """Call before reading the change token that goes into the key: the folder's time
        now (``put`` compares it with the token), or None when nothing can be kept."""
        if not self._made():
            return None
        try:
            os.utime(self._dir)  # the folder's own clock (a file server's, on a share)
            return self._dir.stat().st_mtime_ns
        except OSError:  # a folder this user may only read, a full disk: keep nothing
            return None

    def put(
        self, name: str, key: list[Any], token: object, started: int | None, value: Any
    ) -> bool:
        """Keep ``value`` under ``name`` for ``key`` (which holds ``token``, read after
        ``start`` returned ``started``), unless a change could hide behind the token. True
        when the value may be used again while the token stays the same (in this process
        too): always for an engine without a folder, whose token counts every change."""
        engine = self._engine
        if engine is None:
            return True
        if started is None or not isinstance(token, tuple) or not token:
            return False
        if started - max(token) < RACY_NS:
            return False  # a change within the same tick as the newest one would not show
        if code_stamp() is None:
            return True  # this process knows its own code
        raw = orjson.dumps({"key": _plain(key), "value": value})
        with contextlib.suppress(OSError):
            write_atomic(self._dir / f"{name}.json", raw, durable=False, mode=engine.file_mode)
        return True

    def keep(self, name: str, key: list[Any], value: Any) -> None:
        """Keep ``value`` under ``name`` for ``key`` whatever the folder's changes: for what
        depends on the code alone and is checked against the folder when used (the digests of
        rows known valid, ``data/store/vouched.py``). Nothing without a folder or a stamp."""
        engine = self._engine
        if engine is None or code_stamp() is None or not self._made():
            return
        raw = orjson.dumps({"key": _plain(key), "value": value})
        with contextlib.suppress(OSError):
            write_atomic(self._dir / f"{name}.json", raw, durable=False, mode=engine.file_mode)


def folder_change_token(folder: Path) -> tuple[int, ...]:
    """``Engine.change_token`` of the data folder ``folder``, without an engine."""
    return change_token(folder, ASIDE)


def peek(folder: Path, name: str, *extra: Any, token: tuple[int, ...] | None = None) -> Any | None:
    """What ``Answer.get`` finds kept under ``name`` for the data folder ``folder`` as it is
    now (its change token, as the folder's ``Engine`` reads it, or ``token`` read by the
    caller) and ``extra``, or None; read without an engine or a Store: ``tuki alerts`` and
    the console's first frame show a kept answer without importing the record models. Only
    reads: a folder without ``cache/`` (or any at all) has nothing."""
    key = token if token is not None else folder_change_token(folder)
    return _read(folder / CACHE_DIR, name, [key, *extra])


def _read(folder: Path, name: str, key: list[Any]) -> Any | None:
    """The value kept in ``folder/<name>.json`` under ``key``, or None."""
    if code_stamp() is None:
        return None
    try:
        raw = (folder / f"{name}.json").read_bytes()
        with paused_gc():  # many small objects, no cycles (2 MB of volunteers: 45 -> 20 ms)
            doc = orjson.loads(raw)
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(doc, dict) or doc.get("key") != _plain(key):
        return None
    return doc.get("value")


T = TypeVar("T")


class Answer(Generic[T]):
    """One value worked out from the register (``work``, with the collector paused): kept in
    this process while the change token
    (and what the caller adds to the key, e.g. the day) stays the same, and in
    ``cache/<name>.json`` for the next process. ``load`` makes the value of what was kept
    (a KeyError, TypeError or ValueError, or None: kept by a version that kept something
    else, worked out again); ``dump`` makes what is kept of the value."""

    def __init__(
        self,
        kept: Kept,
        name: str,
        token: Callable[[], object],
        load: Callable[[Any], T | None],
        dump: Callable[[T], Any],
    ) -> None:
        self._kept, self.name, self._token = kept, name, token
        self._load, self._dump = load, dump
        self._memo: tuple[list[Any], T] | None = None

    def get(self, work: Callable[[], T], *extra: Any) -> T:
        """The value for the folder as it is now (and ``extra``): remembered, kept, or
        ``work()``."""
        found = self.kept(*extra)
        if found is not None:
            return found
        started = self._kept.start()
        key = [self._token(), *extra]  # read after ``start``: see the module's docstring
        with paused_gc():  # many objects built at once
            found = work()
        if self._kept.put(self.name, key, key[0], started, self._dump(found)):
            self._memo = (key, found)
        return found

    def kept(self, *extra: Any) -> T | None:
        """The value for the folder as it is now (and ``extra``) when remembered or kept,
        else None (nothing worked out)."""
        return self._found([self._token(), *extra])

    def _found(self, key: list[Any]) -> T | None:
        """The value remembered or kept under ``key``, else None."""
        memo = self._memo
        if memo is not None and memo[0] == key:
            return memo[1]
        raw = self._kept.get(self.name, key)
        if raw is not None:
            try:
                value = self._load(raw)
            except (KeyError, TypeError, ValueError):
                value = None
            if value is not None:
                self._memo = (key, value)
                return value
        return None


def _plain(key: list[Any]) -> Any:
    """``key`` and the code's stamp as they read back from JSON (tuples as lists, days as
    text)."""
    return orjson.loads(orjson.dumps([*key, code_stamp()]))
