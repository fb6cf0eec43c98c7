"""Volunteers kept fit on the volunteer's page (issue 14): when the criminal-record extract is
checked again, and the work supervision and training sessions, with the dialog that adds one.
The re-check itself is recorded with the vetting dialog (``StepDialog``, an extract shown)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select

from data.models import Session, SessionKind, Settings, Step, Volunteer
from tui import i18n
from tui.i18n import t
from tui.screens.vetting import PLACES, VolunteerFormBase
from tui.widgets.form import BadValue, Field, parse_date, parse_decimal, show_date

#: how many sessions the page lists (newest first); the rest are counted
SHOWN_SESSIONS = 8


def hours_text(hours: Decimal) -> str:
    return i18n.number(hours, 2 if hours != hours.quantize(Decimal("0.1")) else 1)


def fitness_text(v: Volunteer, settings: Settings, today: date) -> Text:
    """The re-check's day and the sessions, as the volunteer's page shows them."""
    out = Text()
    due = v.recheck_due(settings.extract_recheck_months)
    if due is None or not v.was_approved or v.state is Step.LEFT:
        out.append(t("fit.recheck.none") + "\n", style="dim")
    elif due < today:
        out.append("! " + t("fit.recheck.overdue", due=i18n.day(due)) + "\n", style="bold")
    else:
        days = (due - today).days
        soon = days <= settings.extract_recheck_warn_days
        out.append(
            ("· " if soon else "")
            + t("fit.recheck.due", n=days, due=i18n.day(due), days=days)
            + "\n",
            style="bold" if soon else "",
        )
    supervision = [s for s in v.sessions if s.kind is SessionKind.SUPERVISION]
    training = [s for s in v.sessions if s.kind is SessionKind.TRAINING]
    out.append(
        t(
            "fit.sessions.totals",
            supervision=hours_text(sum((s.hours for s in supervision), Decimal(0))),
            training=hours_text(sum((s.hours for s in training), Decimal(0))),
            last=i18n.day(v.last_supervision()) if supervision else "–",
        )
        + "\n"
    )
    if not v.sessions:
        out.append(t("fit.sessions.none"), style="dim")
        return out
    newest = sorted(v.sessions, key=lambda s: s.on, reverse=True)
    for s in newest[:SHOWN_SESSIONS]:
        kind = t(f"fit.kind.{s.kind.value}")
        line = f"  {i18n.day(s.on):<10}  {hours_text(s.hours):>5} h  {kind:<14}  {s.topic or '–'}"
        out.append(line + "\n")
    if len(newest) > SHOWN_SESSIONS:
        out.append("  " + t("fit.sessions.more", n=len(newest) - SHOWN_SESSIONS), style="dim")
    out.rstrip()
    return out


def add_session(screen: Any) -> None:
    """Open the session dialog for the volunteer of ``screen`` (their page)."""
    volunteer: Volunteer | None = screen.volunteer
    if volunteer is None:
        return

    def after(saved: Volunteer | None) -> None:
        if saved is not None:
            screen.notify(t("fit.session.saved"))
            screen.tuki.refresh_screens()

    screen.app.push_screen(SessionDialog(volunteer), after)


class SessionDialog(VolunteerFormBase):
    """Add a work supervision or training session the volunteer attended."""

    TITLE_KEY = "volunteers.title"
    CSS_PATH = "volunteer_fit.tcss"
    PLACES = {**PLACES, "session_hours": "hours", "session_in_future": "on"}

    def __init__(self, volunteer: Volunteer) -> None:
        super().__init__()
        self.volunteer: Volunteer = volunteer

    def compose(self) -> ComposeResult:
        kinds = [(t(f"fit.kind.{k.value}"), k.value) for k in SessionKind]
        with Vertical(classes="dialog"):
            yield Label(t("fit.session.title", name=self.volunteer.name), classes="dialog--title")
            with VerticalScroll():
                yield Field("on", t("fit.session.on"), Input(show_date(self.today()), id="in-on"))
                yield Field("hours", t("fit.session.hours"), Input(id="in-hours"))
                kind: Select[str] = Select(
                    kinds, value=SessionKind.SUPERVISION.value, allow_blank=False, id="in-kind"
                )
                yield Field("kind", t("fit.session.kind"), kind)
                yield Field("topic", t("fit.session.topic"), Input(id="in-topic"))
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#in-hours", Input).focus()

    def build(self) -> Session:
        bad = False
        values: dict[str, Any] = {}
        for name, parse in (("on", parse_date), ("hours", parse_decimal)):
            try:
                values[name] = self.read(name, parse)
            except BadValue:
                bad = True
                continue
            if values[name] is None:
                self.field(name).set_error(t("app.required"))
                bad = True
        if bad:
            raise BadValue(t("app.required"))
        kind = self.query_one("#in-kind", Select).value
        return Session(
            on=values["on"],
            hours=values["hours"],
            kind=SessionKind(str(kind)),
            topic=self.read("topic"),
            by=self.user,
        )

    def action_save(self) -> None:
        volunteer = self.volunteer
        self.guarded(
            self.build,
            lambda session: self.store.people.add_session(
                self.user, volunteer.id or 0, volunteer.version, session
            ),
        )
