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

from textual.app import SystemCommand
from textual.command import CommandPalette

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


def command_palette(**options: Any) -> CommandPalette:
    """The command palette with its prompt in the user's language."""
    return CommandPalette(placeholder=word("Search for commands…"), **options)


__all__ = ["PREFIX", "command_palette", "system_commands", "word"]
