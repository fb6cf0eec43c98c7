"""Who may use the folder, in which role, enforced for every verb of the Store.

The settings list the logins allowed and the role of each (``Settings.users``). While the list
is empty (a folder no face has opened yet, a test's Store), nothing is enforced; the first login
a face admits (``admit``) claims the folder as its admin, and from then on every verb that
changes anything asks ``Records.permit``: the generic verbs and the stamping of every stored
change do (``data/store/records.py``), and every part's writing verb asks first, so that the
refusal comes before any other answer. A reader changes nothing; the settings (the users, the
rates, the thresholds) and the payment runs (approving, marking paid) are an admin's.
"""

from __future__ import annotations

from collections.abc import Callable

from data.errors import Refused
from data.model.base import check_user
from data.model.register import UserRole
from data.store.records import Records

Users_ = dict[str, UserRole]


class Users:
    def __init__(self, records: Records) -> None:
        self.records = records

    # ----- reading -----------------------------------------------------------------------------

    def roles(self) -> dict[str, UserRole]:
        """Every login allowed, with its role (empty: the folder has no users yet)."""
        return self.records.roles()

    def role_of(self, login: str) -> UserRole | None:
        """The login's role; None when it is not allowed (or the folder has no users yet)."""
        return self.records.roles().get(login)

    def permit(self, login: str, need: UserRole) -> str:
        """The login, when its role may do what ``need`` is needed for; otherwise refused with a
        message that says who can change it. Nothing is enforced while the folder has no users."""
        return self.records.permit(login, need)

    # ----- the faces' admission ----------------------------------------------------------------

    def admit(self, login: str, *, claim: bool = True) -> UserRole:
        """The role ``login`` uses the folder in; the faces ask it when they start. On a folder
        with no users yet the login is its first admin, stored when ``claim`` (a command that
        only reads claims nothing: nothing is enforced meanwhile). An unknown login is refused
        with a message naming the admins who can add it."""
        check_user(login)
        if self.records.roles():
            self.records.permit(login, UserRole.READER)
            return self.records.roles()[login]
        if not claim:
            return UserRole.ADMIN
        users = self._change(login, lambda users: users or {login: UserRole.ADMIN}, first=True)
        return users[login]

    # ----- changing (an admin's) ---------------------------------------------------------------

    def add(self, by: str, login: str, role: UserRole | str) -> dict[str, UserRole]:
        """Let ``login`` use the folder in ``role``; the users as saved. On a folder with no
        users yet, ``by`` becomes its admin too."""
        self.records.permit(by, UserRole.ADMIN)
        login, wanted = _login(login), _role(role)

        def edit(users: Users_) -> Users_:
            if login in users:
                raise Refused(
                    "user_exists",
                    "{login} may already use this folder (as {role}); change the role instead.",
                    login=login,
                    role=users[login].value,
                )
            return {**(users or {by: UserRole.ADMIN}), login: wanted}

        return self._change(by, edit)

    def set_role(self, by: str, login: str, role: UserRole | str) -> dict[str, UserRole]:
        """Change the role of a user; the last admin stays an admin."""
        self.records.permit(by, UserRole.ADMIN)
        login, wanted = _login(login), _role(role)

        def edit(users: Users_) -> Users_:
            _known(users, login)
            return {**users, login: wanted}

        return self._change(by, edit)

    def remove(self, by: str, login: str) -> dict[str, UserRole]:
        """Take a login off the folder's users; the last admin stays."""
        self.records.permit(by, UserRole.ADMIN)
        login = _login(login)

        def edit(users: Users_) -> Users_:
            _known(users, login)
            return {u: r for u, r in users.items() if u != login}

        return self._change(by, edit)

    def _change(
        self, by: str, edit: Callable[[Users_], Users_], *, first: bool = False
    ) -> dict[str, UserRole]:
        """Edit the users in one locked step with the settings they are saved in; refused when
        no admin would be left."""
        records = self.records
        with records.transaction():
            settings = records.settings()
            if first and settings.users:  # another login claimed the folder meanwhile
                records.permit(by, UserRole.READER)
                return dict(settings.users)
            users = edit(dict(settings.users))
            if not any(r is UserRole.ADMIN for r in users.values()):
                raise Refused(
                    "last_admin",
                    "The folder must keep at least one admin: make another user an admin first.",
                )
            if users == settings.users:
                return dict(users)
            saved = records.save_settings(by, settings.model_copy(update={"users": users}))
        return dict(saved.users)


def _login(login: str) -> str:
    try:
        return check_user((login or "").strip())
    except Refused:
        raise Refused(
            "bad_login",
            "{login} is not a login name: use letters, digits and . _ @ - (at most 64).",
            login=login,
        ) from None


def _role(role: UserRole | str) -> UserRole:
    try:
        return UserRole(str(role).strip().lower())
    except ValueError:
        raise Refused(
            "bad_role", "{role} is not a role: choose admin, coordinator or reader.", role=role
        ) from None


def _known(users: Users_, login: str) -> None:
    if login not in users:
        raise Refused(
            "user_not_found",
            "{login} is not among this folder's users.",
            login=login,
        )
