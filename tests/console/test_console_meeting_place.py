"""The meeting log's kind of place (issue 16, seed 000): a meeting at the volunteer's home
without the guardian's consent is warned of, the reason asked for beside the fields, and the
meeting stored with it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, Static

from data.model.place import PlaceKind
from data.store import Store
from tests.console_helpers import SIZE, arrive, make_app, until
from tests.factories import active
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.meeting_place import ConsentAsk


async def test_a_home_meeting_without_consent_asks_for_the_reason(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s")
    rid = active(store).id  # the agreement gives no consent to home visits
    assert rid is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        app.action_log_meeting(rid)
        await arrive(pilot, app, MeetingLogScreen)
        screen = app.screen
        kind = screen.query_one("#in-place_kind", Select)
        assert kind.value == PlaceKind.OUTDOORS.value  # outside the home by default
        kind.value = PlaceKind.VOLUNTEER_HOME.value
        await pilot.press(*"leipominen", "ctrl+s")
        ask = screen.query_one(ConsentAsk)
        await until(pilot, lambda: ask.display)
        assert type(app.screen) is MeetingLogScreen
        why = str(ask.query_one("#consent-why", Static).render())
        assert "ei ole suostunut tapaamisiin tukihenkilön kotona" in why
        assert screen.focused is screen.query_one("#in-consent_reason", Input)
        assert Store.open(store.folder).meetings.of(rid) == []  # refused: nothing stored
        await pilot.press(*"sovittu puhelimessa", "ctrl+s")
        await until(pilot, lambda: type(app.screen) is not MeetingLogScreen)
    saved = Store.open(store.folder).meetings.of(rid)
    assert [(m.place_kind, m.activity, m.consent_reason) for m in saved] == [
        (PlaceKind.VOLUNTEER_HOME, "leipominen", "sovittu puhelimessa")
    ]
