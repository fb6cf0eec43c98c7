"""Textual's own English in the user's language, where the console shows it.

Textual's widgets describe their keys in English ("Cursor up", "Focus Next", "Dismiss menu"),
and its command palette and system commands are English too. Tuki words them where they are
shown (the footer, the help screen, the command palette) from the catalogs (``tuki.po``),
keyed by ``textual.`` and Textual's English; a text Tuki does not know stays as it is, and a
test lists every key description of the widgets the console uses, so a new one is noticed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from tui import i18n
from tui.i18n import t

PREFIX = "textual."

#: Textual's system commands Tuki leaves out of the palette: "Keys" opens Textual's own
#: panel of English widget help (Tuki's ? lists the keys in the user's language)
LEFT_OUT = frozenset({"Keys"})


def word(text: str) -> str:
    """``text`` (Textual's English) in the current language, or as it is if unknown."""
    key = PREFIX + text
    return t(key) if i18n.has(key) else text


def system_commands(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's system commands (Theme, Quit, Maximize, Screenshot) worded for the user."""
    for command in commands:
        if command.title not in LEFT_OUT:
            yield SystemCommand(
                word(command.title), word(command.help), command.callback, command.discover
            )


class WordedPalette(CommandPalette):
    """Textual's command palette saying "No matches found" in the user's language.

    Textual writes the words into the list inside ``_start_no_matches_countdown``; this is
    that method with the words worded (private parts of textual 8.2, tested in
    tests/console/test_textual_private.py: the countdown, ``_NO_MATCHES``, ``_list_visible``)."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:  # an empty search is the list of every command: nothing to say
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(word("No matches found"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)


def command_palette(**options: Any) -> CommandPalette:
    """The command palette with its prompt and its "no matches" in the user's language."""
    return WordedPalette(placeholder=word("Search for commands…"), **options)


__all__ = ["PREFIX", "WordedPalette", "command_palette", "system_commands", "word"]
