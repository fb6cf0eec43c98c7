"""The dialog that ends a relationship: when and why (the relationship page's ``x``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Select, Static

from data.models import EndReason
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.widgets.footer import Footer
from tui.widgets.form import BadValue, Field, FormMixin, form_keys, parse_date


class EndDialog(FormMixin, TukiModal[Any]):
    """Ask when and why the relationship ends; dismiss((day, reason, note)) or None."""

    TITLE_KEY = "relationship.end_title"
    CSS_PATH = "relationship.tcss"
    BINDINGS = [
        Binding(
            "ctrl+s", "save", "relationship.key.save", priority=True, id="relationship_end.save"
        ),
        Binding("escape", "cancel", "relationship.key.cancel", id="relationship_end.cancel"),
    ]

    def __init__(self, today: date, reasons: tuple[EndReason, ...] = tuple(EndReason)) -> None:
        super().__init__()
        self.default_day, self.reasons = today, reasons

    def compose(self) -> ComposeResult:
        reasons = Select(
            [(t(f"relationship.end.{r.value}"), r.value) for r in self.reasons],
            prompt=t("relationship.end_reason_prompt"),
            id="in-end_reason",
            compact=True,
        )
        with Vertical(id="end-dialog"):
            yield Label(t("relationship.end_title"), classes="title-bar")
            yield Field(
                "ended_on",
                t("relationship.end_on"),
                Input(i18n.day(self.default_day), id="in-ended_on", compact=True),
            )
            yield Field("end_reason", t("relationship.end_reason"), reasons)
            yield Field(
                "end_note", t("relationship.end_note"), Input(id="in-end_note", compact=True)
            )
            with Horizontal(classes="keys"):
                yield Static(form_keys(self))
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#in-end_reason", Select).focus()

    def action_save(self) -> None:
        self.clear_errors()
        try:
            on = self.read("ended_on", parse_date)
        except BadValue:
            return
        value = self.query_one("#in-end_reason", Select).value
        if value is Select.NULL or not isinstance(value, str):
            self.field("end_reason").set_error(t("app.required"))
            return
        reason = EndReason(value)
        note = self.read("end_note")
        if reason is EndReason.OTHER and not note:
            self.field("end_note").set_error(t("relationship.end_note_needed"))
            return
        self.dismiss((on, reason, note))


__all__ = ["EndDialog"]
