"""Matching's dialogs over the ranked volunteers (``ShortlistScreen``): two suggestions side
by side (``v``), and who was left out and why (``x``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Label, Static

from data.rules.matching import Ranking, Suggestion
from tui.i18n import t
from tui.i18n.areas.matching import reason_text, reasons_line
from tui.listing import listed_name, name_order
from tui.screens.base import TukiModal


class CompareDialog(TukiModal[None]):
    """Two suggestions side by side: the parts, the reasons, the mismatches."""

    BINDINGS = [Binding("escape,v,q", "close", "match.key.back", id="compare.close")]

    def __init__(self, left: Suggestion, right: Suggestion, weights: dict[str, float]) -> None:
        super().__init__()
        self.left, self.right, self.weights = left, right, weights

    def compose(self) -> ComposeResult:
        with Vertical(classes="match--dialog"):
            yield Label(t("match.compare"), classes="title-bar")
            with Horizontal(classes="match--cols"):
                for s in (self.left, self.right):
                    yield Static(_column(s, self.weights), classes="match--col")
            yield Static(t("match.close_keys"), classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)


def _column(s: Suggestion, weights: dict[str, float]) -> str:
    lines = [f"{s.name}", t("match.col.score") + f": {s.score:.0f}", ""]
    for name, points in s.parts.items():
        lines.append(f"{t(f'matching.part.{name}')}: {points:.0f}/{weights.get(name, 0):.0f}")
    lines.append("")
    lines += [f"+ {reason_text('reason', r.code, r.params)}" for r in s.reasons]
    lines += [f"− {reason_text('mismatch', r.code, r.params)}" for r in s.mismatches]
    return "\n".join(lines)


class ExcludedDialog(TukiModal[None]):
    """Who was left out for this client, and every filter each one failed."""

    BINDINGS = [Binding("escape,x,q", "close", "match.key.back", id="excluded.close")]

    def __init__(self, ranking: Ranking) -> None:
        super().__init__()
        self.ranking = ranking

    def compose(self) -> ComposeResult:
        with Vertical(classes="match--dialog match--tall"):
            yield Label(
                t(
                    "match.excluded_title",
                    name=self.ranking.client_name,
                    n=len(self.ranking.excluded),
                ),
                classes="title-bar",
            )
            table: DataTable[str] = DataTable(id="excluded", cursor_type="row")
            yield table
            yield Static(t("match.excluded_close_keys"), classes="muted")

    def on_mount(self) -> None:
        table = self.query_one("#excluded", DataTable)
        table.add_column(t("match.col.volunteer"), key="name", width=22)
        table.add_column(t("match.col.why_not"), key="why", width=48)
        people = self.store.records.volunteer_facts()  # a list of people: by surname

        def name(volunteer_id: int, shown: str) -> tuple[tuple[str, ...], str]:
            v = people.get(volunteer_id)
            return (name_order(v.first, v.last), listed_name(v.first, v.last)) if v else ((), shown)

        named = [(*name(x.volunteer_id, x.name), x) for x in self.ranking.excluded]
        for _, shown, x in sorted(named, key=lambda n: (n[0], n[2].volunteer_id)):
            table.add_row(shown, reasons_line(x.reasons, "excluded"), key=str(x.volunteer_id))
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)


__all__ = ["CompareDialog", "ExcludedDialog"]
