"""A contact with the child's network (the school, the guardians, the social worker, another
professional, the 24-hour phone support), logged or corrected from the relationship's page
(``o`` logs one; Enter on a contact in the timeline opens it, ``ctrl+t`` there removes it after
asking). The contacts are shown in the page's timeline with their own marker (``CONTACT_MARK``).
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from textual.binding import Binding
from textual.widgets import Input, Select

from data.model.contact import Contact, ContactHow, ContactWith
from tui import i18n
from tui.i18n import t
from tui.screens.record_form import RecordForm
from tui.widgets.form import Field, parse_date, parse_int, parse_time, show_date

#: the timeline's marker of a contact (a meeting has none)
CONTACT_MARK = "☎"


def _input(name: str, label: str, value: str = "") -> Field:
    return Field(name, t(label), Input(value, id=f"in-{name}", compact=True))


def _select(name: str, label: str, options: list[tuple[str, Any]], value: Any) -> Field:
    widget: Select[Any] = Select(
        options, value=value, allow_blank=False, id=f"in-{name}", compact=True
    )
    return Field(name, t(label), widget)


def timeline_row(c: Contact) -> tuple[str, str, str, str]:
    """A contact as a row of the relationship's timeline: date, what, with whom, minutes."""
    what = f"{CONTACT_MARK} {t('contacts.mark')}: {t(f'contacts.how.{c.how.value}')}"
    whom = t(f"contacts.with.{c.whom.value}") + (f" ({c.name})" if c.name else "")
    return i18n.day(c.on), what, whom, str(c.minutes) if c.minutes else "–"


class ContactForm(RecordForm):
    TITLE_KEY = "contacts.title"
    BINDINGS = [Binding("ctrl+t", "remove", "contacts.key.remove", id="contacts.remove")]
    PLACES = {
        **RecordForm.PLACES,
        "contact_in_future": "on",
        "contact_before_start": "on",
        "contact_after_end": "on",
        "contact_not_started": "on",
        "contact_whom_missing": "name",
    }

    def __init__(self, relationship_id: int, contact: Contact | None, today: date) -> None:
        super().__init__()
        self.relationship_id = relationship_id
        self.contact = contact
        self.day = today

    def heading(self) -> str:
        if self.contact is None:
            return t("contacts.heading.new", id=self.relationship_id)
        return t("contacts.heading.edit", ref=self.contact.ref)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove":
            return self.contact is not None
        return True

    def fields(self) -> list[Field]:
        c = self.contact
        # a new contact: now, shown (a time left out is not made up unseen)
        at = i18n.clock(c.at if c else self.store.clock())
        whom = [(t(f"contacts.with.{w.value}"), w) for w in ContactWith]
        how = [(t(f"contacts.how.{h.value}"), h) for h in ContactHow]
        return [
            _input("on", "contacts.field.on", show_date(c.on if c else self.day)),
            _input("at", "contacts.field.at", at),
            _select("whom", "contacts.field.whom", whom, c.whom if c else ContactWith.SCHOOL),
            _input("name", "contacts.field.name", c.name if c else ""),
            _select("how", "contacts.field.how", how, c.how if c else ContactHow.PHONE),
            _input("minutes", "contacts.field.minutes", str(c.minutes or "") if c else ""),
            _input("note", "contacts.field.note", c.note if c else ""),
        ]

    def _moment(self, day: date, at: time | None) -> datetime:
        now = self.store.clock()
        if at is None:
            at = now.time().replace(second=0, microsecond=0) if day == now.date() else time(12)
        return datetime.combine(day, at, tzinfo=now.tzinfo)

    def build(self) -> Contact:
        day = self.read("on", parse_date)
        at = self.read("at", parse_time)
        minutes = self.read("minutes", parse_int)
        base: dict[str, Any] = (
            self.contact.model_dump(mode="json") if self.contact is not None else {}
        )
        data = {
            **base,
            "relationship_id": self.relationship_id,
            "at": self._moment(day, at),
            "whom": self.choice("whom"),
            "name": self.read("name"),
            "how": self.choice("how"),
            "minutes": minutes,
            "note": self.read("note"),
        }
        return Contact.model_validate(data, context={"now": self.store.clock()})

    def write(self, record: Contact) -> Contact:
        if self.contact is None:
            saved: Contact = self.store.contacts.log(self.user, record)
        else:
            saved = self.store.contacts.change(self.user, record)
        return saved

    def original(self) -> Contact | None:
        return self.contact

    def reload_record(self) -> bool:
        if self.contact is None or self.contact.id is None:
            return False
        self.contact = self.store.contacts.get(self.relationship_id, self.contact.id)
        return True

    def action_remove(self) -> None:
        """Remove the contact (logged by mistake) after asking."""
        from tui.screens.dialogs import ConfirmDialog

        contact = self.contact
        if contact is None or contact.id is None:
            return
        cid = contact.id

        def after(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.contacts.remove(self.user, self.relationship_id, cid, contact.version)
            except Exception as exc:  # a refusal in the user's words, the form stays
                self.notify(i18n.explain(exc), severity="error", timeout=8)
                return
            self.notify(t("contacts.removed", ref=contact.ref))
            self.dismiss(contact)

        _day, what, whom, _minutes = timeline_row(contact)
        line = f"{i18n.day(contact.on)} {what} · {whom}"
        self.app.push_screen(ConfirmDialog(t("contacts.confirm_remove", line=line)), after)


__all__ = ["CONTACT_MARK", "ContactForm", "timeline_row"]
