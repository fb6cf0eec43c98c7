"""The lists' search box: it takes a name, not the console's keys, and Escape clears it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tests.console.test_console_lists import LISTS, open_list
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.screens.concerns import ConcernsScreen

SEARCHABLE = ["clients", "volunteers", "relationships"]


@pytest.mark.parametrize("mode", SEARCHABLE)
async def test_section_keys_and_slash_are_not_typed_into_the_search(
    tmp_path: Path, mode: str
) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, mode)
        search = screen.query_one("#search", Input)
        word = str(screen.cells(screen.rows[1])[0]).split()[-1]
        await pilot.press("slash", *word, "slash", "7")
        await until(pilot, lambda: search.value == word)
        assert search.value == word and search.has_focus  # "/" and "7" were not typed
        await pilot.press("5")  # the fifth section, from the search box
        await arrive(pilot, app, ConcernsScreen)
        assert search.value == word  # the list keeps its search for when it is shown again


@pytest.mark.parametrize("mode", SEARCHABLE)
async def test_escape_clears_the_search_then_leaves_the_box(tmp_path: Path, mode: str) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_list(pilot, app, mode)
        total = screen.table.row_count
        search = screen.query_one("#search", Input)
        word = str(screen.cells(screen.rows[1])[0]).split()[-1]
        await pilot.press("slash", *word)
        await until(pilot, lambda: screen.table.row_count < total)
        await pilot.press("escape")  # the first clears the search: every row again
        await until(pilot, lambda: screen.table.row_count == total)
        assert search.value == "" and search.has_focus
        await pilot.press("escape")  # the second goes back to the table
        await until(pilot, lambda: screen.table.has_focus)
        assert type(app.screen) is LISTS[mode][0]
