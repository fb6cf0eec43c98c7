"""The redo journal: one small file that holds a whole multi-file change until it is applied.

``.journal.json`` is a TinyDB document, table ``journal``, one row per file of the change:
``{"path": "rel/5.json", "doc": {...the whole new document...}}``. It is written (atomically,
fsynced) before any of the files; a killed writer leaves it behind and the next transaction
applies it again, then removes it and fsyncs the folder.

Recovery writes only where the journal says, so the journal is checked whole before anything is
applied: it must parse, every row must name a path that ``Engine.safe_path`` accepts (relative,
inside the folder, a known kind of data file, through no link) and hold a TinyDB document. A
journal that fails is refused with ``JournalDamagedError``; nothing is written, and
``tuki check --repair`` sets it aside, naming the files of the change that may be lost.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import orjson

from data.storage.backups import BACKUPS
from data.storage.files import Doc, JournalDamagedError, Problem, _parse

if TYPE_CHECKING:
    from data.storage.engine import Engine
    from data.storage.layout import FolderLayout

TABLE = "journal"


def journal_bytes(encoded: dict[str, bytes]) -> bytes:
    """The journal of a change: each file's path and its whole new (already encoded) document."""
    rows = {
        str(i): {"path": rel, "doc": orjson.Fragment(raw)}
        for i, (rel, raw) in enumerate(encoded.items(), 1)
    }
    return orjson.dumps({TABLE: rows})


def named_paths(raw: bytes) -> list[str]:
    """The paths a journal names, as far as they can be read (for the message of a damaged one)."""
    try:
        rows = orjson.loads(raw).get(TABLE, {})
        return sorted({str(r["path"]) for r in rows.values() if isinstance(r.get("path"), str)})
    except (orjson.JSONDecodeError, AttributeError, TypeError):
        return []


def read_journal(raw: bytes, engine: Engine) -> list[tuple[str, Doc]]:
    """The (path, document) pairs of a journal, or ``JournalDamagedError`` saying why not."""
    path = engine.path(".journal.json")
    try:
        rows = _parse(raw).get(TABLE)
    except Problem as exc:
        raise JournalDamagedError(path, str(exc), named_paths(raw)) from None
    if not rows:
        raise JournalDamagedError(path, "it holds no change", [])
    out: list[tuple[str, Doc]] = []
    for key in sorted(rows, key=lambda k: int(k) if k.isascii() and k.isdigit() else 0):
        row: dict[str, Any] = rows[key]
        rel, doc = row.get("path"), row.get("doc")
        if not isinstance(rel, str):
            raise JournalDamagedError(path, f"entry {key} names no file", named_paths(raw))
        why = engine.safe_path(rel)
        if why is not None:
            raise JournalDamagedError(path, f"it names {rel!r}: {why}", named_paths(raw))
        if not _is_document(doc):
            raise JournalDamagedError(
                path, f"the entry for {rel} holds no TinyDB document", named_paths(raw)
            )
        assert isinstance(doc, dict)
        out.append((rel, doc))
    return out


def _is_document(doc: object) -> bool:
    if not isinstance(doc, dict):
        return False
    return all(
        isinstance(table, dict) and all(isinstance(r, dict) for r in table.values())
        for table in doc.values()
    )


def safe_path(folder: Path, layout: FolderLayout | None, rel: str) -> str | None:
    """Why ``rel`` may not be written by a journal (None when it may): it must be relative,
    inside the folder, a data file of a known kind, and reached through no link."""
    pure = PurePosixPath(rel)
    if (
        not rel
        or "\\" in rel
        or pure.is_absolute()
        or any(part in ("", ".", "..") for part in rel.split("/"))
        or pure.suffix != ".json"
        or pure.name.startswith(".")
        or pure.parts[0] == BACKUPS
    ):
        return "not a data file inside the folder"
    if layout is not None and not layout.known(rel):
        return "not a kind of file Tuki keeps"
    current = folder
    for part in pure.parts:
        current = current / part
        if current.is_symlink():
            return "reached through a symbolic link"
    return None
