"""The Alerts part: the coordinator's alerts for the day and the counts on the start screen,
read from the cache or the index files (the rules: ``data.rules.alerts``)."""

from __future__ import annotations

import builtins
from datetime import date, datetime

from data.dates import Clock
from data.models import Concern, Settings
from data.rules import alerts as rules
from data.rules.alerts import AlertInput
from data.storage import paused_gc
from data.storage.layout import RUNS, report_file
from data.store.records import Records


class Alerts:
    def __init__(self, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock

    def input(self, today: date | None = None) -> AlertInput:
        """Everything ``data.rules.alerts`` looks at."""
        records = self._records
        settings = records.settings()
        return AlertInput(
            clients=builtins.list(records.client_facts().values()),
            volunteers=builtins.list(records.volunteer_facts().values()),
            relationships=builtins.list(records.relationship_facts().values()),
            concerns=records.list(Concern),
            summaries=records.derived.summaries(),
            reported=records.derived.reported(),
            settings=settings,
            approved_runs=self._approved(settings, today or self._clock().date()),
        )

    def _approved(self, settings: Settings, today: date) -> set[date]:
        """Which of the months the alerts look at have an approved payment run (one small
        read of the month's file each, never a whole run)."""
        return {
            month
            for month in rules.run_months(today, settings)
            if self._records.engine.table(report_file(month), RUNS, strict=False).get("1")
        }

    def list(
        self, today: date | None = None, now: datetime | None = None
    ) -> builtins.list[rules.Alert]:
        """The coordinator's alerts for the day, most urgent first."""
        now = now or self._clock()
        today = today or now.date()
        with paused_gc():  # one pause for all the loading, not one per file
            return rules.alerts(self.input(today), today, now)

    def counts(self, today: date | None = None) -> rules.Counts:
        today = today or self._clock().date()
        with paused_gc():
            return rules.counts(self.input(today), today)

    def day(
        self, today: date | None = None, now: datetime | None = None
    ) -> tuple[rules.Counts, builtins.list[rules.Alert]]:
        """The day's counts and alerts from one reading of the facts (what the start screen
        and ``tuki alerts`` show together; ``counts`` then ``list`` read them twice)."""
        now = now or self._clock()
        today = today or now.date()
        with paused_gc():
            found = self.input(today)
            return rules.counts(found, today), rules.alerts(found, today, now)
