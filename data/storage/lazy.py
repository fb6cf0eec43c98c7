"""The rows of a big main file kept as their stored bytes, each parsed when it is read.

A national folder's ``relationships.json`` is 32 MB on disk and 122 MB once parsed into
dicts; with the clients', volunteers' and guardians' files, 174 MB stayed in a console's
memory all day for the few rows a coordinator opens. A ``LazyTable`` keeps each row as the
JSON text it was written as (about a quarter of the memory) and parses a row each time it is
read: a few microseconds for one record, about 0.1 s to go through all 22,000.

``parse_lazy`` reads such a file row by row (``parsing.stored_rows``: each row parsed by
itself, as ``tuki ls relationships`` reads them), so the whole document is never built: each
row's objects are freed before the next row is read, and the process does not grow to the
size of the parsed file (146 MB of a whole parse, dropped, left the console at that size).

It is a ``dict`` so that the engine, the transactions and every reader go on using a table
as they do, but its values are read through the overridden methods only, also by
``dict(table)`` or ``{**table}`` (Python copies a dict subclass that defines ``__iter__``
through its methods): those copies parse every row. ``copy_table`` (or ``table.copy()``)
keeps a lazy table lazy. ``files.plain`` gives a table to serialise (the engine's ``encode``
uses it). The whole test suite passes with
``TUKI_LAZY_FROM=0``, where every main file is lazy.
"""

from __future__ import annotations

import os
import re
from collections.abc import ItemsView, Iterator, ValuesView
from typing import Any

import orjson

from data.storage.files import Doc, _parse, paused_gc
from data.storage.parsing import stored_rows

#: from this stored size on, a main file's tables keep their rows as bytes
LAZY_FROM = int(os.environ.get("TUKI_LAZY_FROM", 4 * 1024 * 1024))

_MISSING = object()


def _parsed(value: Any) -> Any:
    return orjson.loads(value) if type(value) is bytes else value


class LazyTable(dict[str, Any]):
    """A table whose stored rows are JSON (UTF-8 bytes) until read; rows put in are kept as
    given (a row is always a dict, so a ``bytes`` value is a row not parsed). orjson refuses
    bytes: a lazy table serialised without ``files.plain`` fails loudly, never writes a row
    as a string."""

    __slots__ = ()

    @classmethod
    def stored(cls, rows: dict[str, bytes]) -> LazyTable:
        """A table of rows as stored (each the JSON bytes of one row)."""
        out = cls()
        dict.update(out, rows)
        return out

    def __getitem__(self, key: str) -> Any:
        return _parsed(dict.__getitem__(self, key))

    def get(self, key: str, default: Any = None) -> Any:
        value = dict.get(self, key, _MISSING)
        return default if value is _MISSING else _parsed(value)

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        value = dict.pop(self, key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                raise KeyError(key)
            return default
        return _parsed(value)

    def setdefault(self, key: str, default: Any = None) -> Any:
        return _parsed(dict.setdefault(self, key, default))

    def popitem(self) -> tuple[str, Any]:
        key, value = dict.popitem(self)
        return key, _parsed(value)

    def values(self) -> ValuesView[Any]:  # type: ignore[override]
        return ValuesView(self)

    def items(self) -> ItemsView[str, Any]:  # type: ignore[override]
        return ItemsView(self)

    def copy(self) -> LazyTable:
        out = LazyTable()
        dict.update(out, dict.items(self))
        return out

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __or__(self, other: Any) -> LazyTable:  # type: ignore[override]
        out = self.copy()
        out.update(other)
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, dict) or len(other) != len(self):
            return False
        return all(key in other and other[key] == value for key, value in self.items())

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, (dict(self.items()),))

    def __repr__(self) -> str:
        return f"LazyTable({len(self)} rows)"

    def for_json(self) -> dict[str, Any]:
        """The table to serialise: stored rows as they were, written again without parsing."""
        return {
            key: orjson.Fragment(value) if type(value) is bytes else value
            for key, value in dict.items(self)
        }

    def __iter__(self) -> Iterator[str]:
        return dict.__iter__(self)


def parse_file(rel: str, raw: bytes, lazy: bool = True) -> Doc:
    """A file as read: a big main file (at the top of the folder) lazily, any other whole; the
    index's facts files (kept all day) with their texts shared (``share_texts``)."""
    doc = (parse_lazy(raw) if lazy and "/" not in rel else None) or _parse(raw)
    if lazy and rel in FACT_FILES:
        share_texts(doc)
    elif lazy and _BUCKET.fullmatch(rel):
        keep_stored(doc, STORED_IN_BUCKETS)
    elif lazy and _REPORTS.fullmatch(rel):
        keep_stored(doc, ("reports",))
    return doc


#: an index bucket (``layout.index_file``) and its tables kept as their stored bytes: the
#: received reports' lines and the next ids, read one relationship at a time (and the reported
#: months once, into their own map); the summaries' table is read whole into ``Summary`` objects
_BUCKET = re.compile(r"index/[0-9]+\.json")
STORED_IN_BUCKETS = ("reported", "next")
#: a month's reports file (``layout.report_file``): its reports, validated into models when
#: the month is listed (the console kept both, the parsed file 9.6 MB of a national month)
_REPORTS = re.compile(r"reports/[0-9]{4}-[0-9]{2}\.json")


def keep_stored(doc: Doc, tables: tuple[str, ...]) -> None:
    """Keep the rows of ``tables`` as their JSON bytes (a ``LazyTable``), each parsed when it is
    read: the index buckets of a national folder, parsed whole, held 35 MB in a console all day
    (64 files, 15 MB on disk), 8 MB less so; 0.08 s more the first time they are read."""
    with paused_gc():
        for name in tables:
            table = doc.get(name)
            if type(table) is not dict:
                continue
            try:  # (copied: orjson's bytes keep the room of its first buffer, 1 KB a row)
                rows = {key: bytes(memoryview(orjson.dumps(row))) for key, row in table.items()}
            except orjson.JSONEncodeError:  # (a number orjson cannot write: kept as parsed)
                continue
            doc[name] = LazyTable.stored(rows)


#: the index's facts files (``data/model/facts.py``): a short list of fields per record
FACT_FILES = frozenset({"index/relationships.json", "index/clients.json", "index/volunteers.json"})


def share_texts(doc: Doc) -> None:
    """Keep each text of the facts' rows (``{"r": [...]}``) once: they repeat the same few days,
    states and kinds thousands of times, and the parser makes each anew (the relationships'
    facts of a national folder: 19.7 MB parsed, about 12 MB with them shared; 25 ms). The rows
    are equal before and after."""
    memo: dict[str, str] = {}
    same = memo.setdefault
    with paused_gc():
        for table in doc.values():
            for row in table.values():
                fields = row.get("r")
                if type(fields) is list:
                    row["r"] = [same(x, x) if type(x) is str else x for x in fields]


def copy_table(table: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``table`` to change: a lazy table stays lazy (its stored rows are not parsed)."""
    return table.copy() if isinstance(table, LazyTable) else dict(table)


def parse_lazy(raw: bytes) -> dict[str, dict[str, Any]] | None:
    """For a file of ``LAZY_FROM`` bytes or more, laid out as the engine writes a main file: a
    TinyDB document whose table keeps its rows as their stored bytes (``LazyTable``), each
    parsed once by orjson (which parses it again when it is read) and dropped. None for a
    smaller file and for anything else (``parsing.stored_rows``): the caller parses the file
    whole, which says what is wrong."""
    if len(raw) < LAZY_FROM:
        return None
    with paused_gc():
        got = stored_rows(raw)
    if got is None:
        return None
    name, rows, meta = got
    return {name: LazyTable.stored(rows), "_meta": meta}


def changed_rows(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The rows of ``after`` that are not those of ``before`` ({id: row}; None for a row gone).
    Rows are first compared by what the tables keep (``dict.get``: a lazy table's stored
    bytes): a row never replaced is the same object in both, and is neither parsed nor
    compared field by field."""
    rows: dict[str, Any] = {}
    for key in after:
        if dict.get(before, key, _MISSING) is dict.get(after, key):
            continue
        row = after[key]
        if key not in before or before[key] != row:
            rows[key] = row
    rows.update((key, None) for key in before.keys() - after.keys())
    return rows
