"""Concerns: the open list (an untold one first, marked ‼ and in words), one concern with its
notifications, welfare notification, follow-ups and closing (never deleted), and the form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from data.dates import HELSINKI
from data.errors import NotFound, TukiError
from data.model.access import AccessView
from data.models import (
    Client,
    Concern,
    ConcernAbout,
    FollowUp,
    Notification,
    NotifyHow,
    NotifyTarget,
    State,
    Urgency,
)
from data.storage.files import StorageError
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiModal, TukiScreen
from tui.screens.history import open_history, open_row_history
from tui.screens.record_list import RecordList
from tui.screens.relationship_picker import RelationshipPicker, relationship_choices
from tui.viewed import viewed
from tui.widgets.drafts import KeepsDraft
from tui.widgets.footer import Footer
from tui.widgets.form import BadValue, Field, FormMixin, form_keys, parse_date, parse_time

OPEN_STATES = frozenset({State.PROPOSED, State.STARTING, State.ACTIVE, State.PAUSED})


def _input(name: str, value: str = "", placeholder: str = "") -> Input:
    return Input(value, placeholder=placeholder, id=f"in-{name}", compact=True)


def _select(name: str, options: list[tuple[str, str]], value: str) -> Select[str]:
    return Select(options, value=value, allow_blank=False, id=f"in-{name}", compact=True)


def state_mark(concern: Concern) -> Text:
    """A symbol and a word, never colour alone."""
    if concern.closed_at is not None:
        return Text(t("concerns.state.closed"))
    if not concern.notified:
        return Text(f"‼ {t('concerns.state.unnotified')}", style="bold reverse")
    return Text(t("concerns.state.notified"))


class MomentFields:
    """A date and a time input pair (Helsinki time), read into an aware datetime."""

    @staticmethod
    def compose_pair(name: str, label: str, when: datetime) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Field(f"{name}_day", label, _input(f"{name}_day", i18n.day(when.date())))
            yield Field(f"{name}_time", t("concerns.time"), _input(f"{name}_time", f"{when:%H.%M}"))

    @staticmethod
    def read_pair(form: FormMixin, name: str) -> datetime:
        day: date = form.read(f"{name}_day", parse_date)
        at: time | None = form.read(f"{name}_time", parse_time)
        return datetime.combine(day, at or time(0, 0), tzinfo=HELSINKI)


# ----- the list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcernRow:
    concern: Concern
    client: str
    hours: int  # since it was noticed, when the list was read

    @property
    def id(self) -> int:
        return self.concern.id or 0


class ConcernsScreen(RecordList[ConcernRow]):
    TITLE_KEY = "concerns.title"
    CSS_PATH = "concerns.tcss"
    AREA = "concerns"
    KIND = "concern"
    COLUMNS = (("state", 16), ("client", 18), ("urgency", 12), ("age", 6), ("what", 16))
    FILTERS = ("open", "all")  # ``a``: the closed ones too, and back
    BINDINGS = [
        Binding("enter", "open", "concerns.key.open", show=False, id="concerns.open"),
        Binding("h", "history", "history.key.open", show=False, id="concerns.history"),
        Binding("a", "filter", "concerns.key.all", id="concerns.toggle_all"),
    ]

    def action_history(self) -> None:
        open_row_history(self)

    def load(self) -> list[ConcernRow]:
        now = self.now()
        clients = self.store.records.client_facts()
        concerns = sorted(  # untold first, then the oldest
            self.store.records.list(Concern),
            key=lambda c: (c.closed_at is not None, c.notified, c.noticed_at),
        )
        viewed(self, (c.client_id for c in concerns), AccessView.CONCERNS)  # each once
        return [
            ConcernRow(c, getattr(clients.get(c.client_id), "name", "?"), int(c.age_hours(now)))
            for c in concerns
        ]

    def cells(self, row: ConcernRow) -> tuple[str | Text, ...]:
        c = row.concern
        what = c.what if len(c.what) <= 16 else c.what[:15] + "…"
        return state_mark(c), row.client, t(f"urgency.{c.urgency.value}"), i18n.age(row.hours), what

    def keep(self, row: ConcernRow) -> bool:
        return self.filter == "all" or row.concern.is_open

    def status(self, shown: Sequence[ConcernRow]) -> str:
        untold = sum(1 for r in shown if r.concern.is_open and not r.concern.notified)
        return t(f"concerns.summary.{self.filter}", n=len(shown), untold=untold)


# ----- one concern ---------------------------------------------------------------------------


class ConcernDetailScreen(TukiScreen):
    TITLE_KEY = "concerns.detail_title"
    CSS_PATH = "concerns.tcss"
    BINDINGS = [
        Binding("n", "notify_someone", "concerns.key.notify", id="concern.notify_someone"),
        Binding("w", "welfare", "concerns.key.welfare", id="concern.welfare"),
        Binding("f", "follow_up", "concerns.key.follow_up", id="concern.follow_up"),
        Binding("x", "close_concern", "concerns.key.close", id="concern.close_concern"),
        Binding("escape", "back", "concerns.key.back", id="concern.back"),
        Binding("h", "history", "history.key.open", id="concern.history"),
    ]

    def __init__(self, concern_id: int) -> None:
        super().__init__()
        self.concern_id = concern_id
        self.concern: Concern | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        with VerticalScroll(id="body"):
            yield Static("", id="facts")
            yield Label(t("concerns.notifications"), classes="section")
            yield Static("", id="notifications")
            yield Label(t("concerns.follow_ups"), classes="section")
            yield Static("", id="follow-ups")
            yield Static("", id="closing")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#body").focus()

    def refresh_data(self) -> None:
        try:
            c = self.store.records.get(Concern, self.concern_id)
        except NotFound as exc:
            self.notify(i18n.explain(exc), severity="error")
            return
        self.concern = c
        viewed(self, (c.client_id,), AccessView.CONCERNS)  # the access log, once
        client = self.store.records.find(Client, c.client_id)
        heading = Text(f"{t('concerns.concern')}: {client.name if client else '?'} · ")
        heading.append_text(state_mark(c))
        self.query_one("#heading", Static).update(heading)
        welfare = i18n.moment(c.welfare_notification_at) if c.welfare_notification else t("app.no")
        facts = [
            t("concerns.noticed", at=i18n.moment(c.noticed_at), by=c.noticed_by or "–"),
            t(
                "concerns.about_line",
                about=t(f"concerns.about.{c.about.value}"),
                urgency=t(f"urgency.{c.urgency.value}"),
                age=i18n.age(int(c.age_hours(self.now()))),
            ),
            t("concerns.what", what=c.what),
            t("concerns.welfare_line", done=welfare),
        ]
        self.query_one("#facts", Static).update("\n".join(facts))
        notes = [
            t(
                "concerns.notification_line",
                at=i18n.moment(n.at),
                to=" ".join(filter(None, (t(f"concerns.to.{n.to.value}"), n.whom))),
                how=t(f"concerns.how.{n.how.value}"),
                by=n.by or "–",
            )
            + (f" – {n.note}" if n.note else "")
            for n in c.notifications
        ]
        untold = f"‼ {t('concerns.nobody_told')}"
        self.query_one("#notifications", Static).update("\n".join(notes) or untold)
        follow = [f"{i18n.moment(f.at)} {f.by}: {f.note}" for f in c.follow_ups]
        self.query_one("#follow-ups", Static).update("\n".join(follow) or "–")
        closing = (
            t("concerns.closed_line", at=i18n.moment(c.closed_at), by=c.closed_by)
            + (f" – {c.closing_note}" if c.closing_note else "")
            if c.closed_at
            else ""
        )
        self.query_one("#closing", Static).update(closing)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        c = self.concern
        if action in ("notify_someone", "welfare", "follow_up", "close_concern"):
            if c is None or c.closed_at is not None:
                return False
            if action == "welfare":
                return not c.welfare_notification
            if action == "close_concern":
                return c.notified or None  # shown dimmed until somebody was told
        return True

    def action_history(self) -> None:
        open_history(self, "concern", self.concern_id)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def _open(self, kind: str) -> None:
        c = self.concern
        if c is None or c.id is None:
            return
        cid, version = c.id, c.version

        def after(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            store, user = self.store, self.user
            calls = {
                "notify": lambda: store.concerns.notify(
                    user, cid, version, Notification(by=user, **values)
                ),
                "welfare": lambda: store.concerns.mark_welfare_notification(
                    user, cid, version, values["at"]
                ),
                "follow_up": lambda: store.concerns.follow_up(
                    user, cid, version, FollowUp(by=user, **values)
                ),
                "close": lambda: store.concerns.close(
                    user, cid, version, values["at"], values["note"]
                ),
            }
            if self.attempt(calls[kind]) is not None:
                self.notify(t(f"concerns.saved.{kind}"))
                self.tuki.refresh_screens()

        self.app.push_screen(ConcernActionDialog(kind, self.now()), after)

    def action_notify_someone(self) -> None:
        self._open("notify")

    def action_welfare(self) -> None:
        self._open("welfare")

    def action_follow_up(self) -> None:
        self._open("follow_up")

    def action_close_concern(self) -> None:
        self._open("close")


class ConcernActionDialog(FormMixin, TukiModal[dict[str, Any] | None]):
    """Who was told (notify), the welfare notification's time, a follow-up, or the closing."""

    CSS_PATH = "concerns.tcss"
    PLACES = {"blank": "note"}
    BINDINGS = [
        Binding("ctrl+s", "save", "concerns.key.save", priority=True, id="concern_action.save"),
        Binding("escape", "cancel", "concerns.key.cancel", id="concern_action.cancel"),
    ]

    def __init__(self, kind: str, now: datetime) -> None:
        super().__init__()
        self.kind = kind
        self.default_now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="action-dialog"):
            yield Label(t(f"concerns.dialog.{self.kind}"), classes="title-bar")
            if self.kind == "notify":
                yield Field(
                    "to",
                    t("concerns.to"),
                    _select(
                        "to",
                        [(t(f"concerns.to.{x.value}"), x.value) for x in NotifyTarget],
                        NotifyTarget.OWN_SOCIAL_WORKER.value,
                    ),
                )
                yield Field("whom", t("concerns.whom"), _input("whom"))
            yield from MomentFields.compose_pair("at", t("concerns.when"), self.default_now)
            if self.kind == "notify":
                yield Field(
                    "how",
                    t("concerns.how"),
                    _select(
                        "how",
                        [(t(f"concerns.how.{x.value}"), x.value) for x in NotifyHow],
                        NotifyHow.PHONE.value,
                    ),
                )
            if self.kind != "welfare":
                yield Field("note", t(f"concerns.note.{self.kind}"), _input("note"))
            yield Static(form_keys(self), classes="keys")

    def on_mount(self) -> None:
        targets = {"notify": "#in-to", "welfare": "#in-at_time"}
        self.query_one(targets.get(self.kind, "#in-note")).focus()

    def action_save(self) -> None:
        self.clear_errors()
        try:
            at = MomentFields.read_pair(self, "at")
        except BadValue:
            return
        values: dict[str, Any] = {"at": at}
        if self.kind != "welfare":
            values["note"] = self.read("note")
            if self.kind == "follow_up" and not values["note"]:
                self.field("note").set_error(t("app.required"))
                return
        if self.kind == "notify":
            values["to"] = NotifyTarget(self.query_one("#in-to", Select).value)
            values["how"] = NotifyHow(self.query_one("#in-how", Select).value)
            values["whom"] = self.read("whom")
        model = {"notify": Notification, "follow_up": FollowUp}.get(self.kind)
        try:  # what the record refuses (a name too long) is said here, beside its field
            if model is not None:
                model(by=self.user, **values)
        except ValidationError as exc:
            self.notify(self.show_problems(exc), severity="error", timeout=8)
            return
        self.dismiss(values)


# ----- raising one ---------------------------------------------------------------------------


class RaiseConcernScreen(KeepsDraft, FormMixin, TukiModal[Concern | None]):
    TITLE_KEY = "concerns.raise_title"
    CSS_PATH = "concerns.tcss"
    #: model-level refusals (no field in their location) and the field they concern
    PLACES = {"blank": "what", "noticed_in_future": "noticed_day"}
    BINDINGS = [
        Binding("ctrl+s", "save", "concerns.key.save", priority=True, id="raise_concern.save"),
        Binding("escape", "cancel", "concerns.key.cancel", id="raise_concern.cancel"),
    ]

    def __init__(self, relationship_id: int | None = None) -> None:
        super().__init__()
        self.relationship_id = relationship_id

    def compose(self) -> ComposeResult:
        choices = relationship_choices(self.store, states=OPEN_STATES, with_clients=True)
        selected = f"r{self.relationship_id}" if self.relationship_id is not None else None
        with Vertical(id="raise-dialog"):
            yield Label(t("concerns.raise_title"), classes="title-bar")
            with VerticalScroll(id="form"):
                yield RelationshipPicker(t("concerns.pick"), choices, selected)
                yield from MomentFields.compose_pair(
                    "noticed", t("concerns.noticed_at"), self.now()
                )
                with Horizontal(classes="row"):
                    yield Field(
                        "about",
                        t("concerns.about"),
                        _select(
                            "about",
                            [(t(f"concerns.about.{x.value}"), x.value) for x in ConcernAbout],
                            ConcernAbout.CHILD.value,
                        ),
                    )
                    yield Field(
                        "urgency",
                        t("concerns.urgency"),
                        _select(
                            "urgency",
                            [(t(f"urgency.{x.value}"), x.value) for x in Urgency],
                            Urgency.URGENT.value,
                        ),
                    )
                yield Field("what", t("concerns.what_seen"), _input("what"))
                yield Field("noticed_by", t("concerns.noticed_by"), _input("noticed_by"))
                yield Static(t("concerns.duty"), classes="keys")
            yield Static(form_keys(self), classes="keys")
            yield Footer()

    def on_mount(self) -> None:
        picker = self.query_one(RelationshipPicker)
        target = "#in-what" if picker.value is not None else "#pick-input"
        if target == "#in-what" and self.query_one(target, Input).value:
            target = "#in-noticed_by"  # filled in (a crisis meeting's): typing must not replace it
        self.query_one(target, Input).focus()

    def draft_key(self) -> str:  # what is typed is kept as it is typed (tui/widgets/drafts.py)
        rid = self.relationship_id
        return "concern:new" if rid is None else f"concern:r{rid}"

    def store_concern(self, concern: Concern) -> Concern:  # (a crisis meeting's: linked too)
        return self.store.concerns.add(self.user, concern)

    def action_save(self) -> None:
        self.clear_errors()
        picker = self.query_one(RelationshipPicker)
        picker.set_error(None)
        choice = picker.value
        try:
            if choice is None:
                picker.set_error(t("concerns.pick_none"))
                raise BadValue(t("concerns.pick_none"))
            noticed = MomentFields.read_pair(self, "noticed")
            concern = Concern(
                client_id=choice.client_id,
                relationship_id=choice.relationship_id,
                noticed_at=noticed,
                noticed_by=self.read("noticed_by"),
                about=ConcernAbout(self.query_one("#in-about", Select).value),
                what=self.read("what"),
                urgency=Urgency(self.query_one("#in-urgency", Select).value),
            )
            saved = self.store_concern(concern)
        except BadValue as exc:
            self.notify(self.marked(str(exc)), severity="error", timeout=8)
            return
        except StorageError as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=12)
            return
        except (ValidationError, TukiError) as exc:
            self.notify(self.show_problems(exc), severity="error", timeout=8)
            return
        self.notify(t("concerns.raised", ref=saved.id), timeout=8)
        self.dismiss(saved)
