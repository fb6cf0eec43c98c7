"""One meeting's whole report (Enter on a meeting on the relationship's page).

Shows what was logged (the day, held or cancelled and why, time, length, place, activity, how
it went, wellbeing, progress per goal, costs, kilometres), who logged it and who changed it
last, and each earlier correction with what it changed from what to what. ``e`` corrects the
meeting in the meeting form (tui/screens/meeting_log.py); Esc goes back. The text is plain
(readable without colours) and scrolls.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from data.model.access import AccessView
from data.model.place import PlaceKind
from data.model.weekend import fi_days
from data.models import Change, Client, Meeting, Relationship
from tui import i18n
from tui.i18n import t
from tui.pair_names import shown_volunteer
from tui.screens.base import TukiScreen
from tui.screens.history import open_history
from tui.screens.meeting_place import kind_word, where
from tui.viewed import viewed
from tui.widgets.footer import Footer

#: a stored field's name -> the catalog key of its label (the form's own labels)
LABELS = {
    "on": "meetings.on",
    "until": "meetings.until",
    "status": "meetings.status",
    "cancel_reason": "meetings.cancel_reason",
    "cancel_note": "meetings.cancel_note",
    "start": "meetings.start",
    "duration_min": "meetings.duration",
    "place": "meetings.place",
    "place_kind": "meetings.place_kind",
    "by_car": "meetings.by_car",
    "consent_reason": "meetings.consent_reason",
    "activity": "meetings.activity",
    "report.how_it_went": "meetings.how_it_went",
    "report.wellbeing": "meetings.wellbeing",
    "report.progress": "meeting_view.progress",
    "report.progress_note": "meetings.progress_note",
    "costs": "meetings.costs",
    "km": "meetings.km",
    "over_max_reason": "meetings.over_max_reason",
}


class MeetingView(TukiScreen):
    TITLE_KEY = "meeting_view.title"
    DEFAULT_CSS = """
    MeetingView #heading { text-style: bold; padding: 0 1; background: $primary-background; }
    MeetingView #report-body { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("e", "correct", "meeting_view.key.correct", id="meeting_view.correct"),
        Binding("escape", "back", "meeting_view.key.back", id="meeting_view.back"),
        Binding("h", "history", "history.key.open", id="meeting_view.history"),
    ]

    def __init__(self, relationship_id: int, meeting_id: int) -> None:
        super().__init__()
        self.relationship_id = relationship_id
        self.meeting_id = meeting_id
        self.meeting: Meeting | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="heading")
        with VerticalScroll(id="report-body"):
            yield Static("", id="report")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-body").focus()

    def refresh_data(self) -> None:
        store = self.store
        found = [m for m in store.meetings.of(self.relationship_id) if m.id == self.meeting_id]
        if not found:
            self.meeting = None
            self.query_one("#report", Static).update(t("meeting_view.gone"))
            return
        m = self.meeting = found[0]
        r = store.records.find(Relationship, self.relationship_id)
        if r is not None:
            viewed(self, (r.client_id,), AccessView.MEETING_REPORT)  # the access log, once
        client = store.records.find(Client, r.client_id) if r else None
        volunteer = shown_volunteer(store.records.volunteer_facts(), r) if r else None  # a pair
        self.query_one("#heading", Static).update(
            t(
                "meeting_view.heading",
                day=fi_days(m.on, m.until),
                client=client.name if client else "?",
                volunteer=volunteer.name if volunteer else "?",
            )
        )
        goals = {g.id: g.text for g in r.goals} if r else {}
        text = report_text(m, goals)
        if m.met_by is not None:  # one of a peer pair was there alone
            who = store.records.volunteer_facts().get(m.met_by)
            name = who.name if who else "?"
            _line(text, t("meetings.met_by"), t("meetings.met_by.alone", name=name))
        if m.claimed_by is not None:  # both were there; the second claims the travel and costs
            who = store.records.volunteer_facts().get(m.claimed_by)
            _line(text, t("meetings.claimed_by"), who.name if who else "?")
        text.append("\n\n")
        text.append_text(history_text(store.meetings.history(m), goals))
        self.query_one("#report", Static).update(text)

    def action_correct(self) -> None:
        from tui.screens.meeting_log import MeetingLogScreen

        if self.meeting is not None:

            def after(saved: Any) -> None:
                if saved is not None:
                    self.tuki.refresh_screens()

            self.app.push_screen(MeetingLogScreen(meeting=self.meeting), after)

    def action_history(self) -> None:
        open_history(self, "meeting", f"{self.relationship_id}-{self.meeting_id}")

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


def _line(out: Text, label: str, value: str) -> None:
    out.append(f"{label}: ", style="bold")
    out.append(f"{value or '–'}\n")


def _block(out: Text, label: str, value: str) -> None:
    """A free text under its label, each of its lines indented."""
    out.append(f"{label}\n", style="bold")
    lines = value.strip().splitlines() or ["–"]
    out.append("".join(f"  {line}\n" for line in lines))


def report_text(m: Meeting, goals: dict[int, str]) -> Text:
    out = Text()
    _line(out, t("meetings.on"), fi_days(m.on, m.until))  # a weekend: its first and last day
    if m.held:
        _line(out, t("meetings.status"), t("meetings.status.held"))
    else:
        reason = m.cancel_reason.value if m.cancel_reason else "other"
        status = f"{t('meetings.status.cancelled')}: {t(f'meetings.reason.{reason}')}"
        _line(out, t("meetings.status"), status)
        if m.cancel_note:
            _block(out, t("meetings.cancel_note"), m.cancel_note)
    _line(out, t("meetings.start"), i18n.clock(m.start) if m.start else "")
    _line(out, t("meetings.duration"), str(m.duration_min) if m.duration_min else "")
    _line(out, t("meetings.place"), where(m))
    if m.by_car:
        _line(out, t("meetings.by_car"), t("app.yes"))
    _line(out, t("meetings.activity"), m.activity)
    if m.held:
        _block(out, t("meetings.how_it_went"), m.report.how_it_went)
        _block(out, t("meetings.wellbeing"), m.report.wellbeing)
        for p in m.report.progress:
            _block(out, t("meetings.goal", goal=goals.get(p.goal_id, "?")), p.note)
        _block(out, t("meetings.progress_note"), m.report.progress_note)
    _line(out, t("meetings.costs"), i18n.money(m.costs) if m.costs is not None else "")
    _line(out, t("meetings.km"), i18n.number(m.km, 1) if m.km is not None else "")
    if m.over_max_reason:
        _block(out, t("meetings.over_max_reason"), m.over_max_reason)
    if m.consent_reason:
        _block(out, t("meetings.consent_reason"), m.consent_reason)
    out.append("\n")
    _line(out, t("meeting_view.logged"), f"{m.created_by} {i18n.moment(m.created_at)}")
    if m.version > 1:
        _line(out, t("meeting_view.changed"), f"{m.changed_by} {i18n.moment(m.changed_at)}")
    return out


def shown_value(name: str, value: Any, goals: dict[int, str]) -> str:
    """A stored value as the report shows it (a day as 22.11.2026, a reason in words)."""
    if value in (None, "", []):
        return "–"
    if name == "on":
        return i18n.day(date.fromisoformat(value))
    if name == "status":
        return t(f"meetings.status.{value}")
    if name == "place_kind":
        return kind_word(PlaceKind(value))
    if name == "by_car":
        return t("app.yes") if value else t("app.no")
    if name == "cancel_reason":
        return t(f"meetings.reason.{value}")
    if name == "costs":
        return i18n.money(Decimal(str(value)))
    if name == "km":
        return i18n.number(Decimal(str(value)), 1)
    if name == "start":
        return str(value)[:5].replace(":", ".")
    if name == "report.progress":
        return "\n".join(f"{goals.get(p['goal_id'], '?')}: {p['note']}" for p in value)
    return str(value)


def history_text(changes: list[Change], goals: dict[int, str]) -> Text:
    """The earlier versions: each correction, newest first, with what it changed."""
    out = Text()
    out.append(f"{t('meeting_view.history')}\n", style="bold underline")
    if not changes:
        out.append(t("meeting_view.no_history"))
        return out
    for change in reversed(changes):
        out.append(
            t("meeting_view.change", by=change.by, at=i18n.moment(change.at)) + "\n", style="bold"
        )
        for name, (old, new) in change.fields.items():
            key = LABELS.get(name)
            label = t(key).split(" (")[0] if key else name
            out.append(f"  {label}\n", style="italic")
            for word, value in ((t("meeting_view.before"), old), (t("meeting_view.after"), new)):
                lines = shown_value(name, value, goals).splitlines() or ["–"]
                out.append(f"    {word}: {lines[0]}\n")
                out.append("".join(f"      {line}\n" for line in lines[1:]))
    out.rstrip()
    return out
