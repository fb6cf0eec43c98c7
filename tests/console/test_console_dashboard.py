"""The dashboard: alerts most urgent first, the unreported concern on top, Enter opens it."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.models import Client
from data.store import Store
from tests.console_helpers import NOW, SIZE, TODAY, arrive, demo_store, make_app
from tests.factories import client
from tui.screens.clients import ClientsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import HelpScreen


async def test_dashboard_shows_the_unreported_concern_first(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert type(screen) is DashboardScreen
        alerts = screen.alerts  # type: ignore[attr-defined]
        assert alerts[0].kind.value == "concern_unnotified"
        assert alerts == store.alerts.list(TODAY, NOW)
        table = screen.query_one("#list")
        first = table.get_row_at(0)  # type: ignore[attr-defined]
        assert "‼" in str(first[0]) and "HUOLI" in str(first[0])


async def test_another_coordinators_change_appears_without_restart(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = str(app.screen.query_one("#status").render())
        other = Store.open(store.folder)  # another coordinator, another process's view
        client(other, registered_on=TODAY.replace(year=2025))
        app.poll_for_changes()  # what the 2-second poll does, without waiting for it
        await pilot.pause()
        after = str(app.screen.query_one("#status").render())
        assert before != after
        assert len(Store.open(store.folder).records.list(Client)) == len(store.records.list(Client))


async def test_help_lists_the_keys_of_the_screen(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"), language="en")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await arrive(pilot, app, HelpScreen)
        texts = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Log meeting" in texts and "Help" in texts
        await pilot.press("escape")
        assert type(app.screen) is DashboardScreen


async def test_ctrl_q_quits_cleanly(tmp_path: Path) -> None:
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)


async def test_no_color_starts_and_shows_the_concern_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_store(tmp_path / "d"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = app.screen.query_one("#list").get_row_at(0)  # type: ignore[attr-defined]
        assert "‼ HUOLI" in str(first[0])


async def test_switching_the_language_reopens_the_same_section_in_it(tmp_path: Path) -> None:
    from tui import i18n
    from tui.app import TukiApp

    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Kieli: svenska" in commands and "Kieli: suomi" not in commands
        app.action_language("sv")
        await pilot.pause()
    assert app.switch_language == "sv" and app.start_mode == "clients"
    again = TukiApp(store, "tester", language="sv", start_mode=app.start_mode, clock=lambda: NOW)
    try:
        async with again.run_test(size=SIZE) as pilot:
            await arrive(pilot, again, ClientsScreen)
            heading = str(again.screen.query_one("#heading").render())
            assert heading.startswith(i18n.CATALOGS["sv"]["clients.title"].split()[0])
            assert "Tuettavat" not in heading
    finally:
        i18n.set_language("fi")
