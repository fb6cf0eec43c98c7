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
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, Input, Static, Tab, Tabs

from data.errors import TukiError
from data.model.retention import RetentionClass
from data.models import Rate, Settings, Thresholds
from data.rules.retention import years_of
from tui import i18n, rates_text
from tui.i18n import t
from tui.screens.history import open_history
from tui.screens.record_form import RecordForm
from tui.screens.settings_parts import (
    SECTIONS,
    TAB_KEYS,
    RateRow,
    SettingsPart,
    amount,
    programme_fields,
    retention_fields,
    section_of,
    threshold_fields,
)
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
from tui.widgets.typed import snapshot


class SettingsForm(ScaleFields, RecordForm):
    """The settings as one form in tabs, a section each (built when first shown); ``ctrl+n``
    adds a row of rates, a row's button removes it."""

    TITLE_KEY = "settings.title"
    BINDINGS = [
        Binding("ctrl+n", "add_rate", "settings.key.add_rate", id="settings.add_rate"),
        Binding("ctrl+o", "users", "settings.key.users", id="settings.users"),
        Binding("ctrl+b", "history", "history.key.open", id="settings.history"),
        Binding(
            "ctrl+pagedown", "next_section", "settings.key.next_section", id="settings.next_section"
        ),
        Binding(
            "ctrl+pageup",
            "previous_section",
            "settings.key.previous_section",
            show=False,
            id="settings.previous_section",
        ),
    ]
    DEFAULT_CSS = """
    SettingsForm .settings--section { text-style: bold; }
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
        #: the sections built (each mounted once, the first time its tab is shown)
        self.parts: dict[str, AwaitMount | None] = {}
        self.shown = SECTIONS[0]

    def action_history(self) -> None:  # (ctrl+b: the letters are typed in the fields)
        open_history(self, "settings", 1)

    def heading(self) -> str:
        return t("settings.heading")

    def compose(self) -> ComposeResult:
        """RecordForm's shape with a tab per section; only the first section is built."""
        self.settings = self.store.records.settings()
        with Vertical(classes="form--box"):
            yield Static(self.heading(), classes="title-bar")
            yield Tabs(*(Tab(t(TAB_KEYS[n]), id=f"tab-{n}") for n in SECTIONS), id="sections")
            with VerticalScroll(classes="form--fields"):
                self.parts[SECTIONS[0]] = None  # composed with the form
                yield SettingsPart(SECTIONS[0], self.compose_part)
            yield Static(t("settings.form.hint"), classes="form--hint muted")
            with Horizontal(classes="form--buttons"):
                yield Button(t("clients.key.save"), id="save", variant="primary", compact=True)
                yield Button(t("clients.key.cancel"), id="cancel", compact=True)

    def compose_part(self, name: str) -> Iterator[Any]:
        """A section's widgets: its heading (and hint) and its fields."""
        if name != "measures":  # (the scale's part names itself)
            yield Static(t(f"settings.section.{name}"), classes="settings--section")
        if name == "programme":
            yield from programme_fields(self.settings)
        elif name == "rates":
            yield Static(t("settings.rates_hint"), classes="settings--hint")
            yield Static(t("settings.rate.none_yet"), id="no-rates")
            with Vertical(id="rates"):
                for rate in self.settings.rates:
                    yield self.new_row(rate)
            yield Button(t("settings.rate.add"), id="add-rate", compact=True)
        elif name == "thresholds":
            yield from threshold_fields(self.settings)
        elif name == "retention":
            yield Static(t("settings.retention_hint"), classes="settings--hint")
            yield from retention_fields(self.settings)
        else:  # the goals' rating scale (tui/screens/settings_scale.py)
            yield from self.compose_scale()

    def on_mount(self) -> None:
        """(RecordForm's and FormMixin's on_mount run too: Textual runs each class's.)"""
        self.set_class(not self.settings.rates, "-no-rates")

    # ----- the sections ------------------------------------------------------------------------

    async def build_part(self, name: str) -> None:
        """Build a section the first time it is needed, hidden (the screen is laid out once,
        when it is shown, not at each of its widgets mounted); the values it opens with are
        what the form holds unchanged."""
        if name not in self.parts:
            part = SettingsPart(name, self.compose_part)
            part.display = False
            self.parts[name] = self.query_one(".form--fields", VerticalScroll).mount(part)
            await self.parts[name]
            self.pristine = {**self.pristine, **snapshot(part)}
        elif (mounting := self.parts[name]) is not None:
            await mounting  # (built a moment ago: wait until its fields are there)

    async def show_part(self, name: str, *, focus: bool = False) -> None:
        """Show a section (its tab too), building it the first time; ``focus``: the cursor to
        its first field (else only when it was in a section now hidden)."""
        self.shown = name
        tabs = self.query_one("#sections", Tabs)
        if tabs.active != f"tab-{name}":
            tabs.active = f"tab-{name}"
        await self.build_part(name)
        if self.shown != name:
            return  # another tab was chosen meanwhile
        for part in self.query(SettingsPart):
            part.display = part.part == name
        self.query_one(".form--fields", VerticalScroll).scroll_home(animate=False)
        focused = self.focused
        hidden = focused is not None and any(
            isinstance(a, SettingsPart) and not a.display for a in focused.ancestors
        )
        if focus or hidden or focused is None:
            first = self._first_focusable(self.query_one(f"#part-{name}", SettingsPart))
            if first is not None:
                first.focus()

    @staticmethod
    def _first_focusable(part: SettingsPart) -> Widget | None:
        return next((w for w in part.query("Input, Select, Switch, Button") if w.focusable), None)

    async def on_tabs_tab_activated(self, event: Tabs.TabActivated) -> None:
        event.stop()
        name = (event.tab.id or "").removeprefix("tab-")
        if name in SECTIONS and (name != self.shown or name not in self.parts):
            await self.show_part(name)

    async def action_next_section(self) -> None:
        await self.show_part(SECTIONS[(SECTIONS.index(self.shown) + 1) % len(SECTIONS)], focus=True)

    async def action_previous_section(self) -> None:
        await self.show_part(SECTIONS[SECTIONS.index(self.shown) - 1], focus=True)

    def show_problem(self) -> None:
        """After a refused save: the section of the first problem, unless the one shown has one
        (each ✗ stands beside its field, the notification names them all)."""
        marked = [f for f in self.query(Field) if f.problem]
        if not marked or not self.is_attached:
            return
        where = {
            f: next(a.part for a in f.ancestors if isinstance(a, SettingsPart)) for f in marked
        }
        if self.shown in where.values():
            return
        first = min(marked, key=lambda f: SECTIONS.index(where[f]))
        self.call_later(self._show_problem_at, where[first], first)

    async def _show_problem_at(self, name: str, field: Field) -> None:
        await self.show_part(name)
        getattr(field.widget, "switch", field.widget).focus()  # (a YesNo: its switch)

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
        """A new row at the end of the rates (their tab shown); the cursor in its first field."""
        await self.show_part("rates")
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
        """Also a row added or removed counts as typed (the rows not built are as stored)."""
        shown = [row.id for row in self.rows()]
        stored = [f"rate-{i}" for i in range(len(self.settings.rates))]
        return ("rates" in self.parts and shown != stored) or super().typed_anything()

    def build(self) -> Settings:
        """The settings from the sections built; a section not built holds what is stored."""
        data, built = self.settings.model_dump(mode="json"), self.parts
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
        for name in Thresholds.model_fields if "thresholds" in built else ():
            value = read(f"th_{name}", parse_int)
            if value is None and not bad and not self.field(f"th_{name}").text.strip():
                self.field(f"th_{name}").set_error(t("app.required"))
                bad = True
            data["thresholds"][name] = value
        for name in rates_text.FIT_KEYS if "thresholds" in built else ():
            value = read(name, parse_int)
            if value is None and not bad and not self.field(name).text.strip():
                self.field(name).set_error(t("app.required"))
                bad = True
            data[name] = value
        retention = [(f"ret_{c.value}", c.value) for c in RetentionClass]
        if "retention" in built:
            data["retention_default"] = self.choice("retention_default")
        for name, key in [*retention, ("vetting_keep_years", "")] if "retention" in built else ():
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
        if "measures" in built:
            self.read_scale(data, read)
        if bad:
            raise BadValue(t("clients.form.fix"))
        if "rates" in built:
            data["rates"] = rates
        return Settings.model_validate(data)

    def write(self, record: Settings) -> Settings:
        saved: Settings = self.store.records.save_settings(self.user, record)
        return saved

    def original(self) -> Settings:
        return self.settings

    def show_problems(self, exc: Exception) -> str:
        """Each problem beside its field: a row's fields are found by the row's place; a
        problem in a section not built yet is shown once it is built (it stays hidden)."""
        details: Any = None
        if isinstance(exc, ValidationError):
            details = exc.errors(include_url=False)
        elif isinstance(exc, TukiError):
            details = getattr(exc, "details", None)
        parts = {section_of(tuple(e["loc"]), e["type"]) for e in details or []} - {None}
        if missing := [n for n in SECTIONS if n in parts and n not in self.parts]:
            self.call_later(self._show_problems_built, exc, missing)
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

    async def _show_problems_built(self, exc: Exception, missing: list[str]) -> None:
        for name in missing:
            await self.build_part(name)
        self.show_problems(exc)
        self.show_problem()

    def action_save(self) -> None:
        """RecordForm's save; a refusal shows the section of its first problem."""
        super().action_save()
        self.show_problem()

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
        """The stored values of the sections built: the programme's, the thresholds' and the
        retention fields, the scale, the rows shown row by row (stored rows beyond them are
        added as new rows). A section built later opens on the stored settings read now."""
        s, built = self.settings, self.parts
        values: dict[str, Any] = {f"in-{n}": getattr(s, n) for n in rates_text.TEXT_KEYS}
        if "thresholds" in built:
            values |= {f"in-th_{n}": str(getattr(s.thresholds, n)) for n in Thresholds.model_fields}
            values |= {f"in-{n}": str(getattr(s, n)) for n in rates_text.FIT_KEYS}
        if "retention" in built:
            values["in-retention_default"] = s.retention_default
            values |= {f"in-ret_{c.value}": str(years_of(c, s)) for c in RetentionClass}
            values["in-vetting_keep_years"] = str(s.vetting_keep_years)
        if "measures" in built:
            values |= self.scale_values()
        rows = self.rows()
        for row, rate in zip(rows, s.rates, strict=False):
            n = row.name_of
            values |= {
                f"in-{n('from')}": show_date(rate.effective_from),
                f"in-{n('service')}": rate.service,
                f"in-{n('fee_model')}": rate.fee_model,
                f"in-{n('fee')}": amount(rate.fee),
                f"in-{n('allowance')}": amount(rate.allowance),
                f"in-{n('per_km')}": amount(rate.per_km),
                f"in-{n('hobby_costs')}": rate.hobby_costs,
            }
        for rate in s.rates[len(rows) :] if "rates" in built else ():
            self.query_one("#rates", Vertical).mount(self.new_row(rate))
        return values


__all__ = ["SettingsForm"]
