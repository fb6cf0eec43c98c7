"""An Esc typed just before another key reaches Tuki as Esc and then that key.

A terminal sends Esc as the byte ESC, and Alt+key as ESC followed by the key. Textual tells
them apart by time: the bytes of one read are one key. Over a slow SSH link, or from a fast
hand, Esc and the next key arrive in one packet, so "Esc, 3" (close the form, go to section 3)
became the key ``£`` typed into the form, "Esc, Tab" became Shift+Tab and "Esc, Enter" Enter:
the Esc was lost and the form stayed open with a stray character in a field. Tuki binds no Alt
key, so ESC followed by an ordinary character is always the two keys. The bytes that start a
terminal's own sequences (``[`` and ``O`` for keys and mouse, ``]``, ``P``, ``_``, ``^`` and
``\\`` for its replies) are left to Textual.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser

ESC = "\x1b"
INTRODUCERS = frozenset("[O]P_^\\" + ESC)


class BurstParser(XTermParser):
    """Textual's parser, with ESC + an ordinary character read as Esc and that key."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        if len(sequence) == 2 and sequence[0] == ESC and sequence[1] not in INTRODUCERS:
            yield events.Key("escape", ESC)
            yield from super()._sequence_to_key_events(sequence[1])
        else:
            yield from super()._sequence_to_key_events(sequence, alt)


def install() -> None:
    """Make the terminal driver read keys with ``BurstParser`` (it names the parser class
    when its input thread starts)."""
    from textual.drivers import linux_driver

    linux_driver.XTermParser = BurstParser  # type: ignore[misc]


__all__ = ["BurstParser", "install"]
