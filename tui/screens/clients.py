"""The clients section: a searchable, filterable list and each client's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Input, Static

from data.errors import NotFound
from data.facts import ClientFacts, RelFacts
from data.models import Client, Guardian, SocialWorker
from data.rules import waiting
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiScreen

FILTERS = ("all", "waiting", "support", "closed")


@dataclass(slots=True)
class Row:
    """One client as the list shows it, computed once per refresh."""

    id: int
    name: str
    age: int
    area: str
    state: str  # waiting / support / closed / none
    waiting_days: int
    registered_on: date
    folded: str  # the name in lower case, for searching


def client_state(client: Client, own: list[RelFacts], today: date) -> tuple[str, int, date | None]:
    """('waiting' | 'support' | 'closed' | 'none', days waited, waiting since)."""
    if client.closed_on is not None:
        return "closed", 0, None
    facts = ClientFacts(client.id or 0, client.name, client.registered_on, client.closed_on)
    since = waiting(facts, own)
    if since is not None:
        return "waiting", (today - since).days, since
    if any(r.is_open for r in own):
        return "support", 0, None
    return "none", 0, None


def state_text(state: str, days: int) -> str:
    """A word and a symbol, never colour alone."""
    if state == "waiting":
        return t("clients.state.waiting", days=days)
    return t(f"clients.state.{state}")


class ClientsScreen(TukiScreen):
    TITLE_KEY = "clients.title"
    CSS_PATH = "clients.tcss"
    BINDINGS = [
        Binding("slash", "search", "clients.key.search", key_display="/"),
        Binding("f", "filter", "clients.key.filter"),
        Binding("a", "area", "clients.key.area"),
        Binding("n", "new", "clients.key.new"),
        Binding("enter", "open", "clients.key.open", show=False),
        Binding("escape", "leave_search", "clients.key.back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.shown: list[Row] = []
        self.filter = "all"
        self.area: str | None = None
        self.areas: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        yield Input(placeholder=t("app.search"), id="search")
        table: DataTable[str | Text] = DataTable(
            id="clients", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Static(t("clients.empty"), id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#clients", DataTable)
        # 80 columns: 24 + 4 + 14 + 16 + 10 and one cell of padding each side
        table.add_column(t("clients.col.name"), key="name", width=24)
        table.add_column(t("clients.col.age"), key="age", width=4)
        table.add_column(t("clients.col.area"), key="area", width=14)
        table.add_column(t("clients.col.state"), key="state", width=16)
        table.add_column(t("clients.col.registered"), key="registered", width=10)
        super().on_mount()
        table.focus()

    # ----- data ---------------------------------------------------------------------------

    def refresh_data(self) -> None:
        today = self.today()
        by_client: dict[int, list[RelFacts]] = {}
        for rel in self.store.derived.relationships().values():
            by_client.setdefault(rel.client_id, []).append(rel)
        rows = []
        for c in self.store.list(Client):
            cid = c.id or 0
            state, days, _ = client_state(c, by_client.get(cid, []), today)
            rows.append(
                Row(
                    cid,
                    c.name,
                    c.age(today),
                    c.area or c.municipality,
                    state,
                    days,
                    c.registered_on,
                    c.name.casefold(),
                )
            )
        rows.sort(key=lambda r: (r.folded, r.id))
        self.rows = rows
        self.areas = sorted({r.area for r in rows if r.area})
        if self.area not in self.areas:
            self.area = None
        self.show_rows()

    def show_rows(self) -> None:
        words = self.query_one("#search", Input).value.casefold().split()
        shown = [
            r
            for r in self.rows
            if (self.filter == "all" or r.state == self.filter)
            and (self.area is None or r.area == self.area)
            and all(w in r.folded for w in words)
        ]
        self.shown = shown
        table = self.query_one("#clients", DataTable)
        current = self.shown_id(table.cursor_row)
        table.clear()
        for r in shown:
            table.add_row(
                r.name,
                str(r.age),
                r.area,
                state_text(r.state, r.waiting_days),
                i18n.day(r.registered_on),
                key=str(r.id),
            )
        if shown:
            ids = [r.id for r in shown]
            table.move_cursor(row=ids.index(current) if current in ids else 0)
        self.set_class(not shown, "-empty")
        self.query_one("#heading", Static).update(
            t(
                "clients.heading",
                shown=len(shown),
                total=len(self.rows),
                filter=t(f"clients.filter.{self.filter}"),
                area=self.area or t("clients.area.all"),
            )
        )

    def shown_id(self, row: int) -> int | None:
        return self.shown[row].id if 0 <= row < len(self.shown) else None

    # ----- keys ---------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.show_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.query_one("#clients", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "area":
            return bool(self.areas)
        if action == "leave_search":
            return isinstance(self.focused, Input)
        if action in ("filter", "area", "new", "search") and isinstance(self.focused, Input):
            return None  # typing: the letters go to the search box
        if action == "open":
            return bool(self.shown)
        return True

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        self.query_one("#clients", DataTable).focus()

    def action_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.show_rows()

    def action_area(self) -> None:
        choices: list[str | None] = [None, *self.areas]
        self.area = choices[(choices.index(self.area) + 1) % len(choices)]
        self.show_rows()

    def action_new(self) -> None:
        from tui.screens.client_form import ClientForm

        self.app.push_screen(ClientForm(), self._after_new)

    def _after_new(self, saved: Client | None) -> None:
        if saved is not None:
            self.refresh_data()
            self.app.push_screen(ClientDetailScreen(saved.id or 0))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#clients", DataTable).cursor_row)

    def open_row(self, row: int) -> None:
        client_id = self.shown_id(row)
        if client_id is not None:
            self.app.push_screen(ClientDetailScreen(client_id))


def _or_none(value: Any) -> str:
    return str(value) if value not in (None, "", []) else t("app.none")


class ClientDetailScreen(TukiScreen):
    """Everything the coordinator needs about one client, and the relationships to open."""

    TITLE_KEY = "clients.title"
    CSS_PATH = "clients.tcss"
    BINDINGS = [
        Binding("escape", "back", "clients.key.back"),
        Binding("e", "edit", "clients.key.edit"),
        Binding("g", "guardian", "clients.key.guardian"),
        Binding("w", "worker", "clients.key.worker"),
        Binding("enter", "open", "clients.key.open", show=False),
    ]

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.client: Client | None = None
        self.relationships: list[RelFacts] = []

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
        super().on_mount()
        table.focus()

    def refresh_data(self) -> None:
        try:
            client = self.store.get(Client, self.client_id)
        except NotFound:
            self.client = None
            self.query_one("#heading", Static).update(t("clients.detail.not_found"))
            return
        self.client = client
        today = self.today()
        self.query_one("#heading", Static).update(t("clients.detail.title", name=client.name))
        own = [r for r in self.store.derived.relationships().values() if r.client_id == client.id]
        self.relationships = sorted(own, key=lambda r: (not r.is_open, -(r.id or 0)))
        state, days, since = client_state(client, own, today)
        if state == "waiting" and since is not None:
            line = t("clients.detail.waiting", days=days, since=i18n.day(since))
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
        volunteers = self.store.derived.volunteers()
        table = self.query_one("#relationships", DataTable)
        row = table.cursor_row
        table.clear()
        for r in self.relationships:
            v = volunteers.get(r.volunteer_id)
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
                t("clients.detail.age_value", age=c.age(today), born=i18n.day(c.birth_date)),
            ),
            (
                t("clients.field.municipality"),
                f"{c.municipality}" + (f" / {c.area}" if c.area else ""),
            ),
            (t("clients.field.school"), " ".join(p for p in (c.school, c.school_class) if p)),
            (t("clients.field.languages"), ", ".join(c.languages)),
            (t("clients.field.interests"), ", ".join(c.interests)),
            (t("clients.field.needs"), ", ".join(c.needs)),
            (t("clients.field.wishes"), c.wishes),
            (t("clients.field.travel"), t(f"clients.travel.{c.travel.value}")),
            (t("clients.field.health_notes"), c.health_notes),
            (t("clients.field.registered_on"), i18n.day(c.registered_on)),
        ]
        return "\n".join(f"{label.split(' (')[0]}: {_or_none(value)}" for label, value in lines)

    def _guardians(self, c: Client) -> str:
        lines = []
        for gid in c.guardian_ids:
            g = self.store.find(Guardian, gid)
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
        w = self.store.find(SocialWorker, c.social_worker_id) if c.social_worker_id else None
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
        return "\n".join(lines)

    # ----- keys -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "guardian", "worker"):
            return self.client is not None
        if action == "open":
            return bool(self.relationships)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def _after(self, saved: Any) -> None:
        if saved is not None:
            self.refresh_data()

    def action_edit(self) -> None:
        from tui.screens.client_form import ClientForm

        if self.client is not None:
            self.app.push_screen(ClientForm(self.client), self._after)

    def action_guardian(self) -> None:
        from tui.screens.client_form import GuardianForm

        if self.client is not None:
            self.app.push_screen(GuardianForm(self.client), self._after)

    def action_worker(self) -> None:
        from tui.screens.client_form import SocialWorkerForm

        if self.client is not None:
            self.app.push_screen(SocialWorkerForm(self.client), self._after)

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
