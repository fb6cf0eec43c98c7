"""Some rows of a big main file, read once and not kept (``tuki ls relationships``).

``Engine.read`` parses a file whole and keeps it in the engine's cache, which is right for a
file read again and again (the console). A command that reads the 32 MB relationships file of
a national folder once for the 8,000 rows it lists kept all 22,000 parsed (122 MB) with the
bytes and the text they were decoded from at its peak; here each row is parsed by itself from
the file's bytes and only the rows asked for are kept (``parsing.table_rows``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from data.storage import delta as changelog
from data.storage.engine import Engine
from data.storage.files import _peek, _read_raw
from data.storage.interface import EngineLike
from data.storage.parsing import table_rows

Row = dict[str, Any]


def selected(
    engine: EngineLike, rel: str, table: str, keep: Callable[[Row], bool]
) -> dict[str, Row]:
    """The rows of ``table`` in ``rel`` that ``keep`` accepts, in the file's order: the same
    rows as ``engine.table(rel, table)`` holds, with the same errors. A file that is not in the
    engine's cache is read without being kept there, row by row when it is laid out as the
    engine writes it; any other (a file in the cache, a change waiting in the change log, a
    file laid out otherwise, damaged or missing) is read as every reader reads it."""
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
            del got
    return {key: row for key, row in engine.table(rel, table).items() if keep(row)}
