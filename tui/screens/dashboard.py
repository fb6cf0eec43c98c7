"""The start screen: the day's alerts, most urgent first, and the figures at a glance."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.text import Text
from textual.binding import Binding

from data.rules.alerts import Alert, AlertKind
from tui import i18n
from tui.i18n import t
from tui.listing import alert_mark, alert_text
from tui.screens.record_list import RecordList


def mark(alert: Alert) -> Text:
    """A word and a symbol, never colour alone: ‼ CONCERN for a concern nobody was told of."""
    symbol = alert_mark(alert)
    if alert.kind is AlertKind.CONCERN_UNNOTIFIED:
        return Text(f"{symbol} {t('dashboard.concern_word')}", style="bold reverse")
    return Text(symbol, style="bold" if symbol == "!" else "")


def since(alert: Alert) -> str:
    value = alert.since
    return i18n.day(value.date() if isinstance(value, datetime) else value)


class DashboardScreen(RecordList[Alert]):
    """The alerts as a list (no search, no filter), the counts as its status line."""

    TITLE_KEY = "dashboard.title"
    CSS_PATH = "dashboard.tcss"
    AREA = "dashboard"
    # 80 columns: 8 + 20 + 30 + 10 and one cell of padding each side
    COLUMNS = (("mark", 8), ("subject", 20), ("why", 30), ("since", 10))
    GROW = {"subject": 1, "why": 2}  # a wider window shows more of the names and the reasons
    SHOWN = 1_000_000  # every alert: there is no search or filter to reach one further down
    BINDINGS = [
        Binding("enter", "open", "dashboard.open", show=False, id="dashboard.open"),
        Binding("ctrl+r", "refresh", "dashboard.refresh", show=False, id="dashboard.refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.title_line = ""
        self.counts_line = ""

    @property
    def alerts(self) -> list[Alert]:
        return self.loaded

    def refresh_data(self) -> None:
        """The heading and the counts, then the alerts (RecordList.refresh_data)."""
        today = self.today()
        settings = self.store.records.settings()
        self.title_line = t(
            "dashboard.heading",
            programme=settings.programme_name,
            day=i18n.day(today),
            user=self.user,
        )
        counts = self.store.alerts.counts(today)
        self.counts_line = i18n.counts_line(counts)
        super().refresh_data()

    def load(self) -> list[Alert]:
        now = self.now()
        return self.store.alerts.list(now.date(), now)

    def cells(self, row: Alert) -> tuple[str | Text, ...]:
        return mark(row), row.subject.name, alert_text(row), since(row)

    def key(self, row: Alert) -> str:
        """Why and about whom: the cursor stays on it when alerts come and go around it."""
        return f"{row.kind.value}:{row.subject.kind}:{row.subject.id}"

    def subject(self, row: Alert) -> tuple[str, int]:
        return row.subject.kind, row.subject.id

    def detail(self, row: Alert) -> str:
        """The reason whole: at 80 columns its column cuts the longer ones."""
        return f"{row.subject.name}: {alert_text(row)}"

    def heading(self, shown: Sequence[Alert]) -> str:
        return self.title_line

    def status(self, shown: Sequence[Alert]) -> str:
        return self.counts_line

    def action_refresh(self) -> None:
        self.refresh_data()
