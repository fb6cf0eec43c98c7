"""The clients section: a searchable, filterable list and each client's page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.binding import Binding

from data.model.base import age_on
from data.model.facts import ClientFacts, RelFacts
from data.models import Client
from data.rules.alerts import waiting
from data.store.lists import ClientLine
from tui import i18n
from tui.i18n import t
from tui.listing import listed_name
from tui.screens.history import open_row_history
from tui.screens.record_list import RecordList


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
    folded: str  # the name in lower case, both ways round, for searching


def client_state(client: Client, own: list[RelFacts], today: date) -> tuple[str, int, date | None]:
    """('waiting' | 'support' | 'closed' | 'none', days waited, waiting since)."""
    if client.closed_on is not None:
        return "closed", 0, None
    facts = ClientFacts(
        client.id or 0,
        client.name,
        client.registered_on,
        client.closed_on,
        client.first_name,
        client.last_name,
    )
    since = waiting(facts, own)
    if since is not None:
        return "waiting", (today - since).days, since
    if any(r.is_open for r in own):
        return "support", 0, None
    return "none", 0, None


def client_row(line: ClientLine, today: date) -> Row:
    """A client's row in the list, as of ``today`` (the age, the days waited)."""
    if line.closed_on is not None:
        state, days = "closed", 0
    elif line.waiting_since is not None:
        state, days = "waiting", (today - line.waiting_since).days
    else:
        state, days = ("support" if line.supported else "none"), 0
    listed = listed_name(line.first, line.last)
    return Row(
        line.id,
        listed,
        age_on(line.birth, today),
        line.area,
        state,
        days,
        line.registered_on,
        f"{listed} {line.name}".casefold(),
    )


def state_text(state: str, days: int) -> str:
    """A word and a symbol, never colour alone."""
    if state == "waiting":
        return t("clients.state.waiting", days=days)
    return t(f"clients.state.{state}")


class ClientsScreen(RecordList[Row]):
    TITLE_KEY = "clients.title"
    # no CSS_PATH: clients.tcss styles the ClientDetailScreen only, and a new CSS file means
    # all the CSS parsed again and every widget restyled on the list's first visit
    AREA = "clients"
    KIND = "client"
    SEARCH = "app.search"
    # 80 columns: 23 + 4 + 12 + 17 + 10, one cell of padding each side and the scrollbar
    # ("⏳ odottaa 150 pv" is 17 cells wide: the hourglass takes two)
    COLUMNS = (("name", 23), ("age", 4), ("area", 12), ("state", 17), ("registered", 10))
    FILTERS = ("all", "waiting", "support", "closed")
    BINDINGS = [
        Binding("slash", "search", "clients.key.search", key_display="/", id="clients.search"),
        Binding("f", "filter", "clients.key.filter", id="clients.filter"),
        Binding("a", "area", "clients.key.area", id="clients.area"),
        Binding("n", "new", "clients.key.new", id="clients.new"),
        Binding("enter", "open", "clients.key.open", show=False, id="clients.open"),
        Binding("h", "history", "history.key.open", show=False, id="clients.history"),
        Binding(
            "escape", "leave_search", "clients.key.back", show=False, id="clients.leave_search"
        ),
    ]

    def action_history(self) -> None:
        open_row_history(self)

    def __init__(self) -> None:
        super().__init__()
        #: client id -> (its line, the row made of it), of one day
        self.made: dict[int, tuple[ClientLine, Row]] = {}
        self.made_on: date | None = None
        self.lines: list[ClientLine] | None = None  # what store.lists.clients gave last
        self.ordered: list[Row] = []  # what load() gave last, in its order

    def load(self) -> list[Row]:
        """The rows, by surname, from the clients' lines (``store.lists.clients``: a few
        fields of each, not the whole records, in the list's order). A row is made again only
        when its line changed."""
        today = self.today()
        if today != self.made_on:  # the ages and the days waited count from today
            self.made, self.made_on, self.lines = {}, today, None
        lines = self.store.lists.clients()
        if lines is self.lines:  # nothing in the folder changed
            return self.ordered
        made: dict[int, tuple[ClientLine, Row]] = {}
        rows, changed = [], False
        for line in lines:  # in the list's order
            was = self.made.get(line.id)
            if was is not None and was[0] == line:
                made[line.id] = was
                rows.append(was[1])
                continue
            changed = True
            row = client_row(line, today)
            made[line.id] = (line, row)
            rows.append(row)
        if not changed and len(made) == len(self.made):
            rows = self.ordered  # the same rows in the same order: the same list
        self.made, self.lines, self.ordered = made, lines, rows
        return rows

    def cells(self, row: Row) -> tuple[str, ...]:
        return (
            row.name,
            str(row.age),
            row.area,
            state_text(row.state, row.waiting_days),
            i18n.day(row.registered_on),
        )

    def text(self, row: Row) -> str:
        return row.folded  # a search matches the name

    def keep(self, row: Row) -> bool:
        return (self.filter == "all" or row.state == self.filter) and (
            self.area is None or row.area == self.area
        )

    def area_of(self, row: Row) -> str:
        return row.area

    def heading(self, shown: Sequence[Row]) -> str:
        return t(
            "clients.heading",
            shown=len(shown),
            total=len(self.loaded),
            filter=self.filter_label(),
            area=self.area or t("clients.area.all"),
        )

    def action_new(self) -> None:
        from tui.screens.client_form import ClientForm

        self.app.push_screen(ClientForm(), self._after_new)

    def _after_new(self, saved: Client | None) -> None:
        if saved is not None:
            self.tuki.refresh_screens()
            self.tuki.open_subject("client", saved.id or 0)
