"""The Reports part: the monthly reports a support person sends (one file per month)."""

from __future__ import annotations

import builtins
from datetime import date

from data.dates import month_key, month_start
from data.model.base import check_user
from data.models import MonthlyReport, Relationship
from data.storage.layout import REPORTS, report_file
from data.store.records import Records


class Reports:
    def __init__(self, records: Records) -> None:
        self._records = records

    def receive(self, user: str, report: MonthlyReport) -> MonthlyReport:
        """Record a month's report; one per relationship and month (a second one replaces)."""
        check_user(user)
        records = self._records
        rel = report_file(report.month)
        rid = report.relationship_id
        with records.transaction() as tx:
            records.get(Relationship, rid)
            stored = tx.get(rel, REPORTS, rid)
            if stored is None:
                data = records.stamp_new(report, user, rid)
            else:
                version = stored["version"] if report.version == 0 else report.version
                data = records.stamp_change(
                    MonthlyReport, stored, report.model_copy(update={"version": version}), user, rid
                )
            result = records.validate(MonthlyReport, data)
            tx.put(rel, REPORTS, rid, data)
            records.derived.mark_reported(tx, rid, month_key(result.month))
        return result

    def in_month(self, month: date) -> builtins.list[MonthlyReport]:
        return self._records.models(report_file(month_start(month)), REPORTS, MonthlyReport)
