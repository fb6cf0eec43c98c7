"""Record or correct one monthly report: the days met (offered from the held meetings logged
that month), or "no meetings this month", when it arrived and how.

Opened from the month's list (``e``) for one relationship and month, and from a relationship's
page (``k``) with a choice of its months. A month that has a report opens it for correcting
(saved on the version it was opened on: a change made meanwhile opens the conflict dialog).
``relationship_reports_text`` is the relationship page's list of months and their reports.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static, Switch

from data.dates import add_months, month_end, month_start
from data.dates import fi_month as shown_month
from data.errors import TukiError
from data.model.facts import of_relationship
from data.models import MonthlyReport, Relationship, ReportHow
from data.rules.reports import owes
from data.storage.files import StorageError
from data.storage.layout import REPORT_LINES
from data.store import Store
from data.store.reports import ReportLine
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.widgets.footer import Footer
from tui.widgets.form import BadValue, Field, FormMixin, YesNo, parse_date
from tui.widgets.typed import set_value

#: how many months back the relationship page lists (and its form offers): as many as the index
#: keeps the lines of (``data.storage.layout.REPORT_LINES``)
REPORT_MONTHS = REPORT_LINES


def step_month(month: date | None, step: int, today: date) -> date | None:
    """The month ``step`` months from ``month`` (this month when none), or None past this
    month: what ``p``/``n`` go to in the month views (reports, payments)."""
    stepped = add_months(month or month_start(today), step)
    return None if stepped > month_start(today) else stepped


def shown_days(days: list[date]) -> str:
    return ", ".join(str(d.day) for d in days)


def names_of(store: Store[Any], client_id: int, *volunteer_ids: int) -> str:
    """ "Client – Volunteer" (a peer pair: both), from the index's facts."""
    c = store.records.client_facts().get(client_id)
    facts = store.records.volunteer_facts()
    names = " & ".join(v.name if (v := facts.get(i)) else "?" for i in volunteer_ids)
    return f"{c.name if c else '?'} – {names}"


def how_text(report: MonthlyReport | ReportLine | None) -> str:
    if report is None or report.how is None:
        return "–"
    return t(f"reports.how.{report.how.value}")


def parse_days(text: str, month: date) -> list[date]:
    """Day numbers of ``month`` ("3, 17" or "3 17"); a day the month lacks is told so."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    days = []
    for part in parts:
        number = part.rstrip(".")
        if not re.fullmatch(r"[0-9]{1,2}", number):
            raise BadValue(t("reports.form.bad_days"))
        if not 1 <= int(number) <= month_end(month).day:
            raise BadValue(t("reports.form.no_such_day", day=number, month=shown_month(month)))
        days.append(month.replace(day=int(number)))
    return days


def report_months(relationship: Relationship, today: date) -> list[date]:
    """The relationship's months, newest first, from this month back ``REPORT_MONTHS``, within
    its start and end (none before it started)."""
    a = relationship.agreement
    if a is None:
        return []
    first, last = month_start(a.start), month_start(today)
    if relationship.ended_on is not None:
        last = min(last, month_start(relationship.ended_on))
    months = []
    month = last
    while month >= first and len(months) < REPORT_MONTHS:
        months.append(month)
        month = add_months(month, -1)
    return months


def relationship_reports_text(store: Store[Any], relationship: Relationship, today: date) -> str:
    """Each month of the relationship page: its report (days, arrival, who recorded it), or
    missing (a month it owes: ``data.rules.reports.owes``), or (this month) still running."""
    lines = []
    this_month = month_start(today)
    facts = of_relationship(relationship)  # its facts (not every relationship's: 22,387)
    months = report_months(relationship, today)
    # the lines kept in the index: no month's reports file read (2.4 MB each at national scale)
    reports = store.reports.lines(relationship.id or 0, months)
    for month in months:
        report = reports.get(month)
        label = shown_month(month)
        if report is not None:
            what = shown_days(report.days_met) if report.days_met else t("reports.no_meetings")
            line = t(
                "reports.page.received",
                month=label,
                days=what,
                received=i18n.day(report.received_on),
                how=how_text(report),
                who=report.created_by,
            )
            if report.version > 1:
                changed = i18n.moment(report.changed_at)
                line += " · " + t("reports.form.corrected", who=report.changed_by, at=changed)
            lines.append(line)
        elif month == this_month:
            lines.append(t("reports.page.running", month=label))
        elif facts is not None and owes(facts, month):
            lines.append(f"‼ {t('reports.page.missing', month=label)}")
    return "\n".join(lines) or t("relationship.none")


def default_month(store: Store[Any], relationship: Relationship, today: date) -> date | None:
    """The form's first month: the newest past month without a report, else last month."""
    months = report_months(relationship, today)
    past = [m for m in months if m < month_start(today)]
    for month in past:
        if store.reports.get(relationship.id or 0, month) is None:
            return month
    return past[0] if past else (months[0] if months else None)


class ReportDialog(FormMixin, TukiModal[MonthlyReport | None]):
    """dismiss(the saved report) or None."""

    TITLE_KEY = "reports.form.title"
    CSS_PATH = "reports.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "reports.key.save", priority=True, id="report_form.save"),
        Binding("escape", "cancel", "reports.key.cancel", id="report_form.cancel"),
    ]

    def __init__(
        self, relationship_id: int, names: str, month: date | None, months: list[date]
    ) -> None:
        """``month`` is the month shown first; ``months`` the ones to choose from (empty: the
        month is fixed)."""
        super().__init__()
        self.relationship_id = relationship_id
        self.names = names
        self.months = months or ([month] if month else [])
        self.month = month or (self.months[0] if self.months else None)
        self.report: MonthlyReport | None = None
        self.offered: list[date] = []

    def compose(self) -> ComposeResult:
        options = [(shown_month(m), m.isoformat()) for m in self.months]
        month = Select(
            options,
            value=self.month.isoformat() if self.month else Select.NULL,
            allow_blank=False,
            id="in-month",
            compact=True,
            disabled=len(options) < 2,
        )
        how = Select(
            [(t(f"reports.how.{h.value}"), h.value) for h in ReportHow],
            prompt=t("reports.how.none"),
            id="in-how",
            compact=True,
        )
        with Vertical(id="report-dialog"):
            yield Label(t("reports.form.title_for", names=self.names), classes="title-bar")
            yield Field("month", t("reports.form.month"), month)
            yield Static("", id="offered")
            yield Field("days", t("reports.form.days"), Input(id="in-days", compact=True))
            yield Field("no_meetings", t("reports.form.no_meetings"), YesNo(False, id="in-none"))
            with Horizontal(classes="row"):
                yield Field(
                    "received_on",
                    t("reports.form.received"),
                    Input(i18n.day(self.today()), id="in-received_on", compact=True),
                )
                yield Field("how", t("reports.form.how"), how)
            yield Static("", id="recorded")
            yield Footer()

    def on_mount(self) -> None:
        self.fill()
        self.query_one("#in-days", Input).focus()

    # ----- the month's values ------------------------------------------------------------

    def load(self) -> None:
        """The month's stored report and offered days (the store is read here only)."""
        if self.month is None:
            return
        self.report = self.store.reports.get(self.relationship_id, self.month)
        self.offered = self.store.reports.offered(self.relationship_id, self.month)

    def values(self) -> dict[str, Any]:
        """Widget id -> value as the form opens on the loaded month."""
        r = self.report
        if self.month is None:
            return {}
        if r is not None:
            return {
                "in-days": shown_days(r.days_met),
                "in-none": r.no_meetings,
                "in-received_on": i18n.day(r.received_on),
                "in-how": r.how.value if r.how else Select.NULL,
            }
        previous = self.store.reports.get(self.relationship_id, add_months(self.month, -1))
        how = previous.how if previous is not None else None  # the channel used last time
        return {
            "in-days": shown_days(self.offered),
            "in-none": False,
            "in-received_on": i18n.day(self.today()),
            "in-how": how.value if how else Select.NULL,
        }

    def fill(self) -> None:
        self.load()
        for wid, value in self.values().items():
            set_value(self.query_one(f"#{wid}"), value)
        offered = shown_days(self.offered) if self.offered else t("reports.form.none_logged")
        self.query_one("#offered", Static).update(t("reports.form.offered", days=offered))
        r = self.report
        recorded = ""
        if r is not None:
            recorded = t("reports.form.recorded", who=r.created_by, at=i18n.moment(r.created_at))
            if r.version > 1:
                changed = i18n.moment(r.changed_at)
                recorded += " · " + t("reports.form.corrected", who=r.changed_by, at=changed)
        self.query_one("#recorded", Static).update(recorded)
        # what the form opened with on this month: Esc closes at once unless something was typed
        month = {"in-month": self.month.isoformat()} if self.month else {}
        self.pristine = {**self.pristine, **self.values(), **month}

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "in-month" and isinstance(event.value, str):
            month = date.fromisoformat(event.value)
            if month != self.month:
                self.month = month
                self.clear_errors()
                self.fill()

    def reload_record(self) -> bool:
        self.load()
        return self.report is not None

    def stored_values(self) -> dict[str, Any]:
        return self.values()

    # ----- saving ------------------------------------------------------------------------

    def build(self) -> MonthlyReport:
        month = self.month
        if month is None:
            raise BadValue(t("app.required"))
        problems = 0
        days: list[date] = []
        received: date | None = None
        try:
            days = self.read("days", parse_days, month=month)
        except BadValue:
            problems += 1
        try:
            received = self.read("received_on", parse_date)
        except BadValue:
            problems += 1
        if problems or received is None:
            raise BadValue(t("reports.form.fix_fields"))
        none = self.query_one("#in-none", Switch).value
        if none and days:
            self.field("days").set_error(t("error.no_meetings_with_days"))
            raise BadValue(t("error.no_meetings_with_days"))
        if not none and not days:
            self.field("days").set_error(t("error.no_days_met"))
            raise BadValue(t("error.no_days_met"))
        how = self.query_one("#in-how", Select).value
        return MonthlyReport(
            relationship_id=self.relationship_id,
            month=month,
            days_met=days,
            no_meetings=none,
            received_on=received,
            how=ReportHow(how) if isinstance(how, str) else None,
            version=self.report.version if self.report is not None else 0,
        )

    def action_save(self) -> None:
        self.clear_errors()
        try:
            report = self.build()
        except BadValue as exc:
            self.notify(str(exc), severity="error")
            return
        except ValidationError as exc:
            self.notify(self.show_problems(exc), severity="error", timeout=8)
            return
        reports = self.store.reports
        try:
            if self.report is not None:
                saved = self.attempt(lambda: reports.correct(self.user, report))
            else:
                saved = reports.receive(self.user, report)
        except StorageError as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=12)
            return
        except (TukiError, ValidationError) as exc:
            self.notify(self.show_problems(exc), severity="error", timeout=8)
            return
        if saved is None:  # a conflict: its dialog is open
            return
        names, label = self.names, shown_month(saved.month)
        self.notify(t("reports.saved", month=label, names=names))
        from tui.screens.paid_dialog import approved_notice

        notice = approved_notice(self.store, saved.month)
        if notice:
            self.notify(notice, severity="warning", timeout=12)
        self.dismiss(saved)
