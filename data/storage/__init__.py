"""The storage engine: TinyDB JSON documents made safe for several processes, repairable, fast.

The rooms of this package (it imports nothing of ``data/`` but the errors, the dates and the
record models it stores; never the service layer in ``data/store/``):

* ``files``: the file primitives (parse, read, atomic durable write) and the storage errors;
* ``interface``: ``EngineLike``, what the Store and the derived index use of an engine;
  ``memory``: ``MemoryEngine``, the same documents in dicts, for fast tests;
* ``engine``: one data folder: cached reads, the folder lock (``lock``: the holder's note),
  transactions (``transaction``), the redo journal (``journal``), the change log that commits
  a change touching the derived index with one appended line (``delta``), hourly ``backups``;
* ``layout``: where each kind of record lives and the shape of the derived meeting index;
* ``derived``: the derived index (compact facts, meeting summaries, and in ``months`` what a
  month's list shows of its meetings), written with its sources and rebuilt from them;
  ``kept``: what was worked out from them (the day's alerts) kept beside the register for the
  next process, until the folder changes;
* ``check``, ``compare``, ``report``: verifying a folder (``tuki check``); ``repair``,
  ``recover``, ``salvage``: repairing it without losing or re-using anything.
"""

from data.storage.engine import BACKUPS, DELTA, JOURNAL, Engine
from data.storage.files import (
    META,
    AtomicJSONStorage,
    BusyError,
    DamagedFileError,
    Doc,
    LockHolder,
    PendingBlockedError,
    PendingChangeError,
    StorageError,
    Table,
    WriteError,
    encode,
    paused_gc,
    write_atomic,
)
from data.storage.interface import EngineLike
from data.storage.lock import HOLDER, LOCK, lock_holder
from data.storage.memory import MemoryEngine
from data.storage.transaction import Transaction

__all__ = [
    "BACKUPS",
    "DELTA",
    "HOLDER",
    "JOURNAL",
    "LOCK",
    "META",
    "AtomicJSONStorage",
    "BusyError",
    "DamagedFileError",
    "Doc",
    "Engine",
    "EngineLike",
    "LockHolder",
    "MemoryEngine",
    "PendingBlockedError",
    "PendingChangeError",
    "StorageError",
    "Table",
    "Transaction",
    "WriteError",
    "encode",
    "lock_holder",
    "paused_gc",
    "write_atomic",
]
