"""One shape for every list of records: a search box, a filter, a table, an empty note.

A subclass gives ``AREA`` (its i18n area: ``<area>.title``, ``<area>.search``, ``<area>.empty``,
``<area>.col.<key>``), ``COLUMNS``, ``FILTERS``, and three functions:

* ``load()``: the rows from the store (read once per change, never per keystroke);
* ``cells(row)``: the row's cells in ``COLUMNS`` order; ``text(row)``: what a search matches;
* ``keep(row, filter)``: whether the filter shows the row.

Searching and filtering work on the loaded rows; the cursor stays on the same record (by id)
across a refresh; Enter (or a click) posts ``RecordList.Opened(kind, id)``, which ``open_row``
turns into the subject's screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, Protocol, TypeVar

from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.widgets.footer import Footer


class HasId(Protocol):
    @property
    def id(self) -> int: ...


RowT = TypeVar("RowT", bound=HasId)


class RecordList(TukiScreen, Generic[RowT]):
    AREA: ClassVar[str] = ""
    KIND: ClassVar[str] = ""  # what Enter opens: "client", "volunteer", "relationship", …
    #: (key, width): the heading is ``<AREA>.col.<key>``
    COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = ()
    #: what the filter key cycles through; the first is the default
    FILTERS: ClassVar[tuple[str, ...]] = ("all",)
    SHOWN: ClassVar[int] = 500  # rows at a time; searching narrows them

    class Opened(Message):
        """A row was opened (Enter or a click)."""

        def __init__(self, kind: str, record_id: int) -> None:
            super().__init__()
            self.kind = kind
            self.record_id = record_id

    def __init__(self) -> None:
        super().__init__()
        self.filter = self.FILTERS[0]
        self.loaded: list[RowT] = []
        self.rows: list[RowT] = []  # what the table shows, in its order

    # ----- what a subclass gives -------------------------------------------------------------

    def load(self) -> Sequence[RowT]:
        raise NotImplementedError

    def cells(self, row: RowT) -> tuple[str, ...]:
        raise NotImplementedError

    def text(self, row: RowT) -> str:
        return " ".join(self.cells(row))

    def keep(self, row: RowT, filter: str) -> bool:
        return True

    def filter_label(self) -> str:
        return t(f"{self.AREA}.filter.{self.filter}")

    # ----- the shape -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(t(f"{self.AREA}.title"), id="heading", classes="title-bar")
        yield Input(placeholder=t(f"{self.AREA}.search"), id="search", compact=True)
        yield Static("", id="filter")
        table: DataTable[str] = DataTable(id="list", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(t(f"{self.AREA}.empty"), id="empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#list", DataTable)
        for key, width in self.COLUMNS:
            table.add_column(t(f"{self.AREA}.col.{key}"), key=key, width=width)
        table.focus()

    def refresh_data(self) -> None:
        self.loaded = list(self.load())
        self.show()

    def show(self) -> None:
        """Fill the table from the loaded rows, the search and the filter (no store read)."""
        words = self.query_one("#search", Input).value.casefold().split()
        rows = [
            r
            for r in self.loaded
            if self.keep(r, self.filter) and all(w in self.text(r).casefold() for w in words)
        ]
        self.query_one("#filter", Static).update(
            t(f"{self.AREA}.filter", what=self.filter_label(), n=len(rows))
        )
        table = self.query_one("#list", DataTable)
        current = self.current_id()
        table.clear()
        self.rows = rows[: self.SHOWN]
        for row in self.rows:
            table.add_row(*self.cells(row), key=str(row.id))
        ids = [r.id for r in self.rows]
        if current in ids:
            table.move_cursor(row=ids.index(current))
        self.set_class(not self.rows, "-empty")

    def current_id(self) -> int | None:
        table = self.query_one("#list", DataTable)
        row = table.cursor_row
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    # ----- keys and events ---------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#list", DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filter(self) -> None:
        self.filter = self.FILTERS[(self.FILTERS.index(self.filter) + 1) % len(self.FILTERS)]
        self.show()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.query_one("#list", DataTable).cursor_row)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.post_message(self.Opened(self.KIND, self.rows[row].id))

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        self.tuki.open_subject(event.kind, event.record_id)


__all__ = ["RecordList"]
