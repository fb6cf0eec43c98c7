"""Run a start, review, ending, client-plan or crisis meeting (palaveri) on the screen.

The agenda (``data.rules.agendas``) is on the left; the current item on the right: its guidance,
a field for every decision it makes (a date, a yes/no, a choice, never free text) and a note.
Every item's panel is built at once and only the current one is shown, so nothing typed is
lost. The draft is saved when the item changes, every few seconds and on leaving (the same
kind of palaveri resumes it); finishing applies the decisions (``store.palaverit.finish``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from data.errors import ConflictError, TukiError
from data.model.access import AccessView
from data.models import Attendee, Palaveri, Relationship
from data.outputs.minutes import minutes_markdown, minutes_pdf
from data.outputs.minutes_file import write_in_folder
from data.rules import agendas
from data.rules import palaverit as rules
from data.rules.peer import is_peer
from tui import i18n, keys
from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.screens.history import open_history
from tui.screens.palaveri_fields import (
    AUTOSAVE_SECONDS,
    CTRL_KEYS,
    DATES,
    DECISION_PLACES,
    NUMBERS,
    YES_NO,
    decision_fields,
    parties,
    role_word,
)
from tui.screens.palaveri_measures import CrisisActions, finish_texts, read_ratings
from tui.screens.palaveri_peer import peer_decision
from tui.viewed import viewed
from tui.widgets.footer import Footer
from tui.widgets.form import BadValue, FormMixin, parse_date, parse_int, parse_time


class PalaveriScreen(CrisisActions, FormMixin, TukiScreen):
    TITLE_KEY = "palaveri.title"
    CSS_PATH = "palaveri.tcss"
    BINDINGS = [
        *(  # priority=True: these work while a text field has the focus (in a note PgDn and
            # PgUp no longer page through its five lines, which the arrows do as well)
            Binding(k, f"move({d})", f"palaveri.key.{n}", priority=True, id=f"palaveri.{n}")
            for k, d, n in (("pagedown,ctrl+down", 1, "next"), ("pageup,ctrl+up", -1, "previous"))
        ),
        *(  # keys that Input and TextArea leave alone (ctrl+d, ctrl+w are theirs)
            Binding(f"ctrl+{k}", n, f"palaveri.key.{n}", priority=True, id=f"palaveri.{n}")
            for k, n in CTRL_KEYS
        ),
        # the earlier key for "covered", kept where it is harmless: not a priority, so in a
        # text field ctrl+d deletes the character after the cursor, as the field says
        Binding("ctrl+d", "done", "palaveri.key.done", show=False, id="palaveri.done_off_text"),
        Binding("escape", "leave", "palaveri.key.leave", id="palaveri.leave"),
        Binding("ctrl+b", "history", "history.key.open", priority=True, id="palaveri.history"),
    ]
    PLACES = DECISION_PLACES

    def __init__(self, relationship_id: int, palaveri_id: int) -> None:
        super().__init__()
        self.relationship_id = relationship_id
        self.palaveri: Palaveri = self.store.palaverit.get(relationship_id, palaveri_id)
        self.relationship = self.store.records.get(Relationship, relationship_id)
        self.items = agendas.agenda(self.palaveri.kind, is_peer(self.relationship))
        self.current = 0
        self.dirty = False
        self.warned = False  # Esc once failed to save; the next Esc leaves anyway
        self.redirecting = False  # typed characters are on their way to the note (on_key)

    # ----- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        with Horizontal():
            yield OptionList(*self._options(), id="agenda")
            with VerticalScroll(id="item", can_focus=False):  # Tab goes to the fields
                for index, item in enumerate(self.items):
                    with Vertical(id=f"panel-{index}", classes="panel"):
                        yield Label(item.title(i18n.language()), classes="item--title")
                        yield Static(item.guidance(i18n.language()), classes="item--help")
                        for name in item.decides:
                            yield from decision_fields(name, self.palaveri, self.relationship)
                        yield Label(t("palaveri.note"), classes="field--label")
                        yield TextArea(
                            self.palaveri.notes.get(item.key, ""),
                            id=f"note-{item.key}",
                            classes="note",
                            soft_wrap=True,
                        )
        yield Static("", id="attendees-line")
        yield Footer()

    def _options(self) -> list[Option]:
        lang = i18n.language()
        return [
            Option(
                f"{'✓' if item.key in self.palaveri.done else '·'} {item.title(lang)}",
                id=item.key,
            )
            for item in self.items
        ]

    def on_mount(self) -> None:
        self.show_item(0)
        self.set_interval(AUTOSAVE_SECONDS, self.save_draft)  # saves only when changed

    def refresh_data(self) -> None:
        viewed(self, (self.relationship.client_id,), AccessView.MINUTES)  # the access log, once
        self._heading()
        self._attendees_line()

    def _heading(self) -> None:
        p = self.palaveri
        done = sum(1 for item in self.items if item.key in p.done)
        state = t("palaveri.finished") if p.finished else t("palaveri.draft")
        self.query_one("#heading", Static).update(
            t(
                "palaveri.heading",
                kind=i18n.palaveri_kind(p.kind),
                who=self._names(),
                day=i18n.day(p.on),
                done=done,
                total=len(self.items),
                state=state,
            )
        )

    def _names(self) -> str:
        from tui.screens.report_form import names_of  # "Client – Volunteer" (a pair: both)

        return names_of(self.store, self.relationship.client_id, *self.relationship.volunteer_ids)

    def _attendees_line(self) -> None:
        people = ", ".join(
            f"{a.name} ({role_word(a.role)})" if a.name else role_word(a.role)
            for a in self.palaveri.attendees
        )
        self.query_one("#attendees-line", Static).update(
            t("palaveri.attendees", who=people or t("palaveri.nobody"))
        )

    # ----- moving around -------------------------------------------------------------------

    def show_item(self, index: int, *, focus: bool = True) -> None:
        """Show item ``index``; ``focus``: put the cursor in its first field (not when moving
        along the agenda list, which keeps the focus)."""
        self.current = max(0, min(index, len(self.items) - 1))
        for i in range(len(self.items)):
            self.query_one(f"#panel-{i}").display = i == self.current
        agenda = self.query_one("#agenda", OptionList)
        agenda.highlighted = self.current
        self.query_one("#item", VerticalScroll).scroll_home(animate=False)
        if focus:  # now, not after a refresh: keys typed next wait for it (tui/key_order.py)
            self.focus_field()

    def fields(self) -> list[Widget]:
        """The current item's fields that take the focus, in order (none once finished but
        the notes, which are then read-only)."""
        panel = self.query_one(f"#panel-{self.current}")
        return [w for w in panel.query("Input, Select, SelectionList, TextArea") if w.focusable]

    def focus_field(self) -> None:
        """The cursor to the current item's first field: after moving between items and when
        a dialog closes, so that what is typed next is never dropped or taken for a key."""
        fields = self.fields()
        field = fields[0] if fields else self.query_one("#agenda", OptionList)
        field.focus()
        if isinstance(field, TextArea):  # go on writing after what is there
            field.move_cursor(field.document.end)

    def on_key(self, event: events.Key) -> None:
        """A character typed while no text field has the focus (the agenda, a dropdown, a
        checklist) goes into the item's note instead of reaching the app's letter keys
        (``l`` would open the meeting log and lose it). Space (which opens a dropdown and
        ticks a checklist) and ``?`` (help) are left alone, except in a burst of keys that
        arrived before the focus reached the note (the focus moves after the queued keys)."""
        if not event.is_printable:
            return
        focused = self.focused
        if isinstance(focused, TextArea) and focused.read_only and event.character != "?":
            event.stop()  # a finished palaveri's note: not a key either, and say why
            event.prevent_default()
            self.notify(t("error.palaveri_finished", ref=self.palaveri.ref), severity="warning")
            return
        if isinstance(focused, (Input, TextArea)):
            return
        if event.character in (None, " ", "?") and not self.redirecting:
            return
        note = self.query_one(f"#note-{self.items[self.current].key}", TextArea)
        if note.read_only:
            return
        event.stop()
        event.prevent_default()
        if not self.redirecting:
            self.redirecting = True  # until the user moves to another field
            note.focus()  # runs after the keys already queued, which come here meanwhile
        note.move_cursor(note.document.end)
        note.insert(event.character or "")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not isinstance(event.widget, TextArea):  # the user went on: space is a key again
            self.redirecting = False

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "agenda" and event.option_index != self.current:
            self.save_draft()
            self.show_item(event.option_index, focus=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "agenda":  # Enter on the agenda: start writing
            self.focus_field()

    def action_move(self, step: int) -> None:
        self.save_draft()
        self.show_item(self.current + step)

    def on_input_changed(self) -> None:
        self.dirty = True

    def on_text_area_changed(self) -> None:
        self.dirty = True

    def on_select_changed(self) -> None:
        self.dirty = True

    def on_selection_list_selected_changed(self) -> None:
        self.dirty = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        finished = self.palaveri.finished
        if action in ("done", "attendees", "finish"):
            return not finished
        if action == "minutes":
            return finished
        return super().check_action(action, parameters)  # a crisis meeting's concern

    def action_done(self) -> None:
        """Mark the item covered (or not), saved at once with the fields; then the next item."""
        key = self.items[self.current].key
        done = list(self.palaveri.done)
        done.remove(key) if key in done else done.append(key)
        if not self.save_draft(done=done):
            return
        agenda = self.query_one("#agenda", OptionList)
        agenda.replace_option_prompt_at_index(self.current, self._options()[self.current].prompt)
        if key in done and self.current < len(self.items) - 1:
            self.show_item(self.current + 1)
        else:
            self.focus_field()

    # ----- reading the fields and saving ---------------------------------------------------

    def _soft(self, name: str, parse: Callable[[str], Any]) -> Any:
        try:
            return self.read(name, parse)
        except BadValue:
            return None  # marked beside the field; the draft keeps the earlier value

    def _present(self, name: str) -> bool:
        return bool(self.query(f"#field-{name}"))

    def collect(self) -> Palaveri:
        """The palaveri as the screen shows it now; unreadable fields keep their stored value."""
        self.clear_errors()
        p = self.palaveri
        decisions = p.decisions.model_dump(by_alias=False)
        for name in DATES:
            if self._present(name):
                decisions[name] = self._soft(name, lambda s: parse_date(s, required=False))
        for name in NUMBERS:
            if self._present(name):
                decisions[name] = self._soft(name, parse_int)
        for name in (*YES_NO, "arranged_via", "end_reason", "phase"):
            if self._present(name):
                widget = self.query_one(f"#in-{name}", Select)
                decisions[name] = None if widget.is_blank() else widget.value
        for name in ("contact", "end_note", "our_thing"):
            if self._present(name):
                decisions[name] = self.read(name) or (None if name != "end_note" else "")
        if self._present("fm_on"):
            on = self._soft("fm_on", lambda s: parse_date(s, required=False))
            at = self._soft("fm_at", parse_time)
            decisions["first_meeting"] = (
                None
                if on is None
                else {
                    "on": on,
                    "at": at,
                    "place": self.read("fm_place"),
                    "plan": self.read("fm_plan"),
                }
            )
        if self._present("new_goals"):
            text = self.query_one("#in-new_goals", TextArea).text
            decisions["new_goals"] = [line.strip() for line in text.splitlines() if line.strip()]
        for name in ("achieved_goal_ids", "dropped_goal_ids"):
            if self._present(name):
                decisions[name] = list(self.query_one(f"#in-{name}", SelectionList).selected)
        decisions["ratings"] = read_ratings(self, decisions["ratings"])
        if self._present("gave_volunteer"):
            gave = {party: self.read(f"gave_{party}") for party in parties(self.relationship)}
            decisions["gave"] = {party: text for party, text in gave.items() if text}
        decisions.update(peer_decision(self))  # peer support's three parties
        notes = {
            item.key: self.query_one(f"#note-{item.key}", TextArea).text.strip()
            for item in self.items
        }
        data = p.model_dump()
        data["decisions"] = decisions
        data["notes"] = {k: v for k, v in notes.items() if v}
        return Palaveri.model_validate(data)

    def save_draft(self, *, force: bool = False, done: list[str] | None = None) -> bool:
        """Save what is on the screen; False (and a message) when it could not be saved.
        ``force``: save even if no change was seen yet (one may still be in the message queue);
        ``done``: the items marked covered from now on."""
        if self.palaveri.finished or not (self.dirty or force or done is not None):
            return True
        try:
            draft = self.collect()
            if done is not None:
                draft = draft.model_copy(update={"done": done})
            if draft == self.palaveri:  # nothing new (e.g. a forced save right after one)
                self.dirty = False
                return True
            self.palaveri = self.store.palaverit.save(self.user, draft)
        except ConflictError as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=10)
            return False
        except (TukiError, ValueError) as exc:
            self.notify(t("palaveri.not_saved", why=self.show_problems(exc)), severity="error")
            return False
        self.dirty = False
        self.tuki.refresh_screens()  # the heading here; the relationship below when shown
        return True

    def action_history(self) -> None:  # (ctrl+b: the letters are typed in the notes)
        open_history(self, "palaveri", self.palaveri.ref)

    def action_leave(self) -> None:
        if self.save_draft(force=True) or self.palaveri.finished:
            self.app.pop_screen()
            return
        if self.warned:  # a second Esc leaves; the last saved draft stays
            self.app.pop_screen()
            return
        self.warned = True
        self.notify(t("palaveri.leave_unsaved"), severity="warning", timeout=8)

    # ----- attendees ---------------------------------------------------------------------------

    def action_attendees(self) -> None:
        self.save_draft()
        from tui.screens.palaveri_dialogs import AttendeesDialog

        self.app.push_screen(AttendeesDialog(self.palaveri), self._after_attendees)

    def _after_attendees(self, attendees: list[Attendee] | None) -> None:
        self.focus_field()
        if attendees is None:
            return
        update = self.palaveri.model_dump()
        update["attendees"] = [a.model_dump() for a in attendees]
        try:
            self.palaveri = self.store.palaverit.save(self.user, Palaveri.model_validate(update))
        except (TukiError, ValueError) as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=10)
            return
        self.tuki.refresh_screens()

    # ----- finishing and the minutes -------------------------------------------------------

    def action_finish(self) -> None:
        """Ask first, and say what seems forgotten: no item covered, nobody recorded, an ending
        meeting without the child or a guardian."""
        if not self.save_draft(force=True):
            return
        from tui.screens.dialogs import IrreversibleDialog  # finished, it cannot be changed

        question = finish_texts(self.palaveri.kind)[0]
        warnings = [t(f"palaveri.warn.{code}") for code in rules.finish_warnings(self.palaveri)]
        if warnings:
            question = "\n".join([*(f"⚠ {w}" for w in warnings), "", question])
        self.app.push_screen(IrreversibleDialog(question), self._finish)

    def _finish(self, yes: bool | None) -> None:
        if not yes:
            self.focus_field()
            return
        p = self.palaveri
        assert p.id is not None
        try:
            done = self.store.palaverit.finish(
                self.user, self.relationship_id, p.id, p.version, self.today()
            )
        except (TukiError, ValueError) as exc:
            self.notify(self.show_problems(exc), severity="error", timeout=12)
            return
        self.palaveri, self.relationship = done.palaveri, done.relationship
        for widget in self.query("#item Input, #item Select, #item SelectionList, #item TextArea"):
            if widget.has_class("note"):  # readable and scrollable, not editable
                widget.read_only = True  # type: ignore[attr-defined]
            else:
                widget.disabled = True
        self.tuki.refresh_screens()
        self.refresh_bindings()
        self.focus_field()
        minutes = keys.shown(self.app, "palaveri.minutes")  # the user's keymap may move it
        self.notify(finish_texts(p.kind, self.relationship.state, minutes)[1])

    def action_minutes(self) -> None:
        """Write the minutes as Markdown and PDF to ``minutes/`` in the data folder, shared
        with the team as the folder is (``data/outputs/minutes_file.py``)."""
        p = self.palaveri
        assert p.id is not None
        lang = i18n.language()
        base = f"minutes-{p.ref}"
        viewed(self, (self.relationship.client_id,), AccessView.MINUTES, again=True)
        try:
            md = minutes_markdown(self.store, self.relationship_id, p.id, lang)
            pdf = minutes_pdf(self.store, self.relationship_id, p.id, lang)
            written = write_in_folder(self.store, base + ".md", md.encode())
            write_in_folder(self.store, base + ".pdf", pdf)
        except (TukiError, OSError) as exc:  # a link in the way, no space, no right
            why = i18n.explain(exc) if isinstance(exc, TukiError) else exc.strerror or str(exc)
            self.notify(t("palaveri.minutes_failed", why=why), severity="error")
            return
        self.notify(
            t("palaveri.minutes_written", path=str(written.with_suffix("")) + ".md / .pdf"),
            timeout=12,
        )


__all__ = ["PalaveriScreen"]
