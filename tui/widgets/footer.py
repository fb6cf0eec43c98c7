"""Textual's Footer without its leak: every screen uses this one.

``Footer`` rebuilds its keys whenever the screen's bindings change (every time a screen is shown
again), and each new ``FooterKey`` binds itself to the footer's ``compact`` with ``data_bind``.
The binding is a watcher kept on the footer, and Textual drops the watchers of removed keys only
when ``compact`` changes, which it never does: a screen that stays open all day (the dashboard
under every relationship opened and closed) kept every key it ever had, a few hundred kB per
visit (Textualize/textual#6666). Here the footer forgets the watchers of keys no longer in it
before it builds new ones. Each key starts as compact as the footer (Textual's start compact
and are restyled twice once mounted). The keys of Textual's widgets ("Dismiss menu") are
worded in the user's language (tui/textual_words.py).
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from tui.textual_words import word


class Footer(TextualFooter):
    #: what the keys built last showed (None: none built yet)
    _composed: tuple[Any, ...] | None = None
    _building_now = False  # show_keys_now is building them

    def shown_keys(self) -> tuple[Any, ...]:
        """Everything the keys are built from: the bindings shown, enabled or not, their
        words and key names."""
        return tuple(
            (b.key, b.key_display, b.description, b.action, b.group, enabled, tooltip)
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
            if b.show
        )

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild the keys only when what they show changed. Textual rebuilds them whenever
        the screen's bindings are recomputed: on every focus change (each Tab in a form) and
        every time a screen is shown, mounting and styling ten widgets for the same keys."""
        if self._building_now:  # show_keys_now builds them, from the bindings as they are then
            self._bindings_ready = True
            return
        same_screen = self._composed is not None and self.is_attached and screen is self.screen
        if same_screen and self.shown_keys() == self._composed:
            return
        # Textual's, but looked at again when it is done: a screen that built its keys in its
        # on_mount (show_keys_now) after giving the focus had them built a second time, the
        # screen laid out again after its first frame
        self._bindings_ready = True
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._keys_changed)

    async def _keys_changed(self) -> None:
        if not self.is_attached:  # its screen closed before this ran (a dialog answered)
            return
        if self._composed is None or self.shown_keys() != self._composed:
            await self.recompose()

    async def show_keys_now(self) -> None:
        """Build the keys now, for the screen's bindings as they are: a screen that gives the
        focus in its ``on_mount`` shows them in its first frame, instead of drawing a frame
        without them and laying itself out again when Textual builds them after it."""
        if not self.is_attached:
            return
        self._bindings_ready = True
        self._building_now = True
        built = asyncio.Event()

        async def build() -> None:  # in the footer's own queue: its keys bind to it there
            try:
                await self.recompose()
            finally:
                self._building_now = False
                built.set()

        if self.call_later(build):  # False: the footer is closing, nothing to wait for
            await built.wait()
        else:
            self._building_now = False

    def compose(self) -> ComposeResult:
        self._composed = self.shown_keys() if self._bindings_ready else None
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, callback) for node, callback in entries if node.is_attached]
        for widget in super().compose():
            if isinstance(widget, FooterKey):  # Textual's own English in the user's language
                widget.description = word(widget.description)
                widget.tooltip = word(str(widget.tooltip)) if widget.tooltip else None
                start_as_bound(widget, self.compact)
            yield widget


def start_as_bound(key: FooterKey, compact: bool) -> None:
    """A key is compact by default and, when bound to the footer's ``compact``
    (``data_bind``: every key but the command palette's), takes the footer's once mounted: each
    was styled as mounted, then again as its "-compact" class came and went (a fifth of opening
    a screen). Such a key starts as the footer is; one not bound keeps its own, its class set
    before it is styled."""
    bound = key._reactive_connect or {}  # (Textual's: what data_bind bound, by name)
    value = compact if "compact" in bound else key.compact
    key.set_reactive(FooterKey.compact, value)
    key.set_class(value, "-compact", update=False)
