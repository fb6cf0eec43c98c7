"""Matching: who waits, the ranked volunteers for one child with their reasons, proposing.

The section (``6``) lists the clients waiting for a support person and the approved
volunteers with room for a child, longest wait first. Enter on a client opens the
``ShortlistScreen``: every volunteer who passed the filters, best first, with the points of
each part, the reasons and the soft mismatches of the highlighted one; ``x`` shows who was
left out and why, ``m`` marks one to compare side by side with ``v``, ``p`` proposes. The
whole-pool proposal is ``tui/screens/match_pool.py``. The coordinator decides; nothing is
stored until a proposal is confirmed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from data.errors import TukiError
from data.models import Client
from data.rules.matching import MatchRefused, Pool, Ranking, Suggestion
from tui import i18n
from tui.i18n import t
from tui.i18n.areas.matching import reason_text, reasons_line
from tui.screens.base import TukiScreen
from tui.screens.collector import CollectedAfterFrame
from tui.screens.dialogs import ConfirmDialog
from tui.screens.first_frame import DrawnOnce
from tui.screens.match_pair import pair_allowed, propose_pair
from tui.screens.matching_dialogs import CompareDialog, ExcludedDialog
from tui.widgets.footer import Footer
from tui.widgets.list_table import ListTable


def explanation(s: Suggestion, weights: dict[str, float]) -> str:
    """The parts with their points, then what speaks for and against, in words."""
    parts = "  ".join(
        f"{t(f'matching.part.{name}')} {points:.0f}/{weights.get(name, 0):.0f}"
        for name, points in s.parts.items()
    )
    lines = [t("match.detail.score", name=s.name, score=f"{s.score:.0f}"), parts]
    if s.reasons:
        lines.append(f"+ {reasons_line(s.reasons)}")
    if s.mismatches:
        lines.append(f"− {reasons_line(s.mismatches, 'mismatch')}")
    if s.waiting_since is not None:
        lines.append(t("match.detail.volunteer_since", day=i18n.day(s.waiting_since)))
    return "\n".join(lines)


def refusal_text(exc: TukiError) -> str:
    """A refused proposal in words; a matching refusal lists its reasons translated."""
    if isinstance(exc, MatchRefused):
        why = ", ".join(reason_text("excluded", r.code, r.params) for r in exc.reasons)
        return t(
            "match.refused", client=exc.params["client"], volunteer=exc.params["volunteer"], why=why
        )
    return i18n.explain(exc)


class MatchingScreen(TukiScreen):
    """The waiting lists: clients on top, volunteers below; Enter on a client ranks volunteers."""

    TITLE_KEY = "match.title"
    CSS_PATH = "matching.tcss"
    BINDINGS = [
        Binding("enter", "open", "match.key.rank", id="match.open"),
        Binding("p", "pool", "match.key.pool", id="match.pool"),
        Binding("tab", "switch", "match.key.switch", show=False, id="match.switch"),
    ]

    SHOWN = 100  # rows a table takes at a time (see refresh_data)

    def __init__(self) -> None:
        super().__init__()
        self.pool = Pool([], [])

    def compose(self) -> ComposeResult:
        yield Static(t("match.title"), id="heading", classes="title-bar")
        yield Label("", id="clients-label", classes="section")
        clients: DataTable[str] = ListTable(id="clients", cursor_type="row", zebra_stripes=True)
        yield clients
        yield Label("", id="volunteers-label", classes="section")
        volunteers: DataTable[str] = ListTable(
            id="volunteers", cursor_type="row", zebra_stripes=True
        )
        yield volunteers
        yield Footer()

    def on_mount(self) -> None:
        clients = self.query_one("#clients", DataTable)
        clients.add_column(t("match.col.client"), key="name", width=26)
        clients.add_column(t("match.col.waiting"), key="days", width=10)
        clients.add_column(t("match.col.since"), key="since", width=10)
        volunteers = self.query_one("#volunteers", DataTable)
        volunteers.add_column(t("match.col.volunteer"), key="name", width=26)
        volunteers.add_column(t("match.col.kind"), key="kind", width=14)
        volunteers.add_column(t("match.col.free"), key="free", width=6)
        volunteers.add_column(t("match.col.waiting"), key="days", width=10)
        clients.focus()
        for table in (clients, volunteers):
            self.watch(table, "scroll_y", self._more_of(table), init=False)

    def _more_of(self, table: DataTable[Any]) -> Callable[[], None]:
        return lambda: self.more_if_near_end(table)

    def refresh_data(self) -> None:
        """The pool, its tables filled with their first ``SHOWN`` rows (as many as they held,
        and up to the cursor's): the next ones come as the cursor or the view nears the last
        (at national scale 1,000 clients wait and 1,300 volunteers have room: adding every row
        was most of the section's first visit)."""
        self.pool = pool = self.store.matching.pool(self.today())
        clients = self.query_one("#clients", DataTable)
        row = clients.cursor_row
        held = max(self.SHOWN, clients.row_count, row + 1)
        clients.clear()
        self._add("clients", held)
        if pool.clients:
            clients.move_cursor(row=min(max(row, 0), len(pool.clients) - 1))
        volunteers = self.query_one("#volunteers", DataTable)
        held = max(self.SHOWN, volunteers.row_count, volunteers.cursor_row + 1)
        volunteers.clear()
        self._add("volunteers", held)
        self.query_one("#clients-label", Label).update(
            t("match.clients_waiting", n=len(pool.clients))
        )
        self.query_one("#volunteers-label", Label).update(
            t("match.volunteers_free", n=len(pool.volunteers))
        )

    def _add(self, table_id: str, count: int) -> None:
        """Add the next ``count`` rows of a table, after those it holds."""
        table = self.query_one(f"#{table_id}", DataTable)
        start = table.row_count
        if table_id == "clients":
            for c in self.pool.clients[start : start + count]:
                table.add_row(
                    c.name,
                    t("match.days", days=c.days),
                    i18n.day(c.since),
                    key=str(c.client_id),
                )
            return
        for v in self.pool.volunteers[start : start + count]:
            table.add_row(
                v.name,
                t(f"volunteer_kind.{v.kind.value}"),
                f"{v.free}/{v.capacity}",
                t("match.days", days=v.days) if v.days is not None else "–",
                key=str(v.volunteer_id),
            )

    def more_if_near_end(self, table: DataTable[Any]) -> None:
        """The next rows when the cursor, or the bottom of the view, is within a screen of the
        table's last row."""
        rows = self.pool.clients if table.id == "clients" else self.pool.volunteers
        if table.row_count >= len(rows):
            return
        screen = max(table.size.height, 1)
        near = table.cursor_row >= table.row_count - screen
        if near or table.scroll_y + 2 * screen >= table.virtual_size.height:
            self._add(str(table.id), self.SHOWN)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.more_if_near_end(event.data_table)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return bool(self.pool.clients)
        if action == "pool":
            return bool(self.pool.clients and self.pool.volunteers)
        return True

    def action_switch(self) -> None:
        target = "#volunteers" if self.query_one("#clients").has_focus else "#clients"
        self.query_one(target, DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.data_table.id, event.cursor_row)

    def action_open(self) -> None:
        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is not None:
            self._open(table.id, table.cursor_row)

    def _open(self, table: str | None, row: int) -> None:
        if table == "clients" and 0 <= row < len(self.pool.clients):
            self.app.push_screen(ShortlistScreen(self.pool.clients[row].client_id))
        elif table == "volunteers" and 0 <= row < len(self.pool.volunteers):
            self.tuki.open_subject("volunteer", self.pool.volunteers[row].volunteer_id)

    def action_pool(self) -> None:
        from tui.screens.match_pool import PoolScreen

        self.app.push_screen(PoolScreen())


class ShortlistScreen(CollectedAfterFrame, DrawnOnce, TukiScreen):
    """Every volunteer who may be matched with one client, best first, with the reasons."""

    TITLE_KEY = "match.shortlist"
    CSS_PATH = "matching.tcss"
    BINDINGS = [
        Binding("escape", "back", "match.key.back", id="shortlist.back"),
        Binding("p", "propose", "match.key.propose", id="shortlist.propose"),
        Binding("m", "mark", "match.key.mark", id="shortlist.mark"),
        Binding("v", "compare", "match.key.compare", id="shortlist.compare"),
        Binding("x", "excluded", "match.key.excluded", id="shortlist.excluded"),
        Binding("y", "pair", "match.key.pair", id="shortlist.pair"),  # a peer pair (seed 003)
        Binding("enter", "propose", "match.key.propose", show=False, id="shortlist.choose"),
    ]

    #: rows the table takes at a time, as the waiting lists (at national scale a client has
    #: some 700 suggestions: adding every row was a third of ranking them)
    SHOWN = 100

    def __init__(self, client_id: int) -> None:
        super().__init__()
        self.client_id = client_id
        self.ranking: Ranking | None = None
        self.marked: int | None = None  # a volunteer id kept for comparing
        self._worded: dict[Any, str] = {}  # the reasons worded for this ranking's rows
        self._explained: Suggestion | None = None  # whose explanation is shown

    def compose(self) -> ComposeResult:
        yield Static("", id="heading", classes="title-bar")
        yield Static("", id="client")
        table: DataTable[str] = ListTable(id="ranked", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="why"):
            yield Static("", id="explanation")
        yield Footer()

    async def on_mount(self) -> None:
        self.pause_collector()  # until the first frame (tui/screens/collector.py)
        table = self.query_one("#ranked", DataTable)
        table.add_column("", key="mark", width=2)
        table.add_column(t("match.col.volunteer"), key="name", width=24)
        table.add_column(t("match.col.score"), key="score", width=7)
        table.add_column(t("match.col.why"), key="why", width=37)
        self.set_focus(table, scroll_visible=False)  # now: its keys are in the first frame
        self.watch(table, "scroll_y", lambda: self.more_if_near_end(table), init=False)
        # ranked now, before the first frame, with the highlighted one's explanation and the
        # keys its rows enable: read at the screen's showing, the frame drawn then was
        # followed by a second, laid out again, with the explanation and the keys
        self.read_generation = self.tuki.data_generation
        self.refresh_data()
        await self.query_one(Footer).show_keys_now()

    @property
    def suggestions(self) -> list[Suggestion]:
        return self.ranking.suggestions if self.ranking else []

    def refresh_data(self) -> None:
        client = self.store.records.get(Client, self.client_id)
        today = self.today()
        self.ranking = ranking = self.store.matching.shortlist(self.client_id, today, client)
        self.query_one("#heading", Static).update(
            t(
                "match.heading",
                name=client.name,
                n=len(ranking.suggestions),
                out=ranking.excluded_count,
            )
        )
        facts = [
            t("match.client.age", age=client.age(today)),
            f"{client.municipality}" + (f"/{client.area}" if client.area else ""),
            i18n.words(client.interests),
            i18n.words(client.needs),
        ]
        self.query_one("#client", Static).update(" · ".join(f for f in facts if f))
        table = self.query_one("#ranked", DataTable)
        row = table.cursor_row
        held = max(self.SHOWN, table.row_count, row + 1)
        table.clear()
        self._worded = {}
        self._add(held)
        if ranking.suggestions:
            table.move_cursor(row=min(max(row, 0), len(ranking.suggestions) - 1))
        self._explain(self.highlighted())
        if self.is_mounted:  # (in on_mount the footer's keys are built after this)
            self.refresh_bindings()

    def _add(self, count: int) -> None:
        """Add the next ``count`` suggestions' rows, after those the table holds."""
        table = self.query_one("#ranked", DataTable)
        start = table.row_count
        for rank, s in enumerate(self.suggestions[start : start + count], start):
            table.add_row(
                self._mark(rank, s),
                s.name,
                f"{s.score:.0f}",
                reasons_line(s.reasons[:3], worded=self._worded),
                key=str(s.volunteer_id),
            )

    def more_if_near_end(self, table: DataTable[Any]) -> None:
        """The next rows when the cursor, or the bottom of the view, is within a screen of
        the table's last row (as the waiting lists take theirs)."""
        if table.row_count >= len(self.suggestions):
            return
        screen = max(table.size.height, 1)
        near = table.cursor_row >= table.row_count - screen
        if near or table.scroll_y + 2 * screen >= table.virtual_size.height:
            self._add(self.SHOWN)

    def _mark(self, rank: int, s: Suggestion) -> str:
        if s.volunteer_id == self.marked:
            return "◆"
        assert self.ranking is not None
        return "★" if rank < self.ranking.size else ""

    def highlighted(self) -> Suggestion | None:
        row = self.query_one("#ranked", DataTable).cursor_row
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.more_if_near_end(event.data_table)
        self._explain(self.highlighted())

    def _explain(self, s: Suggestion | None) -> None:
        """The explanation of ``s`` (None: nobody was ranked) below the table, unless shown
        already (the same words again would lay the screen out again)."""
        if self.ranking is None or (s is not None and s is self._explained):
            return
        self._explained = s
        text = explanation(s, self.ranking.weights) if s is not None else t("match.none")
        self.query_one("#explanation", Static).update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_propose()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("propose", "mark"):
            return bool(self.suggestions)
        if action == "compare":
            return self.marked is not None and len(self.suggestions) > 1
        if action == "excluded":
            return bool(self.ranking and self.ranking.excluded_count)
        if action == "pair":
            return pair_allowed(self)
        return True

    def action_pair(self) -> None:
        propose_pair(self)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_mark(self) -> None:
        s = self.highlighted()
        if s is None:
            return
        self.marked = None if self.marked == s.volunteer_id else s.volunteer_id
        table = self.query_one("#ranked", DataTable)
        for rank, x in enumerate(self.suggestions[: table.row_count]):  # the rows it holds
            table.update_cell(str(x.volunteer_id), "mark", self._mark(rank, x))
        self.refresh_bindings()
        if self.marked is not None:
            self.notify(t("match.marked", name=s.name))

    def action_compare(self) -> None:
        s = self.highlighted()
        if self.ranking is None or s is None or self.marked is None:
            return
        other = self.ranking.suggestion(self.marked)
        if other is None or other.volunteer_id == s.volunteer_id:
            self.notify(t("match.compare_same"), severity="warning")
            return
        self.app.push_screen(CompareDialog(other, s, self.ranking.weights))

    def action_excluded(self) -> None:
        if self.ranking is not None:
            self.app.push_screen(ExcludedDialog(self.ranking))

    def action_propose(self) -> None:
        s = self.highlighted()
        if s is None or self.ranking is None:
            return
        ranking = self.ranking

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._propose(s)

        question = t("match.confirm", client=ranking.client_name, volunteer=s.name)
        self.app.push_screen(ConfirmDialog(question), confirmed)

    def _propose(self, s: Suggestion) -> None:
        try:
            self.store.matching.propose_many(
                self.user, [(self.client_id, s.volunteer_id)], self.today()
            )
        except TukiError as exc:
            self.notify(refusal_text(exc), severity="error", timeout=10)
            self.refresh_data()
            return
        self.notify(
            t(
                "match.proposed",
                client=self.ranking.client_name if self.ranking else "",
                volunteer=s.name,
            )
        )
        self.app.pop_screen()
        self.tuki.refresh_screens()  # after the pop: the screen below re-reads, not this one


__all__: list[Any] = [
    "CompareDialog",
    "ExcludedDialog",
    "MatchingScreen",
    "ShortlistScreen",
    "refusal_text",
]
