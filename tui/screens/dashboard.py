"""The start screen: the day's alerts, most urgent first, and the figures at a glance."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from data.rules.alerts import Alert, AlertKind
from tui import i18n
from tui.i18n import t
from tui.listing import alert_mark, alert_text
from tui.screens.base import TukiScreen
from tui.widgets.footer import Footer


def mark(alert: Alert) -> Text:
    """A word and a symbol, never colour alone: ‼ CONCERN for a concern nobody was told of."""
    symbol = alert_mark(alert)
    if alert.kind is AlertKind.CONCERN_UNNOTIFIED:
        return Text(f"{symbol} {t('dashboard.concern_word')}", style="bold reverse")
    return Text(symbol, style="bold" if symbol == "!" else "")


def since(alert: Alert) -> str:
    value = alert.since
    return i18n.day(value.date() if isinstance(value, datetime) else value)


class DashboardScreen(TukiScreen):
    TITLE_KEY = "dashboard.title"
    CSS_PATH = "dashboard.tcss"
    BINDINGS = [
        Binding("enter", "open", "dashboard.open", show=False, id="dashboard.open"),
        Binding("ctrl+r", "refresh", "dashboard.refresh", show=False, id="dashboard.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.alerts: list[Alert] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        yield Static("", id="counts")
        table: DataTable[str | Text] = DataTable(id="alerts", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(t("dashboard.empty"), id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#alerts", DataTable)
        # 80 columns: 8 + 20 + 30 + 10 and one cell of padding each side
        table.add_column(t("dashboard.col.mark"), key="mark", width=8)
        table.add_column(t("dashboard.col.subject"), key="subject", width=20)
        table.add_column(t("dashboard.col.why"), key="why", width=30)
        table.add_column(t("dashboard.col.since"), key="since", width=10)
        table.focus()

    def refresh_data(self) -> None:
        store = self.store
        now = self.now()
        today = now.date()
        settings = store.records.settings()
        self.query_one("#heading", Static).update(
            t(
                "dashboard.heading",
                programme=settings.programme_name,
                day=i18n.day(today),
                user=self.user,
            )
        )
        counts = store.alerts.counts(today)
        self.query_one("#counts", Static).update(
            t(
                "counts.line",
                active=counts.active,
                waiting=counts.waiting,
                longest=counts.longest_wait_days,
                vetting=counts.in_vetting,
                meetings=counts.meetings_this_month,
            )
        )
        self.alerts = store.alerts.list(today, now)
        table = self.query_one("#alerts", DataTable)
        row = table.cursor_row
        table.clear()
        for index, alert in enumerate(self.alerts):
            table.add_row(
                mark(alert), alert.subject.name, alert_text(alert), since(alert), key=str(index)
            )
        if self.alerts:
            table.move_cursor(row=min(row, len(self.alerts) - 1))
        self.set_class(not self.alerts, "-empty")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#alerts", DataTable).cursor_row)

    def action_refresh(self) -> None:
        self.refresh_data()

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.alerts):
            subject = self.alerts[row].subject
            self.tuki.open_subject(subject.kind, subject.id)
