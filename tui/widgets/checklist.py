"""A selection list whose boxes say ticked or not in the text: ``[x]`` and ``[ ]``.

Textual's ``SelectionList`` draws the same ``▐X▌`` for every option and tells a ticked one
only by colour, which is lost in 16 colours, under ``NO_COLOR`` and to a colour-blind eye.
``CheckList`` draws ``[x]`` or ``[ ]`` in the same three cells (so clicks and widths are
unchanged) and keeps the colours on top.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

T = TypeVar("T")

TICKED, UNTICKED = "[x]", "[ ]"


class CheckList(SelectionList[T]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 3:
            return strip
        box = TICKED if selection.value in self.selected else UNTICKED
        style = segments[1].style  # the button's own style (the sides are half blocks)
        return Strip([Segment(box, style), *segments[3:]], strip.cell_length)


__all__ = ["TICKED", "UNTICKED", "CheckList"]
