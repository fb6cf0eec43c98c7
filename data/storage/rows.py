"""Some rows of a big main file, read once and not kept (``tuki ls relationships``, a
relationship's page).

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
import mmap
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from typing import Any
from weakref import WeakKeyDictionary

import orjson

from data.model.facts import FACTS
from data.storage import delta as changelog
from data.storage.engine import Engine
from data.storage.files import BINARY, POSIX, TAIL, Doc, Problem, Signature, _peek, _read_raw
from data.storage.interface import EngineLike
from data.storage.lazy import LAZY_FROM, parse_file
from data.storage.parsing import (
    Reading,
    fact_row,
    has_row,
    keyed_rows,
    one_row,
    row_digest,
    rows_at,
    table_part,
    table_rows,
)

Row = dict[str, Any]


def selected(
    engine: EngineLike,
    rel: str,
    table: str,
    keep: Callable[[Row], bool],
    reading: Reading | None = None,
) -> dict[str, Row]:
    """The rows of ``table`` in ``rel`` that ``keep`` accepts, in the file's order: the same
    rows as ``engine.table(rel, table)`` holds, with the same errors. A file that is not in the
    engine's cache is read without being kept there, row by row when it is laid out as the
    engine writes it, else parsed whole; any other (a file in the cache, a change waiting in
    the change log, damaged or missing) is read as every reader reads it.

    ``reading``: read row by row, as ``table_rows`` takes and fills it; else with the digests
    of the rows kept alone, of the bytes orjson writes of each (none when it cannot)."""
    raw = _unread_alone(engine, rel)
    if raw is not None and isinstance(engine, Engine):  # (always an engine then)
        rows = table_rows(raw, table, keep, reading)
        if rows is not None:
            return rows
        with contextlib.suppress(Problem):  # laid out otherwise: parsed whole, not kept
            whole = parse_file(rel, raw, engine.lazy).get(table, {})
            return _digested({key: row for key, row in whole.items() if keep(row)}, reading)
    del raw
    rows = {key: row for key, row in engine.table(rel, table).items() if keep(row)}
    return _digested(rows, reading)


def selected_again(
    engine: EngineLike, rel: str, whole: bytes, places: list[tuple[str, int, int]]
) -> dict[str, Row] | None:
    """The rows that ``selected`` found, read row by row, in a file of the same bytes (whose
    digest is ``whole``; ``places`` are the ``Reading``'s), only those parsed; None when the
    file is not so now (changed, cached, a change waiting in the change log): ``selected``."""
    raw = _unread_alone(engine, rel)
    if raw is None or row_digest(raw) != whole:
        return None
    return rows_at(raw, places)


def _digested(rows: dict[str, Row], reading: Reading | None) -> dict[str, Row]:
    if reading is not None:
        reading.digests.clear()  # (of a row-by-row reading that stopped)
        reading.places.clear()
        reading.whole = None
        for key, row in rows.items():
            with contextlib.suppress(TypeError):  # (orjson.JSONEncodeError is one)
                reading.digests[key] = row_digest(orjson.dumps(row))
    return rows


def one(engine: EngineLike, rel: str, table: str, key: str) -> Row | None:
    """``engine.table(rel, table).get(key)``, with the same errors, without reading a big
    main file whole when it is not in the engine's cache: the row is found in the file's
    bytes (mapped, not copied) and parsed by itself. A relationship's page, the first in a
    process, parsed the 22,387 rows of a national folder's relationships file (0.4 s, 32 MB)
    for one. The file is not kept then. Any other case (a file in the cache, a small one, a
    change waiting in the change log, a row not found so, a missing file) is read as every
    reader reads it. A file damaged in another row is found so when that row is read."""
    if isinstance(engine, Engine) and "/" not in rel:
        engine.sync_delta()
        with engine._cache_lock:
            cached = engine._cache.get(rel)
        if cached is None:
            engine._finish_interrupted()  # (as a read does)
            sig = _peek(engine.path(rel))
            with _SEEN_LOCK:  # (the payment run reads in a worker thread)
                seen = _SEEN.setdefault(engine, OrderedDict())
                memo = seen.get((rel, table, key))
                if memo is not None and sig is not None and memo[0] == sig:
                    return memo[1]  # the same file as when this row was read from it
                read = sum(1 for (r, _, _), (s, _) in seen.items() if r == rel and s == sig)
            row = _mapped_row(engine, rel, table, key) if read < WHOLE_AFTER else None
            if row is not None:
                if sig is not None and _peek(engine.path(rel)) == sig:
                    with _SEEN_LOCK:
                        seen[(rel, table, key)] = (sig, row)
                        while len(seen) > SEEN_ROWS:
                            seen.popitem(last=False)
                return row
    return engine.table(rel, table).get(key)


def some(engine: EngineLike, rel: str, table: str, keys: Collection[str]) -> dict[str, Row]:
    """The rows of ``table`` in ``rel`` whose keys are in ``keys`` (those there), as
    ``engine.table(rel, table)`` holds them, with the same errors, without parsing a big main
    file whole when it is not in the engine's cache: its bytes are walked row by row and only
    these rows parsed (the whole-pool proposal's 900 waiting clients of 10,000: 0.11 s to
    parse the clients' file of a national folder whole). The file is not kept then, and its
    other rows are not judged (as ``one``). Any other case (a file in the cache, a change
    waiting in the change log, a row that does not parse by itself) is read as every reader
    reads it."""
    raw = _unread_alone(engine, rel)
    if raw is not None:
        rows = keyed_rows(raw, table, keys)
        if rows is not None:
            return rows
    del raw
    whole = engine.table(rel, table)
    return {key: whole[key] for key in keys if key in whole}


#: how many rows read so (``one``) each engine remembers with the file's signature
SEEN_ROWS = 16
#: after how many rows of one file read so the file is read whole (and kept): a caller that
#: reads row after row (the payment run: thousands) would go through the file each time
WHOLE_AFTER = 8
_SEEN_LOCK = threading.Lock()
_SEEN: WeakKeyDictionary[Engine, OrderedDict[tuple[str, str, str], tuple[Signature, Row]]] = (
    WeakKeyDictionary()
)


def _mapped_row(engine: Engine, rel: str, table: str, key: str) -> Row | None:
    if not POSIX:  # (a file mapped on Windows may not be replaced meanwhile)
        got = _read_raw(engine.path(rel))
        if got is None or len(got[0]) < LAZY_FROM:
            return None
        if engine.delta.pending(rel, changelog.token_of(got[1][3])):
            return None
        return one_row(got[0], table, key)
    try:
        fd = os.open(engine.path(rel), os.O_RDONLY | BINARY)
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        if size < LAZY_FROM:
            return None
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as raw:
            if engine.delta.pending(rel, changelog.token_of(raw[size - TAIL :])):
                return None
            return one_row(raw, table, key)
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def fact(engine: EngineLike, rel: str, key: str) -> Row | None:
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


def holds(engine: EngineLike, rel: str, table: str, key: str) -> bool:
    """Whether ``engine.table(rel, table, strict=False).get(key)`` is a row, told from the
    file's bytes (``parsing.has_row``) when the engine does not hold it and no line of the
    change log applies to it: whether a month's payment run was approved, which the day's
    alerts ask of two or three monthly files (2.5 MB each at national scale, parsed whole for
    one row, and kept). Anything else is read as every reader reads it."""
    raw = _unread_alone(engine, rel)
    if raw is not None:
        found = has_row(raw, table, key)
        if found is not None:
            return found
    del raw
    return bool(engine.table(rel, table, strict=False).get(key))


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


def _unread_alone(engine: EngineLike, rel: str) -> bytes | None:
    """The bytes of ``rel`` (``_unread``) when no line of the change log applies to them
    either, so that its rows are these bytes' alone; None: read it as every reader does."""
    got = _unread(engine, rel)
    if got is None or not isinstance(engine, Engine) or engine.delta.pending(rel, got[1]):
        return None
    return got[0]


def one_table(engine: EngineLike, rel: str, table: str) -> dict[str, Row]:
    """``engine.table(rel, table)`` of a relationship's shard that a task reads once: not kept
    in the engine's cache, and only that table's bytes parsed when the file lies as the engine
    writes it (``parsing.table_part``). The rest of the file is not read, so not judged either
    (``tuki check`` judges it). Anything else (a file in the cache, a change waiting in the
    change log, laid out otherwise, damaged or missing) is read as ``read_once`` reads it."""
    raw = _unread_alone(engine, rel)
    if raw is not None:
        part = table_part(raw, table)
        if part is not None:
            return part
    del raw
    return read_once(engine, rel).get(table, {})


def read_once(engine: EngineLike, rel: str, *, strict: bool = True) -> Doc:
    """The document ``engine.read(rel)`` gives (the change log's lines applied), without
    keeping it in the engine's cache when it was not there: for a file a task reads once. A
    cached file is the cached document; a missing or damaged one is read as every reader
    reads it (the same errors)."""
    got = _unread(engine, rel)
    if got is not None and isinstance(engine, Engine):
        with contextlib.suppress(Problem):
            return engine.delta.apply(rel, got[1], parse_file(rel, got[0], engine.lazy))
    del got
    return engine.read(rel, strict=strict)
