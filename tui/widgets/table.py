"""A DataTable whose columns are all given their width: nothing to measure per cell.

Textual's ``DataTable`` measures every cell of every new row when it is idle, to widen the
columns that size to their content; with thousands of rows that is most of the time a list
takes to show (2,355 rows of the matching section: 8,511 measurements, about 1 s of a 2-core
machine). Every column of Tuki's lists has its width, so a measurement can change nothing: this
table skips them and sets the scrollable size from the widths alone. A column without a width,
a row label or a row of automatic height falls back to Textual's own measuring.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

CellType = TypeVar("CellType")


class FixedTable(DataTable[CellType]):
    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        rows = self.rows
        new = list(new_rows)
        measured = any(column.auto_width for column in self.columns.values()) or any(
            rows[key].label is not None or rows[key].auto_height for key in new if key in rows
        )
        if measured:
            super()._update_dimensions(new)
            return
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            width + self._row_label_column_width, self._total_row_height + header
        )
