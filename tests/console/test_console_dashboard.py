"""The dashboard: alerts most urgent first, the unreported concern on top, Enter opens it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from data.models import Client
from data.store import Store
from tests.console_helpers import NOW, SIZE, TODAY, arrive, demo_store, make_app, until
from tests.factories import client
from tui.screens.clients import ClientsScreen
from tui.screens.dashboard import GROUPS, DashboardScreen
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
        lines = [str(w.render()) for w in app.screen.query("Static")]
        texts = " ".join(lines)
        assert "Log meeting" in texts and "Help" in texts
        # the screen's own keys first, then everywhere, the list's cursor keys last
        at = {text.strip().partition("  ")[2].strip() or text: n for n, text in enumerate(lines)}
        assert at["Filter"] < at["Everywhere"] < at["Log meeting"] < at["In the list or field"]
        assert at["In the list or field"] < at["Cursor up"]
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


async def test_the_alerts_can_be_narrowed_by_kind_and_by_area(tmp_path: Path) -> None:
    """A wall of alerts at region scale: f shows one kind of work, a one area, and says so."""
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await arrive(pilot, app, DashboardScreen)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        everything = list(screen.rows)
        kinds = {a.kind for a in everything}
        assert len(everything) > 5 and len(kinds) > 3

        await pilot.press("f")  # the urgent ones only
        await until(pilot, lambda: screen.filter == "urgent")
        assert screen.rows and {a.kind for a in screen.rows} <= GROUPS["urgent"]
        assert len(screen.rows) < len(everything)
        status = str(screen.query_one("#status", Static).render())
        assert f"{len(screen.rows)} / {len(everything)}" in status and "kiireelliset" in status

        for _ in range(len(screen.FILTERS) - 1):  # round to all again
            await pilot.press("f")
        await until(pilot, lambda: screen.filter == "all")
        assert screen.rows == everything

        await pilot.press("a")  # the first area
        await until(pilot, lambda: screen.area is not None)
        area = screen.area
        assert screen.rows and all(screen.area_of(a) == area for a in screen.rows)
        clients = {c.id: c for c in store.records.list(Client)}
        for alert in screen.rows:
            if alert.subject.kind == "client":
                client = clients[alert.subject.id]
                assert (client.area or client.municipality) == area
        assert len(screen.rows) < len(everything)
        for _ in range(len(screen.FILTERS)):  # some kind of work has no alert in this area
            if not screen.rows:
                break
            await pilot.press("f")
            await pilot.pause()
        assert not screen.rows
        note = str(screen.query_one("#empty", Static).render())
        assert note == "Mikään ei vastaa hakua tai rajausta."  # not "nothing to do today"


async def test_the_first_showing_has_the_areas_and_an_area_chosen_stays(tmp_path: Path) -> None:
    """The areas of the alerts' subjects come with the alerts (``store.alerts.areas``, kept as
    the alerts are): the first showing offers the area key; a refresh keeps the area chosen."""
    store = demo_store(tmp_path / "d")
    app = make_app(store)
    seen: list[int] = []
    refresh = DashboardScreen.refresh_data

    def watched(screen: DashboardScreen) -> None:
        refresh(screen)
        seen.append(len(screen.areas))

    DashboardScreen.refresh_data = watched  # type: ignore[method-assign]
    try:
        async with app.run_test(size=SIZE) as pilot:
            await arrive(pilot, app, DashboardScreen)
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            assert seen and seen[0] > 0  # the first reading has them
            assert screen.subject_areas == store.alerts.areas(TODAY)
            await pilot.press("a")
            await until(pilot, lambda: screen.area is not None)
            chosen = screen.area
            screen.refresh_data()
            assert screen.area == chosen and len(seen) >= 2
    finally:
        DashboardScreen.refresh_data = refresh  # type: ignore[method-assign]


async def test_the_counts_say_someone_is_stored_without_asking_the_facts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client waiting and a volunteer in vetting (the day's counts) mean that clients and
    volunteers are stored: the first steps need no reading of the facts (Records.any) then;
    an empty folder still asks (test_a_first_start_on_an_empty_folder_says_what_to_do)."""
    from data.store.records import Records

    store = demo_store(tmp_path / "d")
    counts, _ = store.alerts.day(TODAY, NOW)
    assert counts.waiting > 0 and counts.in_vetting > 0

    def unasked(*args: object) -> bool:
        raise AssertionError("the facts were read for the first steps")

    monkeypatch.setattr(Records, "any", unasked)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.first_steps == [] and not screen.has_class("-first-start")
