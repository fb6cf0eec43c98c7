"""The bounded caches of what was read: a console left open all day must not grow.

The files that are few and read all the time (the main files at the top of the folder and the
derived index under ``index/``) are kept for as long as they are unchanged. The files that grow
in number without bound (a shard per relationship under ``rel/``, a file per month under
``reports/``) are kept in a small least-recently-used set: opening a relationship reads its
shard again only after many others were opened since.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K", str, tuple[str, str])
V = TypeVar("V")

#: how many files of the kinds that grow in number (shards, monthly reports) stay cached
RECENT = 64


def always_kept(rel: str) -> bool:
    """A main file (top of the folder) or a file of the derived index: cached while unchanged
    (not the month index's files: one more every month, like the monthly reports)."""
    return "/" not in rel or (rel.startswith("index/") and not rel.startswith("index/months/"))


class FileCache(Generic[K, V]):
    """A mapping keyed by a folder-relative path (or ``(path, table)``) that keeps the few
    always-read files for good and the rest in an LRU of ``recent`` entries.

    Not locked: the engine holds its own lock around it; the store's caches are used from one
    thread at a time, like the store.
    """

    def __init__(self, recent: int = RECENT) -> None:
        self.recent = recent
        self._kept: dict[K, V] = {}
        self._lru: OrderedDict[K, V] = OrderedDict()

    @staticmethod
    def _path(key: K) -> str:
        return key if isinstance(key, str) else key[0]

    def get(self, key: K) -> V | None:
        if key in self._kept:
            return self._kept[key]
        value = self._lru.get(key)
        if value is not None:
            self._lru.move_to_end(key)
        return value

    def __setitem__(self, key: K, value: V) -> None:
        if always_kept(self._path(key)):
            self._kept[key] = value
            return
        self._lru[key] = value
        self._lru.move_to_end(key)
        while len(self._lru) > self.recent:
            self._lru.popitem(last=False)

    def pop(self, key: K, default: V | None = None) -> V | None:
        if key in self._kept:
            return self._kept.pop(key)
        return self._lru.pop(key, default)

    def clear(self) -> None:
        self._kept.clear()
        self._lru.clear()

    def __len__(self) -> int:
        return len(self._kept) + len(self._lru)

    def __contains__(self, key: object) -> bool:
        return key in self._kept or key in self._lru
