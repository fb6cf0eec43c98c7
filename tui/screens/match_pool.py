"""The whole-pool proposal: the pairs that together score best, each accepted or rejected.

The solver (``data.rules.matching.propose_pool``) maximises the total score of all waiting clients
under the volunteers' capacities, longer waits weighted up. Computing it at national scale
takes a second or two, so it runs in a worker thread. ``a`` accepts the highlighted pair,
``r`` rejects it, ctrl+s creates the accepted proposals in one change after a confirmation.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from data.errors import TukiError
from data.rules.matching import Pair, weights
from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.screens.dialogs import ConfirmDialog
from tui.screens.matching import explanation, reasons_line, refusal_text
from tui.widgets.footer import Footer
from tui.widgets.list_table import ListTable

ACCEPT, REJECT, OPEN = "accept", "reject", "open"
MARKS = {ACCEPT: "✓", REJECT: "✗", OPEN: "·"}


class PoolScreen(TukiScreen):
    TITLE_KEY = "match.pool"
    CSS_PATH = "matching.tcss"
    BINDINGS = [
        Binding("escape", "back", "match.key.back", id="pool.back"),
        Binding("a", "decide('accept')", "match.key.accept", id="pool.accept"),
        Binding("r", "decide('reject')", "match.key.reject", id="pool.reject"),
        Binding("ctrl+s", "create", "match.key.create", priority=True, id="pool.create"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pairs: list[Pair] = []
        # (client id, volunteer id) -> accept / reject; a pair the solver drops loses its mark
        self.decisions: dict[tuple[int, int], str] = {}
        self.weights: dict[str, float] = {}
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static(t("match.pool"), id="heading", classes="title-bar")
        table: DataTable[str] = ListTable(id="pairs", cursor_type="row", zebra_stripes=True)
        yield table
        with VerticalScroll(id="why"):
            yield Static(t("match.computing"), id="explanation")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#pairs", DataTable)
        table.add_column("", key="mark", width=2)
        table.add_column(t("match.col.client"), key="client", width=19)
        table.add_column(t("match.col.waiting"), key="days", width=9)
        table.add_column(t("match.col.volunteer"), key="volunteer", width=19)
        table.add_column(t("match.col.score"), key="score", width=7)
        table.add_column(t("match.col.why"), key="why", width=12)
        table.focus()

    def refresh_data(self) -> None:
        if not self.busy:
            self.busy = True
            self.compute()

    @work(thread=True, exclusive=True)
    def compute(self) -> None:
        pairs = self.store.matching.pool_proposal(self.today())
        self.weights = weights(self.store.records.settings())
        self.app.call_from_thread(self.show, pairs)

    def show(self, pairs: list[Pair]) -> None:
        self.busy = False
        self.pairs = pairs
        self.decisions = {
            key: d for key, d in self.decisions.items() if key in {_key(p) for p in pairs}
        }
        table = self.query_one("#pairs", DataTable)
        row = table.cursor_row
        table.clear()
        for p in pairs:
            table.add_row(
                MARKS[self.decision(p)],
                p.client_name,
                t("match.days", days=p.waiting_days),
                p.volunteer_name,
                f"{p.score:.0f}",
                reasons_line(p.suggestion.reasons[:1]),
                key=str(p.client_id),
            )
        if pairs:
            table.move_cursor(row=min(max(row, 0), len(pairs) - 1))
        else:
            self.query_one("#explanation", Static).update(t("match.pool_empty"))
        self._heading()
        self.refresh_bindings()

    def decision(self, p: Pair) -> str:
        return self.decisions.get(_key(p), OPEN)

    def _heading(self) -> None:
        accepted = sum(1 for d in self.decisions.values() if d == ACCEPT)
        self.query_one("#heading", Static).update(
            t("match.pool_heading", n=len(self.pairs), accepted=accepted)
        )

    def highlighted(self) -> Pair | None:
        row = self.query_one("#pairs", DataTable).cursor_row
        return self.pairs[row] if 0 <= row < len(self.pairs) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        p = self.highlighted()
        if p is None:
            return
        text = t("match.pair_client", name=p.client_name, days=p.waiting_days)
        self.query_one("#explanation", Static).update(
            text + "\n" + explanation(p.suggestion, self.weights)
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "decide":
            return bool(self.pairs)
        if action == "create":
            return any(d == ACCEPT for d in self.decisions.values())
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_decide(self, decision: str) -> None:
        p = self.highlighted()
        if p is None:
            return
        new = OPEN if self.decision(p) == decision else decision
        self.decisions[_key(p)] = new
        table = self.query_one("#pairs", DataTable)
        table.update_cell(str(p.client_id), "mark", MARKS[new])
        if table.cursor_row < len(self.pairs) - 1:
            table.move_cursor(row=table.cursor_row + 1)
        self._heading()
        self.refresh_bindings()

    def action_create(self) -> None:
        accepted = [p for p in self.pairs if self.decision(p) == ACCEPT]
        if not accepted:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._create(accepted)

        self.app.push_screen(ConfirmDialog(t("match.create_confirm", n=len(accepted))), confirmed)

    def _create(self, accepted: list[Pair]) -> None:
        try:
            created = self.store.matching.propose_many(self.user, accepted, self.today())
        except TukiError as exc:  # nothing was stored; show why and recompute
            self.notify(refusal_text(exc), severity="error", timeout=10)
            self.refresh_data()  # nothing was stored: recompute here only
            return
        self.notify(t("match.created", n=len(created)))
        for p in accepted:
            self.decisions.pop(_key(p), None)
        self.tuki.refresh_screens()  # recomputes this screen; the others when shown


def _key(p: Pair) -> tuple[int, int]:
    return (p.client_id, p.volunteer_id)


__all__ = ["PoolScreen"]
