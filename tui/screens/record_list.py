"""One shape for every list of records: a title bar, a search box, a status line, a table, an
empty note. The start screen's alerts, clients, volunteers, relationships and concerns use it.

The store is read in one place, ``refresh_data`` (once when a stale list is shown, once per real
change: see ``TukiScreen``), into ``loaded``. Everything else, a keystroke in the search box, a
filter key, works on those rows: ``show`` narrows them into ``matched`` and fills the table with
the first of them, keeping the cursor on the same record (by its key) whatever moved around it.
After a refresh the table keeps as many rows as it held, and it is left as it is when the rows
it holds read the same (another coordinator's change elsewhere in the list); only the heading
and the counts are worded again. The table is a ``ListTable``: it never measures a cell. Enter
(or a click) posts one ``RecordList.Opened(kind, id)``, which the list turns into the subject's
screen.

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
* ``SHOWN``: how many rows the table holds at first, and how many more it takes each time the
  cursor (or the scroll) comes within a screen of its last row: at national scale a list of
  10,000 builds 100 rows, not 10,000, on a visit, a keystroke or a refresh (the status line says
  how many more match; searching and filtering narrow them);
* ``BINDINGS``: its own, each with an id ``<area>.<action>``, on the actions below.

Hooks (only ``load`` and ``cells`` are required):

* ``load()``: the rows from the store, in the order shown;
* ``cells(row)``: the row's cells in ``COLUMNS`` order (``str`` or rich ``Text``);
* ``text(row)``: what a search matches (default: the cells); read once per load;
* ``keep(row)``: whether the current filters (``self.filter``, ``self.area``, the subclass's
  own) show the row (default: every row);
* ``narrowing()``: what ``keep`` reads besides the row (default ``(filter, area)``; a list with
  a filter of its own adds it);
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
from textual.widgets.data_table import ColumnKey

from tui.i18n import t
from tui.screens.base import TukiScreen
from tui.widgets.footer import Footer
from tui.widgets.list_table import ListTable
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
    SHOWN: ClassVar[int] = 100

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
        # the usual first look, set before the widgets are styled: setting a class on the
        # screen once it is shown styles all its widgets again
        self.add_class("-no-status", "-no-detail", update=False)
        self.filter = self.FILTERS[0]
        self.area: str | None = None
        self.areas: list[str] = []  # the areas of the loaded rows, for the area key
        self.source: Sequence[RowT] | None = None  # what load() gave last
        self.loaded: list[RowT] = []  # what load() gave, in its order
        self.haystacks: list[str] = []  # text(row) of each loaded row, case-folded
        #: the loaded rows that keep() keeps, with their search texts, for narrowing() as it was
        self.kept: list[tuple[RowT, str]] | None = None
        self.kept_for: tuple[object, ...] = ()
        self.matched: list[RowT] = []  # the loaded rows the search and filters keep
        self.rows: list[RowT] = []  # what the table holds: the first of matched, in its order
        self.keys: list[str] = []  # the table's row keys, one per held row
        self.drawn: list[tuple[Cell, ...]] = []  # cells(row) of each held row, as drawn
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

    def narrowing(self) -> tuple[object, ...]:
        """What ``keep`` reads besides the row: the rows it keeps are worked out again when this
        changes, or the rows were read again (a keystroke in the search box only searches)."""
        return (self.filter, self.area)

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
        table: ListTable[Cell] = ListTable(id="list", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static("", id="detail")
        yield Static(t(f"{self.AREA}.empty"), id="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.set_columns()
        self.table.focus()
        self.watch(self.table, "scroll_y", self.more_if_near_end, init=False)

    def on_resize(self) -> None:
        if self.set_columns():
            self.show(keep=True)

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
        self.drawn = []  # the table is emptied: the next show fills it again
        self.table.clear(columns=True)
        for (key, _), width in zip(self.COLUMNS, widths, strict=True):
            self.table.add_column(t(f"{self.AREA}.col.{key}"), key=key, width=width)
        return True

    @property
    def table(self) -> DataTable[Cell]:
        return self.query_one("#list", DataTable)

    @property
    def searching(self) -> bool:
        # (asked for the footer's keys even while the screen is being composed or taken down,
        # when there is no search box to query: the focus's own id tells it)
        focused = self.focused
        return self.SEARCH is not None and isinstance(focused, Input) and focused.id == "search"

    def refresh_data(self) -> None:
        """Read the rows from the store (the one place that does), then show them.

        A row that ``load`` gives again (the same object: a list may keep the rows whose data
        did not change) keeps its search text; the same sequence as last time keeps it all."""
        loaded = self.load()
        if loaded is not self.source:
            known = {id(row): hay for row, hay in zip(self.loaded, self.haystacks, strict=True)}
            self.source = loaded
            self.loaded = list(loaded)
            if self.SEARCH is None:  # nothing searches them
                self.haystacks = [""] * len(self.loaded)
            else:
                self.haystacks = [known.get(id(r)) or self.text(r).casefold() for r in self.loaded]
            self.read_areas()
        if self.area not in self.areas:
            self.area = None
        self.kept = None  # keep() may read what was read with the rows
        self.show(keep=True)

    def read_areas(self) -> None:
        """The areas of the loaded rows, for the area filter."""
        areas = {self.area_of(row) for row in self.loaded} - {""}
        self.areas = sorted(areas, key=lambda a: (a.casefold(), a))

    def show(self, *, keep: bool = False) -> None:
        """Fill the table from the loaded rows, the search and the filters (no store read),
        the cursor on the record it was on if that is still held, else on the first row.

        The table holds the first ``SHOWN`` rows that match (``more`` adds the next ones); with
        ``keep`` (a refresh, a resize) as many as it held, and it is not touched when those rows
        are drawn the same as before."""
        words = self.query_one("#search", Input).value.casefold().split() if self.SEARCH else []
        narrowing = self.narrowing()
        if self.kept is None or narrowing != self.kept_for:  # the filters changed: keep() again
            keep_row = self.keep
            pairs = zip(self.loaded, self.haystacks, strict=True)
            self.kept = [(row, haystack) for row, haystack in pairs if keep_row(row)]
            self.kept_for = narrowing
        if not words:
            shown = [row for row, _ in self.kept]
        elif len(words) == 1:  # a first letter, a surname: one test a row
            word = words[0]
            shown = [row for row, haystack in self.kept if word in haystack]
        else:
            shown = [row for row, hay in self.kept if all(word in hay for word in words)]
        self.matched = shown
        table = self.table
        current = self.current_key()
        rows = shown[: max(self.SHOWN, len(self.rows)) if keep else self.SHOWN]
        keys = self._unique_keys(rows)
        drawn = [self.cells(row) for row in rows]
        self.rows = rows
        if keys != self.keys or drawn != self.drawn:
            self.fill(keys, drawn)
        if rows:
            row = keys.index(current) if current in keys else 0
            if row != table.cursor_row:
                table.move_cursor(row=row)
        self.set_class(not rows, "-empty")
        if not rows:
            self.query_one("#empty", Static).update(self.empty_note())
        self.show_detail(table.cursor_row)
        self.query_one("#heading", Static).update(self.heading(shown))
        self.show_status()
        self.refresh_bindings()

    def fill(self, keys: list[str], drawn: list[tuple[Cell, ...]]) -> None:
        """Put the rows in the table: the changed cells only when the same records are held in
        the same order, else the rows again."""
        table = self.table
        if keys == self.keys and len(drawn) == len(self.drawn):
            columns = [ColumnKey(key) for key, _ in self.COLUMNS]
            for key, new, old in zip(keys, drawn, self.drawn, strict=True):
                if new != old:
                    for column, cell, was in zip(columns, new, old, strict=True):
                        if cell != was:
                            table.update_cell(key, column, cell)
        else:
            table.clear()  # the cursor on the first row: show() puts it back on its record
            for key, cells in zip(keys, drawn, strict=True):
                table.add_row(*cells, key=key)
        self.keys, self.drawn = keys, drawn

    def show_status(self) -> None:
        status = self.status(self.matched)
        more = len(self.matched) - len(self.rows)
        if more > 0:  # say so: a row not drawn is not a row that is missing
            capped = t("lists.capped", shown=len(self.rows), total=len(self.matched), more=more)
            status = f"{status}\n{capped}" if status else capped
        self.query_one("#status", Static).update(status)
        self.set_class(not status, "-no-status")

    def more(self) -> None:
        """The next ``SHOWN`` rows that match, added after the last one the table holds."""
        start = len(self.rows)
        added = self.matched[start : start + self.SHOWN]
        if not added:
            return
        table = self.table
        keys = self._unique_keys([*self.rows, *added])[start:]
        drawn = [self.cells(row) for row in added]
        for key, cells in zip(keys, drawn, strict=True):
            table.add_row(*cells, key=key)
        self.rows = [*self.rows, *added]
        self.keys = [*self.keys, *keys]
        self.drawn = [*self.drawn, *drawn]
        self.show_status()

    def near_end(self) -> bool:
        """The cursor, or the bottom of the view, is within a screen of the last row held."""
        table = self.table
        screen = max(table.size.height, 1)
        if table.cursor_row >= len(self.rows) - screen:
            return True
        return table.scroll_y + 2 * screen >= table.virtual_size.height

    def more_if_near_end(self) -> None:
        if len(self.rows) < len(self.matched) and self.near_end():
            self.more()

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
        self.more_if_near_end()

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
