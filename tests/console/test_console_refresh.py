"""Every section reads the store once when shown, never again on return when nothing changed,
and once more after another coordinator's save (the app's poll, called directly)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static, TextArea

from data.models import Client, Concern, Relationship, State, Volunteer
from data.store import Store
from tests.console_helpers import SIZE, TODAY, demo_store, make_app, until
from tests.factories import client
from tui.app import TukiApp
from tui.screens.base import TukiScreen
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.clients import ClientsScreen
from tui.screens.concerns import ConcernDetailScreen, ConcernsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.matching import MatchingScreen
from tui.screens.palaveri import PalaveriScreen
from tui.screens.palaveri_dialogs import StartPalaveriDialog
from tui.screens.relationship import RelationshipScreen
from tui.screens.relationships import RelationshipsScreen
from tui.screens.reports import ReportsScreen
from tui.screens.volunteers import VolunteerDetailScreen, VolunteersScreen

SECTIONS: dict[str, type[TukiScreen]] = {
    "dashboard": DashboardScreen,
    "clients": ClientsScreen,
    "volunteers": VolunteersScreen,
    "relationships": RelationshipsScreen,
    "concerns": ConcernsScreen,
    "matching": MatchingScreen,
    "reports": ReportsScreen,
}
DETAILS: dict[str, tuple[type[TukiScreen], type[Any]]] = {
    "client": (ClientDetailScreen, Client),
    "volunteer": (VolunteerDetailScreen, Volunteer),
    "relationship": (RelationshipScreen, Relationship),
    "concern": (ConcernDetailScreen, Concern),
}
COUNTED = [*SECTIONS.values(), *(screen for screen, _ in DETAILS.values())]


@pytest.fixture
def refreshes(monkeypatch: pytest.MonkeyPatch) -> Counter[type[TukiScreen]]:
    """How often each screen class's ``refresh_data`` ran (its own or the list base's)."""
    counts: Counter[type[TukiScreen]] = Counter()

    def counting(cls: type[TukiScreen], original: Callable[[Any], None]) -> Callable[[Any], None]:
        def refresh_data(self: TukiScreen) -> None:
            if type(self) is cls:
                counts[cls] += 1
            original(self)

        return refresh_data

    for cls in COUNTED:
        monkeypatch.setattr(cls, "refresh_data", counting(cls, cls.refresh_data))
    return counts


async def settle(pilot: Any, app: TukiApp, cls: type[TukiScreen]) -> None:
    """Until ``cls`` is on top and has shown its data, then a few more rounds: a late refresh
    (a second resume event, a queued message) would be counted."""
    await until(pilot, lambda: isinstance(app.screen, cls) and not app.screen.stale)
    assert type(app.screen) is cls
    for _ in range(3):
        await pilot.pause()


def another_coordinator_saves(folder: Path) -> None:
    """A second Store on the same folder writes, as another process would."""
    client(Store.open(folder), registered_on=TODAY.replace(year=2025))


@pytest.mark.parametrize("mode", list(SECTIONS))
async def test_a_section_reads_once_per_show(
    tmp_path: Path, mode: str, refreshes: Counter[type[TukiScreen]]
) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store, poll_seconds=3600, start_mode=mode)
    cls = SECTIONS[mode]
    other = "clients" if mode == "dashboard" else "dashboard"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, cls)
        assert refreshes[cls] == 1  # first show

        app.action_section(other)  # another section, then back: nothing changed
        await settle(pilot, app, SECTIONS[other])
        app.action_section(mode)
        await settle(pilot, app, cls)
        await pilot.press("question_mark")  # a dialog over it, then back
        await until(pilot, lambda: not isinstance(app.screen, TukiScreen))
        await pilot.press("escape")
        await settle(pilot, app, cls)
        assert refreshes[cls] == 1
        assert refreshes[SECTIONS[other]] == 1

        another_coordinator_saves(store.folder)
        app.poll_for_changes()  # the 2-second poll, called directly
        await settle(pilot, app, cls)
        assert refreshes[cls] == 2  # the visible section at once
        assert refreshes[SECTIONS[other]] == 1  # a hidden one when it is shown again
        app.poll_for_changes()  # nothing new since
        app.action_section(other)
        await settle(pilot, app, SECTIONS[other])
        assert refreshes[SECTIONS[other]] == 2
        assert refreshes[cls] == 2


@pytest.mark.parametrize("kind", list(DETAILS))
async def test_a_detail_screen_reads_once_per_show(
    tmp_path: Path, kind: str, refreshes: Counter[type[TukiScreen]]
) -> None:
    store = demo_store(tmp_path / "d")
    cls, model = DETAILS[kind]
    record_id = store.records.list(model)[0].id
    app = make_app(store, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, DashboardScreen)
        app.open_subject(kind, record_id)
        await settle(pilot, app, cls)
        assert refreshes[cls] == 1  # first show
        assert refreshes[DashboardScreen] == 1  # the screen below is not read again

        other = "volunteer" if kind == "client" else "client"
        other_cls, other_model = DETAILS[other]
        app.open_subject(other, store.records.list(other_model)[0].id)  # another screen over it
        await settle(pilot, app, other_cls)
        await pilot.press("escape")
        await settle(pilot, app, cls)
        assert refreshes[cls] == 1  # back, nothing changed

        another_coordinator_saves(store.folder)
        app.poll_for_changes()
        await settle(pilot, app, cls)
        assert refreshes[cls] == 2
        assert refreshes[DashboardScreen] == 1  # below: stale until shown
        await pilot.press("escape")
        await settle(pilot, app, DashboardScreen)
        assert refreshes[DashboardScreen] == 2
        assert refreshes[cls] == 2


async def test_a_save_here_is_shown_on_return_and_in_the_other_sections(
    tmp_path: Path, refreshes: Counter[type[TukiScreen]]
) -> None:
    """A palaveri started and its draft saved: the relationship lists it when the runner is
    left, and the start screen (another section, read before) reads again when shown."""
    store = demo_store(tmp_path / "d")
    rel = next(r for r in store.records.list(Relationship) if r.state is State.PROPOSED)
    app = make_app(store, poll_seconds=3600)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, DashboardScreen)
        app.open_subject("relationship", rel.id or 0)
        await settle(pilot, app, RelationshipScreen)
        before = str(app.screen.query_one("#palaverit", Static).render())
        await pilot.press("a")  # start a palaveri
        await until(pilot, lambda: type(app.screen) is StartPalaveriDialog)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: type(app.screen) is PalaveriScreen)
        app.screen.query_one("#note-role", TextArea).focus()
        await pilot.press(*"Roolit")
        await pilot.press("escape")  # leave: the draft is saved
        await settle(pilot, app, RelationshipScreen)
        after = str(app.screen.query_one("#palaverit", Static).render())
        assert after != before and store.palaverit.drafts(rel.id or 0)
        assert refreshes[DashboardScreen] == 1
        await pilot.press("escape")
        await settle(pilot, app, DashboardScreen)
        assert refreshes[DashboardScreen] == 2
