"""Put a lost or outdated person or relationship back from the index's facts (repair step 4).

The facts index keeps, for every client, volunteer and relationship, the few fields the day's
work needs (names, dates, state, the agreement's terms). When a file comes back from a backup
that lacks a record, or holds an older version of it, the record is rebuilt from those facts
and everything the facts do not hold is named for entering again.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from data.dates import fi_date
from data.model.base import load
from data.model.facts import load_volunteer, row_version
from data.model.recovered import recovered_client, recovered_relationship, recovered_volunteer
from data.models import (
    Client,
    Record,
    Relationship,
    Volunteer,
    VolunteerKind,
)
from data.storage.compare import FILE_OF, MODELS, Folder
from data.storage.report import Item
from data.storage.transaction import Transaction

RECOVERED_NOTE = "recovered by tuki check --repair; earlier details lost"
MISSING_FIELDS: dict[type[Record], str] = {
    Client: "guardians, social worker, school, languages, interests, wishes, health notes",
    Volunteer: "vetting steps, contact details, interests, availability",
    Relationship: "goals, consents, contact, first meeting, earlier state changes",
}


def _stamped(data: dict[str, Any], version: int, user: str, now: str) -> dict[str, Any]:
    return {
        **data,
        "version": max(version, 1),
        "created_by": user,
        "created_at": now,
        "changed_by": user,
        "changed_at": now,
    }


def recover_missing(
    tx: Transaction,
    folder: Folder,
    model: type[Record],
    key: str,
    fact: dict[str, Any] | None,
    user: str,
    now: str,
) -> list[Item] | None:
    """Put a lost person or relationship back from its facts; None when that cannot be done."""
    if fact is None or model not in MISSING_FIELDS:
        return None
    data = _from_facts(folder, model, key, fact, None)
    if data is None:
        return None
    data = _stamped(data, row_version(model, fact) + 1, user, now)
    try:
        record = load(model, data)
    except ValidationError:
        return None
    stored = record.model_dump(mode="json", by_alias=True)
    file = FILE_OF[model]
    tx.put(file, MODELS[file][0], int(key), stored)
    folder.rows.setdefault(file, {})[key] = stored
    kind = model.kind_name  # type: ignore[attr-defined]
    name = folder.name(model, key)
    items = [Item(kind, key, name, "recovered", (("missing", MISSING_FIELDS[model]),))]
    if model is Volunteer and load_volunteer(key, fact).step is not None:
        items.append(_vetting_lost(kind, key, name, fact))
    return items


def bring_up_to_date(
    tx: Transaction,
    folder: Folder,
    model: type[Record],
    key: str,
    fields: list[str],
    user: str,
    now: str,
) -> list[Item]:
    """A record older than its facts (its file came back from a backup): take what the facts hold
    that the record does not (state, dates, names), keeping everything else of the record."""
    file = FILE_OF[model]
    row = folder.rows[file][key]
    fact = folder.facts[file][key]
    kind = model.kind_name  # type: ignore[attr-defined]
    name = folder.name(model, key)
    if model is not Relationship:
        base = _from_facts(folder, model, key, fact, None)
        data = {**row, **{k: v for k, v in (base or {}).items() if k != "id"}}
    else:
        facts = _from_facts(folder, model, key, fact, VolunteerKind.VOLUNTEER) or {}
        data = dict(row)
        history = list(row.get("history", []))
        if row.get("state") != facts["state"]:
            history.append(facts["history"][-1])
        data.update(
            state=facts["state"],
            history=history,
            ended_on=facts["ended_on"],
            end_reason=facts["end_reason"],
            end_note=row.get("end_note") or facts["end_note"],
        )
        if "agreement" in facts:
            data["agreement"] = {**(row.get("agreement") or {}), **facts["agreement"]}
        if "review_on" in facts:
            data["review_on"] = facts["review_on"]
    data = _stamped(data, row_version(model, fact) + 1, user, now)
    data["created_by"], data["created_at"] = row.get("created_by", user), row.get("created_at", now)
    items: list[Item] = []
    try:
        record = load(model, data)
    except ValidationError:
        return [Item(kind, key, name, "older", (("fields", ", ".join(fields)),))]
    stored = record.model_dump(mode="json", by_alias=True)
    tx.put(file, MODELS[file][0], int(key), stored)
    folder.rows[file][key] = stored
    items.append(Item(kind, key, name, "updated", (("fields", ", ".join(fields)),)))
    if model is Volunteer and "step" in fields:
        items.append(_vetting_lost(kind, key, name, fact))
    return items


def _from_facts(
    folder: Folder,
    model: type[Record],
    key: str,
    fact: dict[str, Any],
    service: VolunteerKind | None,
) -> dict[str, Any] | None:
    """The stored form of a client, volunteer or relationship as far as its facts tell
    (``service``: a relationship's kind when its volunteer's facts are gone too)."""
    if model is Client:
        return recovered_client(key, fact)
    if model is Volunteer:
        return recovered_volunteer(key, fact)
    volunteer = folder.facts[FILE_OF[Volunteer]].get(str(fact["r"][1]))
    kind = load_volunteer("0", volunteer).kind if volunteer else service
    return recovered_relationship(key, fact, kind, RECOVERED_NOTE)


def _vetting_lost(kind: str, key: str, name: str, fact: dict[str, Any]) -> Item:
    """A volunteer's vetting step that only the facts remember (to be recorded again)."""
    facts = load_volunteer(key, fact)
    since = fi_date(facts.since) if facts.since else "?"
    step = facts.step.value if facts.step else "-"
    return Item(kind, key, name, "vetting_lost", (("step", step), ("since", since)))
