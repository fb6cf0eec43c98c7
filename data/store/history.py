"""A record's history: what each change made of it, field by field, with who and when.

Every save of an existing record keeps a ``Change`` naming the record (kind and ref), the
version it made, who and when, and for each changed field its earlier and its new value
(``{"report.how_it_went": [old, new]}``), in the same transaction as the record, so that
nothing written earlier is lost silently. Where (``layout.history_file``): a meeting's and a
palaveri's in their relationship's shard (table ``history``), a monthly report's in
``history/monthly_report/<YYYY-MM>.json``, every other kind's (clients, guardians, social
workers, volunteers, relationships, concerns, the settings) in one of 64 small files of its
own, ``history/<kind>/<id % 64>.json``: a client's edit rewrites clients.json as before and one
small history file, never a history that grows with the whole register. A record's first
version is its ``created_by``/``created_at``; nothing is kept when it is created.

``forget`` removes a record's kept changes (the old values are personal data too: an
anonymised record must not survive in its history).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from data.model.base import load
from data.model.contact import Contact
from data.model.history import Change
from data.model.plain import MAX_ID
from data.models import (
    Client,
    Concern,
    Guardian,
    Meeting,
    MonthlyReport,
    Palaveri,
    Record,
    Relationship,
    Settings,
    SocialWorker,
    Volunteer,
)
from data.storage import Transaction
from data.storage.interface import EngineLike
from data.storage.layout import (
    CONTACTS,
    HISTORY,
    MEETINGS,
    PALAVERIT,
    REPORTS,
    SHARD_KINDS,
    history_file,
    report_file,
    shard,
)

if TYPE_CHECKING:
    from data.store.records import Records

#: every kind that keeps a history, by its ``kind_name``
KINDS: dict[str, type[Record]] = {
    model.kind_name: model
    for model in (
        Client,
        Guardian,
        SocialWorker,
        Volunteer,
        Relationship,
        Concern,
        Meeting,
        Palaveri,
        Contact,
        MonthlyReport,
        Settings,
    )
}
_ID = r"([0-9]{1,16})"
_PAIR = re.compile(_ID + r"\s*[-/ ]\s*" + _ID)
_MONTH = re.compile(_ID + r"\s*[-/ ]\s*([0-9]{4})-(0?[1-9]|1[0-2])")


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


def ref_of(record: Record) -> str:
    """How a change names its record: ``7`` (client 7), ``12-3`` (meeting 3 of relationship
    12), ``12 2026-10`` (relationship 12's report for October 2026)."""
    if isinstance(record, MonthlyReport):
        return f"{record.relationship_id} {record.month.isoformat()[:7]}"
    ref = getattr(record, "ref", None)
    return str(ref) if ref is not None else str(record.id)


def kind_of(record: Record) -> str:
    return str(type(record).kind_name)  # type: ignore[attr-defined]


def keep(
    tx: Transaction,
    rel: str | None,
    before: Record,
    after: Record,
    by: str,
    at: datetime,
) -> Change | None:
    """Keep what changed from ``before`` to ``after`` (the saved version), in ``rel`` (None:
    where the record's kind keeps its history); None and nothing kept when nothing did."""
    fields = changed_fields(before.content(), after.content())
    if not fields:
        return None
    kind, ref = kind_of(after), ref_of(after)
    rel = rel or history_file(kind, ref)
    new_id = tx.next_id(rel, HISTORY)
    change = Change(
        id=new_id,
        version=1,
        created_by=by,
        created_at=at,
        changed_by=by,
        changed_at=at,
        kind=kind,
        ref=ref,
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
    mine = [load(Change, row) for row in rows.values() if _is(row, kind, ref)]
    return sorted(mine, key=lambda c: (c.record_version, c.id or 0))


def changes(engine: EngineLike, kind: str, ref: str | int) -> list[Change]:
    """The changes of one record of any kind, oldest first (``kind`` as ``kind_name``)."""
    return of(engine, history_file(kind, str(ref)), kind, str(ref))


def forget(tx: Transaction, kind: str, ref: str | int) -> int:
    """Remove every kept change of one record (an anonymised record's old values) from where
    its kind keeps them (``history_file``: a meeting's and palaveri's in their shard); how many
    changes went."""
    rel, ref = history_file(kind, str(ref)), str(ref)
    rows = tx.table(rel, HISTORY)
    keys = [int(key) for key, row in rows.items() if _is(row, kind, ref)]
    for key in keys:
        tx.remove(rel, HISTORY, key)
    return len(keys)


def _is(row: dict[str, Any], kind: str, ref: str) -> bool:
    return row.get("kind") == kind and row.get("ref") == ref


def parse_ref(kind: str, text: str) -> str | None:
    """A record's ref as a change names it, from what a person typed (``7``; a meeting's or
    palaveri's ``12-3`` or ``12/3``; a monthly report's ``12 2026-10`` or ``12/2026-10``; the
    settings: ``1`` or nothing); None when it cannot be one."""
    text = text.strip()
    if kind in SHARD_KINDS:
        found = _PAIR.fullmatch(text)
        ok = found and all(1 <= int(g) <= MAX_ID for g in found.groups())
        return f"{int(found[1])}-{int(found[2])}" if found and ok else None
    if kind == "monthly_report":
        found = _MONTH.fullmatch(text)
        ok = found and 1 <= int(found[1]) <= MAX_ID
        return f"{int(found[1])} {found[2]}-{int(found[3]):02d}" if found and ok else None
    if kind == "settings" and text in ("", "1"):
        return "1"
    found = re.fullmatch(_ID, text)
    return str(int(text)) if found and 1 <= int(text) <= MAX_ID else None


def clients_of(records: Records, kind: str, ref: str) -> list[int]:
    """The clients whose data a record's history is (``parse_ref``'s form): a client itself, a
    guardian's every client, a relationship's (and its meetings', palaverit's and monthly
    reports') client, a concern's; none for a volunteer, a social worker or the settings."""
    if kind == "client":
        return [int(ref)]
    if kind == "guardian":
        gid = int(ref)
        found = records.select(Client, lambda row: gid in (row.get("guardian_ids") or ()))
        return [c.id for c in found if c.id is not None and gid in c.guardian_ids]
    if kind == "concern":
        concern = records.find(Concern, int(ref))
        return [concern.client_id] if concern is not None else []
    if kind in ("relationship", "monthly_report", *SHARD_KINDS):
        rid = int(re.split(r"[- ]", ref)[0])
        facts = records.relationship_facts().get(rid)
        return [facts.client_id] if facts is not None else []
    return []


def find(records: Records, kind: str, ref: str) -> Record | None:
    """The record a change names (``parse_ref``'s form), None when there is none."""
    model = KINDS[kind]
    if model is Settings:
        return records.settings()
    if model in (Meeting, Palaveri, Contact):
        rid, _, rec_id = ref.partition("-")
        table = {Meeting: MEETINGS, Palaveri: PALAVERIT, Contact: CONTACTS}[model]
        if not records.engine.exists(shard(int(rid))):
            return None
        found = records.models(shard(int(rid)), table, model)
        return next((r for r in found if r.id == int(rec_id)), None)
    if model is MonthlyReport:
        rid, _, month = ref.partition(" ")
        rel = report_file(date.fromisoformat(month + "-01"))
        row = records.engine.table(rel, REPORTS, strict=False).get(rid)
        return records.load(MonthlyReport, row, rel) if row is not None else None
    return records.find(model, int(ref))
