"""Esc and the next key arriving in one read (a slow SSH link, a fast hand) are two keys."""

from __future__ import annotations

import inspect

import pytest
from textual._xterm_parser import XTermParser
from textual.drivers import linux_driver

from tui import escape_burst
from tui.escape_burst import BurstParser


def keys(data: str, parser: type[XTermParser] = BurstParser) -> list[str]:
    """The keys (or other events' names) a terminal's bytes give, as the driver reads them."""
    reader = parser(debug=False)
    events = [*reader.feed(data), *reader.feed("")]
    return [getattr(e, "key", type(e).__name__) for e in events]


@pytest.mark.parametrize(
    ("data", "before", "now"),
    [
        ("\x1b3", ["pound_sign"], ["escape", "3"]),  # close the form, go to section 3
        ("\x1b\t", ["shift+tab"], ["escape", "tab"]),
        ("\x1b\r", ["enter"], ["escape", "enter"]),
        ("\x1bn", ["alt+n"], ["escape", "n"]),
        ("ab\x1b2c", ["a", "b", "trade_mark_sign", "c"], ["a", "b", "escape", "2", "c"]),
    ],
)
def test_esc_and_the_next_key_in_one_read_are_both_kept(
    data: str, before: list[str], now: list[str]
) -> None:
    assert keys(data, XTermParser) == before  # what Textual alone makes of it
    assert keys(data) == now


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("\x1b", ["escape"]),
        ("\x1b\x1b", ["escape", "escape"]),
        ("\x1b[A", ["up"]),
        ("\x1bOA", ["up"]),  # arrows in the application cursor mode
        ("\x1b[1;5C", ["ctrl+right"]),
        ("\x1b[Z", ["shift+tab"]),
        ("\x1b[200~ab\x1b[201~", ["Paste"]),
        ("\x1b[<0;10;5M", ["MouseDown"]),
    ],
)
def test_the_terminal_s_own_sequences_are_read_as_before(data: str, expected: list[str]) -> None:
    assert keys(data) == keys(data, XTermParser) == expected


def test_the_console_s_driver_reads_with_it() -> None:
    """``linux_driver`` names ``XTermParser`` when its input thread starts (Textual's private
    parts: the hook Tuki replaces, and the method it overrides)."""
    assert "XTermParser(" in inspect.getsource(linux_driver.LinuxDriver)
    assert list(inspect.signature(XTermParser._sequence_to_key_events).parameters) == [
        "self",
        "sequence",
        "alt",
    ]
    saved = linux_driver.XTermParser
    try:
        escape_burst.install()
        assert linux_driver.XTermParser is BurstParser
    finally:
        linux_driver.XTermParser = saved  # type: ignore[misc]
