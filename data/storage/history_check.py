"""``tuki check`` of the history files of their own (``history/<kind>/…``, layout.py).

``Folder.read`` hands each such file's changes to the check's ``on_rows`` as any other file's
records (each validated as a ``Change`` under its own id: ``check.py``); here each change is
also looked for in the file where its record's changes are kept (a change of client 7 in
``history/client/07.json``, not in another). The shards' own ``history`` table is checked
with the shard.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from data.storage.layout import HISTORY, history_file
from data.storage.report import Report

Rows = dict[str, dict[str, Any]]


def history_checked(rel: str, rows: Rows, on_rows: Callable[[str, dict[str, Rows]], Any]) -> Any:
    """What ``on_rows`` makes of the file's changes, with a finding for each change that is
    kept in another file than its record's."""
    result = on_rows(rel, {HISTORY: rows})
    if not isinstance(result, Report):
        return result
    for key, row in rows.items():
        kind, ref = row.get("kind"), row.get("ref")
        try:
            home = history_file(str(kind), str(ref))
        except (ValueError, IndexError):
            home = ""
        if home != rel:
            result.add(
                rel,
                "history_elsewhere",
                "change {key}: the change of {kind} {ref} belongs in another file",
                key=key,
                kind=kind,
                ref=ref,
            )
    return result
