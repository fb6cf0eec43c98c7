"""Forms of the clients area: a client, a guardian (linked to the client), the social worker.

Their shared shape (save, cancel, a conflict's reload) is ``RecordForm`` in record_form.py.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual import events
from textual.widgets import SelectionList

from data.model.base import DayPart, Gender, Weekday
from data.model.people import ClientKind, Reference, Travel
from data.model.retention import RetentionClass
from data.models import Client, SocialWorker
from data.rules.retention import years_of
from tui import i18n
from tui.i18n import t
from tui.screens.client_intake import intake_fields, read_intake
from tui.screens.record_form import RecordForm, select_field, text_field
from tui.screens.volunteer_form import parse_choices
from tui.widgets.checklist import CheckList
from tui.widgets.form import BadValue, Field, parse_date, parse_int, show_date, split_list

FIRM = ("gender", "language", "age")


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


class ClientForm(RecordForm):
    """Add a client (``client=None``) or edit one."""

    TITLE_KEY = "clients.form.new_client"

    def __init__(self, client: Client | None = None) -> None:
        super().__init__()
        self.record = client

    def heading(self) -> str:
        if self.record is None:
            return t("clients.form.new_client")
        return t("clients.form.edit_client", name=self.record.name)

    def fields(self) -> list[Field]:
        c = self.record
        dec, plan = (c.decision, c.client_plan) if c else (None, None)
        kinds = [(t(f"clients.kind.{k.value}"), k) for k in ClientKind]
        travels = [(t(f"clients.travel.{v.value}"), v) for v in Travel]
        return [
            text_field("first_name", c.first_name if c else ""),
            text_field("last_name", c.last_name if c else ""),
            text_field("birth_date", show_date(c.birth_date) if c else ""),
            select_field("kind", kinds, c.kind if c else ClientKind.CHILD),
            text_field("municipality", c.municipality if c else ""),
            text_field("area", c.area if c else ""),
            text_field("school", c.school if c else ""),
            text_field("school_class", c.school_class if c else ""),
            text_field("languages", i18n.words(c.languages) if c else "fi"),
            text_field("interests", i18n.words(c.interests) if c else ""),
            text_field("needs", i18n.words(c.needs) if c else ""),
            text_field("wishes", c.wishes if c else ""),
            text_field("friends", c.friends if c else ""),
            select_field("travel", travels, c.travel if c else Travel.ESCORTED),
            text_field("health_notes", c.health_notes if c else ""),
            *self._availability_fields(c),
            *self._preference_fields(c),
            text_field("known", self._known_names(c)),
            text_field("registered_on", show_date(c.registered_on if c else self.today())),
            text_field("decision_on", show_date(dec.on) if dec else ""),
            text_field("decision_ref", dec.reference if dec else ""),
            text_field("plan_on", show_date(plan.on) if plan else ""),
            text_field("plan_ref", plan.reference if plan else ""),
            *intake_fields(c.intake if c else None),
            select_field("retention", self._retention_options(), self._retention(c)),
        ]

    def on_key(self, event: events.Key) -> None:
        """Enter on a checklist (the firm wishes, the intake criteria) moves on, as the form's
        hint line says and as on every other field; space ticks. (Textual's own Enter ticked
        the highlighted box: Enter typed on through the form silently changed a criterion.)"""
        if event.key == "enter" and isinstance(self.focused, SelectionList):
            event.stop()
            event.prevent_default()
            self.focus_next()

    def _retention_options(self) -> list[tuple[str, Any]]:
        settings = self.store.records.settings()
        return [
            (t("retention.class_years", name=t(f"retention.class.{cls.value}"), n=years), cls)
            for cls, years in ((c, years_of(c, settings)) for c in RetentionClass)
        ]

    def _chosen_retention(self) -> RetentionClass | None:
        """The class chosen; a case stored without one keeps following the programme's
        default while the default is what the form shows (an unchanged form stores nothing)."""
        chosen = self.choice("retention")
        old = self.record
        if old is not None and old.retention is None and chosen == self._retention(old):
            return None
        return chosen  # type: ignore[no-any-return]

    def _retention(self, c: Client | None) -> RetentionClass:
        """The case's class; the programme's default for a new case (and an old one without)."""
        if c is not None and c.retention is not None:
            return c.retention
        return self.store.records.settings().retention_default

    def _availability_fields(self, c: Client | None) -> list[Field]:
        days = c.availability.days if c else []
        parts = c.availability.parts if c else []
        return [
            text_field("days", ", ".join(t(f"volunteers.day.{d.value}") for d in days)),
            text_field("parts", ", ".join(t(f"volunteers.part.{p.value}") for p in parts)),
        ]

    def _preference_fields(self, c: Client | None) -> list[Field]:
        p = c.preferences if c else None
        genders = [(t(f"clients.gender.{g.value}"), g) for g in Gender]
        firm: SelectionList[str] = CheckList(
            *[(t(f"clients.firm.{item}"), item, bool(p and item in p.firm)) for item in FIRM],
            id="in-firm",
        )
        return [
            select_field("pref_gender", genders, p.gender if p else None, blank=True),
            text_field("pref_language", p.language if p else ""),
            text_field("pref_age_min", _number(p.age_min if p else None)),
            text_field("pref_age_max", _number(p.age_max if p else None)),
            Field("firm", t("clients.field.firm"), firm),
        ]

    def _known_names(self, c: Client | None) -> str:
        if c is None:
            return ""
        volunteers = self.store.records.volunteer_facts()
        return ", ".join(volunteers[v].name for v in c.known_volunteer_ids if v in volunteers)

    def _known_ids(self) -> list[int]:
        """The volunteers the family already knows, typed by name; unknown names are refused."""
        by_name: dict[str, list[int]] = {}
        for v in self.store.records.volunteer_facts().values():
            by_name.setdefault(v.name.casefold(), []).append(v.id)
        ids: list[int] = []
        for name in split_list(self.read("known")):
            found = by_name.get(name.casefold(), [])
            if len(found) != 1:
                key = "clients.form.known_missing" if not found else "clients.form.known_twice"
                self.field("known").set_error(t(key, name=name))
                raise BadValue(t(key, name=name))
            if found[0] not in ids:
                ids.append(found[0])
        return ids

    def _reference(self, day: str, ref: str) -> dict[str, Any] | None:
        on = self._read_soft(day, parse_date, required=False)
        text = self.read(ref)
        if on is None and not text:
            return None
        if on is None:
            self.field(day).set_error(t("app.required"))
            raise BadValue(t("app.required"))
        if on > self.today():  # a decision or plan is recorded once it is made
            self.field(day).set_error(t("intake.reference_future"))
            raise BadValue(t("intake.reference_future"))
        return Reference(on=on, reference=text).model_dump()

    def _read_soft(self, name: str, parse: Any = None, **kwargs: Any) -> Any:
        """Like ``read`` but remembers the failure and goes on, so every bad field is marked."""
        try:
            return self.read(name, parse, **kwargs)
        except BadValue:
            self._bad = True
            return None

    def build(self) -> Client:
        self._bad = False
        data: dict[str, Any] = self.record.model_dump() if self.record else {}
        data.update(
            kind=self.choice("kind"),
            first_name=self.read("first_name"),
            last_name=self.read("last_name"),
            birth_date=self._read_soft("birth_date", parse_date),
            municipality=self.read("municipality"),
            area=self.read("area"),
            school=self.read("school"),
            school_class=self.read("school_class"),
            languages=i18n.codes(split_list(self.read("languages"))),
            interests=i18n.codes(split_list(self.read("interests"))),
            needs=i18n.codes(split_list(self.read("needs"))),
            wishes=self.read("wishes"),
            friends=self.read("friends"),
            travel=self.choice("travel"),
            health_notes=self.read("health_notes"),
            retention=self._chosen_retention(),
            registered_on=self._read_soft("registered_on", parse_date),
            availability={
                "days": self._read_soft(
                    "days", lambda s: parse_choices(s, "day", [d.value for d in Weekday])
                )
                or [],
                "parts": self._read_soft(
                    "parts", lambda s: parse_choices(s, "part", [p.value for p in DayPart])
                )
                or [],
            },
            preferences={
                "gender": self.choice("pref_gender"),
                "language": self.read("pref_language"),
                "age_min": self._read_soft("pref_age_min", parse_int),
                "age_max": self._read_soft("pref_age_max", parse_int),
                "firm": list(self.query_one("#in-firm", SelectionList).selected),
            },
        )
        try:
            data["known_volunteer_ids"] = self._known_ids()
        except BadValue:
            self._bad = True
        data["intake"] = read_intake(self)
        try:
            data["decision"] = self._reference("decision_on", "decision_ref")
            data["client_plan"] = self._reference("plan_on", "plan_ref")
        except BadValue:
            self._bad = True
        if self._bad:
            # still let pydantic mark the other fields (e.g. an empty last name) before giving up
            placeholder = {"birth_date": self.today(), "registered_on": self.today()}
            trial = {k: placeholder.get(k, v) if v is None else v for k, v in data.items()}
            trial.pop("decision", None), trial.pop("client_plan", None)
            try:
                Client.model_validate(trial)
            except ValidationError as exc:
                self.show_problems(exc)
            raise BadValue("")
        return Client.model_validate(data)

    def write(self, record: Client) -> Client:
        if self.record is None:
            return self.store.records.add(self.user, record)
        return self.store.records.update(self.user, record)

    def original(self) -> Client | None:
        return self.record

    def draft_key(self) -> str:
        return "client:new" if self.record is None else f"client:{self.record.id}"

    def draft_version(self) -> int | None:
        return self.record.version if self.record is not None else None

    def resume_version(self, version: int | None) -> None:
        if self.record is not None and version is not None:
            self.record = self.record.model_copy(update={"version": version})

    def reload_record(self) -> bool:
        if self.record is None or self.record.id is None:
            return False
        self.record = self.store.records.get(Client, self.record.id)
        return True


class SocialWorkerForm(RecordForm):
    """Choose the client's own social worker among the known ones, or add a new one."""

    TITLE_KEY = "clients.key.worker"

    def __init__(self, client: Client) -> None:
        super().__init__()
        self.client = client

    def heading(self) -> str:
        return t("clients.form.worker", name=self.client.name)

    def fields(self) -> list[Field]:
        workers = sorted(
            (w for w in self.store.records.list(SocialWorker) if not w.programme),
            key=lambda w: (w.last_name, w.first_name),
        )
        options: list[tuple[str, Any]] = [(t("clients.worker.new"), 0)]
        options += [(f"{w.name} · {w.unit}" if w.unit else w.name, w.id) for w in workers]
        return [
            select_field("existing", options, self.client.social_worker_id or 0),
            text_field("first_name"),
            text_field("last_name"),
            text_field("unit"),
            text_field("phone"),
            text_field("email"),
        ]

    def on_mount(self) -> None:
        self.field("existing").widget.focus()

    def unchanged(self, record: Any) -> bool:
        return isinstance(record, int) and record == self.client.social_worker_id

    def reload_record(self) -> bool:
        assert self.client.id is not None
        self.client = self.store.records.get(Client, self.client.id)
        return True

    def stored_values(self) -> dict[str, Any]:
        return {"in-existing": self.client.social_worker_id or 0}

    def build(self) -> SocialWorker | int:
        chosen = self.choice("existing")
        if chosen:
            return int(chosen)
        if not self.read("first_name") and not self.read("last_name"):
            self.field("existing").set_error(t("clients.form.choose"))
            raise BadValue(t("clients.form.choose"))
        return SocialWorker(
            first_name=self.read("first_name"),
            last_name=self.read("last_name"),
            unit=self.read("unit"),
            phone=self.read("phone"),
            email=self.read("email"),
        )

    def write(self, record: SocialWorker | int) -> SocialWorker:
        client = self.client
        assert client.id is not None
        worker: SocialWorker = self.store.people.set_social_worker(
            self.user, client.id, client.version, record
        )
        return worker


__all__ = [
    "ClientForm",
    "RecordForm",
    "SocialWorkerForm",
    "select_field",
    "text_field",
]
