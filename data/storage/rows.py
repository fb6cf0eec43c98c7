"""Some rows of a big main file, read once and not kept (``tuki ls relationships``).

``Engine.read`` parses a file whole and keeps it in the engine's cache, which is right for a
file read again and again (the console). A command that reads the 32 MB relationships file of
a national folder once for the 8,000 rows it lists kept all 22,000 parsed (122 MB) with the
bytes and the text they were decoded from at its peak; here each row is parsed by itself from
the file's bytes and only the rows asked for are kept (``parsing.table_rows``).

``read_once`` is the same for a whole file that a task goes through once: the payment run
reads 24 monthly files and thousands of shards that nobody opens again soon. Kept in the
cache, the monthly files (11 MB each once parsed) made the console's peak; the few files
each task keeps instead are the recent ones a coordinator opens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from data.storage import delta as changelog
from data.storage.engine import Engine
from data.storage.files import Doc, Problem, _peek, _read_raw
from data.storage.interface import EngineLike
from data.storage.lazy import parse_file
from data.storage.parsing import table_rows

Row = dict[str, Any]


def selected(
    engine: EngineLike, rel: str, table: str, keep: Callable[[Row], bool]
) -> dict[str, Row]:
    """The rows of ``table`` in ``rel`` that ``keep`` accepts, in the file's order: the same
    rows as ``engine.table(rel, table)`` holds, with the same errors. A file that is not in the
    engine's cache is read without being kept there, row by row when it is laid out as the
    engine writes it, else parsed whole; any other (a file in the cache, a change waiting in
    the change log, damaged or missing) is read as every reader reads it."""
    if isinstance(engine, Engine):
        path = engine.path(rel)
        engine.sync_delta()
        with engine._cache_lock:
            cached = engine._cache.get(rel)
        if cached is None or _peek(path) != cached[0]:
            engine._finish_interrupted()  # (as a read does)
            got = _read_raw(path)
            if got is not None and not engine.delta.pending(rel, changelog.token_of(got[1][3])):
                rows = table_rows(got[0], table, keep)
                if rows is not None:
                    return rows
                with contextlib.suppress(Problem):  # laid out otherwise: parsed whole, not kept
                    whole = parse_file(rel, got[0], engine.lazy).get(table, {})
                    return {key: row for key, row in whole.items() if keep(row)}
            del got
    return {key: row for key, row in engine.table(rel, table).items() if keep(row)}


def read_once(engine: EngineLike, rel: str, *, strict: bool = True) -> Doc:
    """The document ``engine.read(rel)`` gives (the change log's lines applied), without
    keeping it in the engine's cache when it was not there: for a file a task reads once. A
    cached file is the cached document; a missing or damaged one is read as every reader
    reads it (the same errors)."""
    if isinstance(engine, Engine):
        path = engine.path(rel)
        engine.sync_delta()
        with engine._cache_lock:
            cached = engine._cache.get(rel)
        if cached is None or _peek(path) != cached[0]:
            engine._finish_interrupted()  # (as a read does)
            got = _read_raw(path)
            if got is not None:
                with contextlib.suppress(Problem):
                    doc = parse_file(rel, got[0], engine.lazy)
                    return engine.delta.apply(rel, changelog.token_of(got[1][3]), doc)
            del got
    return engine.read(rel, strict=strict)
