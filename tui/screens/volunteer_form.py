"""Add or edit a volunteer. A new volunteer gets an 'applied' step on the application date."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Switch

from data.model.base import DayPart, Gender, Weekday
from data.models import Applied, Volunteer, VolunteerKind
from tui import i18n
from tui.i18n import t
from tui.screens.vetting import VolunteerFormBase
from tui.widgets.drafts import KeepsDraft
from tui.widgets.form import BadValue, Field, YesNo, parse_date, parse_int, show_date, split_list
from tui.widgets.typed import values_of

TEXT_FIELDS = ("first_name", "last_name", "municipality", "area", "phone", "email")
LIST_FIELDS = ("reachable_areas", "interests", "offers", "languages")
INT_FIELDS = ("birth_year", "capacity", "child_age_min", "child_age_max")
DEFAULTS = {"languages": "fi"}


def _words(prefix: str, values: list[str]) -> dict[str, str]:
    """Every language's word (and the code itself) for each value: 'ma', 'må', 'mon' → mon."""
    out: dict[str, str] = {}
    for value in values:
        out[value] = value
        for catalog in i18n.CATALOGS.values():
            out[catalog[f"volunteers.{prefix}.{value}"].casefold()] = value
    return out


def parse_choices(text: str, prefix: str, values: list[str]) -> list[str]:
    known = _words(prefix, values)
    out: list[str] = []
    for word in split_list(text.replace(" ", ",")):
        value = known.get(word.casefold())
        if value is None:
            bad = "volunteers.form.bad_day" if prefix == "day" else "volunteers.form.bad_part"
            raise BadValue(t(bad, word=word))
        if value not in out:
            out.append(value)
    return out


def _shown(name: str, values: list[str]) -> str:
    return ", ".join(values) if name == "reachable_areas" else i18n.words(values)


class VolunteerForm(KeepsDraft, VolunteerFormBase):
    """``volunteer`` None: a new volunteer; otherwise edit it (the version guards the save).
    What is typed is kept as a draft as it is typed (tui/widgets/drafts.py)."""

    TITLE_KEY = "volunteers.title"
    CSS_PATH = "volunteer_form.tcss"

    def __init__(self, volunteer: Volunteer | None) -> None:
        super().__init__()
        self.volunteer = volunteer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.heading(), classes="dialog--title")
            with VerticalScroll():
                yield from self.fields()
            yield from self.buttons()

    def heading(self) -> str:
        v = self.volunteer
        return t("volunteers.form.edit", name=v.name) if v else t("volunteers.form.new")

    def refresh_data(self) -> None:
        """After a conflict: as every form (FormMixin), and the heading names the stored name."""
        super().refresh_data()
        self.query_one(".dialog--title", Label).update(self.heading())

    def fields(self) -> list[Field]:
        """The fields as they open on the volunteer (None: a new one)."""
        v = self.volunteer

        def text(name: str, value: str = "") -> Field:
            return Field(name, t(f"volunteers.form.{name}"), Input(value, id=f"in-{name}"))

        def number(value: int | None) -> str:
            return "" if value is None else str(value)

        def yes_no(name: str, value: bool) -> Field:
            return Field(name, t(f"volunteers.form.{name}"), YesNo(value, id=f"in-{name}"))

        genders = [(t(f"volunteers.gender.{g.value}"), g.value) for g in Gender]
        kinds = [(t(f"volunteer_kind.{k.value}"), k.value) for k in VolunteerKind]
        gender = v.gender.value if v and v.gender else Select.NULL
        kind = (v.kind if v else VolunteerKind.VOLUNTEER).value
        days = v.availability.days if v else []
        parts = v.availability.parts if v else []
        fields = [
            text("first_name", v.first_name if v else ""),
            text("last_name", v.last_name if v else ""),
            text("birth_year", number(v.birth_year) if v else ""),
            Field(
                "gender",
                t("volunteers.form.gender"),
                Select(genders, prompt="–", value=gender, id="in-gender"),
            ),
            Field(
                "kind",
                t("volunteers.form.kind"),
                Select(kinds, value=kind, allow_blank=False, id="in-kind"),
            ),
            text("municipality", v.municipality if v else ""),
            text("area", v.area if v else ""),
            *(
                text(name, _shown(name, getattr(v, name)) if v else DEFAULTS.get(name, ""))
                for name in LIST_FIELDS
            ),
            text("days", ", ".join(t(f"volunteers.day.{d.value}") for d in days)),
            text("parts", ", ".join(t(f"volunteers.part.{p.value}") for p in parts)),
            yes_no("has_car", bool(v and v.has_car)),
            yes_no("home_visits_ok", bool(v and v.home_visits_ok)),
            text("capacity", number(v.capacity) if v else "1"),
            text("child_age_min", number(v.child_age_min) if v else ""),
            text("child_age_max", number(v.child_age_max) if v else ""),
            text("phone", v.phone if v else ""),
            text("email", v.email if v else ""),
        ]
        if v is None:
            fields.append(text("applied_on", show_date(self.today())))
        return fields

    def on_mount(self) -> None:
        self.query_one("#in-first_name", Input).focus()

    def values(self) -> dict[str, Any]:
        """The form as model fields; every unreadable field is marked before BadValue."""
        data: dict[str, Any] = {}
        bad = False

        def take(name: str, parse: Any = None, **kwargs: Any) -> Any:
            nonlocal bad
            try:
                return self.read(name, parse, **kwargs)
            except BadValue:
                bad = True
                return None

        for name in TEXT_FIELDS:
            data[name] = take(name)
        for name in LIST_FIELDS:
            data[name] = split_list(take(name) or "")
            if name != "reachable_areas":
                data[name] = i18n.codes(data[name])
        for name in INT_FIELDS:
            data[name] = take(name, parse_int)
        if data["capacity"] is None:
            data.pop("capacity")
        if data["birth_year"] is None and not bad:
            self.field("birth_year").set_error(t("app.required"))
            bad = True
        days = take("days", lambda s: parse_choices(s, "day", [d.value for d in Weekday]))
        parts = take("parts", lambda s: parse_choices(s, "part", [p.value for p in DayPart]))
        data["availability"] = {"days": days or [], "parts": parts or []}
        gender = self.query_one("#in-gender", Select).value
        data["gender"] = gender if isinstance(gender, str) else None
        data["kind"] = self.query_one("#in-kind", Select).value
        data["has_car"] = self.query_one("#in-has_car", Switch).value
        data["home_visits_ok"] = self.query_one("#in-home_visits_ok", Switch).value
        if self.volunteer is None:
            data["applied_on"] = take("applied_on", parse_date)
        if bad:
            raise BadValue(t("volunteers.form.not_saved"))
        return data

    def build(self) -> Volunteer:
        data = self.values()
        v = self.volunteer
        if v is None:
            applied_on = data.pop("applied_on")
            return Volunteer(**data, vetting=[Applied(on=applied_on, by=self.user)])
        merged = {**v.model_dump(), **data}
        return Volunteer.model_validate(merged)

    def unchanged(self, built: Any) -> bool:
        v = self.volunteer
        return v is not None and built.content() == v.content()

    def stored_values(self) -> dict[str, Any]:
        return values_of(field.widget for field in self.fields())

    def draft_key(self) -> str:
        return "volunteer:new" if self.volunteer is None else f"volunteer:{self.volunteer.id}"

    def draft_version(self) -> int | None:
        return self.volunteer.version if self.volunteer is not None else None

    def resume_version(self, version: int | None) -> None:
        if self.volunteer is not None and version is not None:
            self.volunteer = self.volunteer.model_copy(update={"version": version})

    def save(self, built: Volunteer) -> Volunteer:
        v = self.volunteer
        if v is None:
            return self.store.records.add(self.user, built)
        assert v.id is not None
        changes = built.model_dump(mode="json", include=set(self.changed_fields()))
        return self.store.records.revise(self.user, Volunteer, v.id, v.version, changes=changes)

    @staticmethod
    def changed_fields() -> tuple[str, ...]:
        return (
            *TEXT_FIELDS,
            *LIST_FIELDS,
            *INT_FIELDS,
            "availability",
            "gender",
            "kind",
            "has_car",
            "home_visits_ok",
        )

    def action_save(self) -> None:
        self.guarded(self.build, self.save)
