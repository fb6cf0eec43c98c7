"""The words of each relationship's shard, kept beside the register for the search
(``store.search``, ``search.py``).

Searching the texts of a national folder's 1 million meetings means reading its 22,000 shards
(650 MB of JSON; well over ten seconds). The search reads instead, for each shard, the words of
its meetings', palaverit's and contacts' searched texts (each once) and their newest days
(``data/rules/search.py``: ``shard_words``; each table's apart), and
opens only the shards whose words hold every word asked for, newest first. These are worked
out once and kept in ``cache/search-NN.json`` (NN = relationship id % 64), each under the
signature of the shard it was read from (inode, size, modification and change times: every
save writes a shard anew, as a new file renamed over it). A search compares the signatures (one
``stat`` per shard) and reads again only the shards that changed since, then rewrites the parts
that changed; a shard no longer there is dropped. A part kept by another version of the rules
or in another form (its key holds ``FORMAT`` and a digest of ``data/rules/search.py``), an
entry of another shape, or a part that does not parse, is worked out again.

Like the other kept answers (``data/storage/kept.py``): beside the register, not checked,
written whole without fsync (a lost part is worked out again), with the folder's file mode,
nothing kept in a folder this user may only read; a retention run removes them with the rest
of ``cache/`` (``data/storage/scrub.py``), so no word of an anonymised text stays.
``MemoryEngine`` keeps nothing: its shards are read at every search (tests).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from data.rules import search as rules
from data.storage.aside import CACHE_DIR
from data.storage.engine import Engine
from data.storage.files import paused_gc, write_atomic
from data.storage.interface import EngineLike
from data.storage.layout import shard, shard_id
from data.storage.rows import read_once

PARTS = 64
NAME = "search-{:02d}.json"
#: the form of an entry; raised when it changes (2: the contacts' day and words added), so a
#: part kept in an older form is worked out again, never misread
FORMAT = 2
TABLES = len(rules.SHARD_TABLES)
Progress = Callable[[int, int], None]  # (shards read, shards to read)
Entry = list[Any]  # [signature or None, then per table of SHARD_TABLES: newest day, words]
Words = tuple[str, ...]  # per table of SHARD_TABLES: (newest day, its words)


@cache
def rules_key() -> str:
    """A digest of the rules that make the words: a part kept by other rules is not used."""
    digest = hashlib.sha256(Path(rules.__file__).read_bytes()).hexdigest()[:16]
    return f"{FORMAT}-{digest}"


class ShardWords:
    """The kept words of a folder's shards (``store.search`` holds one)."""

    def __init__(self, engine: EngineLike) -> None:
        self.engine = engine
        self._disk = engine if isinstance(engine, Engine) else None
        self._parts: list[dict[str, Entry]] | None = None
        self._lock = threading.Lock()  # (the console searches in a worker thread)

    def current(self, progress: Progress | None = None) -> dict[int, Words]:
        """Relationship id -> the newest days and words of every shard as it is now
        (``rules.shard_words``)."""
        with self._lock, paused_gc():
            return self._current(progress)

    def _current(self, progress: Progress | None) -> dict[int, Words]:
        rids = [r for r in map(shard_id, self.engine.files("rel")) if r is not None]
        parts = self._parts = self._parts if self._parts is not None else self._load()
        signatures = {rid: self._signature(rid) for rid in rids}
        stale = [
            rid
            for rid in rids
            if signatures[rid] is None
            or _entry_sig(parts[rid % PARTS].get(str(rid))) != signatures[rid]
        ]
        changed: set[int] = set()
        for done, rid in enumerate(stale):
            if progress is not None and done % 100 == 0:
                progress(done, len(stale))
            words = rules.shard_words(read_once(self.engine, shard(rid)))
            parts[rid % PARTS][str(rid)] = [signatures[rid], *words]
            changed.add(rid % PARTS)
        present = {str(rid) for rid in rids}
        for number, part in enumerate(parts):
            gone = [key for key in part if key not in present]
            for key in gone:
                del part[key]
                changed.add(number)
        if progress is not None and stale:
            progress(len(stale), len(stale))
        self._write(changed)
        return {rid: _words(parts[rid % PARTS][str(rid)]) for rid in rids}

    def _signature(self, rid: int) -> list[int] | None:
        """The shard's inode, size, modification and change times; None: not kept (no
        folder)."""
        if self._disk is None:
            return None
        try:
            info = os.stat(self._disk.path(shard(rid)))
        except OSError:
            return None
        return [info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]

    def _load(self) -> list[dict[str, Entry]]:
        parts: list[dict[str, Entry]] = [{} for _ in range(PARTS)]
        if self._disk is None:
            return parts
        folder = self._disk.folder / CACHE_DIR
        for number in range(PARTS):
            try:
                doc = orjson.loads((folder / NAME.format(number)).read_bytes())
            except (OSError, orjson.JSONDecodeError):
                continue
            if isinstance(doc, dict) and doc.get("key") == rules_key():
                shards = doc.get("shards")
                if isinstance(shards, dict):
                    parts[number] = {k: v for k, v in shards.items() if _well_formed(v)}
        return parts

    def _write(self, numbers: set[int]) -> None:
        engine, parts = self._disk, self._parts
        if engine is None or parts is None:
            return
        folder = engine.folder / CACHE_DIR
        if not folder.is_dir():
            return
        for number in sorted(numbers):
            kept = {k: v for k, v in parts[number].items() if v[0] is not None}
            raw = orjson.dumps({"key": rules_key(), "shards": kept})
            with contextlib.suppress(OSError):  # a folder this user may only read keeps nothing
                path = folder / NAME.format(number)
                write_atomic(path, raw, durable=False, mode=engine.file_mode)


def _entry_sig(entry: Entry | None) -> Any:
    return entry[0] if entry is not None else False


def _words(entry: Entry) -> Words:
    return tuple(entry[1:])


def _well_formed(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 1 + 2 * TABLES
        and all(isinstance(v, str) for v in value[1:])
    )


__all__ = ["FORMAT", "PARTS", "ShardWords", "rules_key"]
