"""Parsing a stored file: orjson, except for the big files (its memory peak)."""

from __future__ import annotations

import hashlib
import json
import mmap
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

Buffer = bytes | mmap.mmap  # a file's bytes, read or mapped

#: from this size on a file is parsed by the standard library: orjson first builds the whole
#: document in its own form, some 15 bytes a byte (the 32 MB relationships file of a national
#: folder: 507 MB at the peak for 122 MB of objects; json.loads: 146 MB, 0.32 s instead of 0.18)
BIG_FILE = 4 * 1024 * 1024


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not JSON", name, 0)


def loads(raw: bytes) -> Any:
    """The JSON value of ``raw``; a big file is parsed as orjson does (NaN and Infinity
    refused) by the standard library, without orjson's memory peak."""
    if len(raw) < BIG_FILE:
        return orjson.loads(raw)
    return json.loads(raw, parse_constant=_refuse_constant)


#: a stored row's value begins so (``files.encode`` writes every record with its id first)
_ROW = b':{"id":'
_DIGIT_RUNS = bytes.maketrans(b"123456789", b"000000000")
_LONG = b"0" * 19  # a number of 19 digits or more: orjson may read it as a float, json as an int


@dataclass
class Reading:
    """What a reading row by row (``table_rows``) is told and tells besides the rows."""

    passed: Container[bytes] = ()  # digests of rows that ``keep`` refused before: not parsed
    digests: dict[str, bytes] = field(default_factory=dict)  # every row's ``row_digest``
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # the kept rows' bytes
    whole: bytes | None = None  # the ``row_digest`` of the whole document


def table_rows(
    raw: bytes,
    table: str,
    keep: Callable[[dict[str, Any]], bool],
    reading: Reading | None = None,
) -> dict[str, dict[str, Any]] | None:
    """The rows of ``table`` that ``keep`` accepts, from a document laid out as the engine
    writes a main file (``{"<table>":{"<id>":{"id":…},…},"_meta":{…}}``, compact), each row
    parsed by itself: neither orjson's peak for the whole document (15 bytes a byte) nor json's
    slower pace, and a row ``keep`` refuses is dropped at once (the relationships of a national
    folder: 0.21 s and 43 MB for the 8,000 not ended, instead of 0.33 s and 122 MB for all).

    None when the document is laid out otherwise, a part of it does not parse (orjson is the
    stricter: lone surrogates, 1e400), a key comes twice, or a kept row holds a long number
    (which orjson may read as a float where json reads an int): the caller parses it whole,
    with the errors of a whole read. Each part must parse as one whole JSON value, so a part
    cut in the wrong place (an inner object that looks like a row) fails and the whole
    document is parsed instead.

    ``reading``: told the digests of rows ``passed`` (bytes that parsed before and ``keep``
    refused: the same bytes parse the same), which are dropped without being parsed again;
    tells every row's digest, where the kept rows lie and the whole document's digest (the
    same bytes give the same rows again: ``rows_at``)."""
    out: dict[str, dict[str, Any]] = {}
    view = memoryview(raw)
    try:
        for name, start, stop in _spans(raw, table):
            key = name.decode()
            if reading is not None:
                digest = reading.digests[key] = row_digest(view[start:stop])
                if digest in reading.passed:
                    continue
            row = orjson.loads(view[start:stop])
            if not isinstance(row, dict):
                return None
            if keep(row):
                if _long_number(raw[start:stop]):
                    return None
                out[key] = row
                if reading is not None:
                    reading.places[key] = (start, stop)
    except (_NotRows, orjson.JSONDecodeError):
        return None
    if reading is not None:
        reading.whole = row_digest(raw)
    return out


def keyed_rows(raw: bytes, table: str, keys: Container[str]) -> dict[str, dict[str, Any]] | None:
    """The rows of ``table`` whose keys are in ``keys``, from a document laid out as
    ``table_rows`` reads it: the others are walked past, not parsed (so not judged either);
    each of these parsed by itself, in the file's order. None when the document is laid out
    otherwise or one of these rows does not parse by itself as an object or holds a long
    number: the caller reads the file whole (a key not there is left out)."""
    out: dict[str, dict[str, Any]] = {}
    view = memoryview(raw)
    try:
        for name, start, stop in _spans(raw, table):
            key = name.decode()
            if key not in keys:
                continue
            row = orjson.loads(view[start:stop])
            if not isinstance(row, dict) or _long_number(raw[start:stop]):
                return None
            out[key] = row
    except (_NotRows, orjson.JSONDecodeError):
        return None
    return out


def rows_at(raw: bytes, places: list[tuple[str, int, int]]) -> dict[str, dict[str, Any]] | None:
    """The rows (key, where its bytes begin, where they end) that ``table_rows`` found in a
    document of the same bytes (``Reading``), each parsed again; None when one does not parse
    as an object (the places are of other bytes)."""
    out: dict[str, dict[str, Any]] = {}
    view = memoryview(raw)
    try:
        for key, start, stop in places:
            row = orjson.loads(view[start:stop])
            if not isinstance(row, dict):
                return None
            out[key] = row
    except orjson.JSONDecodeError:
        return None
    return out


def row_digest(stored: bytes | memoryview) -> bytes:
    """What tells a row's stored bytes from any other's (``data/store/vouched.py``): the first
    16 bytes of their SHA-256 digest (one parse of the same bytes is the same row; SHA-256 as
    the processors compute it themselves: 0.6x BLAKE2b's time for the 32 MB of relationships)."""
    return hashlib.sha256(stored).digest()[:16]


def fact_row(raw: bytes, key: str) -> dict[str, Any] | None:
    """The row ``key`` of a facts index laid out as the engine writes it
    (``{"facts":{"<id>":{"r":[…]},…},"_meta":{…}}``, compact), found and parsed by itself.
    None when it cannot be told so: the file laid out otherwise, the row not found (a
    missing one is named by a whole read) or found twice, not parsing by itself (a text
    holding ``]}``, a lone surrogate) or holding a long number: the caller reads the file
    whole. A row's value is a JSON object that parses whole, so a row cut in the wrong place
    fails."""
    head = b'{"facts":{'
    end = raw.rfind(b'},"_meta":')
    if not raw.startswith(head) or end < len(head) - 1 or not raw.endswith(b"}"):
        return None
    needle = b'"' + key.encode() + b'":{"r":['
    at = raw.find(needle, len(head) - 1, end)
    if at < 0 or raw.find(needle, at + 1, end) >= 0 or raw[at - 1] not in b"{,":
        return None
    start = at + len(needle) - len(b'{"r":[')
    stop = raw.find(b"]}", start, end + 1) + 2
    part = raw[start:stop]
    if stop < 2 or _long_number(part):
        return None
    try:
        row = orjson.loads(part)
    except orjson.JSONDecodeError:
        return None
    return row if isinstance(row, dict) else None


def stored_rows(raw: bytes) -> tuple[str, dict[str, bytes], dict[str, Any]] | None:
    """A main file laid out as ``table_rows`` reads it, its rows as their stored bytes (each
    parsed once to know that it parses, then dropped): (table, {id: bytes}, the ``_meta``
    table); None when ``table_rows`` would be None for some row (the caller parses it whole)."""
    if not raw.startswith(b'{"'):
        return None
    name = raw[2 : raw.find(b'"', 2)].decode("utf-8", "replace")
    out: dict[str, bytes] = {}
    meta: dict[str, Any] = {}
    try:
        rows = _rows(raw, name, meta)
        for key, _, start, stop in rows:
            part = raw[start:stop]
            if _long_number(part):
                return None
            out[key] = part
    except _NotRows:
        return None
    return name, out, meta


def has_row(raw: bytes, table: str, key: str) -> bool | None:
    """Whether ``table`` of a document laid out as the engine writes it holds the row ``key``,
    told from the bytes without parsing a row: False when the table's name is nowhere in them
    (the engine writes every name as it is, and a text's quotes are escaped) or the table is
    empty, True when its first row is ``key``. None when it cannot be told so: the name found
    twice or not as a table's, another row first, the document laid out otherwise or cut
    short (its ``_meta`` does not parse): the caller reads it whole. The rows are not judged
    (a row damaged is found so when the file is read whole)."""
    end = raw.rfind(b'},"_meta":')
    if not raw.startswith(b'{"') or end < 0 or not raw.endswith(b"}"):
        return None
    try:
        meta = orjson.loads(raw[end + len(b'},"_meta":') : len(raw) - 1])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(meta, dict):
        return None
    name = b'"' + table.encode() + b'"'
    at = raw.find(name, 0, end)
    if at < 0:
        return False
    if raw.find(name, at + 1, end) >= 0 or raw[at + len(name) : at + len(name) + 2] != b":{":
        return None
    rows = at + len(name) + 2
    if raw[rows : rows + 1] == b"}":
        return False
    first = b'"' + key.encode() + b'":{"id":' + key.encode()
    if key.isdigit() and raw.startswith(first, rows) and raw[rows + len(first)] in b",}":
        return True
    return None


def one_row(raw: Buffer, table: str, key: str) -> dict[str, Any] | None:
    """The row ``key`` of ``table`` in a document laid out as ``table_rows`` reads it (bytes or
    a ``mmap``), found by its key and parsed by itself; None when it is not found so (not
    there, there twice, or the document laid out otherwise): the caller reads the file whole.
    A place that only looks like the row's start (an inner object) does not parse by itself
    (the closing brace of the row around it comes with it), so it is never taken for the row."""
    head = b'{"' + table.encode() + b'":{'
    end = raw.rfind(b'},"_meta":')
    if raw[: len(head)] != head or end < len(head) - 1 or raw[-1:] != b"}" or not key.isdigit():
        return None
    try:  # a file cut short ends in a ``_meta`` that does not parse
        meta = orjson.loads(raw[end + len(b'},"_meta":') : len(raw) - 1])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(meta, dict):
        return None
    lead = b'"' + key.encode() + b'":{"id":'
    start = len(head) if raw[len(head) : len(head) + len(lead)] == lead else -1
    if start < 0:
        start = raw.find(b"," + lead, len(head), end) + 1
    if start <= 0 or raw.find(b"," + lead, start, end) >= 0:
        return None
    value = start + len(key) + 3  # past ``"<key>":``
    part = raw[value : _row_end(raw, value, end)]
    try:
        row = orjson.loads(part)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(row, dict) or row.get("id") != int(key) or _long_number(part):
        return None
    return row


#: the names that may follow a table in a relationship's shard (``layout``: its tables, and the
#: ``_meta`` the engine writes last)
SHARD_TABLES = (b"meetings", b"palaverit", b"contacts", b"history", b"_meta")


def table_part(raw: bytes, table: str) -> dict[str, dict[str, Any]] | None:
    """The rows of ``table`` of a document of several tables laid out as the engine writes a
    relationship's shard (``{"meetings":{…},"palaverit":{…},"_meta":{…}}``, compact), only that
    table's bytes parsed: a shard's palaverit without its meetings, which are most of its bytes
    (``tuki calendar`` reads 8,000 shards' palaverit). {} when the document names no such table.

    None when it cannot tell (the caller parses the document whole): a big document, the name
    found more than once (a row holding it as a key or a text), not where a table begins
    (the document's first key, or after another table's closing brace), or the part up to the
    next table's name (``SHARD_TABLES``) not one object of rows (cut inside a row, by a key of
    that name in a row, or before a table of another name: it does not parse then)."""
    name = b'"' + table.encode() + b'"'
    meta = raw.rfind(b'},"_meta":{')  # (written last: its next ids name the tables again)
    if len(raw) >= BIG_FILE or not raw.startswith(b'{"') or not raw.endswith(b"}}}") or meta < 0:
        return None
    at = raw.find(name, 0, meta)
    if at < 0:
        return {}
    if raw.find(name, at + 1, meta) >= 0 or raw[at + len(name) : at + len(name) + 2] != b":{":
        return None
    if at != 1 and raw[at - 2 : at] != b"},":
        return None
    start = at + len(name) + 1  # the table's opening brace
    ends = [raw.find(b'},"' + key + b'":{', start) for key in SHARD_TABLES]
    end = min(e for e in ends if 0 <= e <= meta)  # (found: ``_meta``'s at least)
    try:
        part = orjson.loads(memoryview(raw)[start : end + 1])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(part, dict) or not all(
        isinstance(row, dict) and str(row.get("id")) == key for key, row in part.items()
    ):
        return None
    return part


def _long_number(part: bytes) -> bool:
    """Whether a row holds a number of 19 digits or more (orjson and json may read it apart)."""
    return part.translate(_DIGIT_RUNS).find(_LONG) >= 0


class _NotRows(Exception):
    """The document is not laid out as the engine writes a main file, or a part of it does not
    parse by itself."""


def _rows(
    raw: bytes, table: str, meta_out: dict[str, Any] | None = None
) -> Iterator[tuple[str, dict[str, Any], int, int]]:
    """(key, row, where its bytes begin, where they end) of every row of ``table``, parsed one
    by one; raises ``_NotRows`` (before the first row for the layout, at a row for the row)."""
    view = memoryview(raw)
    try:
        for key, start, stop in _spans(raw, table, meta_out):
            row = orjson.loads(view[start:stop])
            if not isinstance(row, dict):
                raise _NotRows
            yield key.decode(), row, start, stop
    except orjson.JSONDecodeError:
        raise _NotRows from None


def _spans(
    raw: bytes, table: str, meta_out: dict[str, Any] | None = None
) -> Iterator[tuple[bytes, int, int]]:
    """(key, where its row's bytes begin, where they end) of every row of ``table``, not
    parsed (``_rows`` parses them); raises ``_NotRows`` as ``_rows``."""
    head = b'{"' + table.encode() + b'":{'
    end = raw.rfind(b'},"_meta":')  # the table's closing brace
    if not raw.startswith(head) or end < len(head) - 1 or not raw.endswith(b"}"):
        raise _NotRows
    seen: set[bytes] = set()
    try:
        meta = orjson.loads(memoryview(raw)[end + len(b'},"_meta":') : len(raw) - 1])
    except orjson.JSONDecodeError:
        raise _NotRows from None
    if not isinstance(meta, dict) or not all(isinstance(v, dict) for v in meta.values()):
        raise _NotRows
    if meta_out is not None:
        meta_out.update(meta)
    at = len(head)  # the opening quote of a row's key
    while at < end:
        colon = raw.find(b'":', at + 1, end)
        key = raw[at + 1 : colon]
        if raw[at] != 0x22 or colon < 0 or not key.isdigit() or key in seen:
            raise _NotRows
        seen.add(key)
        start = colon + 2
        stop = _row_end(raw, start, end)
        yield key, start, stop
        at = stop + 1  # past the comma (at the table's end: ``end + 1``)


def _row_end(raw: Buffer, start: int, end: int) -> int:
    """Where the row value that begins at ``start`` ends: at the comma before the next
    ``,"<digits>":{"id":`` (a row's start), else at the table's end."""
    found = raw.find(_ROW, start + 1, end)
    while found >= 0:
        quote = raw.rfind(b',"', start, found)
        if quote >= 0 and raw[quote + 2 : found - 1].isdigit() and raw[found - 1] == 0x22:
            return quote
        found = raw.find(_ROW, found + 1, end)
    return end
