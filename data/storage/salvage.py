"""Reading what can still be read: the records of a damaged file, merged with its newest backup.

A data file damaged by a bad disk, a bad copy or an editor is rarely damaged throughout: a file
cut short still holds every record before the cut, and garbage in the middle spoils one or two
records. ``salvage`` finds each record that still parses on its own (``"<id>": {... "id": <id>
...}`` inside a known table); ``merged`` puts them over the newest backup, record by record,
keeping the higher version. What neither holds is compared with the rest of the folder by the
repair (``data/storage/repair.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data.model.facts import FACT_FILES, FACTS
from data.storage.files import META, Doc, Problem, _parse, _read_raw
from data.storage.layout import (
    CONTACTS,
    COUNTERS,
    COUNTERS_TABLE,
    FLAT,
    HISTORY,
    MEETINGS,
    NEXT,
    PALAVERIT,
    REPAIRS,
    REPAIRS_TABLE,
    REPORTED,
    REPORTS,
    SUMMARIES,
    is_history,
    is_index,
    report_month,
    shard_id,
)
from data.storage.months import LISTED, is_month_file

_RECORD = re.compile(r'"([1-9][0-9]{0,9})"\s*:\s*\{')


def salvage(raw: bytes, tables: Iterable[str]) -> Doc:
    """The records of ``tables`` that parse on their own in the damaged bytes ``raw``."""
    text = raw.decode("utf-8", errors="replace")
    openers = sorted(
        (found.start(), name)
        for name in tables
        for found in re.finditer(re.escape(json.dumps(name)) + r"\s*:\s*\{", text)
    )
    decoder = json.JSONDecoder()
    out: Doc = {}
    for found in _RECORD.finditer(text):
        table = None
        for at, name in openers:  # the nearest table opened before this record
            if at > found.start():
                break
            table = name
        if table is None:
            continue
        try:
            record, _ = decoder.raw_decode(text, found.end() - 1)
        except ValueError:
            continue
        key = found.group(1)
        if not isinstance(record, dict) or record.get("id") != int(key):
            continue  # not a record of the table (a nested value), or a spoiled one
        rows = out.setdefault(table, {})
        if _version(record) >= _version(rows.get(key)):
            rows[key] = record
    return out


def _version(record: dict[str, Any] | None) -> int:
    value = record.get("version", 0) if record else -1
    return value if isinstance(value, int) else 0


@dataclass
class Restored:
    """A damaged or missing file put together again from what could be read."""

    doc: Doc
    backup: Path | None
    from_backup: int = 0  # records taken from the backup
    from_damaged: int = 0  # records read back from the damaged file itself (newer or only there)
    sources: list[str] = field(default_factory=list)


def merged(damaged: bytes | None, backups: list[Path], tables: Iterable[str]) -> Restored:
    """The newest backup that parses, with every record salvaged from ``damaged`` that is newer
    than the backup's (or missing from it)."""
    tables = list(tables)
    base: Doc = {}
    chosen: Path | None = None
    for candidate in backups:
        got = _read_raw(candidate)
        if got is None:
            continue
        try:
            base = _parse(got[0])
        except Problem:
            continue
        chosen = candidate
        break
    doc: Doc = {name: dict(rows) for name, rows in base.items()}
    restored = Restored(doc, chosen)
    restored.from_backup = sum(len(rows) for name, rows in base.items() if name != META)
    if damaged:
        for name, rows in salvage(damaged, tables).items():
            table = doc.setdefault(name, {})
            for key, record in rows.items():
                if _version(record) > _version(table.get(key)):
                    if key in table:
                        restored.from_backup -= 1
                    table[key] = record
                    restored.from_damaged += 1
    for name in tables:
        doc.setdefault(name, {})
    return restored


def restore(path: Path, backups: list[Path], rel: str) -> tuple[bytes | None, Restored]:
    """What can be read of the damaged or missing file at ``path`` (None when nothing), and
    the file put together from it and its ``backups`` (newest first)."""
    got = _read_raw(path)
    raw = got[0] if got is not None else None
    return raw, merged(raw, backups, tables_of(rel))


def tables_of(rel: str) -> list[str]:
    """The tables a data file holds (what salvage looks for in its damaged bytes)."""
    flat = {place.file: place.table for place in FLAT.values()}
    if rel in flat:
        return [flat[rel]]
    if rel in (COUNTERS, REPAIRS):
        return [COUNTERS_TABLE if rel == COUNTERS else REPAIRS_TABLE]
    if shard_id(rel) is not None:
        return [MEETINGS, PALAVERIT, CONTACTS, HISTORY]
    if report_month(rel) is not None:
        return [REPORTS]
    if is_history(rel):
        return [HISTORY]
    if is_month_file(rel):
        return [LISTED]
    if is_index(rel):
        return [FACTS] if rel in FACT_FILES.values() else [SUMMARIES, REPORTED, NEXT]
    return []
