"""Every kind of record as it was at one moment, for an export, without holding the folder's lock
for longer than a second.

The folder is linked under its lock as ``tuki backup`` links it (``data/storage/snapshot.py``:
a save never writes a register file in place, so the links keep the contents of that moment
while coordinators go on saving). The lock is let go, and the export reads the frozen copy at
its own pace, one kind and one shard at a time (a national folder: 22,000 shards, a million
meetings, never all in memory at once). The copy is removed when the export ends; one left by
an export or backup that was killed is removed by the next.

Who may take the whole register out of the folder: an admin (README "Export and import").
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from data.model.contact import Contact
from data.model.payments import PaymentLine, PaymentRun
from data.model.register import UserRole
from data.models import (
    Client,
    Concern,
    Guardian,
    Meeting,
    MonthlyReport,
    Palaveri,
    Record,
    Relationship,
    SocialWorker,
    Volunteer,
)
from data.storage import Engine, paused_gc
from data.storage import snapshot as folder_snapshot
from data.storage.layout import (
    CONTACTS,
    LAYOUT,
    MEETINGS,
    PALAVERIT,
    REPORTS,
    RUNS,
    report_month,
    shard,
)
from data.store import Store
from data.store.records import Records

Progress = Callable[[int, int], None]
#: the kinds kept in the relationships' shards: their model and table
SHARDED_KINDS: dict[str, tuple[type[Meeting | Palaveri | Contact], str]] = {
    "meetings": (Meeting, MEETINGS),
    "palaverit": (Palaveri, PALAVERIT),
    "contacts": (Contact, CONTACTS),
}


@dataclass(frozen=True)
class PaymentRow:
    """One line of an approved payment run, with its run's month, approval and payment."""

    month: date
    approved_by: str
    approved_at: datetime
    paid_on: date | None
    volunteer_id: int
    relationship_id: int
    for_month: date
    item: Any
    amount: Decimal
    quantity: Decimal
    held: Any
    adjustment: bool

    @classmethod
    def of(cls, run: PaymentRun, line: PaymentLine) -> PaymentRow:
        return cls(
            run.month,
            run.approved_by,
            run.approved_at,
            run.paid_on,
            line.volunteer_id,
            line.relationship_id,
            line.for_month,
            line.item,
            line.amount,
            line.quantity,
            line.held,
            line.adjustment,
        )


FLAT_KINDS: dict[str, type[Record]] = {
    "clients": Client,
    "guardians": Guardian,
    "social_workers": SocialWorker,
    "volunteers": Volunteer,
    "relationships": Relationship,
    "concerns": Concern,
}


class Snapshot:
    """The records of every kind as they were when taken, read when asked for."""

    def __init__(self, records: Records, progress: Progress | None = None) -> None:
        self.records = records
        self.progress = progress

    def records_of(self, kind: str) -> Iterator[Any]:
        """The kind's records, one at a time (a payment run whole)."""
        model = FLAT_KINDS.get(kind)
        if model is not None:
            yield from sorted(self.records.list(model), key=lambda r: r.id or 0)
        elif kind in ("meetings", "palaverit", "contacts"):
            yield from self._sharded(kind)
        else:
            yield from self._monthly(kind)

    def rows(self, kind: str) -> Iterator[Any]:
        """The kind's rows as its spreadsheet lists them (a payment run: one row per line)."""
        if kind != "payments":
            yield from self.records_of(kind)
            return
        for run in self.records_of(kind):
            yield from (PaymentRow.of(run, line) for line in run.lines)

    def client_ids(self) -> list[int]:
        return sorted(int(k) for k in self.records.fields(Client))

    def dumps(self, kind: str) -> Iterator[dict[str, Any]]:
        """The kind's records whole, as JSON data (an extract with its dates alone)."""
        for record in self.records_of(kind):
            data = record.model_dump(mode="json", by_alias=True)
            yield without_extract_details(data) if kind == "volunteers" else data

    def _sharded(self, kind: str) -> Iterator[Any]:
        model: type[Meeting | Palaveri | Contact] = SHARDED_KINDS[kind][0]
        table = SHARDED_KINDS[kind][1]
        rids = sorted(int(k) for k in self.records.fields(Relationship))
        engine = self.records.engine
        for done, rid in enumerate(rids, 1):
            rel = shard(rid)
            with paused_gc():
                items: list[Meeting | Palaveri | Contact] = [
                    self.records.load(model, row, rel) for row in _table(engine, rel, table)
                ]
            yield from sorted(items, key=lambda m: (m.on, m.id or 0))
            _forget(engine, rel)  # (read once: not kept)
            if self.progress is not None and kind == "meetings":
                self.progress(done, len(rids))

    def _monthly(self, kind: str) -> Iterator[Any]:
        engine = self.records.engine
        for rel in engine.files("reports"):
            if report_month(rel) is None:
                continue
            doc = engine.read(rel)
            if kind == "monthly_reports":
                rows = doc.get(REPORTS, {}).values()
                found = [self.records.load(MonthlyReport, row, rel) for row in rows]
                yield from sorted(found, key=lambda r: r.relationship_id)
            else:
                yield from (
                    self.records.load(PaymentRun, r, rel) for r in doc.get(RUNS, {}).values()
                )
            _forget(engine, rel)


def _forget(engine: Any, rel: str) -> None:
    forget = getattr(engine, "forget", None)
    if forget is not None:
        forget(rel)


def _table(engine: Any, rel: str, table: str) -> list[dict[str, Any]]:
    return list(engine.table(rel, table).values()) if engine.exists(rel) else []


def without_extract_details(volunteer: dict[str, Any]) -> dict[str, Any]:
    """A volunteer's data with each criminal-record extract reduced to its dates (the date on
    it, the day shown, the day its details were removed): not who saw it, nothing else."""
    steps = []
    for step in volunteer.get("vetting", []):
        if step.get("step") == "extract_shown":
            step = {k: step.get(k) for k in ("step", "extract_date", "on", "removed_on")}
        steps.append(step)
    return {**volunteer, "vetting": steps}


@contextlib.contextmanager
def taken(store: Store[Any], user: str, progress: Progress | None = None) -> Iterator[Snapshot]:
    """The register frozen at this moment, for as long as the block runs; refused unless
    ``user`` is an admin (once the folder has users)."""
    store.records.permit(user, UserRole.ADMIN)
    engine = store.records.engine
    if not isinstance(engine, Engine):  # in memory (tests): one process, nobody saves meanwhile
        yield Snapshot(store.records, progress)
        return
    frozen = folder_snapshot.take(engine)  # the folder linked under its lock, as a backup does
    try:
        copy = Engine(frozen.root, durable=False, backups=False, create=False, layout=LAYOUT)
        yield Snapshot(Records(copy, store.clock), progress)
    finally:
        folder_snapshot.remove(frozen.root)
