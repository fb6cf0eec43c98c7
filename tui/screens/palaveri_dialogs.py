"""The palaveri runner's dialogs: who attends, and which meeting to begin (or resume)."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList, Select, Static

from data.errors import TukiError
from data.model.people import ClientKind
from data.models import (
    Attendee,
    Client,
    Guardian,
    Palaveri,
    PalaveriKind,
    Relationship,
    Role,
    SocialWorker,
    Volunteer,
)
from data.rules import agendas
from data.rules.palaverit import holdable
from data.store import Store
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.screens.palaveri_fields import _input, role_word
from tui.widgets.form import BadValue, Field, FormMixin, parse_date, problem_text


class NameInput(Input):
    """The attendee's name; a digit typed while it is empty picks a known person instead."""

    class Pick(Message):
        def __init__(self, number: int) -> None:
            super().__init__()
            self.number = number

    async def _on_key(self, event: events.Key) -> None:
        if not self.value and event.character and event.character in "123456789":
            event.stop()
            event.prevent_default()  # Input's own handler would type it
            self.post_message(self.Pick(int(event.character)))


#: the roles of everyone who is not the client (CHILD or PARENT, as the relationship has it)
NOT_CLIENT = tuple(r for r in Role if r not in (Role.CHILD, Role.PARENT))


def known_people(store: Store, relationship_id: int) -> list[Attendee]:
    """Who the relationship already knows: the client, the guardians, the volunteer and the
    client's own social worker (who is not recorded is not offered)."""
    relationship = store.records.get(Relationship, relationship_id)
    client = store.records.get(Client, relationship.client_id)
    child = Role.CHILD if client.kind is ClientKind.CHILD else Role.PARENT  # peer: a parent
    people = [Attendee(role=child, name=client.name)]
    people += [
        Attendee(role=Role.GUARDIAN, name=store.records.get(Guardian, gid).name)
        for gid in client.guardian_ids
    ]
    for vid in relationship.volunteer_ids:  # a peer pair: both
        people.append(Attendee(role=Role.VOLUNTEER, name=store.records.get(Volunteer, vid).name))
    if client.social_worker_id is not None:
        worker = store.records.get(SocialWorker, client.social_worker_id)
        people.append(Attendee(role=Role.OWN_SOCIAL_WORKER, name=worker.name))
    return people


class AttendeesDialog(TukiModal[list[Attendee] | None]):
    """Who attends: a known person with one digit, anyone else by name and role (Enter adds);
    on the list, Enter edits the highlighted one (name and role), Delete removes it."""

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
        self.known = known_people(self.store, palaveri.relationship_id)[:9]
        self.editing: int | None = None  # the listed attendee being changed, if any
        # just added, the highlight not moved since: an Enter then (typed after a digit out of
        # habit, or in a burst) confirms the add instead of opening that person for editing
        self.just_added = False

    def compose(self) -> ComposeResult:
        # the client's role as the relationship has it: a child's or (peer support) a parent's
        theirs = self.known[0].role if self.known else Role.CHILD
        roles = [(role_word(r), r) for r in Role if r in (theirs, *NOT_CLIENT)]
        with Vertical(classes="palaveri--dialog"):
            yield Label(t("palaveri.attendees_title"), classes="title-bar")
            yield Static("", id="known")
            with Horizontal(classes="palaveri--add"):
                yield NameInput(
                    placeholder=t("palaveri.name"),
                    id="in-name",
                    compact=True,
                    select_on_focus=False,
                )
                yield Select(roles, value=Role.OTHER, allow_blank=False, id="in-role", compact=True)
            yield Static("", id="name-error", classes="field--error")
            yield Static("", id="warning")
            yield Static(t("palaveri.attendees_help"), classes="muted")
            yield OptionList(id="people")

    def on_mount(self) -> None:
        self._show()
        self.query_one("#in-name", Input).focus()

    def _show(self, highlight: int | None = None) -> None:
        people = self.query_one("#people", OptionList)
        people.clear_options()
        people.add_options(f"{role_word(a.role)}: {a.name}" for a in self.attendees)
        if self.attendees:
            people.highlighted = min(highlight or 0, len(self.attendees) - 1)
        known = " · ".join(
            f"{n} {a.name} ({role_word(a.role).lower()}){' ✓' if a in self.attendees else ''}"
            for n, a in enumerate(self.known, 1)
        )
        self.query_one("#known", Static).update(t("palaveri.known", people=known or "–"))
        codes = agendas.attendance_warnings(self.palaveri.kind, [a.role for a in self.attendees])
        text = " ".join(f"⚠ {agendas.attendance_text(c, i18n.language())}" for c in codes)
        self.query_one("#warning", Static).update(text)

    def _add(self, person: Attendee) -> None:
        """Add (or, while editing, change) one attendee; refused roles and repeats are said."""
        codes = agendas.attendance_warnings(self.palaveri.kind, [person.role])
        if any(c in agendas.REFUSALS for c in codes):
            self.notify(agendas.attendance_text(codes[0], i18n.language()), severity="error")
            return
        others = [a for i, a in enumerate(self.attendees) if i != self.editing]
        if person in others:
            self.notify(t("palaveri.already_listed", name=person.name), severity="warning")
            return
        if self.editing is None:
            self.attendees.append(person)
            at = len(self.attendees) - 1
        else:
            at, self.editing = self.editing, None
            self.attendees[at] = person
        self.query_one("#in-name", Input).value = ""
        self.query_one("#in-role", Select).value = Role.OTHER
        self._show(at)
        self.query_one("#people", OptionList).focus()
        self.just_added = True

    def on_name_input_pick(self, event: NameInput.Pick) -> None:
        if event.number <= len(self.known):
            self._add(self.known[event.number - 1])

    def name_problem(self, text: str | None) -> None:
        """Say beside the name what to fix in it (and in a notification); None clears it."""
        error = self.query_one("#name-error", Static)
        error.update(f"✗ {text}" if text else "")
        error.display = bool(text)
        if text:
            self.notify(text, severity="warning")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.name_problem(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter adds the person typed (this dialog's one exception to Enter moving on)."""
        event.stop()
        name = event.value.strip()
        if not name:
            self.name_problem(t("palaveri.name_needed"))
            return
        role = self.query_one("#in-role", Select).value
        assert isinstance(role, Role)
        try:
            person = Attendee(role=role, name=name)
        except ValidationError as exc:
            self.name_problem(problem_text(exc.errors(include_url=False)[0]))
            return
        self._add(person)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter on a listed attendee: change its name or role in the fields above."""
        event.stop()
        self.editing = event.option_index
        person = self.attendees[event.option_index]
        self.query_one("#in-role", Select).value = person.role
        name = self.query_one("#in-name", Input)
        name.value = person.name
        name.focus()

    def on_key(self, event: events.Key) -> None:
        """On the list, a digit picks a known person and other characters go to the name."""
        people = self.query_one("#people", OptionList)
        just_added, self.just_added = self.just_added, False
        if people.has_focus and event.key == "enter" and just_added:
            event.stop()
            event.prevent_default()  # the add is done: nothing to open for editing
            return
        if not people.has_focus or not event.is_printable or not event.character:
            return
        event.stop()
        event.prevent_default()
        if event.character in "123456789":
            self.on_name_input_pick(NameInput.Pick(int(event.character)))
            return
        name = self.query_one("#in-name", Input)
        name.focus()
        name.insert_text_at_cursor(event.character)

    def action_remove(self) -> None:
        people = self.query_one("#people", OptionList)
        if people.has_focus and people.highlighted is not None:
            at = people.highlighted
            del self.attendees[at]
            self.editing = None
            self._show(at)

    def action_close(self) -> None:
        self.dismiss(self.attendees)

    def action_cancel(self) -> None:
        """Esc: close at once when nothing was added, changed or typed, otherwise ask first."""
        typed = self.query_one("#in-name", Input).value.strip()
        if self.attendees == list(self.palaveri.attendees) and not typed:
            self.dismiss(None)
            return
        from tui.screens.dialogs import DiscardDialog

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(DiscardDialog(), answer)


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
        # only what it can have: no client plan outside a professional service, after an end
        # only the ending meeting (the store refuses the others, data.rules.palaverit)
        offered = holdable(self.relationship) or [self.suggested]
        kinds = [(i18n.palaveri_kind(k), k) for k in offered]
        chosen = self.suggested if self.suggested in offered else offered[0]
        assert self.relationship.id is not None
        drafts = self.store.palaverit.drafts(self.relationship.id)
        with Vertical(classes="palaveri--dialog"):
            yield Label(t("palaveri.start_title"), classes="title-bar")
            yield Field(
                "kind",
                t("palaveri.kind"),
                Select(kinds, value=chosen, allow_blank=False, id="in-kind", compact=True),
            )
            yield Field("on", t("palaveri.on"), _input("on", i18n.day(self.today())))
            if drafts:
                listed = ", ".join(f"{i18n.palaveri_kind(d.kind)} {i18n.day(d.on)}" for d in drafts)
                yield Static(t("palaveri.drafts", drafts=listed), classes="muted")
            yield Static(t("palaveri.start_help"), classes="muted")

    def on_mount(self) -> None:
        self.query_one("#in-kind", Select).focus()

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
            self.notify(self.show_problems(exc), severity="error", timeout=10)
            return
        self.dismiss(palaveri)

    # Esc is the form's (FormMixin.action_cancel): asks first when the kind or day was changed


def suggested_kind(relationship: Relationship) -> PalaveriKind:
    """What meeting a relationship most likely needs next."""
    state = relationship.state.value
    if state == "proposed":
        return PalaveriKind.START
    if state == "ended":
        return PalaveriKind.ENDING
    return PalaveriKind.REVIEW


__all__ = ["AttendeesDialog", "NameInput", "StartPalaveriDialog", "known_people", "suggested_kind"]
