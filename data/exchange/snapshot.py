"""Every kind of record read under the folder's lock: one consistent picture for an export.

While the lock is held no other coordinator's save can land between reading the clients and
reading the meetings, so an export never holds a meeting of a relationship it does not list.
The lock is held only while reading; the files are written after it is let go. Who may take
the whole register out of the folder: an admin (``export``; see README "Export and import").
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

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
from data.storage.layout import MEETINGS, PALAVERIT, REPORTS, RUNS, report_month, shard
from data.store import Store

Progress = Callable[[int, int], None]


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


@dataclass
class Snapshot:
    """The records of every kind, as they were at one moment."""

    records: dict[str, list[Any]] = field(default_factory=dict)

    def rows(self, kind: str) -> list[Any]:
        """The kind's rows as its spreadsheet lists them (a payment run: one row per line)."""
        if kind == "payments":
            return [PaymentRow.of(run, line) for run in self.records[kind] for line in run.lines]
        return self.records[kind]

    def client_ids(self) -> list[int]:
        return [c.id for c in self.records["clients"] if c.id is not None]

    def dumps(self, kind: str) -> Iterator[dict[str, Any]]:
        """The kind's records whole, as JSON data (an extract with its dates alone)."""
        for record in self.records[kind]:
            data = record.model_dump(mode="json", by_alias=True)
            yield without_extract_details(data) if kind == "volunteers" else data


def without_extract_details(volunteer: dict[str, Any]) -> dict[str, Any]:
    """A volunteer's data with each criminal-record extract reduced to its dates (the date on
    it, the day shown, the day its details were removed): not who saw it, nothing else."""
    steps = []
    for step in volunteer.get("vetting", []):
        if step.get("step") == "extract_shown":
            step = {k: step.get(k) for k in ("step", "extract_date", "on", "removed_on")}
        steps.append(step)
    return {**volunteer, "vetting": steps}


FLAT_KINDS: dict[str, type[Record]] = {
    "clients": Client,
    "guardians": Guardian,
    "social_workers": SocialWorker,
    "volunteers": Volunteer,
    "relationships": Relationship,
    "concerns": Concern,
}


def take(store: Store[Any], user: str, progress: Progress | None = None) -> Snapshot:
    """Every kind read under the folder's lock; refused unless ``user`` is an admin (once the
    folder has users)."""
    records = store.records
    records.permit(user, UserRole.ADMIN)
    engine = records.engine
    snap = Snapshot()
    with engine.transaction():  # the folder's lock: nobody saves meanwhile (nothing is written)
        for kind, model in FLAT_KINDS.items():
            snap.records[kind] = sorted(records.list(model), key=lambda r: r.id or 0)
        meetings: list[Meeting] = []
        palaverit: list[Palaveri] = []
        rids = [r.id for r in snap.records["relationships"] if r.id is not None]
        for done, rid in enumerate(rids, 1):
            rel = shard(rid)
            meetings += _sorted(
                records.load(Meeting, row, rel) for row in _rows(store, rel, MEETINGS)
            )
            palaverit += _sorted(
                records.load(Palaveri, row, rel) for row in _rows(store, rel, PALAVERIT)
            )
            if progress is not None:
                progress(done, len(rids))
        snap.records["meetings"] = meetings
        snap.records["palaverit"] = palaverit
        reports: list[MonthlyReport] = []
        runs: list[PaymentRun] = []
        for rel in engine.files("reports"):
            if report_month(rel) is None:
                continue
            doc = engine.read(rel)
            reports += sorted(
                (records.load(MonthlyReport, row, rel) for row in doc.get(REPORTS, {}).values()),
                key=lambda r: r.relationship_id,
            )
            runs += [records.load(PaymentRun, row, rel) for row in doc.get(RUNS, {}).values()]
        snap.records["monthly_reports"] = reports
        snap.records["payments"] = runs
    return snap


def _rows(store: Store[Any], rel: str, table: str) -> list[dict[str, Any]]:
    return list(store.records.engine.table(rel, table).values())


def _sorted(items: Iterator[Any]) -> list[Any]:
    return sorted(items, key=lambda m: (m.on, m.id or 0))
