"""Roles in the console: a reader is offered no key that changes anything, a coordinator no
admin's key; an admin keeps the users on their own screen; a login the folder does not know is
refused at the start, with nothing of the folder shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Select

from data.demo.team import TEAM, set_up_team
from data.model.register import UserRole
from data.models import Volunteer
from data.store import Store
from tests.console_helpers import NOW, SIZE, arrive, demo_store, until
from tui import keys, roles
from tui.app import TukiApp
from tui.screens.clients import ClientsScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.dialogs import ConfirmDialog
from tui.screens.meeting_log import MeetingLogScreen
from tui.screens.relationship import RelationshipScreen
from tui.screens.settings import SettingsForm
from tui.screens.users import UserDialog, UsersScreen
from tui.screens.volunteers import VolunteerDetailScreen

ADMIN = "ada"


def team_store(folder: Path) -> Store[Any]:
    demo_store(folder)
    set_up_team(folder, ADMIN, NOW)
    return Store.open(folder)


def app_for(store: Store[Any], login: str) -> TukiApp:
    return TukiApp(store, login, language="en", poll_seconds=3600, clock=lambda: NOW)


def shown_ids(app: TukiApp) -> set[str]:
    return {a.binding.id for a in app.screen.active_bindings.values() if a.binding.id}


def palette(app: TukiApp) -> list[str]:
    return [c.title for c in app.get_system_commands(app.screen)]


def test_every_key_the_roles_name_exists() -> None:
    assert set(roles.NEEDS) <= set(keys.declared())


async def test_a_reader_is_offered_nothing_that_changes_anything(tmp_path: Path) -> None:
    store = team_store(tmp_path / "d")
    app = app_for(store, "lukija")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        assert not {"app.log", "app.concern", "app.settings"} & shown_ids(app)
        assert "app.help" in shown_ids(app)
        titles = " ".join(palette(app))
        assert "Log" not in titles and "Settings" not in titles and "Users" not in titles
        await pilot.press("l")  # a hidden key does nothing
        await pilot.press("0")
        await pilot.pause()
        assert type(app.screen) is DashboardScreen
        await pilot.press("2")
        await arrive(pilot, app, ClientsScreen)
        assert "clients.new" not in shown_ids(app) and "clients.search" in shown_ids(app)
        rid = next(iter(store.records.relationship_facts()))
        app.open_subject("relationship", rid)
        await arrive(pilot, app, RelationshipScreen)
        hidden = {"relationship.log_here", "relationship.end", "relationship.palaveri"}
        assert not hidden & shown_ids(app)
        assert "relationship.back" in shown_ids(app)
        # volunteers kept fit: no session, no re-check, and the keys typed anyway open nothing
        vid = next(v.id for v in store.records.list(Volunteer) if v.approved)
        app.open_subject("volunteer", vid or 0)
        await arrive(pilot, app, VolunteerDetailScreen)
        assert not {"volunteer.session", "volunteer.recheck"} & shown_ids(app)
        assert "volunteer.history" in shown_ids(app)
        for key in ("o", "t"):
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen) is VolunteerDetailScreen, key


async def test_a_coordinator_does_the_care_work_but_not_an_admins(tmp_path: Path) -> None:
    store = team_store(tmp_path / "d")
    app = app_for(store, "koordinaattori1")
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        assert {"app.log", "app.concern"} <= shown_ids(app)
        assert "app.settings" not in shown_ids(app)
        assert "Users and roles" not in palette(app)
        await pilot.press("0")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsForm)
        await pilot.press("l")
        await arrive(pilot, app, MeetingLogScreen)


async def test_an_admin_adds_changes_and_removes_a_user(tmp_path: Path) -> None:
    store = team_store(tmp_path / "d")
    app = app_for(store, ADMIN)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        assert "app.settings" in shown_ids(app)
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Users and roles"
        )
        command.callback()
        await arrive(pilot, app, UsersScreen)
        table = app.screen.query_one("#users", DataTable)
        assert table.row_count == 1 + len(TEAM)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, UserDialog))
        await pilot.press(*"sosiaalityo.s")
        app.screen.query_one("#user-role", Select).value = "reader"
        await pilot.press("enter")
        await arrive(pilot, app, UsersScreen)
        assert Store.open(store.folder).users.role_of("sosiaalityo.s") is UserRole.READER
        screen = app.screen
        assert isinstance(screen, UsersScreen)
        table = screen.query_one("#users", DataTable)
        table.move_cursor(row=table.get_row_index("koordinaattori2"))
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, UserDialog))
        assert app.screen.query_one("#user-login", Input).disabled
        app.screen.query_one("#user-role", Select).value = "admin"
        await pilot.press("ctrl+s")
        await arrive(pilot, app, UsersScreen)
        assert Store.open(store.folder).users.role_of("koordinaattori2") is UserRole.ADMIN
        table.move_cursor(row=table.get_row_index("lukija"))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await arrive(pilot, app, UsersScreen)
        assert "lukija" not in Store.open(store.folder).users.roles()


async def test_the_last_admin_cannot_step_down(tmp_path: Path) -> None:
    store = team_store(tmp_path / "d")
    app = app_for(store, ADMIN)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.action_users()
        await arrive(pilot, app, UsersScreen)
        await pilot.press("x")  # the cursor on the first row: the admin
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await arrive(pilot, app, UsersScreen)
        await until(pilot, lambda: bool(app._notifications))
        said = [n.message for n in app._notifications]
        assert any("at least one admin" in m for m in said), said
        assert Store.open(store.folder).users.role_of(ADMIN) is UserRole.ADMIN


async def test_a_login_the_folder_does_not_know_is_refused_at_the_start(tmp_path: Path) -> None:
    folder = tmp_path / "d"
    team_store(folder)
    app = TukiApp(folder, "olli", language="en", poll_seconds=3600, clock=lambda: NOW)
    assert app.start_view() is None  # nothing of the folder in the first frame
    app._start_read = False
    said: list[str] = []
    leave = app.exit

    def exit(result: Any = None, return_code: int = 0, message: Any = None) -> None:
        said.append(str(message))
        leave(result, return_code, message)

    app.exit = exit  # type: ignore[method-assign]
    await app.run_async(headless=True, size=SIZE)  # it ends by itself, with the message
    assert app.return_code == 1
    assert "olli" in said[0] and ADMIN in said[0] and "tuki users add olli" in said[0]


async def test_a_refused_login_keeps_the_dialog_open_with_what_was_typed(tmp_path: Path) -> None:
    """A login refused by the Store (not a login; one already there) leaves the dialog open:
    keys typed on in the same burst go on into the field, not to the list behind it (where
    'r' would open the role of the highlighted user, and ctrl+s save it)."""
    store = team_store(tmp_path / "d")
    app = app_for(store, ADMIN)
    async with app.run_test(size=SIZE) as pilot:
        await arrive(pilot, app, DashboardScreen)
        app.action_users()
        await arrive(pilot, app, UsersScreen)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, UserDialog))
        await pilot.press(*"bad login", "enter", "ctrl+u", *"koordinaattori1", "ctrl+s")
        await until(pilot, lambda: len(app._notifications) >= 2)
        said = " ".join(n.message for n in app._notifications)
        assert "bad login" in said and "koordinaattori1" in said, said
        assert isinstance(app.screen, UserDialog)
        field = app.screen.query_one("#user-login", Input)
        assert field.value == "koordinaattori1" and field.has_focus
        await pilot.press("ctrl+u", *"uusi.k", "enter")
        await arrive(pilot, app, UsersScreen)
        roles = Store.open(store.folder).users.roles()
        assert roles["uusi.k"] is UserRole.COORDINATOR and "bad login" not in roles
        assert len(roles) == 2 + len(TEAM)
