"""The sections' screens built while nobody types (``OpensStore.prebuild``): the first visit
finds the clients list composed and filled, shows what a list built at the visit shows, and
reads again what changed after it was built."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from data.models import Client
from tests.console.test_start_frame import console, kept, terminal_key  # noqa: F401 (a fixture)
from tests.console_helpers import arrive, until
from tui import app_store
from tui.app import TukiApp
from tui.screens.clients import ClientsScreen
from tui.screens.dashboard import DashboardScreen


def built(app: TukiApp) -> ClientsScreen | None:
    """The clients section's screen once built and its rows read (not shown)."""
    stack = app._screen_stacks.get("clients")
    screen = stack[0] if stack else None
    if not isinstance(screen, ClientsScreen) or not screen.is_mounted or screen.stale:
        return None
    return screen


async def visit(app: TukiApp, pilot: object) -> str:
    """Press 2 as a terminal delivers it; the screen as drawn, once it shows its rows."""
    app.post_message(terminal_key("2", "2"))
    await arrive(pilot, app, ClientsScreen)
    await until(pilot, lambda: app.screen.query_one("#list").row_count > 0)
    return app.export_screenshot()


async def test_the_clients_list_is_built_while_nobody_types_and_shown_the_same(
    kept: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: built(app) is not None)
        screen = built(app)
        assert screen is not None and screen.table.row_count > 0  # filled, not shown
        assert type(app.screen) is DashboardScreen
        drawn = await visit(app, pilot)
        assert app.screen is screen  # the screen built before, not another
        assert app.focused is screen.table
        assert screen.table.row_count == min(len(app.store.lists.clients()), screen.SHOWN)

    monkeypatch.setattr(app_store, "PREBUILT", ())  # the list built at its first visit
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.store_open)
        assert "clients" not in app._screen_stacks
        assert await visit(app, pilot) == drawn  # the same rows, cursor, heading, keys


async def test_a_change_after_the_list_was_built_is_read_at_the_visit(
    kept: Path,  # noqa: F811
) -> None:
    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: built(app) is not None)
        app.store.records.add(
            "tester",
            Client(
                first_name="Aapeli",
                last_name="Aakkonen",
                birth_date=date(2016, 3, 1),
                municipality="Kotka",
                registered_on=date(2026, 11, 1),
            ),
        )
        app.poll_for_changes()  # as the console's poll notices another coordinator's save
        screen = built(app)
        assert screen is None  # stale: it reads again when shown
        await visit(app, pilot)
        names = [row.name for row in app.screen.loaded]  # type: ignore[attr-defined]
        assert "Aakkonen Aapeli" in names


async def test_the_meeting_logs_css_is_read_while_nobody_types(kept: Path) -> None:  # noqa: F811
    """Its first opening finds its CSS read (no parse of all the CSS again then), the same
    file Textual reads for the screen; then the console is warmed up."""
    from tui.screens.meeting_log import MeetingLogScreen

    app = console(kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.warmed)
        path = str(MeetingLogScreen().css_path[0])  # as Textual resolves CSS_PATH
        assert app.stylesheet.has_source(path, "")
        assert type(app.screen) is DashboardScreen
