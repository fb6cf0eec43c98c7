"""Keys in the order they were typed: each key goes where the keys before it left the focus.

Why: Textual's App hands every key, as it takes it from its queue, to the widget focused *at
that moment* (``App.on_event`` posts it to that widget's queue). A key that moves the focus
only does so later: Tab is a screen binding, run when the key has bubbled from the focused
widget through each parent's queue back to the App; ``Widget.focus()`` is itself deferred
(``call_later``); a form opened by ``n`` focuses its first field when it has mounted. Keys
that arrived in the same read from the terminal (SSH delivers bursts) were all handed to the
old widget before that: ``AAA`` Tab ``BBB`` Tab ``1.1.2015`` gave the first name
``AAABBB1.1.2015``.

How: the App hands a key on only when the one before it is done; keys that come meanwhile
wait in order. A marker message is posted behind each key to the same widget; it bubbles the
same way through the same queues, so it reaches the App after the key and after whatever the
key caused on its way. A key that comes back to the App to run a binding gets a new marker,
sent from there the way a key would go now: behind what the binding asked for (a focus
callback, a message like ``Input.Submitted``, a new screen's mount and resume, where the screen
gives the focus). A key whose marker is lost (its widget went away with a closed screen) holds
nothing up for much longer than ``OVERDUE`` seconds.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from textual import events
from textual.app import App
from textual.command import CommandPalette
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

#: seconds after which keys no longer wait for a marker that did not come back
OVERDUE = 1.5
#: after Enter in the command palette, keys wait for it to close and run its command: looked
#: at every PALETTE_PAUSE seconds, PALETTE_TRIES times at most (Enter on no match keeps it open)
PALETTE_PAUSE = 0.01
PALETTE_TRIES = 30


def _is_enter(key: events.Event | None) -> bool:
    return isinstance(key, events.Key) and key.key == "enter"


class KeyDone(Message):
    """Follows a key through the queues it bubbles through; back at the App, the key is done."""

    def __init__(self, target: Widget, key: events.Event | None) -> None:
        super().__init__()
        #: where the marker was posted, the screen it goes through, and the key it follows
        self.target = target
        self.screen = target.screen
        self.key = key


class KeysInOrder(App[int]):
    """An App that dispatches keys (and pastes) one at a time, in order."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._waiting: deque[events.Event] = deque()
        self._travelling: KeyDone | None = None
        self._overdue: Timer | None = None

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and not event.is_forwarded:
            self._waiting.append(event)
            if self._travelling is None:
                await self._hand_on()
            self._watch()
            return
        await super().on_event(event)
        marker = self._travelling
        if marker is not None and event is marker.key:
            # the key came back to run a binding. The marker may be right behind it in this
            # queue, ahead of what the binding asked for (a focus callback), or may go with a
            # screen the binding closed: send a new one the way the key would go now
            self._follow()

    def _watch(self) -> None:
        """Keys wait behind a travelling one: make sure they do not wait for ever."""
        if self._travelling is not None and self._waiting and self._overdue is None:
            self._overdue = self.set_timer(OVERDUE, self._give_up, name="keys overdue")

    async def _hand_on(self) -> None:
        """Dispatch waiting keys until one goes to a widget; its marker follows it."""
        while self._waiting and self._travelling is None:
            event = self._waiting.popleft()
            target = self.focused or self.screen
            await super().on_event(event)
            if event.is_forwarded:  # handed to a widget
                marker = KeyDone(target, event)
                if target.post_message(marker):
                    self._travelling = marker
            elif isinstance(event, events.Key):
                # a priority binding ran at once; what it asked for (a focus change: the
                # palaveri's ctrl+d moves to the next item) is queued: keys wait behind it
                self._travelling = KeyDone(target, event)
                if not self._follow():
                    self._travelling = None

    async def on_key_done(self, message: KeyDone) -> None:
        if message is not self._travelling:
            return  # overdue and given up on
        if isinstance(self.screen, CommandPalette) and _is_enter(message.key):
            # Enter chose a command: the palette closes and runs it later (``call_later``),
            # after its own messages; the next keys wait for the screen the command opens
            self.call_later(self._after_palette, message)
            return
        if message.screen is not self.screen and self._follow():
            return
        await self._done(message)

    async def _after_palette(self, marker: KeyDone, tries: int = 0) -> None:
        if marker is not self._travelling:
            return
        if isinstance(self.screen, CommandPalette):
            if tries >= PALETTE_TRIES:  # Enter chose nothing (no match): the palette stays
                await self._done(marker)
                return
            # still closing: look again shortly (the App's own queue must run to close it)
            self.set_timer(PALETTE_PAUSE, lambda: self._after_palette(marker, tries + 1))
            return
        # the command is queued before this: follow behind what it does (a screen's mount)
        self.call_later(self._behind_command, marker)

    async def _behind_command(self, marker: KeyDone) -> None:
        if marker is not self._travelling:
            return
        if not self._follow():
            await self._done(marker)

    def _follow(self) -> bool:
        """Send a new marker the way a key would go now (the focused widget, or the screen),
        behind what is queued there: the messages the last key caused on its way, or a new
        screen's mount and resume (where it gives the focus). A new one: bubbling marked the
        first as stopped."""
        key = self._travelling.key if self._travelling else None
        marker = KeyDone(self.focused or self.screen, key)
        if not marker.target.post_message(marker):
            return False
        self._travelling = marker
        return True

    async def _done(self, marker: KeyDone) -> None:
        if marker is not self._travelling:
            return
        self._travelling = None
        if self._overdue is not None:
            self._overdue.stop()
            self._overdue = None
        await self._hand_on()
        self._watch()

    async def _give_up(self) -> None:
        """Keys waited long: hand them on if their marker is lost (the widget it was posted to
        went away with its screen); a marker still on its way (a big form being built on a
        slow machine) is waited for."""
        self._overdue = None
        marker = self._travelling
        if marker is not None and marker.target.is_attached:
            self._watch()
        elif marker is not None:
            await self._done(marker)
