"""Under ``NO_COLOR``: the terminal's own foreground and background, emphasis by attributes.

Textual (8.2) reads ``NO_COLOR`` once, in ``App.__init__``, and then adds one filter to what it
draws: ``NoColor`` (every cell in the terminal's default colours) when the theme of that moment
uses ANSI colours, else ``Monochrome`` (every colour turned grey by its RGB luminance). The
default theme is not an ANSI one, so the console got ``Monochrome``; it then switched to an
ANSI theme, whose colours are never turned into RGB and carry the triplet (0, 0, 0) beside
their ANSI number, and ``Monochrome`` made every one of them black: black text on a black
background in every cell (mistralai/mistral-vibe#1030 analyses it against Textual 8.2.8).

``use_terminal_colours`` puts ``NoColor`` in place of ``Monochrome`` and chooses a theme built
on ``ansi-dark`` whose cursors, focused buttons and text cursor are shown by reverse, bold and
underline rather than by a background colour that the filter removes. ``no_color.tcss`` adds
what no theme variable reaches: the highlighted option of lists and dropdowns, and an underline
where a field without a border takes text.
``tests/console/test_no_color.py`` pins what this relies on: the private ``App._filters`` list
holds the NO_COLOR filter, and every cell Textual emits then has default colours.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from textual.app import App
from textual.filter import Monochrome, NoColor
from textual.theme import BUILTIN_THEMES

THEME = "tuki-no-color"


def _theme() -> Any:
    base = BUILTIN_THEMES["ansi-dark"]
    variables = {
        **base.variables,
        # the row or option under the cursor: reverse (bold when the list has the focus)
        "block-cursor-text-style": "bold reverse",
        "block-cursor-blurred-text-style": "reverse",
        # ansi-dark shows the text cursor by colour alone ("none")
        "input-cursor-text-style": "reverse",
        "button-focus-text-style": "bold reverse",
        "footer-key-foreground": "ansi_default",
    }
    return dataclasses.replace(base, name=THEME, variables=variables)


def use_terminal_colours(app: App[Any]) -> None:
    """When Textual saw ``NO_COLOR``: default colours in every cell, emphasis by attributes."""
    if not app.no_color:
        return
    app.register_theme(_theme())
    app.theme = THEME
    filters = app._filters  # private in Textual 8.2: the list get_line_filters() reads
    filters[:] = [NoColor() if isinstance(f, Monochrome) else f for f in filters]
    if not any(isinstance(f, NoColor) for f in filters):
        filters.append(NoColor())


__all__ = ["THEME", "use_terminal_colours"]
