"""The meeting log's support-family weekend and hobby costs (issue 16, seeds 001 and 002), a
mixin of ``MeetingLogScreen`` (tui/screens/meeting_log.py).

* A support family hosts the child for a weekend: when a support-family relationship is
  picked, the form offers its first and last day, Friday to Sunday of the chosen week by
  default (the week of the day typed, the one before when that weekend has not ended);
  the last day follows the first while it has not been typed over. The field is mounted only
  then: the form of any other relationship opens as before.
* Where the relationship's terms reimburse the child's hobby costs (a professional service),
  the costs and kilometres are labelled as the hobby's: the month-end run pays them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from textual.widgets import Input, Label

from data.model.weekend import MOST_DAYS, fi_days, weekend_of
from data.models import Meeting, Relationship, VolunteerKind
from tui import i18n
from tui.i18n import t
from tui.screens.relationship_picker import RelationshipPicker
from tui.widgets.form import Field, parse_date

#: the model's and the store's refusals of a weekend's last day, shown beside it
PLACES = {
    code: "until"
    for code in ("until_not_after", "until_too_far", "until_in_future", "until_not_family")
}

if TYPE_CHECKING:
    from tui.screens.base import TukiModal
    from tui.widgets.drafts import KeepsDraft
    from tui.widgets.form import FormMixin

    class _Base(KeepsDraft, FormMixin, TukiModal[Any]):
        meeting: Meeting | None

else:
    _Base = object


def first_day(typed: date, today: date) -> date:
    """The Friday of ``typed``'s week, or the Friday before when that weekend has not ended."""
    friday, sunday = weekend_of(typed)
    return friday - timedelta(days=7) if sunday > today else friday


def last_day(on: date) -> date:
    """The weekend's default last day: the Sunday of ``on``'s week, at least the next day and at
    most the longest stay allows."""
    sunday = on + timedelta(days=6 - on.weekday())
    return min(max(sunday, on + timedelta(days=1)), on + timedelta(days=MOST_DAYS - 1))


class WeekendLog(_Base):
    """The weekend's days and the hobby costs' labels in the meeting log (see the module)."""

    #: whether the form is now for a support family (the last day shown and read)
    weekend = False
    #: the last day as the form last filled it in (it follows the first day until typed over)
    auto_until = ""

    async def on_mount(self) -> None:
        """(Textual runs each class's on_mount: this one after the screen's.)"""
        self.PLACES = {**type(self).PLACES, **PLACES}
        picker = self.query_one(RelationshipPicker)
        if picker.value is not None and picker.value.relationship_id is not None:
            await self.weekend_for(picker.value.relationship_id)

    async def on_relationship_picker_picked(self, event: RelationshipPicker.Picked) -> None:
        if event.choice.relationship_id is not None:
            await self.weekend_for(event.choice.relationship_id)

    async def restore_choice(self, key: Any) -> None:
        """A draft's relationship is picked quietly (no ``Picked``): the weekend's field is
        mounted here, before the draft's values (its last day among them) are put back."""
        await super().restore_choice(key)
        choice = self.query_one(RelationshipPicker).value
        if choice is not None and choice.relationship_id is not None:
            await self.weekend_for(choice.relationship_id)

    async def weekend_for(self, relationship_id: int) -> None:
        """The form for this relationship: a weekend's days for a support family, the costs'
        labels by its terms."""
        r = self.store.records.find(Relationship, relationship_id)
        family = r is not None and r.service is VolunteerKind.SUPPORT_FAMILY
        hobby = r is not None and r.agreement is not None and r.agreement.fee_terms.hobby_costs
        self._label("costs", t("meetings.costs.hobby" if hobby else "meetings.costs"))
        self._label("km", t("meetings.km.hobby" if hobby else "meetings.km"))
        self._label("on", t("meetings.weekend.from" if family else "meetings.on"))
        self.weekend = family
        if family:
            await self._show_until()
        elif self.query("#field-until"):
            self.field("until").display = False
            self.query_one("#in-until", Input).value = ""

    async def _show_until(self) -> None:
        if not self.query("#field-until"):
            field = Field("until", t("meetings.until"), Input(id="in-until", compact=True))
            on_field = self.field("on")
            await on_field.parent.mount(field, after=on_field)  # beside the first day
        self.field("until").display = True
        on = self.query_one("#in-on", Input)
        if self.meeting is not None:  # a correction: its own days
            until = self.meeting.until
            self._set_until(i18n.day(until) if until else "")
            return
        try:
            typed = parse_date(on.value) or self.today()
        except Exception:
            typed = self.today()
        start = first_day(typed, self.today())
        on.value = i18n.day(start)
        self._set_until(i18n.day(last_day(start)))

    def _set_until(self, text: str) -> None:
        self.query_one("#in-until", Input).value = text
        self.auto_until = text

    def on_input_changed(self, event: Input.Changed) -> None:
        """The last day follows the first while it is the one the form filled in."""
        if event.input.id != "in-on" or not self.weekend:
            return
        until = self.query_one("#in-until", Input)
        if until.value != self.auto_until:
            return  # typed over: left as typed
        try:
            on = parse_date(event.value)
        except Exception:
            return
        if on is not None:
            self._set_until(i18n.day(last_day(on)))

    def _label(self, name: str, text: str) -> None:
        found = self.query(f"#field-{name}")
        if not found:
            return
        field = self.field(name)
        if field.label != text:
            field.label = text
            field.query_one(".field--label", Label).update(text)

    @staticmethod
    def days(meeting: Meeting) -> str:
        """The meeting's day, or the weekend's first and last day (13.11.–15.11.2026)."""
        return fi_days(meeting.on, meeting.until)

    def weekend_until(self) -> date | None:
        """The weekend's last day as typed (None: not a support family's, or left empty);
        a day that does not read is shown beside the field (BadValue)."""
        if not self.weekend or not self.query("#field-until"):
            return None
        value: Any = self.read("until", parse_date)
        return value if isinstance(value, date) else None


__all__ = ["WeekendLog", "first_day", "last_day"]
