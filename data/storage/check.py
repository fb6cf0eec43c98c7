"""Verify a data folder and repair what can be rebuilt (``tuki check [--repair]``)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from data.errors import describe
from data.models import Meeting, MonthlyReport, Palaveri, Record
from data.storage.derived import Derived
from data.storage.engine import JOURNAL, Engine
from data.storage.files import DamagedFileError, _parse, _read_raw
from data.storage.layout import FLAT, MEETINGS, PALAVERIT, REPORTS

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


def check(engine: Engine, *, repair: bool = False) -> Report:
    """Parse every file, validate every record, compare the meeting index with the shards."""
    derived = Derived(engine)
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
            if repair and rel.startswith("index/"):
                _set_aside(engine.path(rel))  # derived: rebuilt below from the records
                engine.forget(rel)
                finding.repaired = True
            elif repair and exc.backup is not None:
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

    try:
        index_problems = derived.differences()
    except DamagedFileError:
        index_problems = ["an index file is damaged"]
    if index_problems:
        if repair:
            derived.rebuild()
        shown = index_problems[:20]
        if len(index_problems) > 20:
            shown.append(f"… and {len(index_problems) - 20} more")
        for problem in shown:
            report.findings.append(Finding("index", f"out of date: {problem}", repaired=repair))
    return report


def _set_aside(path: Path) -> None:
    """Keep a damaged file under another name (never delete it)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    os.replace(path, path.with_name(f"{path.name}.damaged-{stamp}"))


def _restore(path: Path, backup: Path, mode: int) -> None:
    """Move the damaged file aside and put the backup's copy in its place."""
    _set_aside(path)
    got = _read_raw(backup)
    if got is None:
        raise FileNotFoundError(backup)
    _parse(got[0])
    tmp = path.with_name(f".{path.name}.restore.tmp")
    shutil.copyfile(backup, tmp)
    os.chmod(tmp, mode)
    os.replace(tmp, path)
