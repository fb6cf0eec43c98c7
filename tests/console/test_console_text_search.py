"""The search of the texts in the console: ``ctrl+f``, words and Enter, the hits newest first
(found in a worker), each client they name logged once (kind ``search``), Enter on a meeting's
hit opens its report over its relationship's page."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from data.model.access import AccessView
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.screens.dashboard import DashboardScreen
from tui.screens.meeting_view import MeetingView
from tui.screens.relationship import RelationshipScreen
from tui.screens.search import SHOWN, SearchScreen


async def test_a_word_of_a_meeting_report_is_found_logged_and_opened(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    expected = store.search.find("tester", "kahvila", kinds=["meeting"], limit=SHOWN).hits
    assert expected and expected[0].kind == "meeting"
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("ctrl+f")
        await arrive(pilot, app, SearchScreen)
        await pilot.press(*"kahvila", "enter")
        table = app.screen.query_one("#hits", DataTable)
        await until(pilot, lambda: table.row_count > 0 and app.focused is table)
        assert table.row_count == len(expected)
        assert table.get_row_at(0)[2] == expected[0].ref
        entries = Store.open(store.folder).access.entries("tester")
        views = [e.client for e in entries if e.by == "tester" and e.view == AccessView.SEARCH]
        assert sorted(views) == sorted({h.client_id for h in expected})  # each client once
        await pilot.press("enter")
        await arrive(pilot, app, MeetingView)
        shown = app.screen
        assert isinstance(shown, MeetingView)
        assert (shown.relationship_id, shown.meeting_id) == (
            expected[0].relationship_id,
            expected[0].record_id,
        )
        await pilot.press("escape")
        await arrive(pilot, app, RelationshipScreen)
