"""A peer pair in the console (seed 003): the relationship page names both support persons,
and the meeting log asks which of the two was there."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Static

from data.models import Relationship
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.relationship import RelationshipScreen


async def test_the_pair_is_shown_and_one_of_them_logs_a_meeting_alone(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    pair = next(r for r in store.records.list(Relationship) if r.second_volunteer_id)
    assert pair.id is not None and pair.second_volunteer_id is not None
    before = len(store.meetings.of(pair.id))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("relationship", pair.id)
        await arrive(pilot, app, RelationshipScreen)
        heading = str(app.screen.query_one("#heading", Static).render())
        assert "Helmi Kallio & Jari Nurmi" in heading
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)
        await until(pilot, lambda: bool(app.screen.query("#in-met_by")))
        who = app.screen.query_one("#in-met_by", Select)
        who.value = str(pair.second_volunteer_id)  # Jari alone
        await pilot.press("ctrl+s")
        await arrive(pilot, app, RelationshipScreen)
    meetings = Store.open(store.folder).meetings.of(pair.id)
    assert len(meetings) == before + 1
    newest = max(meetings, key=lambda m: m.id or 0)
    assert newest.met_by == pair.second_volunteer_id
