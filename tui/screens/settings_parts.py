"""The settings form's parts: one tab per section (the programme, the rates, the alert limits,
the retention periods, the effectiveness measures), and the row of rates.

Only the section shown first is built when the form opens; each other one is built the first
time its tab is shown (a settings form of every section and four rows of rates was some 260
widgets, composed, styled and laid out at every open: 0.5–1.8 s of processor time). A section
once built stays built, hidden while another tab is shown, so what was typed in it stays; the
form reads the sections not built as stored (tui/screens/settings.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select

from data.model.money import DEFAULT_MODEL
from data.model.retention import RetentionClass
from data.models import FeeModel, Rate, Settings, Thresholds, VolunteerKind
from data.rules.retention import years_of
from tui import i18n, rates_text
from tui.i18n import t
from tui.widgets.form import Field, YesNo, show_date

#: the sections in the order of their tabs; the first is built when the form opens
SECTIONS = ("programme", "rates", "thresholds", "retention", "measures")
#: the words of each section's tab (short: five fit one line of an 80-column terminal)
TAB_KEYS = {name: f"settings.tab.{name}" for name in SECTIONS}


def amount(value: Decimal) -> str:
    """96,70 € as the forms read it back (parse_decimal takes the sign and the spaces)."""
    return i18n.money(value)


def text_input(name: str, value: str) -> Input:
    return Input(value, id=f"in-{name}", compact=True)


def select(name: str, options: list[tuple[str, Any]], value: Any) -> Select[Any]:
    return Select(options, value=value, allow_blank=False, id=f"in-{name}", compact=True)


def section_of(loc: tuple[Any, ...], code: str = "") -> str | None:
    """The section whose fields a problem's location names (None: no field of the form)."""
    head = str(loc[0]) if loc else ""
    if head == "rates" or code == "rate_twice":
        return "rates"
    if head in rates_text.TEXT_KEYS:
        return "programme"
    if head == "thresholds" or head in rates_text.FIT_KEYS:
        return "thresholds"
    if head in ("retention_default", "retention_years", "vetting_keep_years"):
        return "retention"
    if head == "rating_scale":
        return "measures"
    return None


def programme_fields(s: Settings) -> list[Field]:
    return [
        Field(n, t(f"settings.field.{n}"), text_input(n, getattr(s, n)))
        for n in rates_text.TEXT_KEYS
    ]


def threshold_fields(s: Settings) -> list[Field]:
    """The thresholds' fields and those of volunteers kept fit, shown with them."""
    out = [
        Field(
            f"th_{n}",
            t(f"settings.threshold.{n}"),
            text_input(f"th_{n}", str(getattr(s.thresholds, n))),
        )
        for n in Thresholds.model_fields
    ]
    return out + [
        Field(n, t(f"settings.field.{n}"), text_input(n, str(getattr(s, n))))
        for n in rates_text.FIT_KEYS
    ]


def retention_fields(s: Settings) -> list[Field]:
    """The retention section: the class a new case gets, each class's years after closing
    and how long a left volunteer's vetting details are kept."""
    word = rates_text.retention_class
    classes = [(word(c.value), c) for c in RetentionClass]
    default = select("retention_default", classes, s.retention_default)
    out = [Field("retention_default", t("settings.field.retention_default"), default)]
    for c in RetentionClass:
        name, label = f"ret_{c.value}", rates_text.label(f"retention_years.{c.value}")
        out.append(Field(name, label, text_input(name, str(years_of(c, s)))))
    vetting = "vetting_keep_years"
    out.append(
        Field(
            vetting,
            t(f"settings.field.{vetting}"),
            text_input(vetting, str(s.vetting_keep_years)),
        )
    )
    return out


class SettingsPart(Vertical):
    """One section of the form, its widgets composed by the form's ``compose_part``."""

    DEFAULT_CSS = "SettingsPart { height: auto; }"

    def __init__(self, name: str, compose_part: Callable[[str], Iterator[Any]]) -> None:
        super().__init__(id=f"part-{name}")
        self.part = name
        self.compose_part = compose_part

    def compose(self) -> ComposeResult:
        yield from self.compose_part(self.part)


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
                text_input(n("from"), show_date(r.effective_from if r else None)),
            )
            yield Field(
                n("service"), t("settings.rate.service"), select(n("service"), kinds, service)
            )
        with Horizontal():
            model = r.fee_model if r else DEFAULT_MODEL[service]
            yield Field(
                n("fee_model"), t("settings.rate.fee_model"), select(n("fee_model"), models, model)
            )
            yield Field(
                n("fee"), t("settings.rate.fee"), text_input(n("fee"), amount(r.fee) if r else "")
            )
        with Horizontal():
            allowance = amount(r.allowance) if r else ""
            per_km = amount(r.per_km) if r else ""
            yield Field(
                n("allowance"), t("settings.rate.allowance"), text_input(n("allowance"), allowance)
            )
            yield Field(n("per_km"), t("settings.rate.per_km"), text_input(n("per_km"), per_km))
        yield Field(
            n("hobby_costs"),
            t("settings.rate.hobby_costs"),
            YesNo(bool(r and r.hobby_costs), id=f"in-{n('hobby_costs')}"),
        )
        with Horizontal(classes="rate--foot"):
            yield Button(t("settings.rate.remove"), classes="rate--remove", compact=True)


__all__ = [
    "SECTIONS",
    "TAB_KEYS",
    "RateRow",
    "SettingsPart",
    "amount",
    "programme_fields",
    "retention_fields",
    "section_of",
    "threshold_fields",
]
