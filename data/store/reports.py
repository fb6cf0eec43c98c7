"""The Reports part: the monthly reports a support person sends (one file per month).

A relationship has at most one report per month. ``receive`` records it and refuses a second
one (that is a correction: ``correct``, checked against the version it was made on, with who
and when). Both refuse a month before the relationship started or after it ended, a month
still to come and a day met outside the relationship's time; recording one clears the month
from the missing-report alert (the index's ``reported`` months).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from data.dates import Clock, fi_date, month_end, month_key, month_start
from data.dates import fi_month as _shown
from data.errors import NotFound, Refused
from data.model.facts import RelFacts
from data.model.weekend import MOST_DAYS
from data.models import MonthlyReport, ReportHow
from data.rules.reports import offered_days, owes
from data.storage import Transaction
from data.storage.layout import REPORTS, report_file
from data.store import history
from data.store.meetings import between
from data.store.records import Records


@dataclass(frozen=True)
class ReportLine:
    """What a relationship's page shows of one month's report (kept in the index beside the
    months reported: ``layout.report_line``)."""

    month: date
    received_on: date
    how: ReportHow | None
    created_by: str
    days_met: builtins.list[date] = field(default_factory=builtins.list)
    version: int = 1
    changed_by: str = ""
    changed_at: datetime | None = None

    @classmethod
    def of(cls, r: MonthlyReport) -> ReportLine:
        """The line of a report (who corrected it and when only of a corrected one)."""
        if r.version == 1:
            return cls(r.month, r.received_on, r.how, r.created_by, r.days_met)
        return cls(
            r.month, r.received_on, r.how, r.created_by, r.days_met, r.version, r.changed_by,
            r.changed_at,
        )  # fmt: skip

    @classmethod
    def parse(cls, text: str) -> ReportLine | None:
        """The line as ``layout.report_line`` wrote it; None when it holds only the month (or
        does not read: ``tuki check`` names such an entry)."""
        parts = text.split(";")
        if len(parts) not in (5, 8):
            return None
        try:
            month = date.fromisoformat(parts[0] + "-01")
            return cls(
                month,
                date.fromisoformat(parts[2]),
                ReportHow(parts[3]) if parts[3] else None,
                parts[4],
                [month.replace(day=int(d)) for d in parts[1].split(",") if d],
                *((int(parts[5]), parts[6], datetime.fromisoformat(parts[7])) if parts[5:] else ()),
            )
        except ValueError:
            return None


@dataclass(frozen=True)
class MonthRow:
    """One relationship in a month's list of reports: its facts, its report (None: missing)
    and the days of its held meetings that month (what a report is offered)."""

    facts: RelFacts
    report: MonthlyReport | None
    offered: builtins.list[date]

    @property
    def id(self) -> int:
        return self.facts.id


class Reports:
    def __init__(self, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock

    # ----- reading -----------------------------------------------------------------------------

    def in_month(self, month: date) -> builtins.list[MonthlyReport]:
        return self._records.models(report_file(month_start(month)), REPORTS, MonthlyReport)

    def get(self, relationship_id: int, month: date) -> MonthlyReport | None:
        """The relationship's report for ``month`` (any day of it), or None."""
        rel = report_file(month_start(month))
        table = self._records.engine.table(rel, REPORTS)
        # stored under its relationship's id: that row first (the rows are parsed when read,
        # data/storage/lazy.keep_stored: going through them all parsed 7,800 at national scale)
        row = table.get(str(relationship_id))
        if row is not None and row.get("relationship_id") == relationship_id:
            return self._records.load(MonthlyReport, row, rel)
        for row in table.values():  # validates one, not all
            if row.get("relationship_id") == relationship_id:
                return self._records.load(MonthlyReport, row, rel)
        return None

    def lines(self, relationship_id: int, months: Iterable[date]) -> dict[date, ReportLine]:
        """The reports of ``months`` (first days) that the relationship has, as its page shows
        them: from the index (the lines of its newest reports, kept beside the months
        reported), reading a month's file only for a month the index keeps no line of (an
        index of an older Tuki, or a report the line cannot hold)."""
        entry = self._records.derived.reported_entry(relationship_id) or {}
        reported = set(str(entry.get("months", "")).split())
        kept: dict[str, str] = {t[:7]: t for t in str(entry.get("lines", "")).split()}
        out: dict[date, ReportLine] = {}
        for month in months:
            key = month_key(month)
            if key not in reported:
                continue
            line = ReportLine.parse(kept[key]) if key in kept else None
            if line is None:
                report = self.get(relationship_id, month)
                if report is None:
                    continue
                line = ReportLine.of(report)
            out[month] = line
        return out

    def offered(self, relationship_id: int, month: date) -> builtins.list[date]:
        """The days of ``month`` with a held meeting of the relationship (from a few days
        before it: a weekend begun the month before may end in it)."""
        first = month_start(month)
        since = first - timedelta(days=MOST_DAYS - 1)
        return offered_days(between(self._records, relationship_id, since, month_end(first)), month)

    def month(self, month: date) -> builtins.list[MonthRow]:
        """Every relationship that owes a report for ``month`` (and any that sent one), with
        its report or None, and the days offered; reads the month's report file, the index and
        only the meetings of the relationships that met that month."""
        month = month_start(month)
        reports = {r.relationship_id: r for r in self.in_month(month)}
        facts = self._records.relationship_facts()
        summaries = self._records.derived.summaries()
        rows = []
        for rid, rel in facts.items():
            if not owes(rel, month) and rid not in reports:
                continue
            summary = summaries.get(rid)
            days = summary.held_days(month) if summary is not None else []
            if days is None:  # a month the index keeps no days of: read the shard
                days = self.offered(rid, month)
            rows.append(MonthRow(rel, reports.get(rid), days))
        return rows

    # ----- writing -----------------------------------------------------------------------------

    def receive(self, user: str, report: MonthlyReport) -> MonthlyReport:
        """Record a month's report; refused when the month already has one (correct it)."""
        self._records.permit(user)
        records = self._records
        rid, month = report.relationship_id, report.month
        with records.transaction() as tx:
            self._check(report)
            stored = tx.get(report_file(month), REPORTS, rid)
            if stored is not None:
                earlier = records.load(MonthlyReport, stored, report_file(month))
                raise Refused(
                    "report_exists",
                    "The report for {month} was already recorded by {who} (received {received}); "
                    "correct that one instead.",
                    month=_shown(month),
                    who=earlier.created_by or "?",
                    received=fi_date(earlier.received_on),
                )
            data = records.stamp_new(report, user, rid)
            return self._put(tx, data)

    def correct(self, user: str, report: MonthlyReport) -> MonthlyReport:
        """Save a corrected report, made on its stored ``version`` (a conflict when someone
        changed it meanwhile); a correction that changes nothing is not written."""
        self._records.permit(user)
        records = self._records
        rid, month = report.relationship_id, report.month
        with records.transaction() as tx:
            self._check(report)
            stored = tx.get(report_file(month), REPORTS, rid)
            if stored is None:
                raise Refused(
                    "report_not_recorded",
                    "No report for {month} has been recorded yet; record it first.",
                    month=_shown(month),
                )
            current = records.load(MonthlyReport, stored, report_file(month))
            if current.version == report.version and current.content() == report.content():
                return current
            data = records.stamp_change(MonthlyReport, stored, report, user, rid)
            result = self._put(tx, data)
            history.keep(tx, None, current, result, user, records.clock())
            return result

    def _put(self, tx: Transaction, data: dict[str, object]) -> MonthlyReport:
        records = self._records
        result = records.validate(MonthlyReport, data)
        tx.put(report_file(result.month), REPORTS, result.relationship_id, data)
        records.derived.mark_reported(tx, result.relationship_id, data)
        return result

    def _check(self, report: MonthlyReport) -> None:
        """The rules about the relationship's time and today (the report's own are checked by
        the model)."""
        rid, month = report.relationship_id, report.month
        rel = self._records.relationship_facts().get(rid)
        if rel is None:
            raise NotFound("relationship", rid)
        today = self._clock().date()
        if month > month_start(today):
            raise Refused(
                "report_future_month",
                "{month} has not begun yet; a report can be recorded for this month or earlier.",
                month=_shown(month),
            )
        if rel.start is None:
            raise Refused(
                "report_not_started",
                "The relationship has not started, so it has no monthly reports yet.",
            )
        if month < month_start(rel.start):
            raise Refused(
                "report_before_start",
                "The relationship started on {start}; it has no report for {month}.",
                start=fi_date(rel.start),
                month=_shown(month),
            )
        if rel.ended_on is not None and month > month_start(rel.ended_on):
            raise Refused(
                "report_after_end",
                "The relationship ended on {end}; it has no report for {month}.",
                end=fi_date(rel.ended_on),
                month=_shown(month),
            )
        outside = [
            d
            for d in report.days_met
            if d < rel.start or (rel.ended_on is not None and d > rel.ended_on)
        ]
        if outside:
            raise Refused(
                "report_day_outside",
                "{day} is outside the relationship's time ({start}–{end}).",
                day=fi_date(outside[0]),
                start=fi_date(rel.start),
                end=fi_date(rel.ended_on) if rel.ended_on else "",
            )
