"""Log a held or cancelled meeting: pick the relationship by name, Enter, ctrl+s.

The shortest path from anywhere is ``l``, part of a name, ``enter``, ``ctrl+s``: a held
meeting dated today; ``ctrl+l`` before ``ctrl+s`` makes it a cancelled one (the reason gets
the focus). Enter moves on to the next field, as in every form. A save past the agreement's
maximum is refused; the form keeps what was typed and shows the field for the reason, so the
coordinator can give it and save again.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from data.errors import TukiError
from data.models import (
    CancelReason,
    GoalProgress,
    Meeting,
    MeetingStatus,
    Relationship,
    Report,
    State,
)
from data.storage.files import StorageError
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal
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

LOGGABLE = frozenset({State.STARTING, State.ACTIVE, State.PAUSED})


def _input(name: str, value: str = "", placeholder: str = "") -> Input:
    return Input(value, placeholder=placeholder, id=f"in-{name}", compact=True)


class MeetingLogScreen(KeepsDraft, FormMixin, TukiModal[Meeting | None]):
    TITLE_KEY = "meetings.title"
    CSS_PATH = "meeting_log.tcss"
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

    def __init__(self, relationship_id: int | None = None) -> None:
        super().__init__()
        self.relationship_id = relationship_id
        self.goal_ids: list[int] = []

    # ----- building the form -------------------------------------------------------------

    def compose(self) -> ComposeResult:
        choices = relationship_choices(self.store, states=LOGGABLE)
        selected = f"r{self.relationship_id}" if self.relationship_id is not None else None
        status = Select(
            [(t(f"meetings.status.{s.value}"), s.value) for s in MeetingStatus],
            value=MeetingStatus.HELD.value,
            allow_blank=False,
            id="in-status",
            compact=True,
        )
        reason = Select(
            [(t(f"meetings.reason.{r.value}"), r.value) for r in CancelReason],
            value=CancelReason.VOLUNTEER_ILL.value,
            allow_blank=False,
            id="in-cancel_reason",
            compact=True,
        )
        with Vertical(id="dialog"):
            yield Label(t("meetings.title"), classes="title-bar")
            with VerticalScroll(id="form"):
                yield RelationshipPicker(t("meetings.relationship"), choices, selected)
                with Horizontal(classes="row"):
                    yield Field("on", t("meetings.on"), _input("on", i18n.day(self.today())))
                    yield Field("status", t("meetings.status"), status)
                with Horizontal(classes="row", id="cancel-row"):
                    yield Field("cancel_reason", t("meetings.cancel_reason"), reason)
                    yield Field("cancel_note", t("meetings.cancel_note"), _input("cancel_note"))
                yield Static("", id="over-max-why")
                yield Field(
                    "over_max_reason", t("meetings.over_max_reason"), _input("over_max_reason")
                )
                with Horizontal(classes="row"):
                    yield Field("start", t("meetings.start"), _input("start", "", "14.00"))
                    yield Field("duration_min", t("meetings.duration"), _input("duration_min"))
                yield Field("activity", t("meetings.activity"), _input("activity"))
                yield Field("place", t("meetings.place"), _input("place"))
                yield Field("how_it_went", t("meetings.how_it_went"), _input("how_it_went"))
                yield Field("wellbeing", t("meetings.wellbeing"), _input("wellbeing"))
                yield Vertical(id="goals")
                yield Field("progress_note", t("meetings.progress_note"), _input("progress_note"))
                with Horizontal(classes="row"):
                    yield Field("costs", t("meetings.costs"), _input("costs", "", "12,50"))
                    yield Field("km", t("meetings.km"), _input("km"))
            yield Static(form_keys(self), classes="form--hint muted")
            yield Footer()

    def on_mount(self) -> None:
        self.set_class(True, "-held")
        picker = self.query_one(RelationshipPicker)
        if picker.value is not None and picker.value.relationship_id is not None:
            self.load_goals(picker.value.relationship_id)
            self.query_one("#in-activity", Input).focus()
        else:
            self.query_one("#pick-input", Input).focus()

    def on_relationship_picker_picked(self, event: RelationshipPicker.Picked) -> None:
        # Enter moved the focus on to the date (today, selected: typing replaces it)
        if event.choice.relationship_id is not None:
            self.load_goals(event.choice.relationship_id)

    def load_goals(self, relationship_id: int) -> AwaitComplete:
        """One input per open goal of the chosen relationship (awaitable: mounted)."""
        box = self.query_one("#goals", Vertical)
        removed = box.remove_children()
        relationship = self.store.records.find(Relationship, relationship_id)
        goals = [g for g in relationship.goals if g.open] if relationship else []
        self.goal_ids = [g.id for g in goals]
        mounted = box.mount_all(
            Field(f"goal-{g.id}", t("meetings.goal", goal=g.text), _input(f"goal-{g.id}"))
            for g in goals
        )
        return AwaitComplete(removed, mounted)

    # ----- the draft (tui/widgets/drafts.py) ---------------------------------------------

    def draft_key(self) -> str:
        rid = self.relationship_id
        return "meeting:new" if rid is None else f"meeting:r{rid}"

    async def restore_choice(self, key: Any) -> None:
        """The draft's relationship, and its goals' inputs for the draft's notes."""
        picker = self.query_one(RelationshipPicker)
        before = picker.value
        await super().restore_choice(key)
        choice = picker.value
        if choice is not before and choice is not None and choice.relationship_id is not None:
            await self.load_goals(choice.relationship_id)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "in-status":
            self.set_class(event.value == MeetingStatus.HELD.value, "-held")

    def action_toggle_cancelled(self) -> None:
        """Held <-> cancelled in one key; a cancelled meeting's reason gets the focus, a held
        one's activity."""
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
        return Meeting(
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
            **values,
        )

    def action_save(self) -> None:
        self.clear_errors()
        self.query_one(RelationshipPicker).set_error(None)
        try:
            meeting = self.build()
            saved = self.store.meetings.log(self.user, meeting)
        except BadValue as exc:
            self.notify(self.marked(str(exc)), severity="error", timeout=8)
            return
        except StorageError as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=12)
            return
        except (ValidationError, TukiError) as exc:
            if isinstance(exc, TukiError) and exc.code == "over_max":
                self.ask_over_max_reason(exc)
            else:
                self.notify(self.show_problems(exc), severity="error", timeout=8)
            return
        status = t(f"meetings.status.{saved.status.value}")
        self.notify(t("meetings.saved", ref=saved.ref, status=status, day=i18n.day(saved.on)))
        self.dismiss(saved)

    def ask_over_max_reason(self, exc: TukiError) -> None:
        """Past the maximum: say so beside the fields and ask for the reason."""
        text = t("meetings.over_max", **exc.params)
        self.query_one("#over-max-why", Static).update(f"✗ {text}")
        self.set_class(True, "-over-max")
        self.field("over_max_reason").set_error(t("meetings.over_max_give"))
        self.query_one("#in-over_max_reason", Input).focus()
        self.notify(text, severity="error", timeout=8)
