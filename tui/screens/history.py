"""A record's change history (``h`` on a record's page or a list's row; ``ctrl+b`` where the
letters are typed): each change with when, who, and field by field old → new
(``tui/history_text.py`` words them, as ``tuki history`` prints them). A value cut to fit is
shown whole with Enter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label, Static

from tui.history_text import FieldLine, changes_of, created, title
from tui.i18n import t
from tui.screens.base import TukiModal
from tui.widgets.footer import Footer

if TYPE_CHECKING:
    from tui.screens.base import TukiMixin


def open_history(screen: TukiMixin, kind: str, ref: str | int | None) -> None:
    """Show the history of one record over ``screen`` (nothing when there is no record)."""
    if ref is None:
        return
    screen.app.push_screen(HistoryDialog(kind, str(ref)))  # type: ignore[attr-defined]


def open_row_history(screen: Any) -> None:
    """The history of the record of a list's highlighted row (``RecordList.subject``)."""
    row = screen.current()
    if row is not None:
        kind, record_id = screen.subject(row)
        open_history(screen, kind, record_id)


class HistoryDialog(TukiModal[None]):
    """Every change of one record, oldest first, one line per changed field."""

    BINDINGS = [
        Binding("escape,h,q", "close", "history.key.close", id="history.close"),
        Binding("enter", "whole", "history.key.whole", id="history.whole"),
    ]
    DEFAULT_CSS = """
    HistoryDialog { align: center middle; }
    HistoryDialog > Vertical { width: 100%; max-width: 120; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1; }
    HistoryDialog #history-title { text-style: bold; }
    HistoryDialog #history-created, HistoryDialog #history-none { color: $text-muted; }
    HistoryDialog DataTable { height: 1fr; }
    HistoryDialog #history-detail { height: auto; max-height: 4; border-top: solid $primary; }
    """

    def __init__(self, kind: str, ref: str) -> None:
        super().__init__()
        self.kind = kind
        self.ref = ref
        self.lines: list[FieldLine] = []
        self.made: list[tuple[str, str]] = []  # each line's change: when and who, whole

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("", id="history-title")
            yield Static("", id="history-created")
            yield Static(t("history.none"), id="history-none")
            table: DataTable[Text] = DataTable(id="history", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static("", id="history-detail")
            yield Footer()

    def on_mount(self) -> None:
        from data.model.access import AccessView
        from data.store.history import clients_of, find
        from tui.viewed import viewed

        record = find(self.store.records, self.kind, self.ref)
        changes = changes_of(self.store, self.kind, self.ref)
        # a record's history is its client's data: logged (each opening), said when it cannot be
        viewed(self, clients_of(self.store.records, self.kind, self.ref), AccessView.HISTORY)
        heading = title(self.store, self.kind, self.ref, record)
        self.query_one("#history-title", Label).update(Text(heading))
        made = created(record) if record is not None or not changes else ""
        self.query_one("#history-created", Static).update(made or t("history.removed_record"))
        self.query_one("#history-none", Static).display = not changes
        table = self.query_one("#history", DataTable)
        # what the dialog's border and padding and the cells' padding (5 × 2) leave
        width = max(12, (min(self.app.size.width, 120) - 4 - 16 - 9 - 16 - 10) // 2)
        for key, label, size in (
            ("when", "history.col.when", 16),
            ("who", "history.col.who", 9),
            ("field", "history.col.field", 16),
            ("old", "history.col.old", width),
            ("new", "history.col.new", width),
        ):
            table.add_column(t(label), key=key, width=size)
        for change in changes:
            for i, line in enumerate(change.fields):
                first = i == 0
                cells = (
                    change.when if first else "",
                    _fit(change.who, 9) if first else "",
                    _fit(line.label, 16),
                    _fit(line.old, width),
                    _fit(line.new, width),
                )  # (as plain text: a value's own brackets are no markup)
                table.add_row(*(Text(c) for c in cells), key=str(len(self.lines)))
                self.lines.append(line)
                self.made.append((change.when, change.who))
        table.display = bool(changes)
        table.focus()
        self._show_detail(0)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._whole(event.cursor_row)

    def _show_detail(self, row: int) -> None:
        line = self.lines[row] if 0 <= row < len(self.lines) else None
        text = f"{line.label}: {line.old} → {line.new}" if line else ""
        if line is not None:  # who in whole: the column cuts a login (koordina… of two)
            when, who = self.made[row]
            text = f"{when} · {who} · {text}"
        if line is not None and line.cut:
            text += "  " + t("history.see_whole")
        self.query_one("#history-detail", Static).update(Text(text))

    def _whole(self, row: int) -> None:
        if 0 <= row < len(self.lines):
            self.app.push_screen(WholeValues(self.lines[row]))

    def action_whole(self) -> None:
        self._whole(self.query_one("#history", DataTable).cursor_row)

    def action_close(self) -> None:
        self.dismiss(None)


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class WholeValues(TukiModal[None]):
    """One changed field's old and new value, whole."""

    BINDINGS = [Binding("escape,enter,q", "close", "history.key.back", id="history_whole.close")]
    DEFAULT_CSS = """
    WholeValues { align: center middle; }
    WholeValues > VerticalScroll { width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: round $primary; background: $surface; padding: 0 1; }
    WholeValues .history--section { text-style: bold; margin: 1 0 0 0; }
    """

    def __init__(self, line: FieldLine) -> None:
        super().__init__()
        self.line = line

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Label(self.line.label, classes="history--section")
            yield Label(t("history.col.old"), classes="history--section")
            yield Static(self.line.old_full, markup=False, id="whole-old")
            yield Label(t("history.col.new"), classes="history--section")
            yield Static(self.line.new_full, markup=False, id="whole-new")
            yield Static(t("history.close_keys"), classes="history--section")

    def action_close(self) -> None:
        self.dismiss(None)
