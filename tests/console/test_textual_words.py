"""Textual's own English does not show in the Finnish console (footer, help screen, palette)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.containers import ScrollableContainer, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    DataTable,
    Input,
    OptionList,
    Select,
    SelectionList,
    Static,
    Switch,
    TextArea,
)
from textual.widgets._footer import FooterKey
from textual.widgets._select import SelectOverlay

from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui import i18n
from tui.i18n import CATALOGS
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import HelpScreen
from tui.screens.meeting_log import MeetingLogScreen
from tui.textual_words import PREFIX

#: the Textual classes whose keys the console shows
USED = (App, Screen, ModalScreen, VerticalScroll, ScrollableContainer, DataTable, Input)
USED += (Select, SelectOverlay, OptionList, SelectionList, TextArea, Switch, Button)
USED += (CommandPalette, CommandInput, CommandList)


def textual_descriptions() -> set[str]:
    return {
        b.description
        for cls in USED
        for bindings in cls._merged_bindings.key_to_bindings.values()  # type: ignore[union-attr]
        for b in bindings
        if b.description
    }


#: Textual's English as it would show, and the system commands' titles
ENGLISH = textual_descriptions() | {"palette", "Theme", "Keys", "Maximize", "Screenshot"}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_key_of_textuals_widgets_has_a_text(lang: str) -> None:
    missing = sorted(d for d in textual_descriptions() if PREFIX + d not in CATALOGS[lang])
    assert missing == []


async def test_footer_help_and_palette_speak_finnish(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"), language="fi")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)

        def footer_words() -> set[str]:
            return {key.description for key in app.screen.query(FooterKey)}

        assert "Komennot" in footer_words()
        assert footer_words() & ENGLISH == set()

        # the help screen: the table's cursor keys, tab, copy
        await pilot.press("question_mark")
        await arrive(pilot, app, HelpScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Kohdistin ylös" in shown and "Seuraava kenttä" in shown
        for english in ("Cursor up", "Focus Next", "Copy selected text"):
            assert english not in shown
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)

        # the palette: its prompt, its commands once each, none in Textual's English
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        palette = app.screen
        commands = palette.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 10)
        assert palette.query_one(CommandInput).placeholder == "Hae komentoa tai nimeä…"
        hits = [commands.get_option_at_index(i).hit for i in range(commands.option_count)]  # type: ignore[attr-defined]
        titles = [hit.text for hit in hits]
        assert len(titles) == len(set(titles)), titles
        assert {str(title) for title in titles} & ENGLISH == set()
        assert {str(hit.help) for hit in hits} & ENGLISH == set()
        assert "Väriteema" in titles and "Copy selected text" not in titles
        await pilot.press("escape")
        await arrive(pilot, app, DashboardScreen)

        # a dropdown's own key in the footer while its list is open
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)
        select = app.screen.query_one("#in-status", Select)
        select.focus()
        await pilot.press("space")  # (Enter moves on in a form, as in every field)
        await until(pilot, lambda: select.expanded)
        await pilot.pause()
        assert "Sulje valikko" in footer_words()
        assert footer_words() & ENGLISH == set()
    assert i18n.language() == "fi"


@pytest.mark.parametrize(("lang", "words"), [("fi", "Ei osumia"), ("sv", "Inga träffar")])
async def test_the_palette_says_no_matches_in_the_users_language(
    tmp_path: Path, lang: str, words: str
) -> None:
    app = make_app(demo_store(tmp_path / "d"), language=lang)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        commands = app.screen.query_one(CommandList)
        await pilot.press(*"qqxzqq")

        def said() -> list[str]:
            return [
                str(option.prompt.renderable)  # type: ignore[union-attr]
                for option in commands.options
                if option.id == "--no-matches"
            ]

        await until(pilot, lambda: bool(said()))
        assert said() == [words]
