"""The Alerts part: the coordinator's alerts for the day and the counts on the start screen,
read from the cache or the index files (the rules: ``data.rules.alerts``).

``day`` keeps what it worked out (``data.storage.kept``: in this process and in the folder's
``cache/`` for the next one) under the folder's change token and the day: the counts, the
alerts but the concerns' and the open concerns as their alerts need them, which are worded
anew by the hour. Any save, from any process, changes the token; a new day changes the key.
``list`` and ``counts`` always read the files (the reference the kept answer is tested
against). ``areas`` keeps the areas of the day's subjects the same way.
"""

from __future__ import annotations

import builtins
from datetime import date, datetime

from data.dates import Clock
from data.models import Client, Concern, Settings, Volunteer
from data.rules import alerts as rules
from data.rules.alert_shapes import (
    Areas,
    Day,
    areas_dumped,
    areas_loaded,
    day_dumped,
    day_loaded,
    finished,
)
from data.rules.alerts import AlertInput
from data.rules.fitness import FitDays, fit_days
from data.storage import paused_gc
from data.storage.index_kept import IndexKept
from data.storage.kept import Answer, Kept
from data.storage.layout import RUNS, report_file
from data.storage.rows import holds
from data.store.records import Records


class Alerts:
    def __init__(self, records: Records, clock: Clock) -> None:
        self._records = records
        self._clock = clock
        kept, token = Kept(records.engine), records.change_token
        self._alerts: Answer[Day] = Answer(kept, "alerts", token, day_loaded, day_dumped)
        self._areas: Answer[Areas] = Answer(kept, "areas", token, areas_loaded, areas_dumped)
        self._fit_memo: tuple[object, FitDays] | None = None
        self._index = IndexKept(records.engine, records.derived)

    def input(self, today: date | None = None) -> AlertInput:
        """Everything ``data.rules.alerts`` looks at."""
        records = self._records
        settings = records.settings()
        index = self._index.read()  # the index's facts (kept in cache/ while its files stay)
        return AlertInput(
            clients=index.clients,
            volunteers=index.volunteers,
            relationships=index.relationships,
            concerns=records.list(Concern),
            summaries=index.summaries,
            reported=index.reported,
            settings=settings,
            approved_runs=self._approved(settings, today or self._clock().date()),
            fit=self._fit(index.fit),
        )

    def _fit(self, kept: FitDays | None) -> FitDays:
        """The volunteers' newest extract and supervision days (``data.rules.fitness``): from
        their facts (``kept``), or from their records when the index is of an older form (read
        again only when the volunteers' file changed: a meeting saved leaves it as it was)."""
        if kept is not None:
            return kept
        rows = self._records.stored(Volunteer)
        memo = self._fit_memo
        if memo is None or memo[0] is not rows:
            days = fit_days(self._records.fields(Volunteer, "vetting", "sessions"))
            memo = self._fit_memo = (rows, days)
        return memo[1]

    def _approved(self, settings: Settings, today: date) -> set[date]:
        """Which of the months the alerts look at have an approved payment run (told from the
        month's file as stored, ``rows.holds``: no report nor run parsed)."""
        engine = self._records.engine
        return {
            month
            for month in rules.run_months(today, settings)
            if holds(engine, report_file(month), RUNS, "1")
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
        """The day's counts and alerts (as ``counts`` and ``list``), worked out once per change
        of the folder and day: what the start screen and ``tuki alerts`` show."""
        now = now or self._clock()
        today = today or now.date()
        return finished(self._day(today), now)

    def _day(self, today: date) -> Day:
        return self._alerts.get(lambda: self._work_out(today), today)

    def _work_out(self, today: date) -> Day:
        with paused_gc():
            found = self.input(today)
            clients = {c.id: c for c in found.clients}
            day = (
                rules.counts(found, today),
                rules.day_alerts(found, today, clients),
                rules.open_concerns(found.concerns, clients),
                found.settings.thresholds.concern_follow_up_days,
            )
        return day

    def areas(self, today: date | None = None) -> Areas:
        """The area of each subject of the day's alerts (as ``day`` gives them, the open
        concerns' included): a client's area, or its municipality when it has none; a
        relationship's and a concern's are their client's, a volunteer's their own; a subject
        not here has none. What the start screen's area key narrows by, kept as ``day`` is:
        working them out reads the client and volunteer files whole (a third of the console's
        start at national scale)."""
        day = today or self._clock().date()
        return self._areas.get(lambda: self._areas_of(day), day)

    def _areas_of(self, today: date) -> Areas:
        _, found, concerns, _ = self._day(today)
        subjects = {(a.subject.kind, a.subject.id) for a in found}
        subjects |= {("concern", c.id) for c in concerns}
        with paused_gc():
            return self._worked_out(subjects)

    def _worked_out(self, subjects: set[tuple[str, int]]) -> Areas:
        """The areas of ``subjects``, from a few fields of the records as stored (validating
        30,000 whole records for them took seconds at national scale)."""
        records = self._records
        kinds = {kind for kind, _ in subjects}
        clients = {
            cid: area or town or ""
            for cid, (area, town) in records.fields(Client, "area", "municipality").items()
        }
        of: dict[str, dict[int, str]] = {"client": clients}
        if "volunteer" in kinds:
            of["volunteer"] = {
                vid: area or town or ""
                for vid, (area, town) in records.fields(Volunteer, "area", "municipality").items()
            }
        if "relationship" in kinds:
            of["relationship"] = {
                r.id: clients.get(r.client_id, "") for r in self._index.read().relationships
            }
        if "concern" in kinds:
            of["concern"] = {
                cid: clients.get(client_id or 0, "")
                for cid, (client_id,) in records.fields(Concern, "client_id").items()
            }
        return {(kind, sid): of[kind].get(sid, "") for kind, sid in subjects if kind in of}
