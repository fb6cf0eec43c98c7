"""The programme's settings: its name and organiser, the rates per kind of service with the day
each row takes effect (add, change, remove a row), the alert thresholds and the retention
periods (the class a new case gets, each class's years after closing, how long a left
volunteer's vetting details are kept: ``data/model/retention.py`` sets their bounds).

A ``RecordForm`` like the others: every problem is shown beside its field in words (a bad
date, a number that does not read, a fee for a professional service, two rows of one kind
from the same day), nothing is stored until everything fits, a save of nothing changed
stores nothing, and a save over someone else's newer settings opens the conflict dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from data.errors import TukiError
from data.model.money import DEFAULT_MODEL
from data.model.retention import RetentionClass
from data.models import FeeModel, Rate, Settings, Thresholds, VolunteerKind
from data.rules.retention import years_of
from tui import i18n, rates_text
from tui.i18n import t
from tui.screens.history import open_history
from tui.screens.record_form import RecordForm
from tui.screens.settings_scale import ScaleFields
from tui.widgets.form import (
    BadValue,
    Field,
    YesNo,
    parse_date,
    parse_decimal,
    parse_int,
    show_date,
)


def _amount(value: Decimal) -> str:
    """96,70 € as the forms read it back (parse_decimal takes the sign and the spaces)."""
    return i18n.money(value)


def _input(name: str, value: str) -> Input:
    return Input(value, id=f"in-{name}", compact=True)


class RateRow(Vertical):
    """One row of the rates; its fields are named ``rate<serial>_<field>``."""

    DEFAULT_CSS = """
    RateRow { height: auto; border-top: solid $primary; margin: 1 0 0 0; }
    RateRow > Horizontal { height: auto; }
    RateRow > Horizontal > Field { width: 1fr; }
    RateRow > .rate--foot { height: auto; align-horizontal: right; }
    """

    def __init__(self, serial: int, rate: Rate | None) -> None:
        super().__init__(id=f"rate-{serial}")
        self.serial = serial
        self.rate = rate

    def name_of(self, field: str) -> str:
        return f"rate{self.serial}_{field}"

    def compose(self) -> ComposeResult:
        r, n = self.rate, self.name_of
        kinds = [(rates_text.service(k), k) for k in VolunteerKind]
        models = [(t(f"relationship.fee_model.{m.value}"), m) for m in FeeModel]
        service = r.service if r else VolunteerKind.VOLUNTEER
        with Horizontal():
            yield Field(
                n("from"),
                t("settings.rate.from"),
                _input(n("from"), show_date(r.effective_from if r else None)),
            )
            yield Field(
                n("service"), t("settings.rate.service"), _select(n("service"), kinds, service)
            )
        with Horizontal():
            model = r.fee_model if r else DEFAULT_MODEL[service]
            yield Field(
                n("fee_model"), t("settings.rate.fee_model"), _select(n("fee_model"), models, model)
            )
            yield Field(
                n("fee"), t("settings.rate.fee"), _input(n("fee"), _amount(r.fee) if r else "")
            )
        with Horizontal():
            allowance = _amount(r.allowance) if r else ""
            per_km = _amount(r.per_km) if r else ""
            yield Field(
                n("allowance"), t("settings.rate.allowance"), _input(n("allowance"), allowance)
            )
            yield Field(n("per_km"), t("settings.rate.per_km"), _input(n("per_km"), per_km))
        yield Field(
            n("hobby_costs"),
            t("settings.rate.hobby_costs"),
            YesNo(bool(r and r.hobby_costs), id=f"in-{n('hobby_costs')}"),
        )
        with Horizontal(classes="rate--foot"):
            yield Button(t("settings.rate.remove"), classes="rate--remove", compact=True)


def _select(name: str, options: list[tuple[str, Any]], value: Any) -> Select[Any]:
    return Select(options, value=value, allow_blank=False, id=f"in-{name}", compact=True)


class SettingsForm(ScaleFields, RecordForm):
    """The settings as one form; ``ctrl+n`` adds a row of rates, a row's button removes it."""

    TITLE_KEY = "settings.title"
    BINDINGS = [
        Binding("ctrl+n", "add_rate", "settings.key.add_rate", id="settings.add_rate"),
        Binding("ctrl+o", "users", "settings.key.users", id="settings.users"),
        Binding("ctrl+b", "history", "history.key.open", id="settings.history"),
    ]
    DEFAULT_CSS = """
    SettingsForm .settings--section { margin: 1 0 0 0; text-style: bold; }
    SettingsForm .settings--hint { color: $text-muted; }
    SettingsForm #rates { height: auto; }
    SettingsForm #add-rate { margin: 1 0 0 0; }
    SettingsForm #no-rates { display: none; margin: 1 0 0 0; }
    SettingsForm.-no-rates #no-rates { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.settings: Settings = Settings()
        self.next_serial = 0

    def action_history(self) -> None:  # (ctrl+b: the letters are typed in the fields)
        open_history(self, "settings", 1)

    def heading(self) -> str:
        return t("settings.heading")

    def fields(self) -> list[Field]:
        """The programme's and the thresholds' fields (the rates are rows of their own)."""
        s = self.settings
        out = [
            Field(n, t(f"settings.field.{n}"), _input(n, getattr(s, n)))
            for n in rates_text.TEXT_KEYS
        ]
        out += [
            Field(
                f"th_{n}",
                t(f"settings.threshold.{n}"),
                _input(f"th_{n}", str(getattr(s.thresholds, n))),
            )
            for n in Thresholds.model_fields
        ]
        out += [  # volunteers kept fit: shown with the thresholds
            Field(n, t(f"settings.field.{n}"), _input(n, str(getattr(s, n))))
            for n in rates_text.FIT_KEYS
        ]
        return out + self.retention_fields()

    def retention_fields(self) -> list[Field]:
        """The retention section: the class a new case gets, each class's years after closing
        and how long a left volunteer's vetting details are kept."""
        s, word = self.settings, rates_text.retention_class
        classes = [(word(c.value), c) for c in RetentionClass]
        default = _select("retention_default", classes, s.retention_default)
        out = [Field("retention_default", t("settings.field.retention_default"), default)]
        for c in RetentionClass:
            name, label = f"ret_{c.value}", rates_text.label(f"retention_years.{c.value}")
            out.append(Field(name, label, _input(name, str(years_of(c, s)))))
        vetting = "vetting_keep_years"
        out.append(
            Field(
                vetting, t(f"settings.field.{vetting}"), _input(vetting, str(s.vetting_keep_years))
            )
        )
        return out

    def compose(self) -> ComposeResult:
        """RecordForm's shape, with the fields in three sections and the rows of rates."""
        self.settings = self.store.records.settings()
        with Vertical(classes="form--box"):
            yield Static(self.heading(), classes="title-bar")
            with VerticalScroll(classes="form--fields"):
                yield from self.compose_fields()
            yield Static(t("clients.form.hint"), classes="form--hint muted")
            with Horizontal(classes="form--buttons"):
                yield Button(t("clients.key.save"), id="save", variant="primary", compact=True)
                yield Button(t("clients.key.cancel"), id="cancel", compact=True)

    def compose_fields(self) -> Iterator[Any]:
        fields = self.fields()
        yield Static(t("settings.section.programme"), classes="settings--section")
        yield from fields[: len(rates_text.TEXT_KEYS)]
        yield Static(t("settings.section.rates"), classes="settings--section")
        yield Static(t("settings.rates_hint"), classes="settings--hint")
        yield Static(t("settings.rate.none_yet"), id="no-rates")
        with Vertical(id="rates"):
            for rate in self.settings.rates:
                yield self.new_row(rate)
        yield Button(t("settings.rate.add"), id="add-rate", compact=True)
        yield Static(t("settings.section.thresholds"), classes="settings--section")
        retention = len(fields) - len(RetentionClass) - 2
        yield from fields[len(rates_text.TEXT_KEYS) : retention]
        yield Static(t("settings.section.retention"), classes="settings--section")
        yield Static(t("settings.retention_hint"), classes="settings--hint")
        yield from fields[retention:]
        yield from self.compose_scale()  # the goals' rating scale (tui/screens/settings_scale.py)

    def on_mount(self) -> None:
        """(RecordForm's and FormMixin's on_mount run too: Textual runs each class's.)"""
        self.set_class(not self.settings.rates, "-no-rates")

    def new_row(self, rate: Rate | None) -> RateRow:
        row = RateRow(self.next_serial, rate)
        self.next_serial += 1
        return row

    def rows(self) -> list[RateRow]:
        return list(self.query(RateRow))

    # ----- adding and removing rows ----------------------------------------------------------

    def action_users(self) -> None:
        """Who may use the folder and in which role (tui/screens/users.py)."""
        self.tuki.action_users()

    async def action_add_rate(self) -> None:
        """A new row at the end of the rates; the cursor in its first field."""
        row = self.new_row(None)
        await self.query_one("#rates", Vertical).mount(row)
        self.set_class(False, "-no-rates")
        first = self.query_one(f"#in-{row.name_of('from')}", Input)
        first.focus()
        first.scroll_visible()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-rate":
            event.stop()
            await self.action_add_rate()
            return
        if event.button.has_class("rate--remove"):
            event.stop()
            row = next(a for a in event.button.ancestors if isinstance(a, RateRow))
            await row.remove()
            self.set_class(not self.rows(), "-no-rates")
            self.query_one("#add-rate", Button).focus()
            return
        super().on_button_pressed(event)

    # ----- reading and saving ----------------------------------------------------------------

    def typed_anything(self) -> bool:
        """Also a row added or removed counts as typed."""
        shown = [row.id for row in self.rows()]
        stored = [f"rate-{i}" for i in range(len(self.settings.rates))]
        return shown != stored or super().typed_anything()

    def build(self) -> Settings:
        data = self.settings.model_dump(mode="json")
        bad = False

        def read(name: str, parse: Any = None, **kwargs: Any) -> Any:
            nonlocal bad
            try:
                return self.read(name, parse, **kwargs)
            except BadValue:
                bad = True
                return None

        for name in rates_text.TEXT_KEYS:
            data[name] = read(name)
        for name in Thresholds.model_fields:
            value = read(f"th_{name}", parse_int)
            if value is None and not bad and not self.field(f"th_{name}").text.strip():
                self.field(f"th_{name}").set_error(t("app.required"))
                bad = True
            data["thresholds"][name] = value
        for name in rates_text.FIT_KEYS:
            value = read(name, parse_int)
            if value is None and not bad and not self.field(name).text.strip():
                self.field(name).set_error(t("app.required"))
                bad = True
            data[name] = value
        data["retention_default"] = self.choice("retention_default")
        for name, key in [(f"ret_{c.value}", c.value) for c in RetentionClass] + [
            ("vetting_keep_years", "")
        ]:
            value = read(name, parse_int)
            if value is None and not bad and not self.field(name).text.strip():
                self.field(name).set_error(t("app.required"))
                bad = True
            if key:
                data["retention_years"][key] = value
            else:
                data[name] = value
        rates = []
        for row in self.rows():
            n = row.name_of
            hobby = self.field(n("hobby_costs")).widget
            assert isinstance(hobby, YesNo)
            rates.append(
                {
                    "effective_from": read(n("from"), parse_date),
                    "service": self.choice(n("service")),
                    "fee_model": self.choice(n("fee_model")),
                    "fee": read(n("fee"), parse_decimal) or Decimal("0"),
                    "allowance": read(n("allowance"), parse_decimal) or Decimal("0"),
                    "per_km": read(n("per_km"), parse_decimal) or Decimal("0"),
                    "hobby_costs": hobby.value,
                }
            )
        self.read_scale(data, read)
        if bad:
            raise BadValue(t("clients.form.fix"))
        data["rates"] = rates
        return Settings.model_validate(data)

    def write(self, record: Settings) -> Settings:
        saved: Settings = self.store.records.save_settings(self.user, record)
        return saved

    def original(self) -> Settings:
        return self.settings

    def show_problems(self, exc: Exception) -> str:
        """Each problem beside its field: a row's fields are found by the row's place."""
        details: Any = None
        if isinstance(exc, ValidationError):
            details = exc.errors(include_url=False)
        elif isinstance(exc, TukiError):
            details = getattr(exc, "details", None)
        rows = self.rows()
        for error in details or []:
            target = self._target(tuple(error["loc"]), error["type"], rows)
            if error["loc"][:1] == ("retention_years",) and error.get("ctx", {}).get("retention"):
                target = f"ret_{error['ctx']['retention']}"  # the class's years
            if target and self.query(f"#field-{target}"):
                key = f"error.{error['type']}"
                ctx = error.get("ctx", {})
                self.field(target).set_error(t(key, **ctx) if i18n.has(key) else error["msg"])
        return rates_text.problems(details or [])

    def _target(self, loc: tuple[Any, ...], code: str, rows: list[RateRow]) -> str | None:
        if code == "rate_twice":  # the later of two rows of one kind from the same day
            seen: set[tuple[Any, Any]] = set()
            for row in rows:
                key = (self.choice(row.name_of("service")), self.field(row.name_of("from")).text)
                if key in seen:
                    return row.name_of("from")
                seen.add(key)
            return None
        if (
            loc[:1] == ("rates",)
            and len(loc) >= 2
            and isinstance(loc[1], int)
            and loc[1] < len(rows)
        ):
            field = str(loc[2]) if len(loc) > 2 else "fee_model"
            return rows[loc[1]].name_of("from" if field == "effective_from" else field)
        if loc[:1] == ("rating_scale",):
            return self.scale_target(loc)
        if loc[:1] == ("thresholds",) and len(loc) == 2:
            return f"th_{loc[1]}"
        return str(loc[0]) if len(loc) == 1 else None

    # ----- after a conflict --------------------------------------------------------------------

    def reload_record(self) -> bool:
        self.settings = self.store.records.settings()
        return True

    def stored_values(self) -> dict[str, Any]:
        """The stored values of the programme's and the thresholds' fields and of the rows
        shown, row by row; stored rows beyond them are added as new rows."""
        s = self.settings
        values: dict[str, Any] = {f"in-{n}": getattr(s, n) for n in rates_text.TEXT_KEYS}
        values |= {f"in-th_{n}": str(getattr(s.thresholds, n)) for n in Thresholds.model_fields}
        values |= {f"in-{n}": str(getattr(s, n)) for n in rates_text.FIT_KEYS}
        values["in-retention_default"] = s.retention_default
        values |= {f"in-ret_{c.value}": str(years_of(c, s)) for c in RetentionClass}
        values["in-vetting_keep_years"] = str(s.vetting_keep_years)
        values |= self.scale_values()
        rows = self.rows()
        for row, rate in zip(rows, s.rates, strict=False):
            n = row.name_of
            values |= {
                f"in-{n('from')}": show_date(rate.effective_from),
                f"in-{n('service')}": rate.service,
                f"in-{n('fee_model')}": rate.fee_model,
                f"in-{n('fee')}": _amount(rate.fee),
                f"in-{n('allowance')}": _amount(rate.allowance),
                f"in-{n('per_km')}": _amount(rate.per_km),
                f"in-{n('hobby_costs')}": rate.hobby_costs,
            }
        for rate in s.rates[len(rows) :]:
            self.query_one("#rates", Vertical).mount(self.new_row(rate))
        return values


__all__ = ["SettingsForm"]
