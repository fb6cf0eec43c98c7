"""The console's history dialog (``h``) is a view of a client's data: each opening logs the
client its record belongs to (kind ``history``, face ``console``); a volunteer's logs nothing;
a history that cannot be logged is said in words."""

from __future__ import annotations

import shutil
from pathlib import Path

from data.model.access import AccessView, Face
from data.models import Relationship, State, Volunteer
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, until
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.history import HistoryDialog
from tui.screens.relationship import RelationshipScreen


def history_views(store: Store) -> list[int]:
    got = [e for e in Store.open(store.folder).access.entries("tester") if e.by == "tester"]
    got = [e for e in got if e.view == AccessView.HISTORY]
    assert all(e.face == Face.CONSOLE for e in got)
    return [e.client for e in got]


async def test_h_logs_the_client_of_the_record_each_time_it_opens(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.open_subject("client", rel.client_id)
        await arrive(pilot, app, ClientDetailScreen)
        assert history_views(store) == []  # the page is its own view, not the history
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        assert history_views(store) == [rel.client_id]
        await pilot.press("escape")
        await arrive(pilot, app, ClientDetailScreen)
        app.open_subject("relationship", rel.id)
        await arrive(pilot, app, RelationshipScreen)
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        assert history_views(store) == [rel.client_id, rel.client_id]  # each opening
        await pilot.press("escape")
        await arrive(pilot, app, RelationshipScreen)
        # a volunteer's history is no client's data
        volunteer = store.records.get(Volunteer, rel.volunteer_id)
        app.push_screen(HistoryDialog("volunteer", str(volunteer.id)))
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        await pilot.pause()
        assert len(history_views(store)) == 2


async def test_a_history_that_cannot_be_logged_is_said_in_words(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.open_subject("client", rel.client_id)
        await arrive(pilot, app, ClientDetailScreen)
        shutil.rmtree(store.folder / "access")
        (store.folder / "access").write_text("in the way")  # the log's folder cannot be made
        app._notifications.clear()
        await pilot.press("h")
        await until(pilot, lambda: type(app.screen) is HistoryDialog)
        await until(pilot, lambda: any("käsittelylokiin" in str(n.message)
                                       for n in app._notifications))  # fmt: skip
