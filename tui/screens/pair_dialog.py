"""A peer relationship's second support person (seed 003): add one, change them, or let the
first work alone again. Offered on the relationship page (key v) of an open peer relationship;
the store checks the person as a proposal does (an approved peer with room)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Select, Static

from data.models import Relationship, VolunteerKind
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.widgets.footer import Footer
from tui.widgets.form import Field, FormMixin, form_keys

ALONE = "alone"


class PairDialog(FormMixin, TukiModal[Any]):
    """Pick the second support person; dismiss(volunteer id, or None for none) or cancel."""

    TITLE_KEY = "pair.title"
    DEFAULT_CSS = """
    PairDialog #pair-dialog { width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1; }
    PairDialog .title-bar { text-style: bold; }
    PairDialog .keys { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "relationship.key.save", priority=True, id="pair.save"),
        Binding("escape", "cancel", "relationship.key.cancel", id="pair.cancel"),
    ]

    def __init__(self, relationship: Relationship) -> None:
        super().__init__()
        self.relationship = relationship

    def compose(self) -> ComposeResult:
        r = self.relationship
        peers = sorted(
            (
                v
                for v in self.store.records.volunteer_facts().values()
                if v.kind is VolunteerKind.PEER and v.approved and v.id != r.volunteer_id
            ),
            key=lambda v: (v.last, v.first),
        )
        options = [(t("pair.alone"), ALONE)] + [(f"{v.last} {v.first}", str(v.id)) for v in peers]
        second = r.second_volunteer_id
        value = str(second) if second is not None else ALONE
        picker: Select[str] = Select(
            options, value=value, allow_blank=False, id="in-second", compact=True
        )
        with Vertical(id="pair-dialog"):
            yield Label(t("pair.title"), classes="title-bar")
            yield Static(t("pair.help"), classes="muted")
            yield Field("second", t("pair.second"), picker)
            with Horizontal(classes="keys"):
                yield Static(form_keys(self))
            yield Footer()

    def on_mount(self) -> None:
        self.query_one("#in-second", Select).focus()

    def action_save(self) -> None:
        value = self.query_one("#in-second", Select).value
        self.dismiss(("second", int(value) if isinstance(value, str) and value.isdigit() else None))


def change_second(screen: Any) -> None:
    """Open the dialog for the page's relationship and save what is picked (refusals shown)."""
    r: Relationship | None = screen.relationship
    if r is None or r.id is None:
        return
    rid, version = r.id, r.version

    def after(result: Any) -> None:
        if not result:
            return
        chosen = result[1]
        saved = screen.attempt(
            lambda: screen.store.pairs.set_second(screen.user, rid, version, chosen)
        )
        if saved is not None:
            screen.notify(t("pair.saved" if chosen is not None else "pair.removed"))
            screen.tuki.refresh_screens()

    screen.app.push_screen(PairDialog(r), after)
