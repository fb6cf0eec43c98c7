"""The clients section: a searchable, filterable list and each client's page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from textual.binding import Binding

from data.model.facts import ClientFacts, RelFacts
from data.models import Client
from data.rules.alerts import waiting
from tui import i18n
from tui.i18n import t
from tui.listing import in_order, listed_name, name_order
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
    order: tuple[str, ...]  # name_order: by surname, then first name


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


def state_text(state: str, days: int) -> str:
    """A word and a symbol, never colour alone."""
    if state == "waiting":
        return t("clients.state.waiting", days=days)
    return t(f"clients.state.{state}")


class ClientsScreen(RecordList[Row]):
    TITLE_KEY = "clients.title"
    CSS_PATH = "clients.tcss"
    AREA = "clients"
    KIND = "client"
    SEARCH = "app.search"
    # 80 columns: 24 + 4 + 14 + 16 + 10 and one cell of padding each side
    COLUMNS = (("name", 24), ("age", 4), ("area", 14), ("state", 16), ("registered", 10))
    FILTERS = ("all", "waiting", "support", "closed")
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
        #: client id -> (the client, its relationships' facts, the row made of them), of one day
        self.made: dict[int, tuple[Client, list[RelFacts], Row]] = {}
        self.made_on: date | None = None
        self.ordered: list[Row] = []  # what load() gave last, in its order

    def load(self) -> list[Row]:
        """The rows, by surname. A row is made again only when its client (the same object
        while clients.json is unchanged) or its relationships' facts (the same or equal)
        changed, and the rows are not sorted again when no name changed."""
        today = self.today()
        if today != self.made_on:  # the days waited count from today
            self.made, self.made_on = {}, today
        by_client: dict[int, list[RelFacts]] = {}
        for rel in self.store.records.relationship_facts().values():
            by_client.setdefault(rel.client_id, []).append(rel)
        made: dict[int, tuple[Client, list[RelFacts], Row]] = {}
        rows, changed, moved = [], False, False
        for c in self.store.records.list(Client):
            cid = c.id or 0
            own = by_client.get(cid, [])
            was = self.made.get(cid)
            if was is not None and was[0] is c and was[1] == own:  # facts: same, or equal
                made[cid] = (c, own, was[2])
                rows.append(was[2])
                continue
            changed = True
            state, days, _ = client_state(c, own, today)
            listed = listed_name(c.first_name, c.last_name)
            row = Row(
                cid,
                listed,
                c.age(today),
                c.area or c.municipality,
                state,
                days,
                c.registered_on,
                f"{listed} {c.name}".casefold(),
                name_order(c.first_name, c.last_name),
            )
            made[cid] = (c, own, row)
            rows.append(row)
            moved = moved or was is None or was[2].order != row.order
        same_ids = len(made) == len(self.made)
        self.made = made
        self.ordered = in_order(
            self.ordered, made, rows, same_ids=same_ids, changed=changed, moved=moved
        )
        return self.ordered

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
