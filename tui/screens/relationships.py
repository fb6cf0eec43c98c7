"""The relationships section: search by name, filter by state, Enter opens one.

Built from the compact facts and meeting summaries only, so it stays quick with the
~900 relationships of a region; searching and filtering never re-read the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.binding import Binding

from data.model.facts import RelFacts
from data.models import State
from tui import i18n
from tui.i18n import t
from tui.listing import in_order, listed_name, name_order
from tui.pair_names import listed_pair, shown_volunteer
from tui.screens.history import open_row_history
from tui.screens.record_list import RecordList


@dataclass(frozen=True)
class RelRow:
    facts: RelFacts
    client: str  # as lists show names: surname first
    volunteer: str
    held: int
    folded: str  # both names both ways round, in lower case, for searching
    order: tuple[str, ...]  # the client's surname and first name, then the volunteer's

    @property
    def id(self) -> int:
        return self.facts.id


class RelationshipsScreen(RecordList[RelRow]):
    TITLE_KEY = "relationships.title"
    CSS_PATH = "relationships.tcss"
    AREA = "relationships"
    KIND = "relationship"
    SEARCH = "relationships.search"
    VOLUNTEER_WIDTH = 20
    COLUMNS = (
        ("client", 20),
        ("volunteer", VOLUNTEER_WIDTH),
        ("state", 11),
        ("since", 10),
        ("held", 7),
    )
    #: what ``f`` cycles through: open relationships, each state, then all
    FILTERS = ("open", *(s.value for s in State), "all")
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
        Binding("h", "history", "history.key.open", show=False, id="relationships.history"),
        Binding(
            "escape", "leave_search", "app.key.back", show=False, id="relationships.leave_search"
        ),
    ]

    def action_history(self) -> None:
        open_row_history(self)

    def __init__(self) -> None:
        super().__init__()
        #: relationship id -> (its client's facts, its volunteer's facts, the row made of them)
        self.made: dict[int, tuple[object, object, RelRow]] = {}
        self.ordered: list[RelRow] = []  # what load() gave last, in its order

    def load(self) -> Sequence[RelRow]:
        """The rows, by client then volunteer name. A row is made again only when what it is
        made of changed (the same objects while their file is unchanged, else equal facts):
        after another coordinator logged a meeting, only that relationship's count is new, and
        the rows are not sorted again when no name changed."""
        store = self.store
        clients, volunteers = store.records.client_facts(), store.records.volunteer_facts()
        summaries = store.meetings.summaries()
        made: dict[int, tuple[object, object, RelRow]] = {}
        rows, changed, moved = [], False, False
        for r in store.records.relationship_facts().values():
            c, v, s = clients.get(r.client_id), shown_volunteer(volunteers, r), summaries.get(r.id)
            held = s.held if s else 0
            was = self.made.get(r.id)
            if was is not None and (was[0] is c or was[0] == c) and (was[1] is v or was[1] == v):
                row = was[2]  # the facts of a rewritten file are new objects, mostly equal
                if row.held == held and (row.facts is r or row.facts == r):
                    made[r.id] = (c, v, row)
                    rows.append(row)
                    continue
            changed = True
            client = listed_name(c.first, c.last) if c else "?"
            # a pair readably in its column (surnames, or the first "+1"), not cut off
            volunteer = listed_pair(volunteers, r, self.VOLUNTEER_WIDTH)
            names = f"{client} {volunteer} {c.name if c else ''} {v.name if v else ''}"
            order = (
                *(name_order(c.first, c.last) if c else ("?",)),
                *(name_order(v.first, v.last) if v else ("?",)),
            )
            row = RelRow(r, client, volunteer, held, names.casefold(), order)
            made[r.id] = (c, v, row)
            rows.append(row)
            moved = moved or was is None or was[2].order != order
        same_ids = len(made) == len(self.made)
        self.made = made
        self.ordered = in_order(
            self.ordered, made, rows, same_ids=same_ids, changed=changed, moved=moved
        )
        return self.ordered

    def cells(self, row: RelRow) -> tuple[str, ...]:
        r = row.facts
        return (
            row.client,
            row.volunteer,
            t(f"state.{r.state.value}"),
            i18n.day(r.since),
            f"{row.held}/{r.max_meetings or '–'}",
        )

    def text(self, row: RelRow) -> str:
        return row.folded

    def keep(self, row: RelRow) -> bool:
        if self.filter == "open":
            return row.facts.is_open
        return self.filter == "all" or row.facts.state.value == self.filter

    def filter_label(self) -> str:
        if self.filter in ("open", "all"):
            return t(f"relationships.filter.{self.filter}")
        return t(f"state.{self.filter}")

    def status(self, shown: Sequence[RelRow]) -> str:
        return t("relationships.filter", what=self.filter_label(), n=len(shown))
