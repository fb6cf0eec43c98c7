"""Verify a data folder (``tuki check``): every file, every record, every reference, every id.

A folder is in order when every data file parses, every record validates, every reference
points at a record that exists, no record or meeting that the rest of the folder remembers is
missing, every id counter is above every id in use, and the derived index equals what the
records say. ``check`` reports each problem with its file, kind, id and field, going on record
by record; ``repair`` (``data/storage/repair.py``) fixes what can be fixed and lists the rest.

Findings carry a stable ``code`` and ``params`` so that the faces word them in the user's
language (``check.<code>`` in ``tui/i18n``); ``message`` is the English wording.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

from data.model.contact import Contact
from data.model.facts import FACT_FILES, row_of
from data.model.payments import PaymentRun
from data.models import Change, Concern, Meeting, MonthlyReport, Palaveri, Record, Relationship
from data.storage import known_valid
from data.storage.access_check import access_texts, add_access
from data.storage.backups import set_aside
from data.storage.compare import FILE_OF, MODELS, Comparison, Folder, compare, months_text
from data.storage.derived import Derived
from data.storage.engine import JOURNAL, Engine
from data.storage.files import (
    DamagedFileError,
    Doc,
    JournalDamagedError,
    StorageError,
    _read_raw,
    paused_gc,
    why_code,
)
from data.storage.forked import meanwhile
from data.storage.journal import named_paths, read_journal
from data.storage.layout import (
    CONTACTS,
    COUNTERS,
    HISTORY,
    MEETINGS,
    PALAVERIT,
    REPORTS,
    RUNS,
    SHARD_KINDS,
    is_index,
    report_file,
    report_month,
    shard,
    shard_id,
)
from data.storage.months import MONTHS_DIR, is_month_file
from data.storage.report import Finding, Item, Report, listed, mark_done, open_repairs
from data.storage.salvage import restore
from data.storage.validated import validated
from data.storage.validated import where as _where

RECORD_OF: dict[str, type[Record]] = {
    **{table: model for table, model in MODELS.values()},
    MEETINGS: Meeting,
    HISTORY: Change,
    PALAVERIT: Palaveri,
    CONTACTS: Contact,
    REPORTS: MonthlyReport,
    RUNS: PaymentRun,
}
TEMP_AGE_SECONDS = 60  # a temporary file younger than this may belong to a live writer


# ----- the check ------------------------------------------------------------------------------


def check(engine: Engine) -> Report:
    """Verify the folder, changing nothing (``data/storage/repair.py`` repairs it). The access
    log's chain (``access_check.py``) is verified in a forked child meanwhile: verified last,
    it kept one processor waiting while the other was done (~0.5 s at national scale)."""
    report = Report()
    with meanwhile(lambda: access_texts(engine)) as access:  # the access log's chain, apart
        journal(engine, report, repair=False)
        stuck = any(f.code == "journal_damaged" for f in report.findings)
        engine.apply_journal = not stuck  # the files as they are; the journal was named above
        try:  # a file found valid by the check before is not validated again (known_valid.py)
            with known_valid.used(engine) as found:
                found(inspect(engine, report).checked)
        finally:
            engine.apply_journal = True
        add_access(report, access())
    return report


def journal(engine: Engine, report: Report, *, repair: bool) -> None:
    """An interrupted change: finish it (as any reader would), or say why it cannot be."""
    path = engine.path(JOURNAL)
    got = _read_raw(path)
    if got is None:
        return
    try:
        read_journal(got[0], engine)
    except JournalDamagedError as exc:
        if not repair:
            report.add(
                JOURNAL,
                "journal_damaged",
                "the journal of an interrupted change cannot be applied ({reason}); "
                "'tuki check --repair' sets it aside; the change to {files} may be lost",
                reason=exc.reason,
                files=", ".join(exc.files) or "unknown files",
            )
            return
        aside = set_aside(path, engine.file_mode)
        report.add(
            JOURNAL,
            "journal_set_aside",
            "the journal of an interrupted change could not be applied ({reason}); it was set "
            "aside as {aside}. The change to {files} may be lost: look at the newest entries "
            "of those records",
            repaired=True,
            reason=exc.reason,
            aside=aside.name,
            files=", ".join(named_paths(got[0])) or "unknown files",
        )
        return
    try:
        with engine.transaction():
            pass  # the transaction finishes the journal first
    except StorageError as exc:
        report.add(
            JOURNAL,
            "journal_waits",
            "a saved change waits to be finished ({why}); it is finished at the next save once "
            "the cause is gone: do not enter it again",
            why=exc.message,
            why_code=getattr(exc, "why_code", "other"),
        )
        return
    except OSError as exc:
        report.add(
            JOURNAL,
            "journal_waits",
            "a saved change waits to be finished ({why}); it is finished at the next save once "
            "the cause is gone: do not enter it again",
            why=exc.strerror or type(exc).__name__,
            why_code=why_code(exc),
        )
        return
    report.add(JOURNAL, "journal_finished", "an interrupted change was finished").info = True


def stray_temp_files(engine: Engine) -> Iterator[tuple[str, float]]:
    now = time.time()
    for tmp in engine.stray_temp_files():
        try:
            age = now - tmp.stat().st_mtime
        except FileNotFoundError:
            continue
        yield tmp.relative_to(engine.folder).as_posix(), age


def inspect(engine: Engine, report: Report) -> Folder:
    """Every check, without changing anything; the findings go into ``report``.

    The cyclic collector is paused throughout: the check allocates and drops millions of
    acyclic objects (parsed files, validated records), which reference counting frees; the
    collector would only traverse them again and again (a quarter of the time at national
    scale). The big main files are parsed whole, not row by row (``lazy.py``): each is read
    once here, and a lazy row would be parsed twice."""
    engine.lazy = False
    try:
        with paused_gc():
            return _inspect(engine, report)
    finally:
        engine.lazy = True


def _inspect(engine: Engine, report: Report) -> Folder:
    for rel, age in stray_temp_files(engine):
        if age >= TEMP_AGE_SECONDS:
            report.add(rel, "temp_file", "a temporary file left by a stopped save")
    # compact: no file is kept whole (the main files are checked first, as they are read; the
    # shards may be in worker processes); each file's findings come back in folder.checked
    folder = Folder.read(engine, on_rows=_file_checked, compact=True)
    checked: dict[str, Report] = folder.checked
    report.files = len(folder.files)
    for rel, exc in sorted(folder.damaged.items()):
        if exc.reason_code == "missing":
            report.add(rel, "file_missing", "the file is missing although the folder had it")
        else:
            report.add(
                rel,
                "file_damaged",
                "the file is damaged ({reason})",
                reason=exc.reason,
                reason_code=exc.reason_code,
                reason_params=exc.reason_params,
            )
    for rel in sorted(checked):  # in the files' order, whichever was read first
        report.findings += checked[rel].findings
        report.records += checked[rel].records
    evidence = folder
    if folder.damaged:  # what a repair would put together, compared before anything is replaced
        evidence = Folder.read(engine, Preview(engine, list(folder.damaged)))
    # the index compared with what was read, in a child, as the records are (not a damaged one)
    index_read = not any(is_index(rel) for rel in folder.damaged)
    with meanwhile(lambda: _index_differences(engine, folder), index_read) as index_differences:
        found = compare(evidence)
        _compared(engine, report, evidence, found)
        stale = index_differences() if index_read else None
    if stale is not None:
        stale = _month_index_built(engine, report, stale)
        for problem in stale[:20]:
            report.add("index", "index_stale", "out of date: {entry}", entry=problem)
        if len(stale) > 20:
            report.add("index", "index_stale_more", "… and {n} more", n=len(stale) - 20)
    report.open_repairs = open_repairs(engine)
    return folder


def _compared(engine: Engine, report: Report, evidence: Folder, found: Comparison) -> None:
    """The findings of comparing the records with each other (``compare``)."""
    known = {(kind, ref) for kind, ref, _code in listed(engine)}
    for item in items_of(evidence, found):
        if (item.kind, item.ref) in known and item.code != "points_at_lost":
            continue  # on the list of an earlier repair: shown with the open repairs
        report.add(
            _file_of_item(item),
            f"item_{item.code}",
            "{kind} {ref}{name}: {what}",
            **dict(item.params),
            kind=item.kind,
            ref=item.ref,
            name=f" ({item.name})" if item.name else "",
            what=item.message,
        )
    for rel, rid in found.orphans:
        report.add(
            rel,
            "orphan",
            "holds records of relationship {rid}, which does not exist",
            rid=rid,
        )
    if found.counters_needed or found.next_needed or found.unregistered:
        report.add(
            COUNTERS,
            "counters_behind",
            "the id counters are behind the ids in use or kept in one place only "
            "({n} to raise); 'tuki check --repair' raises them so that no id is given twice",
            n=len(found.counters_needed) + len(found.next_needed) + len(found.unregistered),
        )


def _index_differences(engine: Engine, folder: Folder) -> list[str]:
    """What of the derived index is out of date."""
    try:
        if folder.damaged:
            return Derived(engine).differences()
        # what was just read: no file is read twice
        summaries = {r: sh.summary for r, sh in folder.shards.items()}
        prints = {r: sh.months for r, sh in folder.shards.items()}
        return Derived(engine).differences(
            summaries, _report_lines(folder), folder.expected_facts, prints, folder.listed
        )
    except DamagedFileError:
        return []


def _report_lines(folder: Folder) -> dict[int, dict[str, str]]:
    """Per relationship, the months of its reports on file, each with its ``report_line``."""
    out: dict[int, dict[str, str]] = {}
    for month, lines in folder.reports.items():
        for key, line in lines.items():
            out.setdefault(int(key), {})[month] = line
    return out


def _month_index_built(engine: Engine, report: Report, stale: list[str]) -> list[str]:
    """``stale`` without the month index's entries when there is no month index at all (a
    folder of a Tuki from before it): one note instead of 286,732 entries. Nothing is wrong
    meanwhile: the list of a month reads the shards."""
    if any(is_month_file(rel) for rel in engine.files(MONTHS_DIR)):
        return stale
    kept = [entry for entry in stale if not entry.startswith(MONTHS_DIR + "/")]
    if len(kept) < len(stale):
        report.add(
            "index",
            "month_index_missing",
            "the index of meetings by month has not been built (a folder of an older Tuki): "
            "'tuki check --repair' builds it; until then a month's list is slower",
        ).info = True
    return kept


class Preview:
    """The folder as ``tuki check --repair`` would put it together: each damaged or missing file
    read as its newest backup merged with what can be read of the damaged bytes."""

    def __init__(self, engine: Engine, damaged: list[str]) -> None:
        self.engine = engine
        self.docs: dict[str, Doc] = {}
        for rel in damaged:
            self.docs[rel] = restore(engine.path(rel), engine.backups_of(rel), rel)[1].doc

    def table(self, rel: str, name: str, *, strict: bool = True) -> dict[str, dict[str, Any]]:
        if rel in self.docs:
            return self.docs[rel].get(name, {})
        return self.engine.table(rel, name, strict=strict)


def _file_of_item(item: Item) -> str:
    model = {m.kind_name: m for m in FILE_OF}.get(item.kind)  # type: ignore[attr-defined]
    if model is not None:
        return FILE_OF[model]
    if item.kind in SHARD_KINDS:
        return shard(int(item.ref.split("-")[0]))
    if item.kind == "monthly_report":
        return f"reports/{item.ref.partition(' ')[2]}.json"
    return item.kind


def _file_checked(rel: str, tables: dict[str, dict[str, dict[str, Any]]]) -> Report:
    """The records of one file, checked (its findings and count), or as found valid before."""
    return known_valid.checked(rel, tables, _check_records)


def _check_records(rel: str, tables: dict[str, dict[str, dict[str, Any]]], report: Report) -> None:
    """Validate every record of ``rel``, record by record, each problem with kind, id and field."""
    rid = shard_id(rel)
    of_month = report_month(rel) is not None
    for table, rows in tables.items():
        model = RECORD_OF.get(table)
        if model is None:
            continue
        facts = "/" not in rel and model in FACT_FILES  # (for the index's comparison)
        plain = not facts  # (only the records' fields are read below)
        for chunk in validated(model, rows, rel, report, plain=plain):
            if facts:
                for key, record in chunk:
                    report.facts[key] = row_of(record)
            if not of_month:  # only a record that says another id or relationship is looked at
                chunk = [
                    (key, record)
                    for key, record in chunk
                    if record.id != int(key)
                    or (rid is not None and getattr(record, "relationship_id", rid) != rid)
                ]
            for key, record in chunk:
                _check_place(rel, model, key, record, rid, of_month, report)


def _check_place(
    rel: str,
    model: type[Record],
    key: str,
    record: Any,
    rid: int | None,
    of_month: bool,
    report: Report,
) -> None:
    """A valid record (a model, or its fields from ``plain.py``) under its own id, in its own
    relationship's shard or month's file."""
    if record.id != int(key):
        report.add(
            rel, "record_id", "{where}: its id says {id}", where=_where(model, key), id=record.id
        )
    if rid is not None and getattr(record, "relationship_id", rid) != rid:
        report.add(
            rel,
            "record_elsewhere",
            "{where}: belongs to relationship {other}",
            where=_where(model, key),
            other=getattr(record, "relationship_id", ""),
        )
    elsewhere = of_month and issubclass(model, MonthlyReport)
    if elsewhere and report_file(record.month) != rel:
        report.add(
            rel, "record_elsewhere_month", "{where}: of another month", where=_where(model, key)
        )


def items_of(folder: Folder, found: Comparison) -> list[Item]:
    """The comparison as items a person can act on: kind, id, name and what is wrong."""
    items: list[Item] = []
    for miss in found.missing:
        kind = miss.model.kind_name  # type: ignore[attr-defined]
        name = folder.name(miss.model, miss.key)
        code = "missing" if miss.fact is not None else "lost_unknown"
        items.append(Item(kind, miss.key, name, code))
    for model, key, fields in found.older:
        kind = model.kind_name  # type: ignore[attr-defined]
        items.append(
            Item(kind, key, folder.name(model, key), "older", (("fields", ", ".join(fields)),))
        )
    for source, key, _field, target, ref in found.dangling:
        items.append(
            Item(
                source.kind_name,  # type: ignore[attr-defined]
                key,
                folder.name(source, key) if source is not Concern else "",
                "points_at_lost",
                (("target", target.kind_name), ("target_id", ref)),  # type: ignore[attr-defined]
            )
        )
    for rid, ids, months in found.meetings_lost:
        count = len(ids) or sum(h + c for h, c in months.values())
        items.append(
            Item(
                "meeting",
                f"{rid}-{','.join(map(str, ids))}" if ids else str(rid),
                folder.name(Relationship, rid),
                "meetings_lost",
                (("count", count), ("months", months_text(months) or "months unknown")),
            )
        )
    for kind, lost in (("palaveri", found.palaverit_lost), ("contact", found.contacts_lost)):
        for rid, ids in lost:
            items += [Item(kind, f"{rid}-{n}", folder.name(Relationship, rid), "lost") for n in ids]
    for rid, month in found.reports_lost:
        year, _, number = month.partition("-")
        items.append(
            Item(
                "monthly_report",
                f"{rid} {month}",
                folder.name(Relationship, rid),
                "report_lost",
                (("month", f"{int(number)}.{year}"),),
            )
        )
    return items


__all__ = [
    "Finding",
    "Folder",
    "Item",
    "Report",
    "check",
    "compare",
    "inspect",
    "items_of",
    "listed",
    "mark_done",
    "open_repairs",
]
