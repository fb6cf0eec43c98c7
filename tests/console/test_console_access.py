"""The console and the access log: each client's data seen on a page is logged once (face
``console``), a list logs each client it shows, a document written is logged each time; an
admin sees the log from the palette (newest first, by client and month), the others neither
see it offered nor open it."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from data.dates import HELSINKI
from data.model.access import AccessEntry, AccessView, Face
from data.model.register import UserRole
from data.models import Concern, Relationship, State
from data.store import Store
from tests.console_helpers import SIZE, arrive, demo_store, make_app, open_palaveri, until
from tui.screens.access_log import AccessLogScreen
from tui.screens.client_detail import ClientDetailScreen
from tui.screens.concerns import ConcernDetailScreen, ConcernsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.meeting_view import MeetingView
from tui.screens.relationship import RelationshipScreen


def logged(store: Store) -> list[AccessEntry]:
    """The entries of the console's user (the demo's coordinators have theirs)."""
    return [e for e in Store.open(store.folder).access.entries("tester") if e.by == "tester"]


def seen(store: Store, view: AccessView) -> list[int]:
    got = [e for e in logged(store) if e.view == view]
    assert all(e.face == Face.CONSOLE for e in got)
    return [e.client for e in got]


def _active(store: Store) -> Relationship:
    return next(r for r in store.records.list(Relationship) if r.state is State.ACTIVE)


async def test_a_client_page_and_a_relationship_page_are_logged_once_each(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = _active(store)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        assert logged(store) == []  # the start screen logs nothing
        app.open_subject("client", rel.client_id)
        await arrive(pilot, app, ClientDetailScreen)
        assert seen(store, AccessView.CLIENT_PAGE) == [rel.client_id]
        app.refresh_screens()  # a refresh is the same view, not a new one
        await pilot.pause()
        assert seen(store, AccessView.CLIENT_PAGE) == [rel.client_id]
        app.open_subject("relationship", rel.id)
        await arrive(pilot, app, RelationshipScreen)
        assert seen(store, AccessView.RELATIONSHIP_PAGE) == [rel.client_id]
        timeline = app.screen.query_one("#timeline", DataTable)
        timeline.focus()
        await until(pilot, lambda: app.focused is timeline and timeline.row_count > 0)
        await pilot.press("enter")
        await arrive(pilot, app, MeetingView)
        assert seen(store, AccessView.MEETING_REPORT) == [rel.client_id]


async def test_the_concerns_list_logs_each_client_shown_and_a_concern_its_client(
    tmp_path: Path,
) -> None:
    store = demo_store(tmp_path / "d")
    concerns = store.records.list(Concern)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await arrive(pilot, app, ConcernsScreen)
        listed = seen(store, AccessView.CONCERNS)
        assert sorted(listed) == sorted({c.client_id for c in concerns})
        await pilot.press("enter")
        await arrive(pilot, app, ConcernDetailScreen)
        screen = app.screen
        assert isinstance(screen, ConcernDetailScreen) and screen.concern is not None
        # the list logged this client already; the concern's page is a view of its own
        assert seen(store, AccessView.CONCERNS) == [*listed, screen.concern.client_id]


async def test_a_palaveri_and_its_minutes_written_are_logged(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = _active(store)
    assert rel.id is not None
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_palaveri(pilot, app, rel.id)
        assert seen(store, AccessView.MINUTES) == [rel.client_id]
        screen.action_minutes()  # the minutes written: a document, logged each time
        await until(pilot, lambda: len(seen(store, AccessView.MINUTES)) == 2)
        assert seen(store, AccessView.MINUTES) == [rel.client_id, rel.client_id]


def _at(store: Store, when: datetime, client: int, user: str) -> None:
    dated = Store.open(store.folder, clock=lambda: when)
    dated.access.viewed(user, client, AccessView.CLIENT_PAGE, Face.CLI)


async def test_an_admin_sees_the_log_newest_first_by_client_and_month(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    _at(store, datetime(2026, 10, 30, 9, 0, tzinfo=HELSINKI), 903, "anna")
    _at(store, datetime(2026, 11, 2, 9, 0, tzinfo=HELSINKI), 903, "ben")
    _at(store, datetime(2026, 11, 3, 10, 15, tzinfo=HELSINKI), 904, "anna")
    settings = store.records.settings()
    users = {"tester": UserRole.ADMIN, "anna": UserRole.COORDINATOR}
    store.records.save_settings("tester", settings.model_copy(update={"users": users}))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        commands["Käsittelyloki: kuka katsoi asiakkaan tietoja"].callback()
        await arrive(pilot, app, AccessLogScreen)
        table = app.screen.query_one("#entries", DataTable)
        # this month (the console's clock: 20.11.2026), every client: the newest first
        november = [
            e for e in store.access.entries("tester") if (e.at.year, e.at.month) == (2026, 11)
        ]
        assert table.row_count == len(november) > 3
        shown = [table.get_row_at(i)[0] for i in range(table.row_count)]
        newest = max(november, key=lambda e: e.at).at
        assert shown[0] == f"{newest.day}.11.2026 {newest.hour}.{newest.minute:02d}"
        app.screen.query_one("#client", Input).value = "903"
        await until(pilot, lambda: table.row_count == 1)
        assert table.get_row_at(0) == [
            "2.11.2026 9.00",
            "ben",
            "903",
            "asiakkaan sivu",
            "komentorivi",
        ]
        app.screen.query_one("#month", Input).value = "10/2026"
        await until(pilot, lambda: table.row_count == 1 and table.get_row_at(0)[1] == "anna")
        assert table.get_row_at(0)[0] == "30.10.2026 9.00"
        app.screen.query_one("#month", Input).value = "13/2026"
        status = app.screen.query_one("#status", Static)
        await until(pilot, lambda: "muodossa" in str(status.content))
        assert "11/2026" in str(status.content)  # says how to write the month
        assert table.row_count == 0  # not October's rows under words that say the month is bad
        rows = {w.region.y for w in app.screen.query("#filters Label, #filters Input")}
        assert len(rows) == 1  # each label on its field's line, not a line below it


async def test_a_coordinator_is_not_offered_the_log_and_is_refused_it(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    settings = store.records.settings()
    users = {"anna": UserRole.ADMIN, "tester": UserRole.COORDINATOR}
    store.records.save_settings("anna", settings.model_copy(update={"users": users}))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert not any(title.startswith("Käsittelyloki") for title in titles)
        app.action_access_log()
        await pilot.pause()
        assert type(app.screen) is DashboardScreen
        assert any("tester" in str(n.message) for n in app._notifications)


async def test_a_view_that_cannot_be_logged_is_said_in_words(tmp_path: Path) -> None:
    store = demo_store(tmp_path / "d")
    rel = _active(store)
    shutil.rmtree(store.folder / "access")
    (store.folder / "access").write_text("in the way")  # the log's folder cannot be made
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.open_subject("client", rel.client_id)
        await arrive(pilot, app, ClientDetailScreen)
        messages = [str(n.message) for n in app._notifications]
        assert any("käsittelylokiin" in m for m in messages)


async def test_the_payments_screen_logs_each_child_it_names(tmp_path: Path) -> None:
    from tui.screens.payments import PaymentsScreen

    store = demo_store(tmp_path / "d")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("8")
        await arrive(pilot, app, PaymentsScreen)
        screen = app.screen
        assert isinstance(screen, PaymentsScreen)
        await until(pilot, lambda: screen.computed is not None and not screen.table.loading)
        assert screen.computed is not None
        rels = store.records.relationship_facts()
        named = {rels[r.id].client_id for r in screen.computed.rows}
        assert named and sorted(seen(store, AccessView.PAYMENTS)) == sorted(named)


async def test_a_burst_after_the_palettes_enter_lands_in_the_filters(tmp_path: Path) -> None:
    """Enter on the palette's command, then the client's number, Tab and the month, in one
    burst (SSH delivers it so): the number lands in the client field (it went into the
    palette's closing search box and was lost)."""
    from textual import events

    from tests.console.test_console_burst import burst, typed

    store = demo_store(tmp_path / "d")
    users = {"tester": UserRole.ADMIN}
    store.records.save_settings(
        "tester", store.records.settings().model_copy(update={"users": users})
    )
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        await pilot.press("ctrl+p", *"käsittelyloki")
        await pilot.pause(0.5)  # the palette's search has found the command
        app.post_message(events.Key("enter", "\r"))
        burst(app, "8", "tab", *typed("11/2026"))
        await arrive(pilot, app, AccessLogScreen)
        month = app.screen.query_one("#month", Input)
        await until(pilot, lambda: month.value == "11/2026")
        assert app.screen.query_one("#client", Input).value == "8"
        assert len(app.screen_stack) == 2
