"""The clients section: a searchable, filterable list and each client's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from data.model.facts import ClientFacts, RelFacts
from data.models import Client
from data.rules.alerts import waiting
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.widgets.footer import Footer

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
        Binding("slash", "search", "clients.key.search", key_display="/", id="clients.search"),
        Binding("f", "filter", "clients.key.filter", id="clients.filter"),
        Binding("a", "area", "clients.key.area", id="clients.area"),
        Binding("n", "new", "clients.key.new", id="clients.new"),
        Binding("enter", "open", "clients.key.open", show=False, id="clients.open"),
        Binding(
            "escape", "leave_search", "clients.key.back", show=False, id="clients.leave_search"
        ),
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
        table.focus()

    # ----- data ---------------------------------------------------------------------------

    def refresh_data(self) -> None:
        today = self.today()
        by_client: dict[int, list[RelFacts]] = {}
        for rel in self.store.records.relationship_facts().values():
            by_client.setdefault(rel.client_id, []).append(rel)
        rows = []
        for c in self.store.records.list(Client):
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
            self.tuki.refresh_screens()
            from tui.screens.client_detail import ClientDetailScreen

            self.app.push_screen(ClientDetailScreen(saved.id or 0))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#clients", DataTable).cursor_row)

    def open_row(self, row: int) -> None:
        client_id = self.shown_id(row)
        if client_id is not None:
            from tui.screens.client_detail import ClientDetailScreen

            self.app.push_screen(ClientDetailScreen(client_id))
