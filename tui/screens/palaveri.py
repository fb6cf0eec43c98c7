"""Run a start, review, ending or client-plan meeting (palaveri) on the screen.

The agenda (``data.rules.agendas``) is on the left; the current item on the right: its guidance,
a field for every decision it makes (a date, a yes/no, a choice, never free text) and a note.
Every item's panel is built at once and only the current one is shown, so nothing typed is
lost when moving around. The draft is saved whenever the item changes, every few seconds while
something changed, and on leaving: a lost connection loses at most those seconds, and opening
the same kind of palaveri again resumes the draft. Finishing applies the decisions to the
relationship in one change (``store.palaverit.finish``); then the minutes can be written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option

from data.errors import ConflictError, TukiError
from data.model.relationship import Arranging, Phase
from data.models import Attendee, EndReason, Palaveri, Relationship, Role
from data.outputs.minutes import (
    ARRANGING,
    ROLE_NAMES,
    decision_label,
    minutes_markdown,
    minutes_pdf,
)
from data.outputs.minutes_file import write_in_folder
from data.rules import agendas
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.widgets.checklist import CheckList
from tui.widgets.footer import Footer
from tui.widgets.form import BadValue, Field, FormMixin, parse_date, parse_int, parse_time

AUTOSAVE_SECONDS = 5.0
DATES = ("start_on", "planned_end", "next_review_on")
NUMBERS = ("max_meetings", "meetings_per_month")
YES_NO = ("travels_alone", "car_consent", "home_visit_consent", "continue_")
PARTIES = ("child", "guardian", "volunteer")


def role_word(role: Role) -> str:
    return ROLE_NAMES[role][i18n.language()]


def _input(name: str, value: str = "", placeholder: str = "") -> Input:
    return Input(value, placeholder=placeholder, id=f"in-{name}", compact=True)


def _choice(name: str, options: list[tuple[str, Any]], value: Any) -> Select[Any]:
    return Select(
        options,
        value=value if value is not None else Select.NULL,
        allow_blank=True,
        prompt="–",
        id=f"in-{name}",
        compact=True,
    )


class PalaveriScreen(FormMixin, TukiScreen):
    TITLE_KEY = "palaveri.title"
    CSS_PATH = "palaveri.tcss"
    BINDINGS = [
        *(  # priority=True: these work while a text field has the focus
            Binding(k, f"move({d})", f"palaveri.key.{n}", priority=True, id=f"palaveri.{n}")
            for k, d, n in (("pagedown,ctrl+down", 1, "next"), ("pageup,ctrl+up", -1, "previous"))
        ),
        *(
            Binding(f"ctrl+{k}", n, f"palaveri.key.{n}", priority=True, id=f"palaveri.{n}")
            for k, n in (("d", "done"), ("o", "attendees"), ("f", "finish"), ("w", "minutes"))
        ),
        Binding("escape", "leave", "palaveri.key.leave", id="palaveri.leave"),
    ]

    def __init__(self, relationship_id: int, palaveri_id: int) -> None:
        super().__init__()
        self.relationship_id = relationship_id
        self.palaveri: Palaveri = self.store.palaverit.get(relationship_id, palaveri_id)
        self.relationship = self.store.records.get(Relationship, relationship_id)
        self.items = agendas.agenda(self.palaveri.kind)
        self.current = 0
        self.dirty = False
        self.warned = False  # Esc once failed to save; the next Esc leaves anyway

    # ----- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        with Horizontal():
            yield OptionList(*self._options(), id="agenda")
            with VerticalScroll(id="item"):
                for index, item in enumerate(self.items):
                    with Vertical(id=f"panel-{index}", classes="panel"):
                        yield Label(item.title(i18n.language()), classes="item--title")
                        yield Static(item.guidance(i18n.language()), classes="item--help")
                        for name in item.decides:
                            yield from self._decision_fields(name)
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

    def _decision_fields(self, name: str) -> list[Field]:
        d = self.palaveri.decisions
        label = decision_label(name, i18n.language())
        yes_no = [(t("app.yes"), True), (t("app.no"), False)]
        if name in DATES:
            value = getattr(d, name)
            return [Field(name, label, _input(name, i18n.day(value) if value else ""))]
        if name in NUMBERS:
            value = getattr(d, name)
            return [Field(name, label, _input(name, "" if value is None else str(value)))]
        if name in YES_NO:
            return [Field(name, label, _choice(name, yes_no, getattr(d, name)))]
        if name == "contact":
            return [Field(name, label, _input(name, d.contact or ""))]
        if name == "arranged_via":
            options = [(ARRANGING[a][i18n.language()], a) for a in Arranging]
            return [Field(name, label, _choice(name, options, d.arranged_via))]
        if name == "end_reason":
            options = [(t(f"relationship.end.{r.value}"), r) for r in EndReason]
            return [Field(name, label, _choice(name, options, d.end_reason))]
        if name == "end_note":
            return [Field(name, label, _input(name, d.end_note))]
        if name == "phase":
            options = [(t(f"relationship.phase.{p.value}"), p) for p in Phase]
            return [Field(name, label, _choice(name, options, d.phase))]
        if name == "first_meeting":
            fm = d.first_meeting
            at = f"{fm.at.hour}.{fm.at.minute:02d}" if fm and fm.at else ""
            return [
                Field("fm_on", label, _input("fm_on", i18n.day(fm.on) if fm else "")),
                Field("fm_at", t("palaveri.fm.at"), _input("fm_at", at)),
                Field(
                    "fm_place", t("palaveri.fm.place"), _input("fm_place", fm.place if fm else "")
                ),
                Field("fm_plan", t("palaveri.fm.plan"), _input("fm_plan", fm.plan if fm else "")),
            ]
        if name == "new_goals":
            area = TextArea("\n".join(d.new_goals), id="in-new_goals", classes="goals")
            return [Field(name, t("palaveri.new_goals"), area)]
        if name in ("achieved_goal_ids", "dropped_goal_ids"):
            chosen = set(getattr(d, name))
            goals = [g for g in self.relationship.goals if g.open or g.id in chosen]
            if not goals:
                return []
            widget: SelectionList[int] = CheckList(
                *[(g.text, g.id, g.id in chosen) for g in goals], id=f"in-{name}"
            )
            return [Field(name, label, widget)]
        if name == "gave":
            return [
                Field(
                    f"gave_{party}",
                    f"{label}: {t(f'palaveri.party.{party}')}",
                    _input(f"gave_{party}", d.gave.get(party, "")),
                )
                for party in PARTIES
            ]
        return []

    def on_mount(self) -> None:
        self.show_item(0)
        self.set_interval(AUTOSAVE_SECONDS, self.save_draft)  # saves only when changed

    def refresh_data(self) -> None:
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
        client = self.store.records.client_facts().get(self.relationship.client_id)
        volunteer = self.store.records.volunteer_facts().get(self.relationship.volunteer_id)
        return f"{client.name if client else '?'} – {volunteer.name if volunteer else '?'}"

    def _attendees_line(self) -> None:
        people = ", ".join(
            f"{a.name} ({role_word(a.role)})" if a.name else role_word(a.role)
            for a in self.palaveri.attendees
        )
        self.query_one("#attendees-line", Static).update(
            t("palaveri.attendees", who=people or t("palaveri.nobody"))
        )

    # ----- moving around -------------------------------------------------------------------

    def show_item(self, index: int) -> None:
        self.current = max(0, min(index, len(self.items) - 1))
        for i in range(len(self.items)):
            self.query_one(f"#panel-{i}").display = i == self.current
        agenda = self.query_one("#agenda", OptionList)
        agenda.highlighted = self.current
        self.query_one("#item", VerticalScroll).scroll_home(animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "agenda" and event.option_index != self.current:
            self.save_draft()
            self.show_item(event.option_index)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "agenda":  # Enter on the agenda: start writing
            panel = self.query_one(f"#panel-{self.current}")
            focusable = [w for w in panel.query("Input, Select, SelectionList, TextArea")]
            if focusable:
                focusable[0].focus()

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
        return True

    def action_done(self) -> None:
        key = self.items[self.current].key
        done = list(self.palaveri.done)
        done.remove(key) if key in done else done.append(key)
        self.palaveri = self.palaveri.model_copy(update={"done": done})
        self.dirty = True
        self.save_draft()
        agenda = self.query_one("#agenda", OptionList)
        agenda.replace_option_prompt_at_index(self.current, self._options()[self.current].prompt)
        if key in done and self.current < len(self.items) - 1:
            self.show_item(self.current + 1)

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
        for name in ("contact", "end_note"):
            if self._present(name):
                decisions[name] = self.read(name) or (None if name == "contact" else "")
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
        if self._present("gave_child"):
            gave = {party: self.read(f"gave_{party}") for party in PARTIES}
            decisions["gave"] = {party: text for party, text in gave.items() if text}
        notes = {
            item.key: self.query_one(f"#note-{item.key}", TextArea).text.strip()
            for item in self.items
        }
        data = p.model_dump()
        data["decisions"] = decisions
        data["notes"] = {k: v for k, v in notes.items() if v}
        return Palaveri.model_validate(data)

    def save_draft(self, *, force: bool = False) -> bool:
        """Save what is on the screen; False (and a message) when it could not be saved.
        ``force``: save even if no change was seen yet (one may still be in the message queue)."""
        if self.palaveri.finished or not (self.dirty or force):
            return True
        try:
            draft = self.collect()
            if draft == self.palaveri:  # nothing new (e.g. a forced save right after one)
                self.dirty = False
                return True
            self.palaveri = self.store.palaverit.save(self.user, draft)
        except ConflictError as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=10)
            return False
        except (TukiError, ValueError) as exc:
            self.show_problems(exc)
            self.notify(t("palaveri.not_saved", why=i18n.explain(exc)), severity="error")
            return False
        self.dirty = False
        self.tuki.refresh_screens()  # the heading here; the relationship below when shown
        return True

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
        if not self.save_draft(force=True):
            return
        from tui.screens.dialogs import ConfirmDialog

        question = t("palaveri.confirm_finish", kind=i18n.palaveri_kind(self.palaveri.kind))
        self.app.push_screen(ConfirmDialog(question), self._finish)

    def _finish(self, yes: bool | None) -> None:
        if not yes:
            return
        p = self.palaveri
        assert p.id is not None
        try:
            done = self.store.palaverit.finish(
                self.user, self.relationship_id, p.id, p.version, self.today()
            )
        except (TukiError, ValueError) as exc:
            self.show_problems(exc)
            self.notify(i18n.explain(exc), severity="error", timeout=12)
            return
        self.palaveri, self.relationship = done.palaveri, done.relationship
        for widget in self.query("#item Input, #item Select, #item SelectionList, #item TextArea"):
            widget.disabled = True
        self.tuki.refresh_screens()
        self.refresh_bindings()
        self.notify(t("palaveri.done_applied", state=t(f"state.{self.relationship.state.value}")))

    def action_minutes(self) -> None:
        """Write the minutes as Markdown and PDF to ``minutes/`` in the data folder, shared
        with the team as the folder is (``data/outputs/minutes_file.py``)."""
        p = self.palaveri
        assert p.id is not None
        lang = i18n.language()
        base = f"minutes-{p.ref}"
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
