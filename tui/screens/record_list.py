"""One shape for every list of records: a title bar, a search box, a status line, a table, an
empty note. The start screen's alerts, clients, volunteers, relationships and concerns use it.

The store is read in one place, ``refresh_data`` (once when a stale list is shown, once per real
change: see ``TukiScreen``), into ``loaded``. Everything else, a keystroke in the search box, a
filter key, works on those rows: ``show`` narrows them and fills the table, keeping the cursor
on the same record (by its key) whatever moved around it. Enter (or a click) posts one
``RecordList.Opened(kind, id)``, which the list turns into the subject's screen.

What a subclass gives
---------------------

Class attributes:

* ``AREA``: its i18n area; the texts ``<AREA>.title``, ``<AREA>.empty`` and ``<AREA>.col.<key>``
  (the column headings) are looked up there;
* ``KIND``: what Enter opens (``"client"``, ``"volunteer"``, ``"relationship"``, ``"concern"``);
* ``COLUMNS``: ``(key, width)`` pairs, in order, the widths for 80 columns;
* ``GROW``: ``{key: share}``: the columns that share what the window has beyond 80 columns
  (default: none; the columns keep their widths);
* ``FILTERS``: the values the filter key (``action_filter``) cycles through, the first the
  default; ``self.filter`` holds the current one;
* ``SEARCH``: the catalog key of the search box's hint, or None for a list without one;
* ``SHOWN``: how many rows the table holds at a time (the status line says when more match;
  searching and filtering narrow them);
* ``BINDINGS``: its own, each with an id ``<area>.<action>``, on the actions below.

Hooks (only ``load`` and ``cells`` are required):

* ``load()``: the rows from the store, in the order shown;
* ``cells(row)``: the row's cells in ``COLUMNS`` order (``str`` or rich ``Text``);
* ``text(row)``: what a search matches (default: the cells); read once per load;
* ``keep(row)``: whether the current filters (``self.filter``, ``self.area``, the subclass's
  own) show the row (default: every row);
* ``key(row)``: the row's identity, which the cursor follows (default: ``str(row.id)``);
* ``subject(row)``: the ``(kind, id)`` that Enter opens (default: ``(KIND, row.id)``);
* ``area_of(row)``: the row's area for the area key (default ``""``: the list has no areas);
* ``filter_label()``: the current filter in words (default: ``<AREA>.filter.<filter>``);
* ``empty_note()``: what an empty table says (default: ``<AREA>.empty``);
* ``detail(row)``: the highlighted row's whole text, shown under the table (default ``""``:
  no such line), for a cell that its column cuts;
* ``heading(shown)`` and ``status(shown)``: the title bar and the status line under it (an
  empty status hides the line), worded from the rows that match (no store read here).

A list with more than its rows (the start screen's counts) extends ``refresh_data``: it reads
its other parts, then calls ``super().refresh_data()``. It never chains ``on_mount``.

Actions for the bindings: ``search``, ``leave_search``, ``filter``, ``area``, ``open``. While the
search box has the focus the list's verbs are dimmed (the letters are typed; digits and ``/``
are not: they stay the console's keys, see ``SearchBox``); Escape clears the search, a second
Escape (or Enter, keeping the search) goes back to the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, Protocol, TypeVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.widgets.footer import Footer
from tui.widgets.search_box import SearchBox


class HasId(Protocol):
    """A row the default ``key`` and ``subject`` understand (a list of others gives both)."""

    @property
    def id(self) -> int: ...


RowT = TypeVar("RowT")
Cell = str | Text


class RecordList(TukiScreen, Generic[RowT]):
    AREA: ClassVar[str] = ""
    KIND: ClassVar[str] = ""
    COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = ()
    GROW: ClassVar[dict[str, int]] = {}
    FILTERS: ClassVar[tuple[str, ...]] = ("all",)
    SEARCH: ClassVar[str | None] = None
    SHOWN: ClassVar[int] = 500

    DEFAULT_CSS = """
    RecordList #search { margin: 0 1; background: $boost; }
    RecordList #status { padding: 0 1; color: $text-muted; }
    RecordList.-no-status #status { display: none; }
    RecordList #list { height: 1fr; }
    RecordList #empty { padding: 1 2; display: none; }
    RecordList.-empty #empty { display: block; }
    RecordList #detail { height: auto; max-height: 3; padding: 0 1; border-top: solid $primary; }
    RecordList.-no-detail #detail { display: none; }
    """

    class Opened(Message):
        """A row was opened (Enter or a click): the subject's kind and id."""

        def __init__(self, kind: str, record_id: int) -> None:
            super().__init__()
            self.kind = kind
            self.record_id = record_id

    def __init__(self) -> None:
        super().__init__()
        self.filter = self.FILTERS[0]
        self.area: str | None = None
        self.areas: list[str] = []  # the areas of the loaded rows, for the area key
        self.loaded: list[RowT] = []  # what load() gave, in its order
        self.haystacks: list[str] = []  # text(row) of each loaded row, case-folded
        self.rows: list[RowT] = []  # what the table shows, in its order
        self.keys: list[str] = []  # the table's row keys, one per shown row
        self.widths: tuple[int, ...] = ()  # the columns' widths as they are now

    # ----- what a subclass gives -------------------------------------------------------------

    def load(self) -> Sequence[RowT]:
        raise NotImplementedError

    def cells(self, row: RowT) -> tuple[Cell, ...]:
        raise NotImplementedError

    def text(self, row: RowT) -> str:
        return " ".join(str(cell) for cell in self.cells(row))

    def keep(self, row: RowT) -> bool:
        return True

    def key(self, row: RowT) -> str:
        return str(cast(HasId, row).id)

    def subject(self, row: RowT) -> tuple[str, int]:
        return self.KIND, cast(HasId, row).id

    def area_of(self, row: RowT) -> str:
        return ""

    def filter_label(self) -> str:
        return t(f"{self.AREA}.filter.{self.filter}")

    def heading(self, shown: Sequence[RowT]) -> str:
        return t(f"{self.AREA}.title")

    def status(self, shown: Sequence[RowT]) -> str:
        return ""

    def detail(self, row: RowT) -> str:
        return ""

    def empty_note(self) -> str:
        return t(f"{self.AREA}.empty")

    # ----- the shape -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(t(f"{self.AREA}.title"), id="heading", classes="title-bar")
        if self.SEARCH is not None:
            yield SearchBox(placeholder=t(self.SEARCH), id="search", compact=True)
        yield Static("", id="status")
        table: DataTable[Cell] = DataTable(id="list", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="detail")
        yield Static(t(f"{self.AREA}.empty"), id="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.set_columns()
        self.table.focus()

    def on_resize(self) -> None:
        if self.set_columns():
            self.show()

    def column_widths(self) -> tuple[int, ...]:
        """``COLUMNS``' widths, with what is beyond 80 columns shared by the ``GROW`` ones."""
        spare = max(0, self.size.width - 80) if self.GROW else 0
        total = sum(self.GROW.values()) or 1
        extra = {key: spare * share // total for key, share in self.GROW.items()}
        if extra:  # what the rounding left goes to the last growing column
            extra[next(reversed(extra))] += spare - sum(extra.values())
        return tuple(width + extra.get(key, 0) for key, width in self.COLUMNS)

    def set_columns(self) -> bool:
        """The columns at the window's width; True when they changed (the rows need filling)."""
        widths = self.column_widths()
        if widths == self.widths:
            return False
        self.widths = widths
        self.table.clear(columns=True)
        for (key, _), width in zip(self.COLUMNS, widths, strict=True):
            self.table.add_column(t(f"{self.AREA}.col.{key}"), key=key, width=width)
        return True

    @property
    def table(self) -> DataTable[Cell]:
        return self.query_one("#list", DataTable)

    @property
    def searching(self) -> bool:
        return self.SEARCH is not None and self.focused is self.query_one("#search", Input)

    def refresh_data(self) -> None:
        """Read the rows from the store (the one place that does), then show them."""
        self.loaded = list(self.load())
        self.haystacks = [self.text(row).casefold() for row in self.loaded]
        self.read_areas()
        if self.area not in self.areas:
            self.area = None
        self.show()

    def read_areas(self) -> None:
        """The areas of the loaded rows, for the area filter."""
        areas = {self.area_of(row) for row in self.loaded} - {""}
        self.areas = sorted(areas, key=lambda a: (a.casefold(), a))

    def show(self) -> None:
        """Fill the table from the loaded rows, the search and the filters (no store read),
        the cursor on the record it was on if that is still shown, else on the first row."""
        words = self.query_one("#search", Input).value.casefold().split() if self.SEARCH else []
        shown = [
            row
            for row, haystack in zip(self.loaded, self.haystacks, strict=True)
            if self.keep(row) and all(word in haystack for word in words)
        ]
        table = self.table
        current = self.current_key()
        table.clear()
        self.rows = shown[: self.SHOWN]
        self.keys = self._unique_keys(self.rows)
        for row, key in zip(self.rows, self.keys, strict=True):
            table.add_row(*self.cells(row), key=key)
        if self.rows:
            table.move_cursor(row=self.keys.index(current) if current in self.keys else 0)
        self.set_class(not self.rows, "-empty")
        if not self.rows:
            self.query_one("#empty", Static).update(self.empty_note())
        self.show_detail(table.cursor_row)
        self.query_one("#heading", Static).update(self.heading(shown))
        status = self.status(shown)
        if len(shown) > self.SHOWN:  # say so: a row not drawn is not a row that is missing
            capped = t("lists.capped", shown=self.SHOWN, total=len(shown))
            status = f"{status}\n{capped}" if status else capped
        self.query_one("#status", Static).update(status)
        self.set_class(not status, "-no-status")
        self.refresh_bindings()

    def _unique_keys(self, rows: Sequence[RowT]) -> list[str]:
        """The rows' keys; a key met again gets ``#2``, ``#3``, … (a table needs them unique)."""
        seen: dict[str, int] = {}
        keys = []
        for row in rows:
            key = self.key(row)
            seen[key] = seen.get(key, 0) + 1
            keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
        return keys

    def current_key(self) -> str | None:
        """The key of the row under the cursor (None when the table is empty)."""
        row = self.table.cursor_row
        return self.keys[row] if 0 <= row < len(self.keys) else None

    def current(self) -> RowT | None:
        row = self.table.cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    # ----- keys and events ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "leave_search":
            return self.searching
        if self.searching:
            return None  # typing: the letters go to the search box
        if action == "area":
            return bool(self.areas)
        if action == "open":
            return bool(self.rows)
        return True

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.show()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "search":
            self.table.focus()

    def action_search(self) -> None:
        if self.SEARCH is not None:
            self.query_one("#search", Input).focus()

    def action_leave_search(self) -> None:
        """Escape in the search box: the first clears the search (all rows again), the next
        goes back to the table. Enter goes back keeping the search."""
        search = self.query_one("#search", Input)
        if search.value:
            search.clear()  # Input.Changed shows every row again
        else:
            self.table.focus()

    def action_filter(self) -> None:
        self.filter = self.FILTERS[(self.FILTERS.index(self.filter) + 1) % len(self.FILTERS)]
        self.show()

    def action_area(self) -> None:
        choices: list[str | None] = [None, *self.areas]
        self.area = choices[(choices.index(self.area) + 1) % len(choices)]
        self.show()

    def show_detail(self, row: int) -> None:
        text = self.detail(self.rows[row]) if 0 <= row < len(self.rows) else ""
        self.query_one("#detail", Static).update(text)
        self.set_class(not text, "-no-detail")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail(event.cursor_row)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.open_row(event.cursor_row)

    def action_open(self) -> None:
        self.open_row(self.table.cursor_row)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.post_message(self.Opened(*self.subject(self.rows[row])))

    def on_record_list_opened(self, event: RecordList.Opened) -> None:
        event.stop()
        self.tuki.open_subject(event.kind, event.record_id)


__all__ = ["RecordList"]
