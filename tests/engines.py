"""The Store on each engine: documents in memory (``MemoryEngine``) and JSON files (``Engine``).

As TinyDB runs its tests on ``MemoryStorage`` and ``JSONStorage``, the store-verb tests run on
both through the ``any_store`` fixture (``tests/conftest.py``). Tests about files, damage,
locks and repair use a store on a folder (``Store.open``) only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

from data.storage import Engine, MemoryEngine
from data.storage.layout import LAYOUT
from data.store import Store

ENGINES = ("memory", "json")


def make_store(kind: str, folder: Path) -> Store[Any]:
    """A new, empty Store on the engine named ``kind`` (``folder`` is used by "json" only)."""
    if kind == "memory":
        return Store(MemoryEngine(LAYOUT, folder=folder))
    return Store.open(folder)


def reopen(store: Store[Any]) -> Store[Any]:
    """Another Store over the same data with nothing cached: another process on the same folder,
    or a new Store over the same memory engine."""
    if isinstance(store.engine, Engine):
        return Store.open(store.folder)
    return Store(store.engine)


def snapshot(store: Store[Any]) -> dict[str, str]:
    """A hash of every data file (of every document, in memory), to prove that a refused call
    changed nothing."""
    engine = store.engine
    if isinstance(engine, Engine):
        raw = {rel: engine.path(rel).read_bytes() for rel in engine.files()}
    else:
        raw = {rel: orjson.dumps(engine.read(rel)) for rel in engine.files()}
    return {rel: hashlib.sha256(data).hexdigest() for rel, data in raw.items()}
