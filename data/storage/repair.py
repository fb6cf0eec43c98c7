"""Repair a data folder (``tuki check --repair``) without losing or re-using anything.

The repair runs in steps; each step is one journaled change under the folder's lock (or is
harmless to do twice), so a repair killed at any moment is finished by the next run:

1. the journal of an interrupted change is finished, or set aside when it cannot be applied;
2. temporary files of stopped saves (older than a minute) are removed, under the lock;
3. every damaged or missing file is put together again: its newest backup (by the backup's own
   time stamp), with every record read back from the damaged bytes that is newer; the damaged
   file is kept beside it under another name, never deleted;
4. the records are compared with what the rest of the folder remembers (the facts index, the id
   counters, the references between records, the meeting summaries): a person or relationship
   the index remembers is recovered from it, a record the backup holds in an older version is
   brought up to what the index says, and everything that cannot be recovered is listed by kind,
   id and name in ``repairs.json`` for entering again; the id counters are raised above every
   id in use, so no id is handed out twice;
5. the derived index is rebuilt from the records.

Nothing is rebuilt before the losses are listed: the index is the evidence of what was lost.
"""

from __future__ import annotations

import contextlib
from typing import Any

from pydantic import ValidationError

from data.dates import now_helsinki
from data.model.base import load
from data.models import (
    Client,
    Concern,
    Record,
)
from data.storage.backups import set_aside
from data.storage.check import TEMP_AGE_SECONDS, inspect, items_of, journal, stray_temp_files
from data.storage.compare import FILE_OF, LINKS, MODELS, Comparison, Folder, compare
from data.storage.derived import Derived
from data.storage.engine import Engine
from data.storage.files import DamagedFileError
from data.storage.layout import (
    COUNTERS,
    COUNTERS_TABLE,
    NEXT,
    REPAIRS,
    REPAIRS_TABLE,
    index_file,
)
from data.storage.recover import bring_up_to_date, recover_missing
from data.storage.report import Item, Report, listed
from data.storage.salvage import restore
from data.storage.transaction import Transaction


def repair(engine: Engine, user: str) -> Report:
    report = Report()
    journal(engine, report, repair=True)
    remove_temp_files(engine, report)
    restore_files(engine, report)
    recover(engine, report, user)
    changed = Derived(engine).rebuild()
    if changed:
        report.add(
            "index",
            "index_rebuilt",
            "the index was rebuilt ({n} entries)",
            repaired=True,
            n=changed,
        )
    after = Report()
    inspect(engine, after)
    report.findings += after.findings
    report.files, report.records, report.open_repairs = (
        after.files,
        after.records,
        after.open_repairs,
    )
    return report


# ----- steps 1 and 2 -------------------------------------------------------------------------


def remove_temp_files(engine: Engine, report: Report) -> None:
    """Temporary files of stopped saves, under the lock (no save of Tuki's is half written then)
    and only when over a minute old (a plain TinyDB user of the folder may be writing one)."""
    with engine.transaction():
        for rel, age in stray_temp_files(engine):
            if age < TEMP_AGE_SECONDS:
                continue
            with contextlib.suppress(FileNotFoundError):
                engine.path(rel).unlink()
            report.add(rel, "temp_file", "a temporary file left by a stopped save", repaired=True)


# ----- step 3: damaged and missing files ----------------------------------------------------------


def restore_files(engine: Engine, report: Report) -> None:
    folder = Folder.read(engine)
    if not folder.damaged:
        return
    with engine.transaction() as tx:
        for rel, exc in sorted(folder.damaged.items()):
            path = engine.path(rel)
            raw, restored = restore(path, engine.backups_of(rel), rel)
            aside = set_aside(path, engine.file_mode, copy=True) if raw else None
            tx.replace(rel, restored.doc)
            engine.forget(rel)
            params: dict[str, Any] = {
                "backup": restored.backup.relative_to(engine.folder).as_posix()
                if restored.backup
                else "-",
                "from_backup": restored.from_backup,
                "from_damaged": restored.from_damaged,
                "aside": aside.name if aside else "-",
            }
            if restored.backup is None:
                report.add(
                    rel,
                    "file_salvaged",
                    "the file was {what}; no backup of it was found: put together from what "
                    "could be read of it ({from_damaged} records); the damaged file is kept as "
                    "{aside}",
                    repaired=True,
                    what="missing" if exc.reason_code == "missing" else "damaged",
                    **params,
                )
            elif exc.reason_code == "missing":
                report.add(
                    rel,
                    "file_restored_missing",
                    "the file was missing; put together again from the backup {backup} "
                    "({from_backup} records)",
                    repaired=True,
                    **params,
                )
            else:
                report.add(
                    rel,
                    "file_restored",
                    "the file was damaged ({reason}); put together again from the backup "
                    "{backup} ({from_backup} records) and what could be read of it "
                    "({from_damaged} newer records); the damaged file is kept as {aside}",
                    repaired=True,
                    reason=exc.reason,
                    reason_code=exc.reason_code,
                    reason_params=exc.reason_params,
                    **params,
                )


# ----- step 4: what the records lack, recovered or listed -------------------------------------


def recover(engine: Engine, report: Report, user: str) -> None:
    with engine.transaction() as tx:
        folder = Folder.read(engine, tx)
        found = compare(folder)
        now = now_helsinki().isoformat()
        known = listed(tx)
        recovered: list[Item] = []
        lost: list[Item] = []
        gone: set[tuple[type[Record], int]] = set()
        for miss in found.missing:
            item = recover_missing(tx, folder, miss.model, miss.key, miss.fact, user, now)
            if item is None:
                gone.add((miss.model, int(miss.key)))
                params: tuple[tuple[str, Any], ...] = ()
                if miss.referrers:
                    params = (("referrers", ", ".join(miss.referrers)),)
                lost.append(
                    Item(
                        miss.model.kind_name,  # type: ignore[attr-defined]
                        miss.key,
                        folder.name(miss.model, miss.key),
                        "lost" if miss.fact is not None else "lost_unknown",
                        params,
                    )
                )
            else:
                recovered += item
        for model, key, fields in found.older:
            recovered += bring_up_to_date(tx, folder, model, key, fields, user, now)
        lost += _drop_lost_links(tx, folder, found, gone, user, now)
        other = items_of(folder, _only_activity(found))
        lost += other
        _raise_counters(tx, folder, found)
        new = [i for i in recovered + lost if (i.kind, i.ref, i.code) not in known]
        if new:
            entry_id = max((int(k) for k in tx.table(REPAIRS, REPAIRS_TABLE)), default=0) + 1
            tx.put(
                REPAIRS,
                REPAIRS_TABLE,
                entry_id,
                {
                    "id": entry_id,
                    "at": now,
                    "by": user,
                    "recovered": [i.as_row() for i in recovered if i in new],
                    "lost": [i.as_row() for i in lost if i in new],
                    "done": False,
                },
            )
    report.recovered += [i for i in recovered if i in new]
    report.lost += [i for i in lost if i in new]
    if found.counters_needed or found.next_needed or found.unregistered:
        report.add(
            COUNTERS,
            "counters_raised",
            "the id counters were raised above every id in use",
            repaired=True,
        )


def _only_activity(found: Comparison) -> Comparison:
    """The losses that cannot be recovered at all: meetings, palaverit, contacts, monthly
    reports."""
    return Comparison(
        meetings_lost=found.meetings_lost,
        palaverit_lost=found.palaverit_lost,
        contacts_lost=found.contacts_lost,
        reports_lost=found.reports_lost,
    )


def _drop_lost_links(
    tx: Transaction,
    folder: Folder,
    found: Comparison,
    gone: set[tuple[type[Record], int]],
    user: str,
    now: str,
) -> list[Item]:
    """A link to a record that is lost for good: dropped where the link is optional (a client's
    guardian, social worker or known volunteer; a concern's relationship or guardian), listed
    where it is not (a relationship's parties, a concern's child)."""
    optional = {
        (Client, "guardian_ids"),
        (Client, "social_worker_id"),
        (Client, "known_volunteer_ids"),
        (Concern, "relationship_id"),
        (Concern, "guardian_id"),
    }
    items: list[Item] = []
    edits: dict[tuple[type[Record], str], dict[str, Any]] = {}
    for source, key, name, target, ref in found.dangling:
        if (target, ref) not in gone and str(ref) in folder.rows.get(FILE_OF[target], {}):
            continue  # recovered above
        target_kind = target.kind_name  # type: ignore[attr-defined]
        label = folder.name(source, key) if source is not Concern else ""
        params = (("target", target_kind), ("target_id", ref))
        if (source, name) not in optional:
            items.append(Item(source.kind_name, key, label, "points_at_lost", params))  # type: ignore[attr-defined]
            continue
        row = edits.setdefault((source, key), dict(folder.rows[FILE_OF[source]][key]))
        many = any(s is source and n == name and m for s, n, _, m in LINKS)
        row[name] = [v for v in row[name] if v != ref] if many else None
        items.append(Item(source.kind_name, key, label, "link_dropped", params))  # type: ignore[attr-defined]
    for (source, key), row in edits.items():
        data = {**row, "version": int(row.get("version", 0)) + 1, "changed_by": user}
        data["changed_at"] = now
        try:
            record = load(source, data)
        except ValidationError:
            continue
        file = FILE_OF[source]
        tx.put(file, MODELS[file][0], int(key), record.model_dump(mode="json", by_alias=True))
    return items


def _raise_counters(tx: Transaction, folder: Folder, found: Comparison) -> None:
    """Every id counter above every id in use, in both its homes; every file remembered."""
    row = dict(tx.get(COUNTERS, COUNTERS_TABLE, 1) or {})
    for file, need in found.counters_needed.items():
        row[file] = max(int(row.get(file, 0) or 0), need)
    layout = tx.engine.layout
    if layout is not None:
        for rel in found.unregistered:
            row = layout.remember(row, rel)
    if row != (tx.get(COUNTERS, COUNTERS_TABLE, 1) or {}):
        tx.put(COUNTERS, COUNTERS_TABLE, 1, row)
    for rid, needed in found.next_needed.items():
        bucket = index_file(rid)
        current = dict(tx.get(bucket, NEXT, rid) or {})
        for name, value in needed.items():
            current[name] = max(int(current.get(name, 0) or 0), value)
        tx.put(bucket, NEXT, rid, current)


__all__ = ["DamagedFileError", "repair"]
