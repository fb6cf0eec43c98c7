"""One client's page: basics, guardians, the social worker, wishes, references, relationships."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from data.errors import NotFound
from data.model.access import AccessView
from data.model.facts import RelFacts
from data.models import Client, Guardian, SocialWorker
from tui import i18n
from tui.i18n import t
from tui.pair_names import shown_volunteer
from tui.retention_text import retention_line
from tui.screens.base import TukiScreen
from tui.screens.clients import client_state, state_text
from tui.screens.history import open_history
from tui.viewed import viewed
from tui.widgets.footer import Footer


def _availability(c: Client) -> str:
    days = ", ".join(t(f"volunteers.day.{d.value}") for d in c.availability.days)
    parts = ", ".join(t(f"volunteers.part.{p.value}") for p in c.availability.parts)
    return " · ".join(x for x in (days, parts) if x)


def _or_none(value: Any) -> str:
    return str(value) if value not in (None, "", []) else t("app.none")


class ClientDetailScreen(TukiScreen):
    """Everything the coordinator needs about one client, and the relationships to open."""

    TITLE_KEY = "clients.title"
    CSS_PATH = "clients.tcss"
    BINDINGS = [
        Binding("escape", "back", "clients.key.back", id="client.back"),
        Binding("e", "edit", "clients.key.edit", id="client.edit"),
        Binding("g", "guardian", "clients.key.guardian", id="client.guardian"),
        Binding("w", "worker", "clients.key.worker", id="client.worker"),
        Binding("m", "match", "clients.key.match", id="client.match"),
        Binding("enter", "open", "clients.key.open", show=False, id="client.open"),
        Binding("h", "history", "history.key.open", id="client.history"),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client: Client | None = None
        self.relationships: list[RelFacts] = []
        self.waiting = False

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        with VerticalScroll(id="detail"):
            yield Static("", id="state-line")
            yield Static(t("clients.detail.basics"), classes="section")
            yield Static("", id="basics")
            yield Static(t("clients.detail.guardians"), classes="section")
            yield Static("", id="guardians")
            yield Static(t("clients.detail.worker"), classes="section")
            yield Static("", id="worker")
            yield Static(t("clients.detail.preferences"), classes="section")
            yield Static("", id="preferences")
            yield Static(t("clients.detail.references"), classes="section")
            yield Static("", id="references")
            yield Static(t("clients.detail.relationships"), classes="section")
            rels: DataTable[str] = DataTable(id="relationships", cursor_type="row")
            yield rels
            yield Static(t("clients.detail.no_relationships"), id="no-relationships")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#relationships", DataTable)
        table.add_column(t("clients.detail.rel_col.state"), key="state", width=14)
        table.add_column(t("clients.detail.rel_col.volunteer"), key="volunteer", width=30)
        table.add_column(t("clients.detail.rel_col.since"), key="since", width=10)
        table.focus()

    def refresh_data(self) -> None:
        try:
            client = self.store.records.get(Client, self.client_id)
        except NotFound:
            self.client = None
            self.query_one("#heading", Static).update(t("clients.detail.not_found"))
            return
        self.client = client
        viewed(self, (self.client_id,), AccessView.CLIENT_PAGE)  # the access log, once
        today = self.today()
        self.query_one("#heading", Static).update(t("clients.detail.title", name=client.name))
        own = [
            r for r in self.store.records.relationship_facts().values() if r.client_id == client.id
        ]
        self.relationships = sorted(own, key=lambda r: (not r.is_open, -(r.id or 0)))
        state, days, since = client_state(client, own, today)
        self.waiting = state == "waiting"
        if state == "waiting" and since is not None:
            line = t("clients.detail.waiting", n=days, days=days, since=i18n.day(since))
        elif state == "closed":
            line = t("clients.detail.closed", day=i18n.day(client.closed_on))
        else:
            line = state_text(state, days)
        self.query_one("#state-line", Static).update(line)
        self.query_one("#basics", Static).update(self._basics(client, today))
        self.query_one("#guardians", Static).update(self._guardians(client))
        self.query_one("#worker", Static).update(self._worker(client))
        self.query_one("#preferences", Static).update(self._preferences(client))
        self.query_one("#references", Static).update(self._references(client))
        volunteers = self.store.records.volunteer_facts()
        table = self.query_one("#relationships", DataTable)
        row = table.cursor_row
        table.clear()
        for r in self.relationships:
            v = shown_volunteer(volunteers, r)
            mark = "●" if r.is_open else "○"
            table.add_row(
                f"{mark} {t('state.' + r.state.value)}",
                v.name if v else "?",
                i18n.day(r.since),
                key=str(r.id),
            )
        if self.relationships:
            table.move_cursor(row=min(max(row, 0), len(self.relationships) - 1))
        self.set_class(not self.relationships, "-no-relationships")
        self.refresh_bindings()

    # ----- the parts ------------------------------------------------------------------------

    def _basics(self, c: Client, today: date) -> str:
        lines = [
            (t("clients.field.kind"), t(f"clients.kind.{c.kind.value}")),
            (
                t("clients.field.age"),
                t(
                    "clients.detail.age_value",
                    n=c.age(today),
                    age=c.age(today),
                    born=i18n.day(c.birth_date),
                ),
            ),
            (
                t("clients.field.municipality"),
                f"{c.municipality}" + (f" / {c.area}" if c.area else ""),
            ),
            (t("clients.field.school"), " ".join(p for p in (c.school, c.school_class) if p)),
            (t("clients.field.languages"), i18n.words(c.languages)),
            (t("clients.field.interests"), i18n.words(c.interests)),
            (t("clients.field.needs"), i18n.words(c.needs)),
            (t("clients.field.wishes"), c.wishes),
            (t("clients.field.friends"), c.friends),
            (t("clients.detail.availability"), _availability(c)),
            (t("clients.field.travel"), t(f"clients.travel.{c.travel.value}")),
            (t("clients.field.health_notes"), c.health_notes),
            (t("clients.field.registered_on"), i18n.day(c.registered_on)),
        ]
        return "\n".join(f"{label.split(' (')[0]}: {_or_none(value)}" for label, value in lines)

    def _guardians(self, c: Client) -> str:
        lines = []
        for gid in c.guardian_ids:
            g = self.store.records.find(Guardian, gid)
            if g is None:
                continue
            lines.append(
                t(
                    "clients.detail.guardian_line",
                    name=g.name,
                    relation=t(f"clients.relation.{g.relation.value}"),
                    phone=_or_none(g.phone),
                    email=_or_none(g.email),
                    channel=t(f"clients.channel.{g.preferred_channel.value}"),
                    language=_or_none(g.language),
                )
            )
        return "\n".join(lines) or t("clients.detail.no_guardians")

    def _worker(self, c: Client) -> str:
        w = (
            self.store.records.find(SocialWorker, c.social_worker_id)
            if c.social_worker_id
            else None
        )
        if w is None:
            return t("clients.detail.no_worker")
        return t(
            "clients.detail.worker_line",
            name=w.name,
            unit=_or_none(w.unit),
            phone=_or_none(w.phone),
            email=_or_none(w.email),
        )

    def _preferences(self, c: Client) -> str:
        p = c.preferences

        def firmness(item: str) -> str:
            return t("clients.detail.firm") if item in p.firm else t("clients.detail.wish")

        lines = []
        if p.gender:
            lines.append(
                f"{t('clients.field.gender')}: {t('clients.gender.' + p.gender.value)}"
                f" ({firmness('gender')})"
            )
        if p.language:
            lines.append(
                f"{t('clients.field.pref_language')}: {p.language} ({firmness('language')})"
            )
        if p.age_min is not None or p.age_max is not None:
            ages = t(
                "clients.detail.age_range",
                low=p.age_min if p.age_min is not None else "",
                high=p.age_max if p.age_max is not None else "",
            )
            lines.append(f"{t('clients.field.pref_age')}: {ages} ({firmness('age')})")
        volunteers = self.store.records.volunteer_facts()
        known = [volunteers[v].name for v in c.known_volunteer_ids if v in volunteers]
        if known:
            lines.append(f"{t('clients.detail.known')}: {', '.join(known)}")
        return "\n".join(lines) or t("app.none")

    def _references(self, c: Client) -> str:
        lines = []
        for label, ref in (
            (t("clients.field.decision_on"), c.decision),
            (t("clients.field.plan_on"), c.client_plan),
        ):
            shown = (
                t("clients.detail.reference", day=i18n.day(ref.on), ref=_or_none(ref.reference))
                if ref
                else t("app.none")
            )
            lines.append(f"{label}: {shown}")
        from tui.screens.client_intake import intake_lines

        lines.extend(intake_lines(c.intake))
        lines.append(retention_line(c, self.store.records.settings()))
        return "\n".join(lines)

    # ----- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "guardian", "worker"):
            return self.client is not None
        if action == "match":  # only while the client waits for a support person
            return self.client is not None and self.waiting
        if action == "open":
            return bool(self.relationships)
        return True

    def action_history(self) -> None:
        open_history(self, "client", self.client_id)

    def action_back(self) -> None:
        self.app.pop_screen()

    def _after(self, saved: Any) -> None:
        if saved is not None:
            self.tuki.refresh_screens()

    def action_edit(self) -> None:
        from tui.screens.client_form import ClientForm

        if self.client is not None:
            self.app.push_screen(ClientForm(self.client), self._after)

    def action_guardian(self) -> None:
        """Add a guardian, or (when the client has some) choose one to edit first."""
        from tui.screens.guardian_form import NEW, GuardianChooser, GuardianForm

        client = self.client
        if client is None:
            return
        guardians = [g for g in map(self._guardian, client.guardian_ids) if g is not None]
        if not guardians:
            self.app.push_screen(GuardianForm(client), self._after)
            return

        def chosen(choice: Guardian | str | None) -> None:
            if choice is None:
                return
            guardian = None if choice == NEW else choice
            assert guardian is None or isinstance(guardian, Guardian)
            self.app.push_screen(GuardianForm(client, guardian), self._after)

        self.app.push_screen(GuardianChooser(client, guardians), chosen)

    def _guardian(self, guardian_id: int) -> Guardian | None:
        return self.store.records.find(Guardian, guardian_id)

    def action_worker(self) -> None:
        from tui.screens.client_form import SocialWorkerForm

        if self.client is not None:
            self.app.push_screen(SocialWorkerForm(self.client), self._after)

    def action_match(self) -> None:
        from tui.screens.matching import ShortlistScreen

        self.app.push_screen(ShortlistScreen(self.client_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#relationships", DataTable).cursor_row)

    def open_row(self, row: int) -> None:
        if not 0 <= row < len(self.relationships):
            return
        try:
            self.tuki.open_subject("relationship", self.relationships[row].id)
        except (ImportError, AttributeError):
            self.notify(t("clients.detail.no_relationship_screen"), severity="warning")
