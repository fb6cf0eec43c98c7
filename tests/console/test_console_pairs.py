"""A peer pair in the console (seed 003): the relationship page names both support persons,
the meeting log asks which of the two was there, and a parent's shortlist proposes a pair."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select, Static

from data.models import Client, Relationship, State, VolunteerKind
from data.store import Store
from tests.console_helpers import SIZE, TODAY, arrive, demo_store, make_app, until
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.dialogs import ConfirmDialog
from tui.screens.matching import ShortlistScreen
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


async def test_a_parent_s_shortlist_proposes_a_pair(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    mikko = next(c for c in store.records.list(Client) if c.name == "Mikko Rantanen")
    assert mikko.id is not None
    first, second = store.matching.shortlist(mikko.id, TODAY).suggestions[:2]
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.open_subject("client", mikko.id)
        await arrive(pilot, app, ClientDetailScreen)
        await pilot.press("m")  # find a support person
        await arrive(pilot, app, ShortlistScreen)
        await pilot.press("m", "down", "y")  # mark the first peer, the second makes the pair
        await arrive(pilot, app, ConfirmDialog)
        await pilot.press("y")
        await arrive(pilot, app, ClientDetailScreen)
    (made,) = [
        r for r in Store.open(store.folder).records.list(Relationship) if r.client_id == mikko.id
    ]
    assert made.volunteer_ids == (first.volunteer_id, second.volunteer_id)
    assert made.service is VolunteerKind.PEER and made.state is State.PROPOSED
