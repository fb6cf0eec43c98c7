"""Textual's Footer without its leak: every screen uses this one.

``Footer`` rebuilds its keys whenever the screen's bindings change (every time a screen is shown
again), and each new ``FooterKey`` binds itself to the footer's ``compact`` with ``data_bind``.
The binding is a watcher kept on the footer, and Textual drops the watchers of removed keys only
when ``compact`` changes, which it never does: a screen that stays open all day (the dashboard
under every relationship opened and closed) kept every key it ever had, a few hundred kB per
visit (Textualize/textual#6666). Here the footer forgets the watchers of keys no longer in it
before it builds new ones. The keys of Textual's widgets ("Dismiss menu") are worded in the
user's language (tui/textual_words.py).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from tui.textual_words import word


class Footer(TextualFooter):
    def compose(self) -> ComposeResult:
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries if node.is_attached]
        for widget in super().compose():
            if isinstance(widget, FooterKey):  # Textual's own English in the user's language
                widget.description = word(widget.description)
                widget.tooltip = word(str(widget.tooltip)) if widget.tooltip else None
            yield widget
