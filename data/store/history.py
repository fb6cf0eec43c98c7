"""A record's history: what each correction changed, field by field, with who and when.

A correction keeps, beside the record in the same file, a ``Change`` naming the record (kind
and ref), the version it made, who and when, and for each changed field its earlier and its
new value (``{"report.how_it_went": [old, new]}``), so that nothing written earlier is lost
silently. Meetings keep theirs in their relationship's shard (table ``history``); any other
kind can keep its own the same way (``keep`` in the transaction that saves the record).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from data.model.base import load
from data.model.history import Change
from data.models import Record
from data.storage import Transaction
from data.storage.interface import EngineLike
from data.storage.layout import HISTORY


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields whose value differs, each as [old, new]; a part of the record (a dict, e.g.
    the meeting's report) by its own fields, named ``part.field``."""
    out: dict[str, list[Any]] = {}
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if isinstance(old, dict) and isinstance(new, dict):
            for sub, pair in changed_fields(old, new).items():
                out[f"{name}.{sub}"] = pair
        else:
            out[name] = [old, new]
    return out


def keep(
    tx: Transaction,
    rel: str,
    before: Record,
    after: Record,
    by: str,
    at: datetime,
) -> Change | None:
    """Keep in ``rel`` what changed from ``before`` to ``after`` (the saved version); None and
    nothing kept when nothing did."""
    fields = changed_fields(before.content(), after.content())
    if not fields:
        return None
    new_id = tx.next_id(rel, HISTORY)
    change = Change(
        id=new_id,
        version=1,
        created_by=by,
        created_at=at,
        changed_by=by,
        changed_at=at,
        kind=type(after).kind_name,  # type: ignore[attr-defined]
        ref=str(after.ref),  # type: ignore[attr-defined]
        record_version=after.version,
        by=by,
        at=at,
        fields={k: (v[0], v[1]) for k, v in fields.items()},
    )
    tx.put(rel, HISTORY, new_id, change.model_dump(mode="json"))
    return change


def of(engine: EngineLike, rel: str, kind: str, ref: str) -> list[Change]:
    """The changes kept in ``rel`` of one record, oldest first."""
    rows = engine.table(rel, HISTORY)
    changes = [load(Change, row) for row in rows.values()]
    mine = [c for c in changes if c.kind == kind and c.ref == ref]
    return sorted(mine, key=lambda c: (c.record_version, c.id or 0))


def forget(tx: Transaction, rel: str, kind: str, ref: str) -> int:
    """Remove from ``rel`` the history of one record (an anonymised record's earlier values
    must not survive in its history: ``data/store/retention.py``); how many entries went. A
    file without a history, or that does not exist, has nothing to forget."""
    if not tx.engine.exists(rel) and rel not in tx.changed():
        return 0
    rows = tx.table(rel, HISTORY)
    gone = [key for key, row in rows.items() if row.get("kind") == kind and row.get("ref") == ref]
    for key in gone:
        tx.remove(rel, HISTORY, int(key))
    return len(gone)
