"""The meeting log's place and consents (issue 16, seed 000): the kind of place beside its text
(outdoors first: meetings are outside the home by default), whether the child rode in the
volunteer's car, and the reason asked for when the guardian has not agreed to either; and the
reason asked for a meeting past the agreement's maximum. Used by ``meeting_log.py``."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static, Switch

from data.errors import TukiError
from data.model.activity import Meeting, MeetingStatus
from data.model.place import DEFAULT_PLACE, PlaceKind
from data.model.relationship import Relationship
from data.rules.place import CODES, consent_note
from tui.i18n import t
from tui.screens.relationship_picker import RelationshipPicker
from tui.widgets.form import Field, YesNo


def kind_word(kind: PlaceKind | None) -> str:
    return t(f"place.kind.{kind.value}") if kind is not None else ""


def where(meeting: Meeting) -> str:
    """The kind and the text of the place: 'Kahvila · Café Aalto' (either alone if only one)."""
    return " · ".join(part for part in (kind_word(meeting.place_kind), meeting.place) if part)


def place_row(meeting: Meeting | None = None) -> Horizontal:
    """The kind of place (a choice, outdoors first) and the place's own words; a correction of
    a meeting logged before the kind was asked may leave it unsaid ("–")."""
    unsaid = meeting is not None and meeting.place_kind is None
    kind = Select(
        [(kind_word(k), k.value) for k in PlaceKind],
        value=Select.NULL if unsaid else DEFAULT_PLACE.value,
        allow_blank=unsaid,
        prompt="–",
        id="in-place_kind",
        compact=True,
    )
    text = Input(id="in-place", compact=True)
    return Horizontal(
        Field("place_kind", t("meetings.place_kind"), kind),
        Field("place", t("meetings.place"), text),
        classes="row",
    )


def car_field() -> Field:
    return Field("by_car", t("meetings.by_car"), YesNo(False, id="in-by_car"))


class ConsentAsk(Vertical):
    """Why the meeting is logged without the guardian's consent: hidden until a save is refused
    for it (or a correction opens with a reason given)."""

    DEFAULT_CSS = """
    ConsentAsk { height: auto; display: none; }
    ConsentAsk.-asked { display: block; }
    ConsentAsk > #consent-why { color: $error; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__(id="consent-ask")
        self.reason = Input(id="in-consent_reason", compact=True)

    def compose(self) -> ComposeResult:
        yield Static("", id="consent-why")
        yield Field("consent_reason", t("meetings.consent_reason"), self.reason)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value.strip():
            self.add_class("-asked")


class ConsentNote:
    """A mixin of the meeting log: the guardian's consent that is missing is said as soon as
    the volunteer's home or the car ride is picked (the save still asks for the reason)."""

    async def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "in-place_kind":
            await self.note_consent()

    async def on_switch_changed(self, event: Switch.Changed) -> None:
        if event.switch.id == "in-by_car":
            await self.note_consent()

    async def on_relationship_picker_picked(self, event: RelationshipPicker.Picked) -> None:
        await self.note_consent(event.choice.relationship_id)

    async def note_consent(self, relationship_id: int | None = None) -> None:
        screen: Any = self
        kind = screen.query_one("#in-place_kind", Select).value
        place = PlaceKind(kind) if isinstance(kind, str) else None
        by_car = screen.query_one("#in-by_car", Switch).value
        code = None
        if place is PlaceKind.VOLUNTEER_HOME or by_car:  # (the agreement read only then)
            choice = screen.query_one(RelationshipPicker).value
            rid = relationship_id or (choice.relationship_id if choice else None)
            found = screen.store.records.find(Relationship, rid) if rid is not None else None
            if found is not None:
                code = consent_note(found, place, by_car)
        if code is None and not screen.query(ConsentAsk):
            return  # (the hidden fields not mounted yet: nothing to take back)
        await screen.mount_hidden_fields()
        found = screen.query(ConsentAsk)
        if not found:
            return  # (the form closed meanwhile)
        ask = found.first()
        if ask.reason.value.strip():
            return  # a reason given stays, with what was said of it
        ask.query_one("#consent-why", Static).update(f"⚠ {t(f'meetings.{code}')}" if code else "")
        ask.set_class(code is not None, "-asked")


def values(meeting: Meeting) -> dict[str, Any]:
    """The form's values of a logged meeting's place and consents (a correction)."""
    out: dict[str, Any] = {"in-by_car": meeting.by_car, "in-consent_reason": meeting.consent_reason}
    if meeting.place_kind is not None:  # one logged before the kind was asked: "–"
        out["in-place_kind"] = meeting.place_kind.value
    return out


def read(screen: Any) -> dict[str, Any]:
    """The meeting's place kind, car ride and consent reason as typed on ``screen``."""
    kind = screen.query_one("#in-place_kind", Select).value
    held = screen.query_one("#in-status", Select).value == MeetingStatus.HELD.value
    return {  # a cancelled meeting was held nowhere
        "place_kind": PlaceKind(kind) if isinstance(kind, str) and held else None,
        "by_car": held and screen.query_one("#in-by_car", Switch).value,
        "consent_reason": screen.read("consent_reason"),
    }


def over_max_text(params: dict[str, Any]) -> str:
    """A save past the agreement's maximum, in weekends for a support family."""
    weekends = params.get("weekends")  # (data/store/meetings.py)
    return t("meetings.over_max.weekends" if weekends else "meetings.over_max", **params)


def ask_reason(screen: Any, exc: TukiError) -> bool:
    """A refusal that a reason overrides: say so beside the fields, ask for the reason and
    put the cursor there (True); False for any other refusal."""
    if exc.code == "over_max":  # past the agreement's maximum
        text = over_max_text(exc.params)
        screen.query_one("#over-max-why", Static).update(f"✗ {text}")
        screen.set_class(True, "-over-max")
        screen.field("over_max_reason").set_error(t("meetings.over_max_give"))
        screen.query_one("#in-over_max_reason", Input).focus()
    elif exc.code in CODES:  # the volunteer's home or a car ride without the consent
        text = t(f"meetings.{exc.code}")
        ask = screen.query_one(ConsentAsk)
        ask.query_one("#consent-why", Static).update(f"⚠ {text}")
        ask.add_class("-asked")
        screen.field("consent_reason").set_error(t("meetings.consent_give"))
        ask.reason.focus()
    else:
        return False
    screen.notify(text, severity="warning" if exc.code in CODES else "error", timeout=8)
    return True
