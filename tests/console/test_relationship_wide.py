"""The relationship page's meeting timeline uses a wide window: what is beyond 80 columns goes
to what was done (the activity), which was cut at 22 characters at any width."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from data.models import Relationship
from tests.console_helpers import arrive, demo_store, make_app, until
from tui.screens.relationship import RelationshipScreen


async def test_the_timeline_grows_with_the_window_and_keeps_its_rows(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = max(store.records.list(Relationship), key=lambda r: len(store.meetings.of(r.id or 0)))
    longest = max(len(m.activity) for m in store.meetings.of(rel.id or 0))
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        app.open_subject("relationship", rel.id)
        await arrive(pilot, app, RelationshipScreen)
        table = app.screen.query_one("#timeline", DataTable)
        rows = table.row_count
        assert rows > 0 and table.columns["activity"].width == 22 + 40 >= longest  # type: ignore[index]
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: table.columns["activity"].width == 22)  # type: ignore[index]
        await until(pilot, lambda: table.row_count == rows)  # filled again
