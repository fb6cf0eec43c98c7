"""What a data folder holds and what the rest of it remembers (read by ``tuki check``).

``Folder.read`` (``folder.py``) reads every file once (a damaged or missing one is noted, not
raised); ``compare`` then lists what the records lack compared with the index facts, the
references of other files, the meeting counts and the id counters: lost records, records older
than the index remembers them (a file restored from a backup), dangling links, lost meetings,
palaverit, contacts and monthly reports, shards of relationships that do not exist and
counters that are behind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from data.model.base import load
from data.model.facts import (
    CLIENT_FIELDS,
    FIT_FIELDS,
    REL_FIELDS,
    VOLUNTEER_FIELDS,
    row_of,
    row_version,
)
from data.models import (
    Client,
    Record,
    Relationship,
    Settings,
    Volunteer,
)
from data.storage.contacts_check import contacts_lost
from data.storage.folder import (
    FILE_OF,
    LINKS,
    MODELS,
    PROJECTED,
    Folder,
    Ids,
    OnRows,
    Shard,
    expected_files,
)
from data.storage.layout import (
    CONTACTS,
    MAIN_FILES,
    MEETINGS,
    MONTHS,
    PALAVERIT,
    report_month,
    shard,
)

FIELDS_OF: dict[type[Record], tuple[str, ...]] = {
    Relationship: REL_FIELDS,
    Client: CLIENT_FIELDS,
    Volunteer: VOLUNTEER_FIELDS + FIT_FIELDS,
}


# ----- comparing the records with what the rest of the folder remembers ----------------------


@dataclass
class Missing:
    """A record the folder remembers (facts, counters, references) that its file lacks."""

    model: type[Record]
    key: str
    fact: dict[str, Any] | None  # its facts row, when the index holds one
    referrers: list[str] = field(default_factory=list)  # "relationship 4", "client 7"


@dataclass
class Comparison:
    missing: list[Missing] = field(default_factory=list)
    # records older than their facts (the file was restored): model, key, the fields that differ
    older: list[tuple[type[Record], str, list[str]]] = field(default_factory=list)
    dangling: list[tuple[type[Record], str, str, type[Record], int]] = field(default_factory=list)
    meetings_lost: list[tuple[int, list[int], dict[str, tuple[int, int]]]] = field(
        default_factory=list
    )
    palaverit_lost: list[tuple[int, list[int]]] = field(default_factory=list)
    contacts_lost: list[tuple[int, list[int]]] = field(default_factory=list)  # contacts_check.py
    reports_lost: list[tuple[int, str]] = field(default_factory=list)
    orphans: list[tuple[str, int]] = field(default_factory=list)  # (file, relationship id)
    counters_needed: dict[str, int] = field(default_factory=dict)  # main file -> next id
    next_needed: dict[int, dict[str, int]] = field(default_factory=dict)  # rid -> table -> next
    unregistered: list[str] = field(default_factory=list)  # files counters.json does not know


def _ids(value: Any, many: bool) -> list[int]:
    values = value if many and isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def compare(folder: Folder) -> Comparison:
    """What the records lack compared with the rest of the folder, and every dangling link."""
    out = Comparison()
    rows = folder.rows
    # ids referenced per kind, and by whom
    refs: dict[type[Record], dict[int, list[str]]] = {m: {} for m in FILE_OF}
    for source, name, target, many in LINKS:
        for key, row in rows.get(FILE_OF[source], {}).items():
            for ref in _ids(row.get(name), many):
                refs[target].setdefault(ref, []).append(f"{source.kind_name} {key}")  # type: ignore[attr-defined]
    for rid in folder.shards:
        refs[Relationship].setdefault(rid, []).append(shard(rid))
    # a month's reports file refers to its relationships too, but a missing record's referrers
    # leave the reports files out: no text made for each of 290,000 reports
    referred = refs[Relationship]
    for keys in folder.reports.values():
        for key in keys:
            if int(key) not in referred:
                referred[int(key)] = []
    for table in (folder.summaries, folder.next_ids, folder.reported):
        for key in table:
            refs[Relationship].setdefault(int(key), [])

    missing_keys: dict[type[Record], set[str]] = {}
    for model, file in FILE_OF.items():
        if model is Settings or not folder.readable(file):
            continue
        have = rows.get(file, {})
        facts = folder.facts.get(file, {})
        counter = int(folder.counters.get(file, 1) or 1)
        remembered = set(facts) | {str(i) for i in refs[model]}
        remembered |= {str(i) for i in range(1, counter)}
        gone = sorted((k for k in remembered if k not in have), key=int)
        missing_keys[model] = set(gone)
        for key in gone:
            referrers = list(refs[model].get(int(key), []))
            out.missing.append(Missing(model, key, facts.get(key), referrers))
        for key, fact in facts.items():
            kept = have.get(key)
            if kept is not None and row_version(model, fact) > int(kept.get("version", 0) or 0):
                whole = folder.full_row(file, key) or kept
                out.older.append((model, key, fact_differences(model, whole, fact)))

    for source, name, target, many in LINKS:
        if not folder.readable(FILE_OF[target]):
            continue
        have = rows.get(FILE_OF[target], {})
        for key, row in rows.get(FILE_OF[source], {}).items():
            for ref in _ids(row.get(name), many):
                if str(ref) not in have:
                    out.dangling.append((source, key, name, target, ref))

    relationships = rows.get(FILE_OF[Relationship], {})
    missing_rels = missing_keys.get(Relationship, set())
    for rid, found in folder.shards.items():
        known = str(rid) in relationships or str(rid) in missing_rels
        if folder.readable("relationships.json") and not known:
            out.orphans.append((shard(rid), rid))
        meetings, palaverit = found.meetings, found.palaverit
        counters = folder.next_ids.get(str(rid), {})
        lost = _gaps(meetings, counters.get(MEETINGS))
        months = _months_lost(folder.summaries.get(str(rid)), str(found.summary["months"]))
        if lost or months:
            out.meetings_lost.append((rid, lost, months))
        lost_p = _gaps(palaverit, counters.get(PALAVERIT))
        if lost_p:
            out.palaverit_lost.append((rid, lost_p))
        lost_c = contacts_lost(found.contacts, found.removed, counters.get(CONTACTS))
        if lost_c:
            out.contacts_lost.append((rid, lost_c))
        needed = {}
        meta = found.next
        tables = [(MEETINGS, meetings), (PALAVERIT, palaverit)]
        for name, ids in tables + ([(CONTACTS, found.contacts)] if found.contacts else []):
            top = _top(ids) + 1
            want = max(top, int(meta.get(name, 1) or 1), int(counters.get(name, 1) or 1))
            if ids or name in counters or name in meta:
                needed[name] = want
        if needed and any(int(counters.get(n, 0) or 0) < v for n, v in needed.items()):
            out.next_needed[rid] = needed
    for key, entry in folder.summaries.items():  # meetings of a shard that is gone entirely
        rid = int(key)
        had = entry.get("held") or entry.get("cancelled")
        if rid not in folder.shards and had and folder.readable(shard(rid)):
            out.meetings_lost.append((rid, [], _months_lost(entry, "")))
    for key, counters in folder.next_ids.items():  # contacts of a shard that is gone entirely
        absent = int(key) not in folder.shards and folder.readable(shard(int(key)))
        lost_c = contacts_lost(None, frozenset(), counters.get(CONTACTS)) if absent else []
        if lost_c:
            out.contacts_lost.append((int(key), lost_c))
    for key, entry in folder.reported.items():
        for month in str(entry.get("months", "")).split():
            if key not in folder.reports.get(month, {}) and folder.readable(
                f"reports/{month}.json"
            ):
                out.reports_lost.append((int(key), month))
    if folder.readable("relationships.json"):
        for month, keys in folder.reports.items():
            for key in keys:
                if key not in relationships and key not in missing_rels:
                    out.orphans.append((f"reports/{month}.json", int(key)))

    # id counters: above every id that any file or the index holds or refers to
    for model, file in FILE_OF.items():
        if model is Settings:
            continue
        top = max(
            [0]
            + [int(k) for k in rows.get(file, {})]
            + [int(k) for k in folder.facts.get(file, {})]
            + list(refs[model])
        )
        meta = folder.metas.get(file, {}).get("1", {}).get("next", {})
        need = max(top + 1, int(meta.get(MODELS[file][0], 1) or 1))
        if int(folder.counters.get(file, 0) or 0) < need and (top or file in folder.counters):
            out.counters_needed[file] = need
    for rel in folder.files:
        of_month = report_month(rel)
        known_months = str(folder.counters.get(MONTHS, "")).split()
        if (rel in MAIN_FILES and rel not in folder.counters and folder.engine.exists(rel)) or (
            of_month is not None and of_month not in known_months and folder.engine.exists(rel)
        ):
            out.unregistered.append(rel)
    return out


def fact_differences(model: type[Record], row: dict[str, Any], fact: dict[str, Any]) -> list[str]:
    """The facts fields in which a stored record differs from the index's newer facts."""
    try:
        now = row_of(load(model, row))["r"]
    except ValidationError:
        return ["?"]
    names = FIELDS_OF[model]
    theirs = fact["r"]
    return [
        names[i]
        for i in range(min(len(now), len(theirs)))
        if now[i] != theirs[i] and names[i] not in ("version", "name", *FIT_FIELDS)
    ]  # (the days kept fit come with the record's vetting and sessions: not put back so)


def _gaps(table: Ids, counter: Any) -> list[int]:
    """Ids below the counter that the table lacks (ids are never deleted nor skipped): of keys
    1..n (a shard's, kept by Ids as n alone), those above n, without a million ids made text."""
    if not isinstance(counter, int):
        return []
    if table._keys is None:
        return list(range(len(table) + 1, counter))
    return [i for i in range(1, counter) if str(i) not in table]


def _top(ids: Ids) -> int:
    """``max([0, *(int(k) for k in ids)])``: n when the keys are 1..n."""
    return len(ids) if ids._keys is None else max([0, *(int(k) for k in ids)])


def _months_lost(entry: dict[str, Any] | None, months: str) -> dict[str, tuple[int, int]]:
    """Per month, how many held and cancelled meetings the index counts beyond the shard's
    (``months``: the shard's own summary of them)."""
    if not entry or str(entry.get("months", "")) == months:
        return {}  # (the same counts: nothing lost; the usual case, without parsing them)
    have = _month_counts(months)
    out: dict[str, tuple[int, int]] = {}
    for month, (held, cancelled) in _month_counts(str(entry.get("months", ""))).items():
        h, c = have.get(month, (0, 0))
        if held > h or cancelled > c:
            out[month] = (max(0, held - h), max(0, cancelled - c))
    return out


def _month_counts(text: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for part in text.split():
        month, _, counts = part.partition("=")
        held, _, cancelled = counts.partition("/")
        if held.isascii() and held.isdigit() and cancelled.isascii() and cancelled.isdigit():
            out[month] = (int(held), int(cancelled))
    return out


def months_text(months: dict[str, tuple[int, int]]) -> str:
    """'10.2026: 2 held, 1 cancelled; 11.2026: 1 held'."""
    parts = []
    for month, (held, cancelled) in sorted(months.items()):
        year, _, number = month.partition("-")
        words = [f"{held} held"] if held else []
        words += [f"{cancelled} cancelled"] if cancelled else []
        parts.append(f"{int(number)}.{year}: {', '.join(words)}")
    return "; ".join(parts)


__all__ = [
    "FILE_OF",
    "LINKS",
    "MODELS",
    "PROJECTED",
    "Comparison",
    "Folder",
    "Ids",
    "Missing",
    "OnRows",
    "Shard",
    "compare",
    "expected_files",
    "fact_differences",
    "months_text",
]
