"""The bounded caches of what was read: a console left open all day must not grow.

The files that are few and read all the time (the main files at the top of the folder and the
derived index under ``index/``) are kept for as long as they are unchanged. The files that grow
in number without bound (a shard per relationship under ``rel/``, a file per month under
``reports/``) are kept in a small least-recently-used set: opening a relationship reads its
shard again only after many others were opened since. That set is bounded twice: by count and,
where the caller tells each entry's size, by the bytes those files take on disk. A monthly
report file of a national folder is 2.4 MB (some 11 MB once parsed): the payment run reads 24
of them, and 64 kept would hold 270 MB for the rest of the day. 16 MB keeps the six recent
months that a relationship's page reads (with 6 MB it read them again at every opening).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K", str, tuple[str, str])
V = TypeVar("V")

#: how many files of the kinds that grow in number (shards, monthly reports) stay cached
RECENT = 64
#: and how many bytes (as stored) they may take together; the newest one always stays
RECENT_BYTES = 16 * 1024 * 1024


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

    def __init__(self, recent: int = RECENT, recent_bytes: int = RECENT_BYTES) -> None:
        self.recent = recent
        self.recent_bytes = recent_bytes
        self._kept: dict[K, V] = {}
        self._lru: OrderedDict[K, V] = OrderedDict()
        self._sizes: dict[K, int] = {}  # of the LRU's entries whose size was told
        self._bytes = 0

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
        self.put(key, value)

    def put(self, key: K, value: V, size: int = 0) -> None:
        """Keep ``value``; ``size`` (the file's stored bytes) counts against the byte budget
        of the recent files."""
        if always_kept(self._path(key)):
            self._kept[key] = value
            return
        self._forget_size(key)
        self._lru[key] = value
        self._lru.move_to_end(key)
        if size:
            self._sizes[key] = size
            self._bytes += size
        while len(self._lru) > self.recent or (
            self._bytes > self.recent_bytes and len(self._lru) > 1
        ):
            oldest, _ = self._lru.popitem(last=False)
            self._forget_size(oldest)

    def _forget_size(self, key: K) -> None:
        self._bytes -= self._sizes.pop(key, 0)

    def pop(self, key: K, default: V | None = None) -> V | None:
        if key in self._kept:
            return self._kept.pop(key)
        self._forget_size(key)
        return self._lru.pop(key, default)

    def clear(self) -> None:
        self._kept.clear()
        self._lru.clear()
        self._sizes.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._kept) + len(self._lru)

    def __contains__(self, key: object) -> bool:
        return key in self._kept or key in self._lru
