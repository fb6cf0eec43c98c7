"""The access log for an admin: who saw which client's data, when, how and from where.

Reached from the palette (``TukiApp.action_access_log``; not offered to a coordinator or a
reader, and refused to them). Two fields filter it: a client's id (empty: every client) and
a month (``11/2026`` or ``2026-11``; empty: this month). The newest entry is first; a month of
tens of thousands of entries shows its newest ``SHOWN`` and says how many there are. Reading
the log shows ids only (no name, nothing seen): it is not logged itself; the command
``tuki access-log`` writes a client's answer (and is logged).
"""

from __future__ import annotations

import re
from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, Static

from data.dates import fi_month, month_end, month_start
from data.errors import TukiError
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.widgets.footer import Footer

TYPING_PAUSE = 0.3  # seconds without a key before a filter is read again
SHOWN = 500  # the newest entries a filter shows (a DataTable of 50,000 rows is slow to draw)
_MONTH = re.compile(r"\s*(?:(\d{1,2})\s*/\s*(\d{4})|(\d{4})-(\d{1,2}))\s*")


def parse_month(text: str) -> date | None:
    """``11/2026`` or ``2026-11`` as its first day; None for anything else."""
    found = _MONTH.fullmatch(text)
    if found is None:
        return None
    month, year = (found.group(1), found.group(2)) if found.group(1) else found.group(4, 3)
    try:
        return date(int(year), int(month), 1)
    except ValueError:
        return None


class AccessLogScreen(TukiScreen):
    TITLE_KEY = "access.title"
    BINDINGS = [Binding("escape", "back", "access.key.back", id="access_log.back")]
    DEFAULT_CSS = """
    AccessLogScreen #filters { height: 2; padding: 0 1; }
    AccessLogScreen #filters Label { padding: 0 1 0 0; }
    AccessLogScreen #filters Input { width: 16; margin-right: 2; }
    AccessLogScreen #entries { height: 1fr; }
    AccessLogScreen #status { height: 1; padding: 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._typing: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(t("access.title"), id="heading", classes="title-bar")
        with Horizontal(id="filters"):
            yield Label(t("access.filter.client"))
            yield Input(id="client", placeholder=t("access.filter.every"), compact=True)
            yield Label(t("access.filter.month"))
            yield Input(id="month", placeholder=fi_month(self.today()), compact=True)
        yield DataTable(id="entries", cursor_type="row")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one("#entries", DataTable)
        for key in ("when", "who", "client", "view", "face"):
            table.add_column(t(f"access.col.{key}"), key=key)
        self.query_one("#client", Input).focus()

    def on_input_changed(self, _event: Input.Changed) -> None:
        """Read again once the typing pauses (a national month is tens of megabytes)."""
        if self._typing is not None:
            self._typing.stop()
        self._typing = self.set_timer(TYPING_PAUSE, self.refresh_data)

    def filters(self) -> tuple[int | None, date] | str:
        """(client id or None, month), or the words of what is wrong with a field."""
        client_text = self.query_one("#client", Input).value.strip()
        month_text = self.query_one("#month", Input).value.strip()
        if client_text and not (client_text.isdigit() and 0 < int(client_text) < 10**9):
            return t("access.filter.bad_client")
        month = parse_month(month_text) if month_text else month_start(self.today())
        if month is None:
            return t("access.filter.bad_month")
        return (int(client_text) if client_text else None), month

    def refresh_data(self) -> None:
        from data.model.access import AccessEntry
        from tui.viewed import face_name, view_name, when

        table: DataTable[str] = self.query_one("#entries", DataTable)
        status = self.query_one("#status", Static)
        chosen = self.filters()
        if isinstance(chosen, str):  # no rows of the filter before: they are not what it says
            table.clear()
            status.update(chosen)
            return
        client, month = chosen
        try:
            entries: list[AccessEntry] = self.store.access.entries(
                self.user, client_id=client, start=month, end=month_end(month)
            )
        except TukiError as exc:
            status.update(i18n.explain(exc))
            table.clear()
            return
        table.clear()
        for e in reversed(entries[-SHOWN:]):
            row = (when(e), e.by, str(e.client), view_name(e.view), face_name(e.face))
            table.add_row(*row, key=f"{e.at.isoformat()}#{e.number}#{e.client}")
        shown = min(len(entries), SHOWN)
        status.update(t("access.status", n=len(entries), shown=shown, month=fi_month(month)))

    def action_back(self) -> None:
        self.app.pop_screen()


__all__ = ["AccessLogScreen", "parse_month"]
