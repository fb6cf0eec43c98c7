"""Concerns: the untold one first, raising one with c, recording who was told, closing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Select

from data.models import Concern, NotifyTarget
from data.store import Store
from tests.console_helpers import NOW, SIZE, arrive, demo_store, make_app
from tui.screens.concerns import (
    ConcernActionDialog,
    ConcernDetailScreen,
    ConcernsScreen,
    RaiseConcernScreen,
)


async def test_the_untold_concern_sorts_first_with_a_word(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await pilot.pause()
        screen = app.screen
        assert type(screen) is ConcernsScreen
        first = screen.query_one("#list", DataTable).get_row_at(0)
        assert "‼" in str(first[0]) and "ILMOITTAMATTA" in str(first[0])
        assert str(first[3]).endswith(" h")
        await pilot.press("enter")
        await arrive(pilot, app, ConcernDetailScreen)


async def test_raise_notify_and_close_a_concern(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    count = len(store.records.list(Concern))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await arrive(pilot, app, RaiseConcernScreen)
        await pilot.press(*"Kasper", "enter")
        app.screen.query_one("#in-what").focus()
        await pilot.press(*"mustelmia käsivarsissa")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen) is not RaiseConcernScreen
        concerns = Store.open(store.folder).records.list(Concern)
        assert len(concerns) == count + 1
        concern = max(concerns, key=lambda c: c.id or 0)
        assert concern.relationship_id == 8 and concern.noticed_at == NOW
        assert concern.what == "mustelmia käsivarsissa" and not concern.notified

        app.open_subject("concern", concern.id or 0)
        await pilot.pause()
        screen = app.screen
        assert screen.check_action("close_concern", ()) is None  # not before somebody was told
        await pilot.press("n")
        await arrive(pilot, app, ConcernActionDialog)
        app.screen.query_one("#in-to", Select).value = NotifyTarget.SOCIAL_EMERGENCY.value
        await pilot.press("ctrl+s")
        await pilot.pause()
        stored = Store.open(store.folder).records.get(Concern, concern.id or 0)
        assert len(stored.notifications) == 1
        assert stored.notifications[0].to is NotifyTarget.SOCIAL_EMERGENCY
        assert stored.notifications[0].by == "tester"

        await pilot.press("x")
        await arrive(pilot, app, ConcernActionDialog)
        await pilot.press(*"seurattu")
        await pilot.press("ctrl+s")
        await pilot.pause()
    stored = Store.open(store.folder).records.get(Concern, concern.id or 0)
    assert stored.closed_at is not None and stored.closing_note == "seurattu"
    assert len(stored.notifications) == 1
