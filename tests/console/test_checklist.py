"""A ticked box and an unticked one differ in their text, not in colour alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import SelectionList

from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.screens.client_form import ClientForm
from tui.screens.clients import ClientsScreen


@pytest.mark.parametrize("no_color", [False, True])
async def test_ticked_and_unticked_boxes_read_differently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        await pilot.press("n")
        await arrive(pilot, app, ClientForm)
        boxes = app.screen.query_one("#in-firm", SelectionList)
        boxes.scroll_visible(animate=False)
        await pilot.pause()

        def line(y: int) -> str:
            return boxes.render_line(y).text

        assert boxes.selected == []
        unticked = line(0)
        boxes.select_all()
        await until(pilot, lambda: line(0) != unticked)
        ticked = line(0)
        assert ticked.startswith("[x]") and unticked.startswith("[ ]")
        assert ticked[3:] == unticked[3:]  # the same option, only the box differs
        assert "▐" not in ticked + unticked and "▌" not in ticked + unticked
