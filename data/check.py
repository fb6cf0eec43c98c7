"""Verify a data folder and repair what can be rebuilt (``tuki check [--repair]``)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from data.errors import describe
from data.layout import FLAT, INDEX_BUCKETS, MEETINGS, PALAVERIT, REPORTS, SUMMARIES, summarise
from data.models import Meeting, MonthlyReport, Palaveri, Record
from data.storage import JOURNAL, DamagedFileError, _parse, _read_raw
from data.store import Store

SHARD_TABLES: dict[str, type[Record]] = {
    MEETINGS: Meeting,
    PALAVERIT: Palaveri,
    REPORTS: MonthlyReport,
}


@dataclass
class Finding:
    file: str
    problem: str
    repaired: bool = False


@dataclass
class Report:
    files: int = 0
    records: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.repaired for f in self.findings)


def check(store: Store, *, repair: bool = False) -> Report:
    """Parse every file, validate every record, compare the meeting index with the shards."""
    engine = store.engine
    report = Report()

    journal = engine.path(JOURNAL)
    if journal.exists():
        finding = Finding(JOURNAL, "an interrupted change waits to be finished")
        if repair:
            with engine.transaction():  # the transaction finishes the journal first
                pass
            finding.repaired = True
        report.findings.append(finding)

    for tmp in engine.stray_temp_files():
        finding = Finding(tmp.relative_to(engine.folder).as_posix(), "leftover temporary file")
        if repair:
            tmp.unlink(missing_ok=True)
            finding.repaired = True
        report.findings.append(finding)

    models = {place.file: (place.table, model) for model, place in FLAT.items()}
    damaged: list[str] = []
    for rel in engine.files():
        report.files += 1
        try:
            doc = engine.read(rel)
        except DamagedFileError as exc:
            damaged.append(rel)
            finding = Finding(rel, f"damaged ({exc.reason})")
            if repair and exc.backup is not None:
                _restore(engine.path(rel), exc.backup, engine.file_mode)
                engine.forget(rel)
                finding.repaired = True
                finding.problem += f"; restored from {exc.backup}"
            report.findings.append(finding)
            continue
        for table, rows in doc.items():
            model: type[Record] | None = None
            if rel in models and models[rel][0] == table:
                model = models[rel][1]
            elif table in SHARD_TABLES:
                model = SHARD_TABLES[table]
            if model is None:
                continue
            for key, row in rows.items():
                report.records += 1
                try:
                    model.model_validate(row)
                except ValidationError as exc:
                    report.findings.append(Finding(rel, f"record {key}: {describe(exc)}"))

    index_problems = _index_findings(store)
    if index_problems:
        if repair:
            store.rebuild_index()
        for problem in index_problems:
            report.findings.append(Finding("index", problem, repaired=repair))
    return report


def _index_findings(store: Store) -> list[str]:
    engine = store.engine
    expected: dict[int, dict[str, object]] = {}
    for rel in engine.files("rel"):
        rid = int(Path(rel).stem)
        try:
            expected[rid] = summarise(engine.table(rel, MEETINGS))
        except DamagedFileError:
            continue
    found: dict[int, dict[str, object]] = {}
    for bucket in range(INDEX_BUCKETS):
        try:
            rows = engine.table(f"index/{bucket:02d}.json", SUMMARIES)
        except DamagedFileError:
            return ["an index file is damaged; it will be rebuilt from the meetings"]
        found.update({int(k): v for k, v in rows.items()})
    problems = []
    for rid, entry in expected.items():
        if found.get(rid) != entry and (entry["held"] or entry["cancelled"] or rid in found):
            problems.append(f"relationship {rid}: meeting index out of date")
    for rid in found.keys() - expected.keys():
        problems.append(f"relationship {rid}: index entry without meetings")
    return problems


def _restore(path: Path, backup: Path, mode: int) -> None:
    """Move the damaged file aside (never delete it) and put the backup's copy in its place."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, aside)
    got = _read_raw(backup)
    if got is None:
        raise FileNotFoundError(backup)
    _parse(got[0])
    tmp = path.with_name(f".{path.name}.restore.tmp")
    shutil.copyfile(backup, tmp)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
