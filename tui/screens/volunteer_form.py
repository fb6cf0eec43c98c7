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
from tui.widgets.form import BadValue, Field, YesNo, parse_date, parse_int, show_date, split_list

TEXT_FIELDS = ("first_name", "last_name", "municipality", "area", "phone", "email")
LIST_FIELDS = ("reachable_areas", "interests", "offers", "languages")
INT_FIELDS = ("birth_year", "capacity", "child_age_min", "child_age_max")


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


class VolunteerForm(VolunteerFormBase):
    """``volunteer`` None: a new volunteer; otherwise edit it (the version guards the save)."""

    TITLE_KEY = "volunteers.title"
    CSS_PATH = "volunteer_form.tcss"

    def __init__(self, volunteer: Volunteer | None) -> None:
        super().__init__()
        self.volunteer = volunteer

    def compose(self) -> ComposeResult:
        v = self.volunteer

        def text(name: str, value: str = "") -> Field:
            return Field(name, t(f"volunteers.form.{name}"), Input(value, id=f"in-{name}"))

        def number(value: int | None) -> str:
            return "" if value is None else str(value)

        title = t("volunteers.form.edit", name=v.name) if v else t("volunteers.form.new")
        genders = [(t(f"volunteers.gender.{g.value}"), g.value) for g in Gender]
        kinds = [(t(f"volunteer_kind.{k.value}"), k.value) for k in VolunteerKind]
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog--title")
            with VerticalScroll():
                yield text("first_name", v.first_name if v else "")
                yield text("last_name", v.last_name if v else "")
                yield text("birth_year", number(v.birth_year) if v else "")
                yield Field(
                    "gender",
                    t("volunteers.form.gender"),
                    Select(
                        genders,
                        prompt="–",
                        value=v.gender.value if v and v.gender else Select.NULL,
                        id="in-gender",
                    ),
                )
                yield Field(
                    "kind",
                    t("volunteers.form.kind"),
                    Select(
                        kinds,
                        value=(v.kind if v else VolunteerKind.VOLUNTEER).value,
                        allow_blank=False,
                        id="in-kind",
                    ),
                )
                yield text("municipality", v.municipality if v else "")
                yield text("area", v.area if v else "")
                for name in LIST_FIELDS:
                    default = "fi" if name == "languages" else ""
                    yield text(name, _shown(name, getattr(v, name)) if v else default)
                days = v.availability.days if v else []
                parts = v.availability.parts if v else []
                yield text("days", ", ".join(t(f"volunteers.day.{d.value}") for d in days))
                yield text("parts", ", ".join(t(f"volunteers.part.{p.value}") for p in parts))
                yield Field(
                    "has_car",
                    t("volunteers.form.has_car"),
                    YesNo(bool(v and v.has_car), id="in-has_car"),
                )
                yield Field(
                    "home_visits_ok",
                    t("volunteers.form.home_visits_ok"),
                    YesNo(bool(v and v.home_visits_ok), id="in-home_visits_ok"),
                )
                yield text("capacity", number(v.capacity) if v else "1")
                yield text("child_age_min", number(v.child_age_min) if v else "")
                yield text("child_age_max", number(v.child_age_max) if v else "")
                yield text("phone", v.phone if v else "")
                yield text("email", v.email if v else "")
                if v is None:
                    yield text("applied_on", show_date(self.today()))
            yield from self.buttons()

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
