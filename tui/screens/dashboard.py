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
        yield Static("", id="why")  # the highlighted alert's reason, whole
        yield Static(t("dashboard.empty"), id="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#alerts", DataTable).focus()

    def on_resize(self) -> None:
        self._fill()  # the columns use the width there is

    def widths(self) -> tuple[int, int, int, int]:
        """At 80 columns 8 + 20 + 30 + 10 (one cell of padding each side, the scrollbar);
        what is wider goes to the subject (a third) and the reason (the rest)."""
        spare = max(0, self.size.width - 80)
        return 8, 20 + spare // 3, 30 + spare - spare // 3, 10

    def _fill(self) -> None:
        """The columns at the current width and a row per alert (no reading of the store)."""
        table = self.query_one("#alerts", DataTable)
        widths = self.widths()
        if getattr(self, "_widths", None) != widths:
            self._widths = widths
            table.clear(columns=True)
            for key, width in zip(("mark", "subject", "why", "since"), widths, strict=True):
                table.add_column(t(f"dashboard.col.{key}"), key=key, width=width)
        row = table.cursor_row
        table.clear()
        for index, alert in enumerate(self.alerts):
            table.add_row(
                mark(alert), alert.subject.name, alert_text(alert), since(alert), key=str(index)
            )
        if self.alerts:
            table.move_cursor(row=min(row, len(self.alerts) - 1))
        self._show_why(table.cursor_row)

    def _show_why(self, row: int) -> None:
        alert = self.alerts[row] if 0 <= row < len(self.alerts) else None
        text = f"{alert.subject.name}: {alert_text(alert)}" if alert else ""
        self.query_one("#why", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_why(event.cursor_row)

    def refresh_data(self) -> None:
        store = self.store
        now = self.now()
        today = now.date()
        settings = store.settings()
        self.query_one("#heading", Static).update(
            t(
                "dashboard.heading",
                programme=settings.programme_name,
                day=i18n.day(today),
                user=self.user,
            )
        )
        counts = store.counts(today)
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
        self.alerts = store.alerts(today, now)
        self._fill()
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
