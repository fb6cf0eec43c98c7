"""'You have a draft of this form': continue it, or start afresh (tui/widgets/drafts.py)."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static

from data.dates import HELSINKI
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal


class DraftDialog(TukiModal[str | None]):
    """Answers "resume" (Enter: the focused button), "afresh" (the draft is deleted) or None
    (Esc: the form closes, the draft stays). No letter is a key: keys typed fast for the form
    choose nothing here."""

    BINDINGS = [Binding("escape", "later", "drafts.offer.later", id="draft.later")]
    DEFAULT_CSS = """
    DraftDialog { align: center middle; }
    DraftDialog > Vertical { width: 64; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1; }
    DraftDialog Horizontal { height: auto; }
    DraftDialog Button { margin: 1 1 0 0; }
    DraftDialog .draft--typed { text-style: italic; }
    """

    def __init__(self, saved_at: datetime, typed: str = "") -> None:
        super().__init__()
        self.saved_at = saved_at.astimezone(HELSINKI)
        self.typed = typed

    def compose(self) -> ComposeResult:
        moment = self.saved_at
        with Vertical():
            yield Label(t("drafts.offer.title"), classes="help--title")
            yield Static(
                t(
                    "drafts.offer.when",
                    day=i18n.day(moment.date()),
                    time=i18n.clock(moment.replace(tzinfo=None)),
                )
            )
            if self.typed:
                typed = t("drafts.offer.typed", text=self.typed)  # the user's text: no markup
                yield Static(typed, classes="draft--typed", markup=False)
            with Horizontal():
                yield Button(t("drafts.offer.resume"), id="resume", variant="primary", compact=True)
                yield Button(t("drafts.offer.afresh"), id="afresh", compact=True)
            yield Static(t("drafts.offer.keys"), classes="muted")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)

    def action_later(self) -> None:
        self.dismiss(None)
