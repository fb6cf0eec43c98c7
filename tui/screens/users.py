"""Who may use the data folder and in which role: the list, adding a login, changing its role
and removing it (asked first). Changing the users is an admin's: the keys are offered to an
admin only (``tui/roles.py``) and the Store refuses anyone else; the last admin stays one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Input, Select, Static

from data.model.register import UserRole
from tui.i18n import t
from tui.screens.base import TukiModal, TukiScreen
from tui.widgets.footer import Footer

ROLES = (UserRole.ADMIN, UserRole.COORDINATOR, UserRole.READER)


def role_name(role: UserRole) -> str:
    return t(f"users.role.{role.value}")


class UsersScreen(TukiScreen):
    TITLE_KEY = "users.title"
    BINDINGS = [
        Binding("n", "add", "users.key.add", id="users.add"),
        Binding("r", "role", "users.key.role", id="users.role"),
        Binding("delete,x", "remove", "users.key.remove", key_display="x", id="users.remove"),
        Binding("escape", "back", "users.key.back", id="users.back"),
    ]
    DEFAULT_CSS = """
    UsersScreen #users-note { padding: 0 1; height: auto; }
    UsersScreen DataTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(t("users.title"), classes="title-bar")
        yield Static("", id="users-note", classes="muted")
        yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#users", DataTable)
        table.add_columns(t("users.column.login"), t("users.column.role"))
        table.focus()

    def refresh_data(self) -> None:
        users = self.store.users.roles()
        order = {role: i for i, role in enumerate(ROLES)}
        table = self.query_one("#users", DataTable)
        table.clear()
        for login, role in sorted(users.items(), key=lambda item: (order[item[1]], item[0])):
            mine = f"{login} ({t('users.you')})" if login == self.user else login
            table.add_row(mine, role_name(role), key=login)
        note = t("users.none_console", login=self.user) if not users else t("users.note")
        self.query_one("#users-note", Static).update(note)

    def chosen(self) -> str | None:
        table = self.query_one("#users", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value)

    def changed(self, result: Any) -> None:
        if result is not None:
            self.tuki.refresh_screens()  # (the login's own role may have changed)

    def action_add(self) -> None:
        def saved(answer: tuple[str, UserRole] | None) -> None:
            if answer is not None:
                login, role = answer
                self.notify(t("users.added", login=login, role=role_name(role)))
            self.changed(answer)

        def store(login: str, role: UserRole) -> object:
            return self.store.users.add(self.user, login, role)

        self.app.push_screen(UserDialog(None, UserRole.COORDINATOR, store), saved)

    def action_role(self) -> None:
        login = self.chosen()
        if login is None:
            return
        role = self.store.users.role_of(login) or UserRole.READER

        def saved(answer: tuple[str, UserRole] | None) -> None:
            if answer is not None:
                self.notify(t("users.role_set", login=login, role=role_name(answer[1])))
            self.changed(answer)

        def store(login: str, role: UserRole) -> object:
            return self.store.users.set_role(self.user, login, role)

        self.app.push_screen(UserDialog(login, role, store), saved)

    def action_remove(self) -> None:
        from tui.screens.dialogs import ConfirmDialog

        login = self.chosen()
        if login is None:
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            done = self.attempt(lambda: self.store.users.remove(self.user, login))
            if done is not None:
                self.notify(t("users.removed", login=login))
            self.changed(done)

        self.app.push_screen(ConfirmDialog(t("users.remove_question", login=login)), answer)

    def action_back(self) -> None:
        self.dismiss(None)


class UserDialog(TukiModal[tuple[str, UserRole] | None]):
    """A login and its role (a new one: both typed; a known one: the role only). Enter in the
    login or ctrl+s saves (``store``, the Store's call), Esc cancels. A refusal (a login that
    is not one, one already there, the last admin) keeps the dialog open with what was typed,
    so that keys typed on do not land on the list behind it."""

    BINDINGS = [
        Binding("ctrl+s", "save", "users.key.save", priority=True, id="user_dialog.save"),
        Binding("escape", "cancel", "users.key.cancel", id="user_dialog.cancel"),
    ]
    DEFAULT_CSS = """
    UserDialog { align: center middle; }
    UserDialog > Vertical { width: 60; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1; }
    UserDialog Input { background: $boost; }
    UserDialog #user-problem { color: $error; height: auto; }
    """

    def __init__(
        self, login: str | None, role: UserRole, store: Callable[[str, UserRole], object]
    ) -> None:
        super().__init__()
        self.login = login
        self.role = role
        self.store_call = store

    def compose(self) -> ComposeResult:
        title = t("users.dialog.add") if self.login is None else t("users.dialog.role")
        options = [(role_name(r), r.value) for r in ROLES]
        with Vertical():
            yield Static(title, classes="title-bar")
            yield Static(t("users.dialog.login"))
            yield Input(self.login or "", id="user-login", compact=True)
            yield Static(t("users.dialog.role_label"))
            yield Select(options, value=self.role.value, allow_blank=False, id="user-role")
            yield Static("", id="user-problem")
            yield Static(t("users.dialog.keys"), classes="muted")

    def on_mount(self) -> None:
        field = self.query_one("#user-login", Input)
        if self.login is None:
            field.focus()
        else:
            field.disabled = True
            self.query_one("#user-role", Select).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        login = self.query_one("#user-login", Input).value.strip()
        if not login:
            self.query_one("#user-problem", Static).update(t("users.dialog.login_missing"))
            return
        role = UserRole(str(self.query_one("#user-role", Select).value))
        if self.attempt(lambda: self.store_call(login, role)) is None:
            return  # refused, in a notification: the dialog stays as it was
        self.dismiss((login, role))

    def action_cancel(self) -> None:
        self.dismiss(None)
