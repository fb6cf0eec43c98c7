"""Log a held or cancelled meeting: pick the relationship by name, Enter, ctrl+s; or correct
a logged one (``MeetingLogScreen(meeting=...)``, ``e`` on the meeting's report).

The shortest path from anywhere is ``l``, part of a name, ``enter``, ``ctrl+s``: a held
meeting dated today; ``ctrl+l`` before ``ctrl+s`` makes it a cancelled one (the reason gets
the focus). Enter moves on to the next field, as in every form. A save past the agreement's
maximum is refused; the form keeps what was typed and shows the field for the reason, so the
coordinator can give it and save again; so is one at the volunteer's home or with a car ride
without the guardian's consent (the place and the consents: ``meeting_place.py``).

The report's free texts (how it went, wellbeing, progress per goal and in general, the cancel
note) are text areas: Enter there starts a new line and Tab leaves. A correction opens with
the meeting's values, its relationship fixed, and saves version-checked: a save over someone
else's newer correction opens the conflict dialog and keeps what was typed; the store keeps the
earlier values of what changed (``store.meetings.history``).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from pydantic import ValidationError
from textual import events
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from data.errors import ConflictError, TukiError
from data.model.relationship import Relationship
from data.models import CancelReason, GoalProgress, Meeting, MeetingStatus, Report, State
from data.storage.files import StorageError
from tui import i18n
from tui.i18n import t
from tui.screens import meeting_place as place
from tui.screens.base import TukiModal
from tui.screens.first_frame import DrawnOnce
from tui.screens.meeting_pair import pair_values, who_fields
from tui.screens.meeting_weekend import WeekendLog
from tui.screens.relationship_picker import RelationshipPicker, relationship_choices
from tui.widgets.drafts import KeepsDraft
from tui.widgets.footer import Footer
from tui.widgets.form import (
    BadValue,
    Field,
    FormMixin,
    form_keys,
    parse_date,
    parse_decimal,
    parse_int,
    parse_time,
)
from tui.widgets.typed import VALUE_WIDGETS, set_value, values_of

LOGGABLE = frozenset({State.STARTING, State.ACTIVE, State.PAUSED})


def _input(name: str, value: str = "", placeholder: str = "") -> Input:
    return Input(value, placeholder=placeholder, id=f"in-{name}", compact=True)


def _area(name: str) -> TextArea:
    """A free text of the report: several lines, Enter a new line, Tab on to the next field."""
    return TextArea(id=f"in-{name}", classes="report-text", compact=True, tab_behavior="focus")


def _raise(exc: Exception) -> Any:
    raise exc


def meeting_values(meeting: Meeting) -> dict[str, Any]:
    """The form's values (widget id -> value) for a logged meeting, as a correction opens."""
    r = meeting.report
    values: dict[str, Any] = {
        "in-on": i18n.day(meeting.on),
        "in-status": meeting.status.value,
        "in-cancel_note": meeting.cancel_note,
        "in-over_max_reason": meeting.over_max_reason,
        "in-start": i18n.clock(meeting.start) if meeting.start else "",
        "in-duration_min": str(meeting.duration_min) if meeting.duration_min else "",
        "in-activity": meeting.activity,
        "in-place": meeting.place,
        "in-how_it_went": r.how_it_went,
        "in-wellbeing": r.wellbeing,
        "in-progress_note": r.progress_note,
        "in-costs": i18n.number(meeting.costs, 2) if meeting.costs is not None else "",
        "in-km": i18n.number(meeting.km, 1) if meeting.km is not None else "",
        **{f"in-goal-{p.goal_id}": p.note for p in r.progress},
        **place.values(meeting),
    }
    if meeting.cancel_reason is not None:
        values["in-cancel_reason"] = meeting.cancel_reason.value
    return values


class MeetingLogScreen(
    WeekendLog, place.ConsentNote, DrawnOnce, KeepsDraft, FormMixin, TukiModal[Meeting | None]
):
    TITLE_KEY = "meetings.title"
    CSS_PATH = "meeting_log.tcss"
    #: no focus chosen by Textual: on_mount puts it where typing starts. Textual's choice (the
    #: scrolling form around the fields, the first that takes the focus) restyled all of the
    #: form's widgets when it got the focus and again when on_mount moved it on
    AUTO_FOCUS = ""
    BINDINGS = [
        Binding("ctrl+s", "save", "meetings.key.save", priority=True, id="meetings.save"),
        Binding("escape", "cancel", "meetings.key.cancel", id="meetings.cancel"),
        # not priority: a key typed right after it waits until the focus is on the reason
        Binding("ctrl+l", "toggle_cancelled", "meetings.key.cancelled", id="meetings.cancelled"),
    ]
    #: model-level refusals (no field in their location) and the field they concern
    PLACES = {
        "held_in_future": "on",
        "before_start": "on",
        "after_end": "on",
        "held_with_reason": "status",
        "cancel_reason_missing": "cancel_reason",
        "cancel_note_missing": "cancel_note",
    }

    def __init__(
        self, relationship_id: int | None = None, *, meeting: Meeting | None = None
    ) -> None:
        super().__init__()
        # held is the form's first look: set before the form is styled, for setting it in
        # on_mount styled all its ~90 widgets a second time (a third of opening it)
        self.add_class("-held", update=False)
        #: the meeting corrected (None: a new one is logged) and the version the save replaces
        self.meeting = meeting
        self.version = meeting.version if meeting else 0
        self.relationship_id = meeting.relationship_id if meeting else relationship_id
        self.goal_ids: list[int] = []
        self.hint_for_text = False  # the hint line says what Enter does in a text area
        #: the hidden fields' mounting and whether it is done (a correction composes them)
        self.hidden_mounted: AwaitMount | None = None
        self.hidden_ready = meeting is not None

    # ----- building the form -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        states = frozenset(State) if self.meeting else LOGGABLE  # a correction: any state
        choices = relationship_choices(self.store, states=states)
        selected = f"r{self.relationship_id}" if self.relationship_id is not None else None
        status = Select(
            [(t(f"meetings.status.{s.value}"), s.value) for s in MeetingStatus],
            value=MeetingStatus.HELD.value,
            allow_blank=False,
            id="in-status",
            compact=True,
        )
        with Vertical(id="dialog"):
            yield Label(self.heading(), classes="title-bar")
            with VerticalScroll(id="form"):
                yield RelationshipPicker(t("meetings.relationship"), choices, selected)
                with Horizontal(classes="row"):
                    yield Field("on", t("meetings.on"), _input("on", i18n.day(self.today())))
                    yield Field("status", t("meetings.status"), status)
                with Vertical(id="later"):  # a correction opens with its values: all now
                    yield from self.hidden_fields() if self.meeting is not None else ()
                with Horizontal(classes="row"):
                    yield Field(
                        "start",
                        t("meetings.start"),
                        _input("start", "", t("meetings.example.start")),
                    )
                    yield Field("duration_min", t("meetings.duration"), _input("duration_min"))
                yield Field("activity", t("meetings.activity"), _input("activity"))
                yield place.place_row(self.meeting)
                yield Field("how_it_went", t("meetings.how_it_went"), _area("how_it_went"))
                yield Field("wellbeing", t("meetings.wellbeing"), _area("wellbeing"))
                yield Vertical(id="goals")
                yield Field("progress_note", t("meetings.progress_note"), _area("progress_note"))
                with Horizontal(classes="row"):
                    yield Field(
                        "costs",
                        t("meetings.costs"),
                        _input("costs", "", t("meetings.example.costs")),
                    )
                    yield Field("km", t("meetings.km"), _input("km"))
                    yield place.car_field()
            yield Static(form_keys(self), classes="form--hint muted")
            yield Footer()

    def hidden_fields(self) -> list[Widget]:
        """The fields of a cancelled meeting and of a save past the agreement's maximum,
        hidden until then: a new meeting's form gets them after its first frame."""
        reason = Select(
            [(t(f"meetings.reason.{r.value}"), r.value) for r in CancelReason],
            value=CancelReason.VOLUNTEER_ILL.value,
            allow_blank=False,
            id="in-cancel_reason",
            compact=True,
        )
        note = Field("cancel_note", t("meetings.cancel_note"), _area("cancel_note"))
        over = _input("over_max_reason")
        ask = place.ConsentAsk()  # the guardian's consent missing: why
        self.pristine = {**self.pristine, **values_of([reason, note.widget, over, ask.reason])}
        return [
            Horizontal(
                Field("cancel_reason", t("meetings.cancel_reason"), reason),
                note,
                classes="row",
                id="cancel-row",
            ),
            Static("", id="over-max-why"),
            Field("over_max_reason", t("meetings.over_max_reason"), over),
            ask,
        ]

    async def mount_hidden_fields(self) -> None:
        """The hidden fields of a new meeting's form, mounted if not yet (once, however many
        ask): right after its first frame, and at once where they are needed before that (a
        burst of keys: ctrl+l, ctrl+s; a draft put back)."""
        if self.hidden_ready or not self.is_attached:  # (closed before its first frame)
            return
        if self.hidden_mounted is None:
            box = self.query_one("#later", Vertical)
            self.hidden_mounted = box.mount_all(self.hidden_fields())
        await self.hidden_mounted
        self.hidden_ready = True

    def heading(self) -> str:
        on = self.meeting.on if self.meeting else None
        return t("meetings.correct_title", day=i18n.day(on)) if on else t("meetings.title")

    async def on_mount(self) -> None:
        picker = self.query_one(RelationshipPicker)
        if picker.value is not None and picker.value.relationship_id is not None:
            loaded = self.load_goals(picker.value.relationship_id)
            if self.meeting is not None:  # a correction: its values, before the form's look
                await loaded
                self.query_one("#pick-input", Input).disabled = True  # its relationship stays
                self.fill(meeting_values(self.meeting))
            self.first_focus(self.query_one("#in-activity", Input))
        else:
            self.first_focus(self.query_one("#pick-input", Input))
        await self.query_one(Footer).show_keys_now()  # the keys for that focus, in the 1st frame
        self.call_after_refresh(self.mount_hidden_fields)

    def first_focus(self, field: Input) -> None:
        """The cursor to ``field`` now, before the form's first frame (``focus()`` waits for
        the app's queue, and the frame drawn without it was followed by a second, restyled
        one); scrolled to only once the form is laid out, and only when it is out of view."""
        self.set_focus(field, scroll_visible=False)

        def into_view() -> None:
            if self.focused is field and not self.built_ahead and not self.can_view_entire(field):
                self.scroll_to_center(field, origin_visible=True)

        self.call_after_refresh(into_view)

    def fill(self, values: dict[str, Any]) -> None:
        for wid, value in values.items():
            found = self.query(f"#{wid}")
            if found:
                set_value(found.first(), value)
        self.set_class(values.get("in-status") == MeetingStatus.HELD.value, "-held")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The hint line says what Enter does where the cursor is (a new line in a text)."""
        area = isinstance(event.widget, TextArea)
        if area != self.hint_for_text:  # the same words again would lay the form out again
            self.hint_for_text = area
            self.query_one(".form--hint", Static).update(form_keys(self, text_area=area))

    def on_relationship_picker_picked(self, event: RelationshipPicker.Picked) -> None:
        # Enter moved the focus on to the date (today, selected: typing replaces it)
        if event.choice.relationship_id is not None:
            self.load_goals(event.choice.relationship_id)

    def load_goals(self, relationship_id: int) -> AwaitComplete:
        """One input per open goal of the chosen relationship (awaitable: mounted)."""
        box = self.query_one("#goals", Vertical)
        removed = box.remove_children()
        relationship = self.store.records.find(Relationship, relationship_id)
        noted = {p.goal_id for p in self.meeting.report.progress} if self.meeting else set()
        goals = [g for g in relationship.goals if g.open or g.id in noted] if relationship else []
        self.goal_ids = [g.id for g in goals]
        mounted = box.mount_all(
            [*who_fields(self, relationship)]  # a peer pair: who of the two was there
            + [
                Field(f"goal-{g.id}", t("meetings.goal", goal=g.text), _area(f"goal-{g.id}"))
                for g in goals
            ]
        )
        return AwaitComplete(removed, mounted)

    # ----- the draft (tui/widgets/drafts.py) ---------------------------------------------

    def draft_key(self) -> str:
        if self.meeting is not None:
            return f"meeting:{self.meeting.ref}"
        rid = self.relationship_id
        return "meeting:new" if rid is None else f"meeting:r{rid}"

    def draft_version(self) -> int | None:
        return self.version if self.meeting is not None else None

    def resume_version(self, version: int | None) -> None:
        if self.meeting is not None and version is not None:
            self.version = version

    # ----- after a conflict (FormMixin.refresh_data) ---------------------------------------

    def reload_record(self) -> bool:
        if self.meeting is None or self.meeting.id is None:
            return False
        found = [m for m in self.store.meetings.of(self.meeting.relationship_id)]
        stored = next((m for m in found if m.id == self.meeting.id), None)
        if stored is None:
            return False
        self.meeting, self.version = stored, stored.version
        return True

    def stored_values(self) -> dict[str, Any]:
        assert self.meeting is not None
        present = {w.id for w in self.query(VALUE_WIDGETS) if w.id}
        values = meeting_values(self.meeting)
        values.update({f"in-goal-{g}": "" for g in self.goal_ids if f"in-goal-{g}" not in values})
        return {wid: v for wid, v in values.items() if wid in present}

    async def restore_choice(self, key: Any) -> None:
        """The draft's relationship, and its goals' inputs for the draft's notes."""
        await self.mount_hidden_fields()  # the draft may hold a cancelled meeting's reason
        picker = self.query_one(RelationshipPicker)
        before = picker.value
        await super().restore_choice(key)
        choice = picker.value
        if choice is not before and choice is not None and choice.relationship_id is not None:
            await self.load_goals(choice.relationship_id)

    async def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "in-status":
            if event.value != MeetingStatus.HELD.value:  # (held as it opens: after 1st frame)
                await self.mount_hidden_fields()
            self.set_class(event.value == MeetingStatus.HELD.value, "-held")

    async def action_toggle_cancelled(self) -> None:
        """Held <-> cancelled in one key; a cancelled meeting's reason gets the focus, a held
        one's activity."""
        await self.mount_hidden_fields()
        status = self.query_one("#in-status", Select)
        cancel = status.value == MeetingStatus.HELD.value
        status.value = (MeetingStatus.CANCELLED if cancel else MeetingStatus.HELD).value
        self.set_class(not cancel, "-held")
        self.query_one("#in-cancel_reason" if cancel else "#in-activity").focus()

    # ----- saving --------------------------------------------------------------------------

    def build(self) -> Meeting:
        """The meeting as typed; BadValue or ValidationError when something cannot be read."""
        picker = self.query_one(RelationshipPicker)
        choice = picker.value
        if choice is None or choice.relationship_id is None:
            picker.set_error(t("relationships.pick.none"))
            raise BadValue(t("relationships.pick.none"))
        problems = 0
        values: dict[str, Any] = {}
        for name, parse in (
            ("on", parse_date),
            ("start", parse_time),
            ("duration_min", parse_int),
            ("costs", parse_decimal),
            ("km", parse_decimal),
        ):
            try:
                values[name] = self.read(name, parse)
            except BadValue:
                problems += 1
        if problems:
            raise BadValue(t("meetings.fix_fields"))
        status = MeetingStatus(self.query_one("#in-status", Select).value)
        held = status is MeetingStatus.HELD
        progress = [
            GoalProgress(goal_id=gid, note=self.read(f"goal-{gid}"))
            for gid in self.goal_ids
            if held and self.read(f"goal-{gid}")
        ]
        report = Report(
            how_it_went=self.read("how_it_went") if held else "",
            wellbeing=self.read("wellbeing") if held else "",
            progress=progress,
            progress_note=self.read("progress_note") if held else "",
        )
        audit = {"id": self.meeting.id, "version": self.version} if self.meeting else {}
        return Meeting(
            **audit,
            relationship_id=choice.relationship_id,
            status=status,
            cancel_reason=None
            if held
            else CancelReason(self.query_one("#in-cancel_reason", Select).value),
            cancel_note="" if held else self.read("cancel_note"),
            report=report,
            place=self.read("place"),
            activity=self.read("activity"),
            over_max_reason=self.read("over_max_reason"),
            **place.read(self),
            until=self.weekend_until(),
            **pair_values(self),
            **values,
        )

    async def action_save(self) -> None:
        await self.mount_hidden_fields()  # read with the others (a burst: l … ctrl+s)
        self.clear_errors()
        self.query_one(RelationshipPicker).set_error(None)
        try:
            meeting = self.build()
            if self.meeting is None:
                saved = self.store.meetings.log(self.user, meeting)
            else:
                saved = self.store.meetings.update(self.user, meeting)
        except BadValue as exc:
            self.notify(self.marked(str(exc)), severity="error", timeout=8)
            return
        except StorageError as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=12)
            return
        except ConflictError as exc:
            self.attempt(partial(_raise, exc))  # the shared conflict dialog; the text stays
            return
        except (ValidationError, TukiError) as exc:
            if not (isinstance(exc, TukiError) and place.ask_reason(self, exc)):
                self.notify(self.show_problems(exc), severity="error", timeout=8)
            return
        status = t(f"meetings.status.{saved.status.value}")
        if self.meeting is None:
            self.notify(t("meetings.saved", ref=saved.ref, status=status, day=self.days(saved)))
        elif saved.version == self.version:
            self.notify(t("app.unchanged"))
        else:
            self.notify(t("meetings.corrected", day=i18n.day(saved.on)))
            self.tell_if_paid(saved.on, *([self.meeting.on] if self.meeting else []))
        self.dismiss(saved)

    def tell_if_paid(self, *days: date) -> None:
        """A correction in a month whose payments are approved: say how the money follows."""
        from tui.screens.paid_dialog import approved_notice

        if notice := approved_notice(self.store, *days):
            self.notify(notice, severity="warning", timeout=12)
