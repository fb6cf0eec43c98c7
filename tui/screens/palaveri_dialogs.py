"""The palaveri runner's dialogs: who attends, and which meeting to begin (or resume)."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, OptionList, Select, Static

from data.errors import TukiError
from data.models import Attendee, Palaveri, PalaveriKind, Relationship, Role
from data.rules import agendas
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.screens.palaveri import _input, role_word
from tui.widgets.form import BadValue, Field, FormMixin, parse_date


class AttendeesDialog(TukiModal[list[Attendee] | None]):
    """Who attends, by role: add with the role and a name, Delete removes the highlighted."""

    CSS_PATH = "palaveri.tcss"
    BINDINGS = [
        Binding("ctrl+s", "close", "palaveri.key.ready", priority=True, id="attendees.close"),
        Binding("escape", "cancel", "app.cancel", id="attendees.cancel"),
        Binding("delete", "remove", "palaveri.key.remove", id="attendees.remove"),
    ]

    def __init__(self, palaveri: Palaveri) -> None:
        super().__init__()
        self.palaveri = palaveri
        self.attendees = list(palaveri.attendees)

    def compose(self) -> ComposeResult:
        roles = [(role_word(r), r) for r in Role]
        with Vertical(classes="palaveri--dialog"):
            yield Label(t("palaveri.attendees_title"), classes="title-bar")
            yield OptionList(id="people")
            with Horizontal(classes="palaveri--add"):
                yield Select(roles, value=Role.CHILD, allow_blank=False, id="in-role", compact=True)
                yield Input(placeholder=t("palaveri.name"), id="in-name", compact=True)
            yield Static("", id="warning")
            yield Static(t("palaveri.attendees_help"), classes="muted")

    def on_mount(self) -> None:
        self._show()
        self.query_one("#in-role", Select).focus()

    def _show(self) -> None:
        people = self.query_one("#people", OptionList)
        people.clear_options()
        people.add_options(f"{role_word(a.role)}: {a.name or '–'}" for a in self.attendees)
        codes = agendas.attendance_warnings(self.palaveri.kind, [a.role for a in self.attendees])
        text = " ".join(f"⚠ {agendas.attendance_text(c, i18n.language())}" for c in codes)
        self.query_one("#warning", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        role = self.query_one("#in-role", Select).value
        assert isinstance(role, Role)
        codes = agendas.attendance_warnings(self.palaveri.kind, [role])
        if any(c in agendas.REFUSALS for c in codes):
            self.notify(agendas.attendance_text(codes[0], i18n.language()), severity="error")
            return
        self.attendees.append(Attendee(role=role, name=event.value.strip()))
        event.input.value = ""
        self._show()
        self.query_one("#in-role", Select).focus()

    def action_remove(self) -> None:
        people = self.query_one("#people", OptionList)
        if people.has_focus and people.highlighted is not None:
            del self.attendees[people.highlighted]
            self._show()

    def action_close(self) -> None:
        self.dismiss(self.attendees)

    def action_cancel(self) -> None:
        self.dismiss(None)


class StartPalaveriDialog(FormMixin, TukiModal[Palaveri | None]):
    """Choose the kind and the day; an open draft of that kind is resumed, not doubled."""

    CSS_PATH = "palaveri.tcss"
    BINDINGS = [
        Binding("ctrl+s", "start", "palaveri.key.begin", priority=True, id="palaveri_start.start"),
        Binding("escape", "cancel", "app.cancel", id="palaveri_start.cancel"),
    ]

    def __init__(self, relationship: Relationship, suggested: PalaveriKind) -> None:
        super().__init__()
        self.relationship = relationship
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        kinds = [(i18n.palaveri_kind(k), k) for k in PalaveriKind]
        assert self.relationship.id is not None
        drafts = self.store.palaverit.drafts(self.relationship.id)
        with Vertical(classes="palaveri--dialog"):
            yield Label(t("palaveri.start_title"), classes="title-bar")
            yield Field(
                "kind",
                t("palaveri.kind"),
                Select(kinds, value=self.suggested, allow_blank=False, id="in-kind", compact=True),
            )
            yield Field("on", t("palaveri.on"), _input("on", i18n.day(self.today())))
            if drafts:
                listed = ", ".join(f"{i18n.palaveri_kind(d.kind)} {i18n.day(d.on)}" for d in drafts)
                yield Static(t("palaveri.drafts", drafts=listed), classes="muted")
            yield Static(t("palaveri.start_help"), classes="muted")

    def on_mount(self) -> None:
        self.query_one("#in-kind", Select).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        self.clear_errors()
        kind = self.query_one("#in-kind", Select).value
        assert isinstance(kind, PalaveriKind) and self.relationship.id is not None
        try:
            on: date = self.read("on", parse_date)
            palaveri = self.store.palaverit.start(self.user, self.relationship.id, kind, on)
        except BadValue:
            return
        except (TukiError, ValueError) as exc:
            self.show_problems(exc)
            self.notify(i18n.explain(exc), severity="error", timeout=10)
            return
        self.dismiss(palaveri)

    def action_cancel(self) -> None:
        self.dismiss(None)


def suggested_kind(relationship: Relationship) -> PalaveriKind:
    """What meeting a relationship most likely needs next."""
    state = relationship.state.value
    if state == "proposed":
        return PalaveriKind.START
    if state == "ended":
        return PalaveriKind.ENDING
    return PalaveriKind.REVIEW


__all__ = ["AttendeesDialog", "StartPalaveriDialog", "suggested_kind"]
