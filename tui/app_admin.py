"""The console's admin pages, each an admin's alone (tui/roles.py hides them from the others,
and the Store refuses what they would change): the users and their roles, the access log, and
the retention runs."""

from __future__ import annotations

from typing import Any

from tui import i18n
from tui.app_store import OpensStore


class AdminActions(OpensStore):
    """``TukiApp``'s actions that open an admin's page (palette entries)."""

    def _after_change(self, result: Any) -> None:
        """Refresh what a saved change touched (``TukiApp``)."""

    def action_access_log(self) -> None:
        """The access log, for an admin alone (tui/screens/access_log.py)."""
        from data.errors import TukiError
        from data.model.register import UserRole
        from tui.screens.access_log import AccessLogScreen

        try:
            self.store.users.permit(self.user, UserRole.ADMIN)
        except TukiError as exc:
            self.notify(i18n.explain(exc), severity="error", timeout=8)
            return
        self.push_screen(AccessLogScreen())

    def action_users(self) -> None:
        """Who may use the folder and in which role (tui/screens/users.py): an admin's."""
        from tui.screens.users import UsersScreen

        if not isinstance(self.screen, UsersScreen):
            self.push_screen(UsersScreen(), self._after_change)

    def may_retention(self) -> bool:
        """Whether the retention screen is offered: to an admin (the login's role is the
        admin's too while the folder has no users; the store decides again when asked)."""
        from data.model.register import UserRole

        return self.store_open and self.role is UserRole.ADMIN

    def action_retention(self) -> None:
        """What the retention table makes due, and anonymising it (tui/screens/retention.py)."""
        from tui.screens.retention import RetentionScreen

        if self.may_retention() and not isinstance(self.screen, RetentionScreen):
            self.push_screen(RetentionScreen(), self._after_change)
