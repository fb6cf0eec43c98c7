"""The lists' table: a ``DataTable`` whose columns all have a set width, so it never measures a
cell.

``DataTable`` measures every cell of every row added (``_update_dimensions``), to widen the
columns that size to their content. The lists give every column its width (``add_column(width=
…)``) and every row one line, so the measuring only costs: at 500 rows of 5 columns it was 72 %
of filling a list. Here a table whose columns are all of a set width, and whose new rows are all
one line high without a label, skips it and only works out its scrollable size.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.widgets import DataTable
from textual.widgets.data_table import CellType, RowKey


class ListTable(DataTable[CellType]):
    """A ``DataTable`` that skips measuring cells when nothing sizes to its content."""

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows, rows = list(new_rows), self.rows
        fixed = not any(column.auto_width for column in self.columns.values()) and all(
            (row := rows.get(key)) is None or (row.height == 1 and row.label is None)
            for key in new_rows
        )
        # with no rows to measure, Textual only sets the scrollable size
        super()._update_dimensions(() if fixed else new_rows)

    def settle_rows(self) -> None:
        """Work out the size of the rows added now: Textual does it at the table's next idle,
        after the screen was laid out and drawn with the table as it was before them (a table
        of height ``auto`` drawn empty first, then laid out again)."""
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            new_rows = self._new_rows.copy()
            self._new_rows.clear()
            self._update_dimensions(new_rows)


__all__ = ["ListTable"]
