"""The vetting dialogs: record a volunteer's next pipeline step, a pause, a return or leaving.

The criminal-record extract dialog has no field for the extract's contents, number or copy:
the law (148/2014) allows recording only that it was shown, the date and who saw it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static, Switch

from data.errors import ConflictError, TukiError
from data.models import (
    Applied,
    Approved,
    ExtractShown,
    Left,
    Oriented,
    Paused,
    Resumed,
    Step,
    SuitabilityAssessed,
    Volunteer,
)
from data.storage.files import StorageError
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.widgets.form import (
    BadValue,
    Field,
    FormMixin,
    YesNo,
    form_keys,
    parse_date,
    parse_decimal,
    show_date,
)

#: model-level refusals (no field in their location) and the field they concern
PLACES = {
    "extract_too_old": "extract_date",
    "extract_after_seen": "extract_date",
    "steps_order": "on",
    "age_range": "child_age_min",
}

MODELS: dict[Step, type[Any]] = {
    Step.APPLIED: Applied,
    Step.SUITABILITY: SuitabilityAssessed,
    Step.ORIENTED: Oriented,
    Step.EXTRACT_SHOWN: ExtractShown,
    Step.APPROVED: Approved,
    Step.PAUSED: Paused,
    Step.RESUMED: Resumed,
    Step.LEFT: Left,
}


def _reraise(exc: Exception) -> Any:
    raise exc


class VolunteerFormBase(FormMixin, TukiModal[Volunteer | None]):
    """Shared by the vetting dialogs and the volunteer form: save, cancel, problems in place."""

    BINDINGS = [
        Binding("ctrl+s", "save", "volunteers.key.save", priority=True, id="volunteer_form.save"),
        Binding("escape", "cancel", "volunteers.key.cancel", id="volunteer_form.cancel"),
        Binding(
            "ctrl+r", "take_mine", "app.mine.take_all", show=False, id="volunteer_form.take_mine"
        ),
    ]

    volunteer: Volunteer | None
    PLACES = PLACES

    def buttons(self) -> ComposeResult:
        yield Static(form_keys(self), classes="form--hint muted")
        with Horizontal(classes="buttons"):
            yield Button(t("volunteers.key.save"), id="save", variant="primary")
            yield Button(t("volunteers.key.cancel"), id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()

    def action_save(self) -> None:
        raise NotImplementedError

    def unchanged(self, built: Any) -> bool:
        """Nothing to save: the form holds what is stored."""
        return False

    def reload_record(self) -> bool:
        """After a conflict the volunteer's newer version is the one changed from now on."""
        if self.volunteer is None or self.volunteer.id is None:
            return False
        self.volunteer = self.store.records.get(Volunteer, self.volunteer.id)
        return True

    def place(self, exc: Exception) -> None:
        """Show each problem beside its field (model-level ones by PLACES) and notify."""
        self.notify(self.show_problems(exc), severity="error", timeout=8)

    def guarded(self, build: Callable[[], Any], save: Callable[[Any], Volunteer]) -> None:
        """Read and build (problems beside fields), then save; dismiss with the saved record."""
        self.clear_errors()
        try:
            built = build()
        except BadValue:
            self.notify(self.marked(t("volunteers.form.not_saved")), severity="error", timeout=8)
            return
        except (ValidationError, TukiError) as exc:
            self.place(exc)
            return
        if self.unchanged(built):  # saving it would only make a new version of the same
            self.notify(t("app.unchanged"))
            self.dismiss(None)
            return
        try:
            saved = save(built)
        except ConflictError as conflict:
            self.attempt(partial(_reraise, conflict))
            return
        except (ValidationError, TukiError) as exc:
            self.place(exc)
            return
        except StorageError as trouble:  # a notification, as everywhere
            self.attempt(partial(_reraise, trouble))
            return
        self.dismiss(saved)


class StepDialog(VolunteerFormBase):
    """Record one vetting step of ``volunteer`` (its kind decides the fields)."""

    TITLE_KEY = "volunteers.title"
    CSS_PATH = "vetting.tcss"

    def __init__(self, volunteer: Volunteer, step: Step) -> None:
        super().__init__()
        self.volunteer: Volunteer = volunteer
        self.step = step

    def compose(self) -> ComposeResult:
        today = show_date(self.today())
        step = self.step
        with Vertical(classes="dialog"):
            yield Label(
                t("volunteers.step.title", step=t(f"step.{step.value}"), name=self.volunteer.name),
                classes="dialog--title",
            )
            with VerticalScroll():
                if step is Step.EXTRACT_SHOWN:
                    yield Static(t("volunteers.step.extract_help"), classes="dialog--help")
                    extract = Input(id="in-extract_date")
                    yield Field("extract_date", t("volunteers.step.extract_date"), extract)
                    yield Field("on", t("volunteers.step.seen_on"), Input(today, id="in-on"))
                    yield Field("by", t("volunteers.step.seen_by"), Input(self.user, id="in-by"))
                else:
                    yield Field("on", t("volunteers.step.on"), Input(today, id="in-on"))
                    if step in (Step.SUITABILITY, Step.APPROVED, Step.ORIENTED):
                        yield Field("by", t("volunteers.step.by"), Input(self.user, id="in-by"))
                    if step is Step.SUITABILITY:
                        suitable = YesNo(True, id="in-suitable")
                        yield Field("suitable", t("volunteers.step.suitable"), suitable)
                    if step is Step.ORIENTED:
                        yield Field("hours", t("volunteers.step.hours"), Input(id="in-hours"))
                    yield Field("note", t("volunteers.step.note"), Input(id="in-note"))
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def build(self) -> Any:
        step = self.step
        model = MODELS[step]
        values: dict[str, Any] = {"on": self.read("on", parse_date)}
        if step is Step.EXTRACT_SHOWN:
            values["extract_date"] = self.read("extract_date", parse_date)
            values["by"] = self.read("by")
            return model(**values)
        if self.query("#field-by"):
            values["by"] = self.read("by")
        if step is Step.SUITABILITY:
            values["suitable"] = self.query_one("#in-suitable", Switch).value
        if step is Step.ORIENTED:
            hours = self.read("hours", parse_decimal)
            if hours is None:
                self.field("hours").set_error(t("app.required"))
                raise BadValue(t("app.required"))
            values["hours"] = hours
        values["note"] = self.read("note")
        return model(**values)

    def action_save(self) -> None:
        volunteer = self.volunteer
        assert volunteer.id is not None
        self.guarded(
            self.build,
            lambda step: self.store.people.add_vetting_step(
                self.user, volunteer.id or 0, volunteer.version, step
            ),
        )
