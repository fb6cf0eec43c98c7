"""Who may use the folder, in which role, enforced for every verb of the Store.

The settings list the logins allowed and the role of each (``Settings.users``). While the list
is empty (a folder no face has opened yet, a test's Store), nothing is enforced; the first login
a face admits claims the folder as its admin, and from then on every verb asks ``permit``.
"""

from __future__ import annotations

from data.errors import Refused
from data.model.base import check_user
from data.model.register import UserRole
from data.store.records import Records


class Users:
    def __init__(self, records: Records) -> None:
        self.records = records

    def roles(self) -> dict[str, UserRole]:
        """Every login allowed, with its role (empty: the folder has no users yet)."""
        return dict(self.records.settings().users)

    def role_of(self, login: str) -> UserRole | None:
        """The login's role; None when it is not allowed (or the folder has no users yet)."""
        return self.records.settings().users.get(login)

    def permit(self, login: str, need: UserRole) -> str:
        """The login, when its role may do what ``need`` is needed for; otherwise refused with a
        message that says who can change it. Nothing is enforced while the folder has no users."""
        check_user(login)
        users = self.records.settings().users
        if not users:
            return login
        role = users.get(login)
        if role is None:
            raise Refused(
                "unknown_user",
                "The login {login} may not use this folder. An admin ({admins}) can add it "
                "with: tuki users add {login} ROLE",
                login=login,
                admins=", ".join(sorted(u for u, r in users.items() if r is UserRole.ADMIN)),
            )
        if not role.may(need):
            raise Refused(
                "role_refused",
                "The login {login} is a {role}; this needs a {need}.",
                login=login,
                role=role.value,
                need=need.value,
            )
        return login
