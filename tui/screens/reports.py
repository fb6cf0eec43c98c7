"""The month's reports: every relationship that owes a monthly report for a month (by default
last month), received or missing.

``r`` records the highlighted one as received today with the days offered from its held
meetings (the cursor then moves on, so a pile of reports goes ``r``, ``r``, ``r``); ``e`` opens
the form to change the days, mark "no meetings", or set when and how it arrived (and corrects
a received one). ``p`` and ``n`` go to the previous and the next month, ``f`` shows only the
missing ones, Enter opens the relationship.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.binding import Binding

from data.dates import add_months, month_start
from data.models import MonthlyReport
from data.store.reports import MonthRow
from tui import i18n
from tui.i18n import t
from tui.listing import pair_name, pair_order
from tui.pair_names import shown_volunteer
from tui.screens.history import open_history
from tui.screens.record_list import RecordList
from tui.screens.report_form import ReportDialog, how_text, shown_days, shown_month, step_month


@dataclass(frozen=True)
class ReportRow:
    row: MonthRow
    names: str

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def report(self) -> MonthlyReport | None:
        return self.row.report


class ReportsScreen(RecordList[ReportRow]):
    TITLE_KEY = "reports.title"
    CSS_PATH = "reports.tcss"
    AREA = "reports"
    KIND = "relationship"
    SEARCH = "reports.search"
    COLUMNS = (("names", 32), ("state", 12), ("days", 22), ("how", 10))
    GROW = {"names": 2, "days": 1}
    FILTERS = ("all", "missing")
    BINDINGS = [
        Binding("r", "receive", "reports.key.receive", id="reports.receive"),
        Binding("e", "edit", "reports.key.edit", id="reports.edit"),
        Binding("p", "month(-1)", "reports.key.previous", id="reports.previous"),
        Binding("n", "month(1)", "reports.key.next", id="reports.next"),
        Binding("f", "filter", "reports.key.filter", id="reports.filter"),
        Binding("slash", "search", "reports.key.search", key_display="/", id="reports.search"),
        Binding("enter", "open", "reports.key.open", show=False, id="reports.open"),
        Binding("h", "history", "history.key.open", show=False, id="reports.history"),
        Binding("escape", "leave_search", "app.key.back", show=False, id="reports.leave_search"),
    ]

    def action_history(self) -> None:
        """The history of the highlighted row's report of the month (none before it came)."""
        row = self.current()
        if row is not None and row.report is not None and self.month is not None:
            open_history(self, "monthly_report", f"{row.id} {self.month.isoformat()[:7]}")

    def __init__(self) -> None:
        super().__init__()
        self.month: date | None = None  # set when first shown: last month by the app's clock

    # ----- the rows ------------------------------------------------------------------------

    def load(self) -> Sequence[ReportRow]:
        if self.month is None:
            self.month = month_start(add_months(self.today(), -1))
        store = self.store
        clients, volunteers = store.records.client_facts(), store.records.volunteer_facts()
        rows = []
        for row in store.reports.month(self.month):
            c, v = clients.get(row.facts.client_id), shown_volunteer(volunteers, row.facts)
            rows.append((pair_order(c, v), ReportRow(row, pair_name(c, v))))
        return [row for _, row in sorted(rows, key=lambda r: (r[0], r[1].id))]

    def cells(self, row: ReportRow) -> tuple[str | Text, ...]:
        r = row.report
        if r is None:
            state = Text(f"‼ {t('reports.state.missing')}", style="bold")
            offered = t("reports.offered", days=shown_days(row.row.offered))
            days = offered if row.row.offered else t("reports.none_logged")
        else:
            state = Text(i18n.day(r.received_on))
            days = shown_days(r.days_met) if r.days_met else t("reports.no_meetings")
        return row.names, state, days, how_text(r)

    def text(self, row: ReportRow) -> str:
        return row.names

    def keep(self, row: ReportRow) -> bool:
        return self.filter == "all" or row.report is None

    def heading(self, shown: Sequence[ReportRow]) -> str:
        month = self.month or month_start(self.today())
        return t("reports.heading", month=shown_month(month))

    def status(self, shown: Sequence[ReportRow]) -> str:
        missing = sum(1 for r in self.loaded if r.report is None)
        return t(
            f"reports.summary.{self.filter}",
            n=len(shown),
            owed=len(self.loaded),
            missing=missing,
        )

    def detail(self, row: ReportRow) -> str:
        """The highlighted row whole: the names, and who recorded it or the days offered."""
        r = row.report
        if r is None:
            offered = (
                shown_days(row.row.offered) if row.row.offered else t("reports.form.none_logged")
            )
            return f"{row.names} · {t('reports.form.offered', days=offered)}"
        line = t("reports.form.recorded", who=r.created_by, at=i18n.moment(r.created_at))
        if r.version > 1:
            changed = i18n.moment(r.changed_at)
            line += " · " + t("reports.form.corrected", who=r.changed_by, at=changed)
        return f"{row.names} · {line}"

    # ----- keys ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        found = super().check_action(action, parameters)
        if found is not True:
            return found
        if action in ("receive", "edit"):
            return bool(self.rows)
        if action == "month" and parameters == (1,):
            return self.month is None or self.month < month_start(self.today())
        return True

    def action_month(self, step: int) -> None:
        month = step_month(self.month, step, self.today())
        if month is None:
            return
        self.month = month
        self.refresh_data()

    def action_receive(self) -> None:
        """The highlighted one as received today with the offered days; without any logged
        meeting the form opens (no meetings is said explicitly there)."""
        row = self.current()
        if row is None or self.month is None:
            return
        if row.report is not None:
            self.notify(t("reports.already", names=row.names, month=shown_month(self.month)))
            return
        if not row.row.offered:
            self.notify(t("reports.nothing_offered"))
            self.action_edit()
            return
        previous = self.store.reports.get(row.id, add_months(self.month, -1))
        report = MonthlyReport(
            relationship_id=row.id,
            month=self.month,
            days_met=row.row.offered,
            received_on=self.today(),
            how=previous.how if previous is not None else None,
        )
        index = self.table.cursor_row
        saved = self.attempt(lambda: self.store.reports.receive(self.user, report))
        if saved is None:
            return
        self.notify(t("reports.saved", month=shown_month(saved.month), names=row.names))
        self.tuki.refresh_screens()
        self.move_on(index)

    def move_on(self, index: int) -> None:
        """After a quick record: the next row (with only the missing shown, the same index is
        the next one now)."""
        if not self.rows:
            return
        step = 0 if self.filter == "missing" else 1
        self.table.move_cursor(row=min(index + step, len(self.rows) - 1))

    def action_edit(self) -> None:
        row = self.current()
        if row is None or self.month is None:
            return

        def after(saved: MonthlyReport | None) -> None:
            if saved is not None:
                self.tuki.refresh_screens()

        self.app.push_screen(ReportDialog(row.id, row.names, self.month, []), after)
