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

from data.model.facts import FACTS
from data.storage import delta as changelog
from data.storage.engine import Engine
from data.storage.files import _peek, _read_raw
from data.storage.interface import EngineLike
from data.storage.parsing import fact_row, table_rows

Row = dict[str, Any]


def selected(
    engine: EngineLike, rel: str, table: str, keep: Callable[[Row], bool]
) -> dict[str, Row]:
    """The rows of ``table`` in ``rel`` that ``keep`` accepts, in the file's order: the same
    rows as ``engine.table(rel, table)`` holds, with the same errors. A file that is not in the
    engine's cache is read without being kept there, row by row when it is laid out as the
    engine writes it; any other (a file in the cache, a change waiting in the change log, a
    file laid out otherwise, damaged or missing) is read as every reader reads it."""
    got = _unread(engine, rel)
    if isinstance(engine, Engine) and got is not None and not engine.delta.pending(rel, got[1]):
        rows = table_rows(got[0], table, keep)
        if rows is not None:
            return rows
    del got
    return {key: row for key, row in engine.table(rel, table).items() if keep(row)}


def one(engine: EngineLike, rel: str, key: str) -> Row | None:
    """The row ``key`` of the facts index ``rel`` (``index/relationships.json``) as
    ``engine.table(rel, FACTS).get(key)`` gives it, without parsing the file whole when it
    need not be (``tuki log`` needs one relationship's facts of the 22,000 of a national
    folder): a file that the engine does not hold is read as bytes, its row found and parsed
    by itself, unless a line of the change log that applies to the file puts or removes that
    row (lines put or remove whole rows: the newest is the row). The rest of the file is not
    read, so not judged either (``tuki check`` judges it; a command that reads it whole
    refuses a damaged one). Anything else is read as every reader reads it."""
    got = _unread(engine, rel)
    if got is not None and isinstance(engine, Engine):
        raw, token = got
        probe: Row = {}  # the row as the file holds it, unless a line of the log put or removed it
        newest = engine.delta.apply(rel, token, {FACTS: {key: probe}})[FACTS].get(key)
        found = fact_row(raw, key) if newest is probe else newest
        if found is not None or newest is not probe:
            return found
    return engine.table(rel, FACTS).get(key)


def _unread(engine: EngineLike, rel: str) -> tuple[bytes, str | None] | None:
    """The bytes of ``rel`` and their write token (of the change log's lines) when the engine
    does not hold it as it is now; None: read it as every reader does."""
    if not isinstance(engine, Engine):
        return None
    path = engine.path(rel)
    engine.sync_delta()
    with engine._cache_lock:
        cached = engine._cache.get(rel)
    if cached is not None and _peek(path) == cached[0]:
        return None
    engine._finish_interrupted()  # (as a read does)
    got = _read_raw(path)
    if got is None:
        return None
    return got[0], changelog.token_of(got[1][3])
