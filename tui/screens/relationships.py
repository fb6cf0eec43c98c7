"""The relationships section: search by name, filter by state, Enter opens one.

Built from the compact facts and meeting summaries only, so it stays quick with the
~900 relationships of a region.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from data.model.facts import RelFacts
from data.models import State
from tui import i18n
from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.widgets.footer import Footer

#: what ``f`` cycles through: open relationships, each state, then all
FILTERS: tuple[str, ...] = ("open", *(s.value for s in State), "all")
SHOWN = 500  # rows at a time; searching narrows them


class RelationshipsScreen(TukiScreen):
    TITLE_KEY = "relationships.title"
    CSS_PATH = "relationships.tcss"
    BINDINGS = [
        Binding(
            "slash",
            "search",
            "relationships.key.search",
            key_display="/",
            id="relationships.search",
        ),
        Binding("f", "filter", "relationships.key.filter", id="relationships.filter"),
        Binding("enter", "open", "relationships.key.open", show=False, id="relationships.open"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = "open"
        self.rows: list[RelFacts] = []

    def compose(self) -> ComposeResult:
        yield Static(t("relationships.title"), id="heading", classes="title-bar")
        yield Input(placeholder=t("relationships.search"), id="search", compact=True)
        yield Static("", id="filter")
        table: DataTable[str] = DataTable(id="list", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(t("relationships.empty"), id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#list", DataTable)
        table.add_column(t("relationships.col.client"), key="client", width=20)
        table.add_column(t("relationships.col.volunteer"), key="volunteer", width=20)
        table.add_column(t("relationships.col.state"), key="state", width=11)
        table.add_column(t("relationships.col.since"), key="since", width=10)
        table.add_column(t("relationships.col.held"), key="held", width=7)
        super().on_mount()
        table.focus()

    def filter_label(self) -> str:
        if self.filter in ("open", "all"):
            return t(f"relationships.filter.{self.filter}")
        return t(f"state.{self.filter}")

    def refresh_data(self) -> None:
        derived = self.store.derived
        clients, volunteers = derived.clients(), derived.volunteers()
        summaries = derived.summaries()
        words = self.query_one("#search", Input).value.casefold().split()
        rows: list[tuple[RelFacts, str, str]] = []
        for r in derived.relationships().values():
            if self.filter == "open" and not r.is_open:
                continue
            if self.filter not in ("open", "all") and r.state.value != self.filter:
                continue
            c, v = clients.get(r.client_id), volunteers.get(r.volunteer_id)
            cname, vname = (c.name if c else "?"), (v.name if v else "?")
            hay = f"{cname} {vname}".casefold()
            if all(w in hay for w in words):
                rows.append((r, cname, vname))
        rows.sort(key=lambda x: (x[1].casefold(), x[2].casefold()))
        self.query_one("#filter", Static).update(
            t("relationships.filter", what=self.filter_label(), n=len(rows))
        )
        table = self.query_one("#list", DataTable)
        cursor = table.cursor_row
        table.clear()
        self.rows = []
        for r, cname, vname in rows[:SHOWN]:
            summary = summaries.get(r.id)
            held = summary.held if summary else 0
            table.add_row(
                cname,
                vname,
                t(f"state.{r.state.value}"),
                i18n.day(r.since),
                f"{held}/{r.max_meetings or '–'}",
                key=str(r.id),
            )
            self.rows.append(r)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        self.set_class(not self.rows, "-empty")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_data()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#list", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.refresh_data()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#list", DataTable).cursor_row)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.tuki.open_subject("relationship", self.rows[row].id)
