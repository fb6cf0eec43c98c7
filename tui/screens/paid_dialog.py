"""The day a month's approved payments were paid: one date field, today by default, written
as the forms take dates (22.11.2026 or 2026-11-22); Enter records it, Esc cancels."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.widgets.form import BadValue, parse_date


class PaidDialog(TukiModal[date | None]):
    BINDINGS = [Binding("escape", "cancel", "payments.key.cancel", id="paid.cancel")]
    DEFAULT_CSS = """
    PaidDialog { align: center middle; }
    PaidDialog > Vertical { width: 60; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1; }
    PaidDialog Input { background: $boost; }
    PaidDialog #paid-problem { color: $error; height: auto; }
    """

    def __init__(self, month: str, default: date) -> None:
        super().__init__()
        self.month = month
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("payments.paid_dialog.title", month=self.month), classes="title-bar")
            yield Static(t("payments.paid_dialog.day"))
            yield Input(i18n.day(self.default), id="paid-day", compact=True)
            yield Static("", id="paid-problem")
            yield Static(t("payments.paid_dialog.keys"), classes="muted")

    def on_mount(self) -> None:
        self.query_one("#paid-day", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = parse_date(event.value)
        except BadValue as exc:
            self.query_one("#paid-problem", Static).update(str(exc))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


def approved_notice(store: Any, *days: date) -> str | None:
    """When a change touches a month whose payments are approved (locked): what happens to
    the money now, for the notification after the save; None otherwise."""
    from data.dates import fi_month, month_start

    for month in sorted({month_start(day) for day in days}):
        if store.payments.approved(month) is not None:
            return t("payments.locked_change", month=fi_month(month))
    return None
